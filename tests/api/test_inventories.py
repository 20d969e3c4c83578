"""The inventory life cycle through the API: one published version per territory and year (the
dashboard trend lists each year once), and a year without emissions answered 422, not 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_publishing_a_new_draft_of_a_year_supersedes_the_old_version(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    old = client.get(
        "/api/v1/inventories?territory=LJ-2016&year=2020&status=published", headers=office
    ).json()["items"]
    assert len(old) == 1
    made = client.post(
        "/api/v1/inventories", json={"territory_code": "LJ-2016", "year": 2020}, headers=office
    )
    assert made.status_code == 201, made.text
    new_id = made.json()["id"]
    assert client.post(f"/api/v1/inventories/{new_id}/publish", headers=office).status_code == 200
    public = auth("public")
    trend = client.get("/api/v1/dashboard?territory=LJ-2016", headers=public).json()["trend"]
    assert [t["year"] for t in trend] == [
        2019,
        2020,
        2021,
        2022,
        2023,
    ]  # the demo publishes 2019–2023
    assert trend[1]["version_id"] == new_id
    superseded = client.get(f"/api/v1/inventories/{old[0]['id']}", headers=public).json()
    assert superseded["status"] == "recalculated"
    published = client.get(
        "/api/v1/inventories?territory=LJ-2016&year=2020&status=published", headers=public
    ).json()
    assert [v["id"] for v in published["items"]] == [new_id]


def test_a_year_of_landfill_deposits_only_is_refused_with_a_reason(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    answer = client.post(
        "/api/v1/inventories", json={"territory_code": "LJ-2016", "year": 2010}, headers=office
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    (error,) = answer.json()["errors"]
    assert error["field"] == "year" and "landfill" in error["message_en"]
    listed = client.get("/api/v1/inventories?territory=LJ-2016&year=2010", headers=office).json()
    assert listed["total"] == 0  # nothing half-written


def test_ch4_by_origin_and_the_fuel_edition_are_chosen_through_a_factor_set(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, choices in the API: CH4 by origin (AR6 WG1 Table 7.15: fossil 29.8,
    non-fossil 27.0, against the single 27.9) and the fuel-parameter edition (the older
    edition is incomplete and refused with the reason)."""
    office = auth("climate_office")

    def version(method: dict[str, object]) -> dict[int, dict[str, object]]:
        made = client.post(
            "/api/v1/factor-sets",
            json={"name": str(sorted(method.items())), "method": method},
            headers=office,
        )
        assert made.status_code == 201, made.text
        computed = client.post(
            "/api/v1/inventories",
            json={"territory_code": "LJ-2016", "year": 2020, "factor_set_id": made.json()["id"]},
            headers=office,
        )
        assert computed.status_code == 201, computed.text
        rows = client.get(
            f"/api/v1/inventories/{computed.json()['id']}/results?gas=CH4&limit=1000",
            headers=office,
        ).json()["items"]
        return {r["id"]: r for r in rows}

    single = version({"gwp_set": "AR6"}).values()
    by_origin = version({"gwp_set": "AR6", "ch4_gwp_by_origin": True}).values()
    assert {r["gwp"] for r in single} == {27.9}
    gwp = {(r["category"], r["record_id"]): r["gwp"] for r in by_origin}
    assert gwp[next(k for k in gwp if k[0] == "waste.solid.landfill")] == 27.0
    assert gwp[next(k for k in gwp if k[0].startswith("energy.") and "combustion" in k[0])] == 29.8
    for r in by_origin:
        assert r["co2e_t"] == pytest.approx(r["emission_t"] * r["gwp"], rel=1e-12)
    older = client.post(
        "/api/v1/factor-sets",
        json={
            "name": "older edition",
            "method": {"ncv_set": "cn_guideline_2013", "combustion_co2": "cn_guideline_2013"},
        },
        headers=office,
    )
    assert older.status_code == 422, older.text  # refused when the set is saved
    assert older.headers["content-type"].startswith("application/problem+json")
    (problem,) = older.json()["errors"]
    assert "incomplete" in problem["message_en"] and "不完整" in problem["message_zh"]
