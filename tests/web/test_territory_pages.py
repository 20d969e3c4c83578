"""Pages of territories and what they need (issue 12), and the overview of a territory with a
published inventory and no socio-economic inputs (issue 20: it answered HTTP 500)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.settings import Settings
from tests.api.conftest import PASSWORD

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
