"""Pages of territories and what they need (issue 12), and the overview of a territory with a
published inventory and no socio-economic inputs (issue 20: it answered HTTP 500)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.settings import Settings
from tests.api.conftest import PASSWORD
from tests.web.conftest import sign_in

CSV = (
    "territory,sub_area,year,category,fuel,quantity,unit\n"
    "LJ-2026,,2026,energy.electricity.industry,electricity,1000,MWh\n"
)


def signed_in(client: TestClient, role: str = "climate_office") -> None:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    done = client.post(
        "/login",
        data={"username": role, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303


def test_overview_of_a_territory_without_gdp_or_population(
    database: str, template: tuple[Path, dict[str, str]]
) -> None:
    office = {"Authorization": f"Bearer {template[1]['climate_office']}"}
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver") as client:
        staged = client.post(
            "/api/v1/imports",
            data={"territory_code": "LJ-2026"},
            files={"file": ("lj2026.csv", CSV.encode())},
            headers=office,
        )
        assert staged.status_code == 201, staged.text
        client.post(f"/api/v1/imports/{staged.json()['id']}/confirm", headers=office)
        version = client.post(
            "/api/v1/inventories", json={"territory_code": "LJ-2026", "year": 2026}, headers=office
        )
        assert version.status_code == 201, version.text
        published = client.post(
            f"/api/v1/inventories/{version.json()['id']}/publish", headers=office
        )
        assert published.status_code == 200
        signed_in(client)
        page = client.get("/?territory=LJ-2026")
        assert page.status_code == 200, page.text[:500]  # was 500
        assert page.text.count("未报告") == 2  # intensity and per capita: "not reported"


def test_office_creates_a_district_and_enters_its_data_in_the_browser(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.click("nav >> text=地区")
    page.wait_for_url("**/territories")
    form = page.get_by_test_id("new-territory")
    form.locator("#t-code").fill("500115")
    form.locator("#t-name-zh").fill("长寿区")
    form.locator("#t-name-en").fill("Changshou District")
    form.locator("#t-parent").select_option("500000")
    form.locator("#t-area").fill("1423")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/territories/500115?saved=1")
    facts = page.get_by_test_id("territory-facts").inner_text()
    assert "区县" in facts and "重庆市" in facts  # names, not codes
    assert "寒带及温带（湿）" in facts and "500000" in facts  # inherited zone, and from where
    # A unit mistake is refused on the page with the field named; nothing stored.
    entry = page.get_by_test_id("socioeconomic-form")
    entry.locator("#s-year").fill("2024")
    entry.locator("#s-population").fill("70")
    entry.locator("button[type=submit]").click()
    assert "population" in page.locator("[role=alert]").first.inner_text()
    page.console_errors.clear()  # the browser logs the page's 422
    entry = page.get_by_test_id("socioeconomic-form")
    entry.locator("#s-year").fill("2024")
    entry.locator("#s-gdp_10k_yuan").fill("9000000")
    entry.locator("#s-base").fill("2020")
    entry.locator("#s-population").fill("700000")
    entry.locator("button[type=submit]").click()
    page.wait_for_url("**/territories/500115?saved=1")
    table = page.get_by_test_id("socioeconomic").inner_text()
    assert "2024" in table and "9,000,000" in table and "700,000" in table
    edit = page.get_by_test_id("edit-territory")
    edit.locator("#e-sub-code").fill("500115-YJ")
    edit.locator("#e-sub-name").fill("晏家板块")
    edit.locator("button[type=submit]").click()
    page.wait_for_url("**/territories/500115?saved=1")
    assert "晏家板块" in page.get_by_test_id("sub-areas").inner_text()
    page.goto("/factor-sets")
    new = page.get_by_test_id("new-factor-set")
    new.locator("#f-name").fill("changshou-local")
    new.locator("#f-local").fill("500115, electricity, electricity, CO2, 0.5, kg/kWh, 2024, 2024")
    new.locator("button[type=submit]").click()
    page.wait_for_url("**/factor-sets")
    assert "changshou-local" in page.get_by_test_id("factor-sets").inner_text()
    assert page.console_errors == []


def test_pages_name_a_territory_created_in_the_platform(
    database: str, template: tuple[Path, dict[str, str]]
) -> None:
    """A district and a sub-area created through the API are named on the pages (not shown by
    code), like the shipped ones: the import form and the list of territories."""
    office = {"Authorization": f"Bearer {template[1]['climate_office']}"}
    app = create_app(Settings(database_url=database, secure_cookies=False))
    body = {
        "code": "500118",
        "name_zh": "永川区",
        "name_en": "Yongchuan District",
        "kind": "district",
        "parent_code": "500000",
        "sub_areas": [{"code": "500118-FH", "name_zh": "凤凰湖板块", "name_en": "Fenghuang Lake"}],
    }
    with TestClient(app, base_url="http://testserver") as client:
        made = client.post("/api/v1/territories", json=body, headers=office)
        assert made.status_code in (201, 409), made.text  # 409: an earlier run made it
        signed_in(client)
        imports = client.get("/imports")
        assert "永川区 (500118)" in imports.text
        listing = client.get("/territories")
        assert "永川区" in listing.text and "重庆市" in listing.text  # its parent by name
        client.get("/lang/en")
        assert "Yongchuan District (500118)" in client.get("/imports").text
