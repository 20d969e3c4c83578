"""The inventory life cycle through the API: one published version per territory and year (the
dashboard trend lists each year once), and a year without emissions answered 422, not 500."""

from __future__ import annotations

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
