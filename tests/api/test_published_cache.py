"""The reads of published inventories kept in memory (issue 20): the dashboard and a published
version's snapshot are served from the per-process cache with the same body as computed afresh,
a draft is never served from it, and publishing a version or correcting a year's GDP changes
what is read at once. Counted with the caches' hit counters, never timed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cityclimate.api.routes.inventories import DASHBOARD_BODIES
from cityclimate.services import inventories
from cityclimate.services.actors import SYSTEM
from cityclimate.services.inventory_results import DASHBOARDS
from cityclimate.services.inventory_versions import SNAPSHOTS
from cityclimate.storage import make_engine, make_sessionmaker, transaction

DASHBOARD = "/api/v1/dashboard?territory=LJ-2016"


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    DASHBOARDS.clear()
    DASHBOARD_BODIES.clear()
    SNAPSHOTS.clear()


def test_a_cached_dashboard_is_the_body_computed_afresh(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    public = auth("public")
    fresh = client.get(DASHBOARD, headers=public)
    assert fresh.status_code == 200
    assert fresh.headers["content-type"] == "application/json"
    hits = DASHBOARD_BODIES.hits
    again = client.get(DASHBOARD, headers=auth("climate_office"))  # the same for every role
    assert DASHBOARD_BODIES.hits == hits + 1  # served from the cache …
    assert again.content == fresh.content  # … byte for byte what was computed
    DASHBOARD_BODIES.clear()
    DASHBOARDS.clear()
    recomputed = client.get(DASHBOARD, headers=public)
    assert DASHBOARD_BODIES.hits == hits + 1  # computed again
    assert recomputed.content == fresh.content
    # An independent oracle: the trend is the published versions, one per year.
    published = client.get(
        "/api/v1/inventories?territory=LJ-2016&status=published", headers=public
    ).json()["items"]
    assert sorted((t["year"], t["version_id"]) for t in fresh.json()["trend"]) == sorted(
        (v["year"], v["id"]) for v in published
    )


def test_the_dashboard_the_overview_page_reads_is_kept_and_equal(database: str) -> None:
    engine = make_engine(database)
    with transaction(make_sessionmaker(engine)) as s:
        first = inventories.dashboard(s, SYSTEM, "LJ-2016")
        hits = DASHBOARDS.hits
        second = inventories.dashboard(s, SYSTEM, "LJ-2016")
        assert DASHBOARDS.hits == hits + 1
        DASHBOARDS.clear()
        assert first == second == inventories.dashboard(s, SYSTEM, "LJ-2016")
    engine.dispose()


def test_a_published_version_is_served_from_the_cache_and_a_draft_never(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    latest = client.get(DASHBOARD, headers=office).json()["latest"]
    first = client.get(f"/api/v1/inventories/{latest['id']}", headers=office)
    hits = SNAPSHOTS.hits
    assert client.get(f"/api/v1/inventories/{latest['id']}", headers=office).content == (
        first.content
    )
    assert SNAPSHOTS.hits == hits + 1
    draft = client.post(
        "/api/v1/inventories", json={"territory_code": "LJ-2016", "year": 2023}, headers=office
    ).json()
    for _ in range(2):
        read = client.get(f"/api/v1/inventories/{draft['id']}", headers=office).json()
        assert read["status"] == "draft"
    assert SNAPSHOTS.hits == hits + 1  # the draft was read from the database both times
    assert all(key[1] != draft["id"] for key in SNAPSHOTS._items)
    # The dashboard shows published versions only: the draft changes nothing.
    assert client.get(DASHBOARD, headers=office).json()["latest"]["id"] == latest["id"]
    assert client.get(f"/api/v1/inventories/{draft['id']}", headers=auth("public")).status_code == (
        404
    )


def test_publishing_a_version_changes_what_is_read_at_once(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office, public = auth("climate_office"), auth("public")
    before = client.get(DASHBOARD, headers=public).json()
    old_id = before["latest"]["id"]
    assert client.get(f"/api/v1/inventories/{old_id}", headers=public).json()["status"] == (
        "published"
    )  # now kept as published
    draft = client.post(
        "/api/v1/inventories", json={"territory_code": "LJ-2016", "year": 2023}, headers=office
    ).json()
    assert client.post(f"/api/v1/inventories/{draft['id']}/publish", headers=office).is_success
    after = client.get(DASHBOARD, headers=public).json()
    assert after["latest"]["id"] == draft["id"] != old_id
    assert [t["version_id"] for t in after["trend"]][-1] == draft["id"]
    assert client.get(f"/api/v1/inventories/{old_id}", headers=public).json()["status"] == (
        "recalculated"
    )


def test_a_corrected_gdp_changes_the_cached_dashboard(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    before = client.get(DASHBOARD, headers=office).json()
    year, gross = before["latest"]["year"], before["latest"]["gross_co2e_t"]
    put = client.put(
        f"/api/v1/territories/LJ-2016/socioeconomic/{year}",
        json={"gdp_10k_yuan": 12_345_678.0, "gdp_price_base_year": 2020, "population": 2.5e6},
        headers=office,
    )
    assert put.status_code == 200, put.text
    summary = client.get(DASHBOARD, headers=office).json()["latest"]["report"]["summary"]
    assert summary["gdp_10k_yuan"] == 12_345_678.0
    assert summary["intensity_t_per_10k_yuan"] == pytest.approx(gross / 12_345_678.0)
    assert summary["per_capita_t"] == pytest.approx(gross / 2.5e6)
