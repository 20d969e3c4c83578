"""Pathway pages: every page shows the illustrative label; the XLSX export; a bad save shows the
key; and in the browser, the comparison draws its charts and the lever editor recomputes the
pathway when a lever changes and saves a user scenario."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from cityclimate.app import create_app
from cityclimate.requests import LANG_COOKIE
from cityclimate.settings import Settings
from tests.web.conftest import sign_in

LABEL_ZH = "示例数据"


def _signed_in(client: TestClient, role: str = "climate_office") -> str:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    done = client.post(
        "/login",
        data={"username": role, "password": "correct-horse-battery", "csrf_token": token.group(1)},
    )
    assert done.status_code == 303
    page = client.get("/pathways/edit?base=plan")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    return csrf.group(1)


def test_pages_label_illustrative_values_and_export(database: str) -> None:
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        _pages_and_export(client)


def _pages_and_export(client: TestClient) -> None:
    csrf = _signed_in(client)
    for path in ["/pathways", "/pathways/edit?base=enhanced"]:
        html = client.get(path).text
        assert html.count(LABEL_ZH) >= 2, path  # the banner and the page's own label
    preview = client.get("/pathways/preview?base=plan&s.nev_cars=2.5")
    assert preview.status_code == 200 and "preview-peak-year" in preview.text
    assert 'hx-swap-oob="true"' in preview.text  # the text box follows the levers
    bad = client.get("/pathways/preview?base=plan&s.nev_cars=100")
    assert "levers.nev_cars.strength" in bad.text
    workbook = client.get("/pathways/export.xlsx")
    book = load_workbook(io.BytesIO(workbook.content), read_only=True)
    assert "减排楔形 Wedges" in book.sheetnames
    refused = client.post(
        "/pathways/scenarios",
        data={"csrf_token": csrf, "name": "mine", "toml": 'inherits = "plan"\nhorizon = 3\n'},
        headers={"Accept": "text/html"},
    )
    assert refused.status_code == 422 and "horizon" in refused.text and "须为表" in refused.text


def _no_favicon(page) -> None:  # type: ignore[no-untyped-def]
    # The platform has no favicon; Chromium asks for one when a page stays open a while and
    # logs the 404 as a console error, which is not what these tests look for.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))


def test_compare_draws_sector_areas_peaks_wedges_fan_and_waterfall(page) -> None:  # type: ignore[no-untyped-def]
    _no_favicon(page)
    sign_in(page, "public")
    page.click("nav a[href='/pathways']")
    page.wait_for_url("**/pathways")
    assert LABEL_ZH in page.get_by_test_id("demo-notice").inner_text()
    assert LABEL_ZH in page.get_by_test_id("pathways-illustrative").inner_text()
    rows = page.get_by_test_id("scenarios").locator("tbody tr")
    assert rows.count() >= 3
    years = [int(y[:4]) for y in page.get_by_test_id("peak-year").all_inner_texts()]
    assert years[1] <= years[0]  # the plan peaks no later than the baseline
    for name in ["sectors", "gross", "wedges", "fan", "waterfall"]:
        chart = page.locator(f"[data-pw-chart={name}]")
        chart.locator("canvas").first.wait_for()
        assert chart.get_attribute("data-rendered") == "true"
    assert "%" in page.get_by_test_id("peak-probabilities").inner_text()
    assert page.get_by_test_id("wedges").locator("tbody tr").count() > 5
    assert page.console_errors == []


def test_edit_levers_recomputes_and_saves(page) -> None:  # type: ignore[no-untyped-def]
    _no_favicon(page)
    sign_in(page, "climate_office")
    page.goto("/pathways/edit?base=plan")
    page.locator("[data-pw-chart=preview] canvas").first.wait_for()
    before = page.get_by_test_id("preview-peak-value").inner_text()
    page.fill("#s-nev_cars", "0")
    page.fill("#s-distributed_pv", "0")
    page.wait_for_function(
        "v => document.querySelector('[data-testid=preview-peak-value]').textContent !== v",
        arg=before,
    )
    after = page.get_by_test_id("preview-peak-value").inner_text()
    assert float(after.replace(",", "")) > float(before.replace(",", ""))
    assert page.locator("[data-pw-chart=preview]").get_attribute("data-rendered") == "true"
    assert "nev_cars" in page.locator("#p-toml").input_value()
    page.fill("#p-name", "browser-test")
    page.click("form.pw-save button[type=submit]")
    page.wait_for_url("**/pathways?scenario=browser-test&territory=LJ-2016")
    assert page.locator("tr[data-scenario=browser-test]").count() == 1
    assert page.console_errors == []


def test_a_published_2024_inventory_is_an_actual_year_on_the_page(database: str) -> None:
    from cityclimate.storage import make_engine, make_sessionmaker, transaction
    from tests.published_years import publish_year

    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        publish_year(s, 2024)
    engine.dispose()
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        _signed_in(client, "public")
        html = client.get("/pathways?territory=LJ-2016").text
        table = html[html.index('data-testid="actual-years"') :]
        table = table[: table.index("</table>")]
        assert re.findall(r'data-year="(\d+)"', table) == [
            "2019",
            "2020",
            "2021",
            "2022",
            "2023",
            "2024",
        ]
        charts = html[html.index('class="pw-data">') :]
        assert '"2024"' in charts[: charts.index("</script>")]  # the gross chart's x axis
        rebased = client.get("/pathways?territory=LJ-2016&base_year=2024")
        assert rebased.status_code == 200
        assert '<option value="2024" selected>' in rebased.text
        workbook = client.get("/pathways/export.xlsx?territory=LJ-2016&base_year=2024")
        book = load_workbook(io.BytesIO(workbook.content), read_only=True)
        rows = list(book["实际 Actual (published)"].iter_rows(values_only=True))
        assert [r[0] for r in rows[1:]] == [2019, 2020, 2021, 2022, 2023, 2024]


def test_another_territory_runs_its_own_stored_plan_and_inventory(database: str) -> None:
    import dataclasses

    from cityclimate.services import plans
    from cityclimate.services.actors import SYSTEM
    from cityclimate.storage import make_engine, make_sessionmaker, transaction

    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        pack = plans.get_plan(s, "LJ-2016").pack
        header = dataclasses.replace(pack.header, territory="500105")  # 江北: 2020 published
        plans.save_pack(s, SYSTEM, dataclasses.replace(pack, header=header), action="import")
    engine.dispose()
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        _signed_in(client, "public")
        html = client.get("/pathways?territory=500105").text
        assert "<h1>" in html and "江北区" in html[html.index("<h1>") : html.index("</h1>")]
        table = html[html.index('data-testid="actual-years"') :]
        assert re.findall(r'data-year="(\d+)"', table[: table.index("</table>")]) == ["2020"]
        chooser = html[html.index('data-testid="pathways-territory"') :]
        chooser = chooser[: chooser.index("</form>")]
        assert re.findall(r'<option value="([^"]+)"', chooser) == ["500105", "LJ-2016"]
        api = client.get("/api/v1/pathways/scenarios/plan/results?territory=500105")
        assert api.status_code == 200 and api.json()["territory"] == "500105"


def test_names_picked_in_the_route_follow_the_page_language(database: str) -> None:
    """The territory and the scenario titles are picked in the route, not the template: in
    English they are English (they were Chinese: the language was set only while rendering)."""
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        _signed_in(client)
        chinese = client.get("/pathways").text
        assert "两江新区直管区" in chinese and "基准情景（现行政策）" in chinese
        client.cookies.set(LANG_COOKIE, "en")
        english = client.get("/pathways").text
        assert "Liangjiang New Area" in english and "Baseline (current policy)" in english
        assert "两江新区直管区" not in english and "基准情景（现行政策）" not in english
