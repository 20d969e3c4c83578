"""The awkward-data walk (issue 20): no page and no GET route answers 500 on data a user can
create.

A copy of the demo database gets the awkward cases, made as a user would (API) or, where the
platform now refuses them at entry, stored as an older version stored them:
- LJ-2026: a published inventory and no socio-economic data, one year only (2026), and a year
  with nothing published (a 2025 draft);
- 500115: a territory with no plan and no data;
- an enterprise with no filings;
- an import staged and never confirmed, and an empty import (no rows);
- a saved scenario whose horizon differs from the plan's.

Then EVERY GET route of the API and EVERY page (enumerated from the routers, so a new route is
walked without editing this file), path parameters filled from the database and the territory
and year query parameters from the cases above, is requested as admin (every combination) and
as each other role (every route, every territory): no answer is 5xx, and every API 4xx is
problem+json.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import text

from cityclimate.api.routers import API_PREFIX, ROUTERS
from cityclimate.app import create_app
from cityclimate.services import accounts
from cityclimate.settings import Settings
from cityclimate.storage import make_engine, make_sessionmaker, transaction
from cityclimate.storage.models import ROLES, ActivityImport, User
from cityclimate.storage.pathways_models import PathwayScenario
from cityclimate.web import page_routers
from tests.rules.footprints import PACT_PREFIX

NEW = "500115"
CSV = (
    "territory,sub_area,year,category,fuel,quantity,unit\n"
    "LJ-2026,,2026,energy.electricity.industry,electricity,1000,MWh\n"
    "LJ-2026,,2025,energy.electricity.industry,electricity,900,MWh\n"
)
YEARS = ("", "2022", "2025", "2026")
# Values for parameters no table holds (the walk also tries a value that does not exist).
FIXED = {"name": ["plan", "odd-horizon", "nobody"], "indicator_id": ["datacentre_pue_new", "x"]}
QUERIES = {
    "territory": "SELECT code FROM territories WHERE code IN ('LJ-2016', 'LJ-2026', '500115')",
    "code": "SELECT code FROM territories WHERE code IN ('LJ-2016', 'LJ-2026', '500115')",
    "to_code": "SELECT DISTINCT to_code FROM boundary_mappings",
    "version_id": "SELECT id FROM inventory_versions",
    "result_id": "SELECT MIN(id) FROM inventory_results GROUP BY version_id",
    "import_id": "SELECT id FROM activity_imports",
    "enterprise_id": "SELECT enterprise_id FROM enterprises",
    "filing_id": "SELECT filing_id FROM enterprise_filings",
    "factor_set_id": "SELECT id FROM factor_sets",
    "year": "SELECT DISTINCT year FROM evaluation_publications",
    "project_id": "SELECT project_id FROM finance_projects WHERE project_id IN "
    "('LJ-CF-001', 'LJ-CF-009', 'LJ-CF-030')",
}


def _awkward(client: TestClient, office: dict[str, str], url: str) -> None:
    staged = client.post(
        "/api/v1/imports",
        data={"territory_code": "LJ-2026"},
        files={"file": ("lj2026.csv", CSV.encode())},
        headers=office,
    )
    assert staged.status_code == 201, staged.text
    assert client.post(f"/api/v1/imports/{staged.json()['id']}/confirm", headers=office).is_success
    for year in (2026, 2025):
        made = client.post(
            "/api/v1/inventories", json={"territory_code": "LJ-2026", "year": year}, headers=office
        )
        assert made.status_code == 201, made.text
        if year == 2026:
            done = client.post(f"/api/v1/inventories/{made.json()['id']}/publish", headers=office)
            assert done.status_code == 200, done.text
    left = client.post(  # staged, never confirmed
        "/api/v1/imports",
        data={"territory_code": "LJ-2026"},
        files={"file": ("left.csv", CSV.encode())},
        headers=office,
    )
    assert left.status_code == 201, left.text
    created = client.post(
        "/api/v1/territories",
        json={"code": NEW, "name_zh": "长寿区", "name_en": "Changshou", "parent_code": "500000"},
        headers=office,
    )
    assert created.status_code == 201, created.text
    registered = client.post(
        "/api/v1/enterprises",
        headers=office,
        json={
            "enterprise_id": "NO-FILINGS",
            "uscc": "91500000MA5U000111",
            "name_zh": "无报告企业",
            "industry": "4411",
            "territory": "LJ-2016",
            "sub_area": "LJ-2016-YF",
        },
    )
    assert registered.status_code == 201, registered.text
    plan = client.get("/api/v1/pathways/scenarios/plan", headers=office).json()
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine), write=True) as s:
        s.add(ActivityImport(territory_code="LJ-2026", filename="empty.csv", sha256="0" * 64,
                             status="confirmed", row_count=0, years=[]))  # fmt: skip
        toml = re.sub(r"end_year = \d+", "end_year = 2030", plan["flat_toml"])
        assert "end_year = 2030" in toml
        s.add(PathwayScenario(name="odd-horizon", toml=toml.replace('name = "plan"', "")))
    engine.dispose()


def _routes(routers: object, prefix: str) -> list[APIRoute]:
    return [
        r
        for router in routers  # type: ignore[attr-defined]
        for r in router.routes
        if isinstance(r, APIRoute) and "GET" in r.methods
    ]


def _values(url: str) -> dict[str, list[str]]:
    engine = make_engine(url)
    with engine.connect() as c:
        found = {k: [str(v) for (v,) in c.execute(text(q))] for k, q in QUERIES.items()}
    engine.dispose()
    found.update(FIXED)
    found["year"] = sorted({*found["year"], "2025", "2026"})
    return found


def _urls(route: APIRoute, prefix: str, values: dict[str, list[str]]) -> list[str]:
    names = re.findall(r"\{(\w+)\}", route.path)
    query = [p.name for p in route.dependant.query_params if p.name in ("territory", "year")]
    choices = [values.get(n, ["1"]) for n in names]
    urls = []
    for combo in itertools.product(*choices):
        path = route.path
        for name, value in zip(names, combo, strict=True):
            path = path.replace("{" + name + "}", value)
        # Query parameters are crossed in full on the routes without path parameters (the
        # boards and lists); a route with path parameters tries each territory, no year.
        params = [
            [
                f"{q}={v}" if v else ""
                for v in (["", *values["territory"]] if q == "territory" else YEARS)
            ]
            for q in query
            if not names or q == "territory"
        ]
        for combo_q in itertools.product(*params):
            qs = "&".join(x for x in combo_q if x)
            urls.append(prefix + path + (f"?{qs}" if qs else ""))
    return urls


@pytest.fixture
def walk(
    template: tuple[Path, dict[str, str]], tmp_path: Path
) -> Iterator[tuple[TestClient, dict[str, str], dict[str, str]]]:
    target = tmp_path / "awkward.db"
    shutil.copyfile(template[0], target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    cookies: dict[str, str] = {}
    with transaction(make_sessionmaker(engine), write=True) as s:
        for role in ROLES:
            user = s.query(User).filter_by(username=role).one()
            cookies[role], _ = accounts.issue_token(s, user, kind="session")
    engine.dispose()
    app = create_app(Settings(database_url=url, secure_cookies=False, login_attempts=1000))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        _awkward(client, {"Authorization": f"Bearer {template[1]['climate_office']}"}, url)
        yield client, template[1], {"url": url, **{f"cookie:{k}": v for k, v in cookies.items()}}


def test_no_route_and_no_page_answers_500_on_awkward_data(walk) -> None:  # type: ignore[no-untyped-def]
    client, tokens, extra = walk
    values = _values(extra["url"])
    failures: list[str] = []
    requests = 0
    for routers, prefix, api in ((ROUTERS, API_PREFIX, True), (page_routers(), "", False)):
        for route in _routes(routers, prefix):
            urls = _urls(route, prefix, values)
            for role in ROLES:
                # admin walks every combination; the other roles every route and territory
                chosen = urls if role == "admin" else [u for u in urls if "year=" not in u]
                for target in chosen or urls[:1]:
                    client.cookies.clear()
                    if api:
                        headers = {"Authorization": f"Bearer {tokens[role]}"}
                    else:
                        headers = {"Accept": "text/html"}
                        client.cookies.set("cityclimate_session", extra[f"cookie:{role}"])
                    response = client.get(target, headers=headers)
                    requests += 1
                    status = response.status_code
                    if status >= 500:
                        failures.append(f"{status} {role} GET {target}: {response.text[:300]}")
                    elif api and status >= 400:
                        kind = response.headers.get("content-type", "")
                        own = target.startswith(PACT_PREFIX) and kind == "application/json"
                        if own and set(response.json()) != {"code", "message"}:
                            failures.append(f"{status} not a PACT error: {role} GET {target}")
                        elif not own and not kind.startswith("application/problem+json"):
                            failures.append(f"{status} not problem+json: {role} GET {target}")
    print(f"awkward walk: {requests} requests, {len(failures)} failures")
    assert requests > 500
    assert failures == [], "\n".join(failures[:40]) + f"\n({len(failures)} failures)"
