"""GET /api/v1/inventories/{id}/quality: the quality result of any stored version (issue 13)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def _version(client: TestClient, headers: dict[str, str], year: int) -> int:
    page = client.get(f"/api/v1/inventories?territory=LJ-2016&year={year}", headers=headers)
    return int(page.json()["items"][0]["id"])


def test_quality_of_a_stored_version(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    vid = _version(client, office, 2020)
    response = client.get(
        f"/api/v1/inventories/{vid}/quality?iterations=500&seed=5", headers=office
    )
    assert response.status_code == 200, response.text
    q = response.json()
    assert (q["version_id"], q["territory"], q["year"]) == (vid, "LJ-2016", 2020)
    unc = q["uncertainty"]
    assert (unc["iterations"], unc["seed"]) == (500, 5)
    assert unc["total"]["p2_5_t"] < q["gross_co2e_t"] < unc["total"]["p97_5_t"]
    assert unc["by_category"] and unc["method"]["approach2"]["zh"]
    # The trend is assessed against the published 2019 version of the demo.
    assert q["base_year"] == 2019
    assert any(k["is_key"] and k["reason_zh"] for k in q["key_categories"])
    assert set(q["frameworks"]) == {"cn", "ipcc", "gpc"}
    assert all(r["reconciles"] for r in q["reconciliation"] if r["line"] == "result")
    assert q["method"]["gwp_set"] and q["illustrative"] is True and q["notice_en"]
    # Seeded: the same request gives the same numbers.
    again = client.get(f"/api/v1/inventories/{vid}/quality?iterations=500&seed=5", headers=office)
    assert again.json()["uncertainty"]["total"] == unc["total"]


def test_public_readers_get_no_record_level_findings(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    public = auth("public")
    vid = _version(client, public, 2020)
    q = client.get(f"/api/v1/inventories/{vid}/quality?iterations=200", headers=public).json()
    assert all(f["row"] is None for f in q["findings"])


def test_bad_parameters_and_unknown_versions_are_4xx_problems(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    vid = _version(client, office, 2020)
    few = client.get(f"/api/v1/inventories/{vid}/quality?iterations=5", headers=office)
    assert few.status_code == 422
    missing = client.get("/api/v1/inventories/999999/quality", headers=office)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_quality_of_a_draft_version(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    """Any stored version, not only a published one: a draft computed now has its quality
    result (uncertainty, key categories with reasons, QA findings, the three tables and their
    reconciliation) for its own stored rows."""
    office = auth("climate_office")
    made = client.post(
        "/api/v1/inventories", json={"territory_code": "LJ-2016", "year": 2021}, headers=office
    )
    assert made.status_code == 201, made.text
    draft = made.json()
    assert draft["status"] == "draft"
    q = client.get(f"/api/v1/inventories/{draft['id']}/quality?iterations=300", headers=office)
    assert q.status_code == 200, q.text
    body = q.json()
    assert body["version_id"] == draft["id"]
    assert body["gross_co2e_t"] == pytest.approx(draft["gross_co2e_t"], rel=1e-12)
    assert body["uncertainty"]["iterations"] == 300 and body["uncertainty"]["by_category"]
    assert any(k["is_key"] and k["reason_en"] for k in body["key_categories"])
    assert isinstance(body["findings"], list)
    assert set(body["frameworks"]) == {"cn", "ipcc", "gpc"}
    assert all(r["reconciles"] for r in body["reconciliation"] if r["line"] == "result")
