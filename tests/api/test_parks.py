"""Parks through the API on a real SQLite file (the demo loaded): the demo park's inventory
reconciles with its members' accepted reports as the enterprises API shows them, evaluation by
year with the tier chosen by energy use, publication and public disclosure, bad input refused."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

P = "/api/v1/parks"


def member_report_co2e(client: TestClient, headers: dict[str, str], eid: str, year: int) -> float:
    """The member's accepted report total as the enterprises API shows it (independent path)."""
    filings = client.get(f"/api/v1/enterprises/{eid}/reports", headers=headers).json()
    accepted = [f for f in filings if f["year"] == year and f["status"] == "accepted"]
    assert len(accepted) == 1, filings
    return float(accepted[0]["total_co2e_t"])


@pytest.mark.parametrize("year", [2020, 2023])
def test_the_park_inventory_reconciles_with_the_members_reports(
    client: TestClient, auth, year: int
) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    response = client.get(f"{P}/LJ-ZCP/inventory/{year}", headers=office)
    assert response.status_code == 200, response.text
    inv = response.json()
    assert inv["complete"] is True and inv["missing_members"] == []
    members = {"LJ-AUTO", "LJ-PANEL", "LJ-DC"} | ({"LJ-GLASS"} if year == 2023 else set())
    recon = {r["enterprise_id"]: r for r in inv["reconciliation"]}
    assert set(recon) == members
    for eid in members:
        report = member_report_co2e(client, office, eid, year)
        assert recon[eid]["report_co2e_t"] == pytest.approx(report, rel=1e-9)
        assert recon[eid]["in_park_co2e_t"] == pytest.approx(report, rel=1e-9)
        assert recon[eid]["agrees"] is True
    by_origin = {}
    for row in inv["by_origin"]:
        by_origin[row["origin"]] = by_origin.get(row["origin"], 0.0) + row["co2e_t"]
    assert sum(by_origin.values()) == pytest.approx(inv["co2e_t"])
    assert by_origin["member"] == pytest.approx(
        sum(member_report_co2e(client, office, e, year) for e in members)
    )
    # every row names where it came from
    assert {r["origin"] for r in inv["rows"]} >= {"member", "park", "onsite"}
    assert all(r["source_ref"] for r in inv["rows"])


def test_market_and_location_based_differ_only_by_the_green_power(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    market = client.get(f"{P}/LJ-ZCP/inventory/2023?method=market_based", headers=office).json()
    location = client.get(f"{P}/LJ-ZCP/inventory/2023?method=location_based", headers=office).json()
    adjustments = sum(
        r["co2e_t"] for r in market["rows"] if r["origin"] in ("green_power", "sold_attributes")
    )
    assert adjustments < 0
    assert market["co2e_t"] == pytest.approx(location["co2e_t"] + adjustments)
    assert market["energy_tce"] == pytest.approx(location["energy_tce"])  # energy is energy
    # the demo's 30 000 MWh contract of LJ-DC counts once, at LJ-DC's own grid factor
    dc = [
        r
        for r in market["rows"]
        if r["source_ref"] == "GP-2023-DC" and r["origin"] == "green_power"
    ]
    assert len(dc) == 1 and dc[0]["activity_value"] == 30000.0


def test_evaluation_by_year_with_the_tier_chosen_by_energy_use(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    body = client.get(f"{P}/LJ-ZCP/evaluation", headers=auth("climate_office")).json()
    years = {y["year"]: y for y in body["years"]}
    assert set(years) == {2020, 2021, 2022, 2023}
    core = {y: next(i for i in v["indicators"] if i["role"] == "core") for y, v in years.items()}
    # 2020: under 200 000 tce, below the smallest national tier: shown, not judged
    assert years[2020]["inventory"]["energy_tce"] < 200_000
    assert core[2020]["tier_id"] is None and core[2020]["meets"] is None
    assert core[2020]["value"] == pytest.approx(
        years[2020]["inventory"]["co2_t"] / years[2020]["inventory"]["energy_tce"]
    )
    # 2023: 200 000–1 000 000 tce, the 0.20 t/tce tier; path from 2020 to 0.20 in 2030
    assert 200_000 <= years[2023]["inventory"]["energy_tce"] < 1_000_000
    assert (core[2023]["tier_id"], core[2023]["threshold"]) == ("mid", 0.2)
    v2020 = core[2020]["value"]
    assert core[2023]["path_value"] == pytest.approx(v2020 + (0.2 - v2020) * 3 / 10)
    # 2021–2022: the members' reports are missing: no figure, never zero
    assert core[2021]["value"] is None and core[2021]["value_source"] == "incomplete"
    assert body["published_years"] == [2020, 2023]


def test_public_disclosure_of_the_published_core_indicator(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    rows = client.get(f"{P}/disclosures").json()
    assert [(r["park_id"], r["year"]) for r in rows] == [("LJ-ZCP", 2020), ("LJ-ZCP", 2023)]
    assert all(r["illustrative"] for r in rows)
    assert rows[1]["threshold"] == 0.2 and rows[1]["threshold_confirmed"] is False
    again = client.post(f"{P}/LJ-ZCP/evaluations/2023/publish", headers=auth("climate_office"))
    assert again.status_code == 409
    missing = client.post(f"{P}/LJ-ZCP/evaluations/2021/publish", headers=auth("climate_office"))
    assert missing.status_code == 409
    assert "LJ-AUTO" in missing.json()["detail"]


def test_a_new_park_boundary_versions_and_bad_definitions(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    definition = {
        "name_zh": "测试社区",
        "kind": "community",
        "territory": "LJ-2016",
        "indicator_set": "cq_nzc_community_2022",
        "base_year": 2022,
        "target_year": 2030,
        "boundaries": [
            {"version": 1, "valid_from": 2022, "members": [{"enterprise_id": "LJ-HOSP"}]}
        ],
    }
    created = client.put(f"{P}/CQ-C1", json=definition, headers=office)
    assert created.status_code == 200, created.text
    changed = dict(definition, boundaries=[{**definition["boundaries"][0], "valid_from": 2021}])
    assert client.put(f"{P}/CQ-C1", json=changed, headers=office).status_code == 409
    added = dict(
        definition,
        boundaries=[
            *definition["boundaries"],
            {
                "version": 2,
                "valid_from": 2024,
                "members": [{"enterprise_id": "LJ-HOSP"}, {"enterprise_id": "LJ-EXPO"}],
            },
        ],
    )
    assert [
        b["version"]
        for b in client.put(f"{P}/CQ-C1", json=added, headers=office).json()["boundaries"]
    ] == [1, 2]
    bad = dict(
        definition,
        indicator_set="nope",
        boundaries=[{"version": 1, "valid_from": 2022, "members": [{"enterprise_id": "NOBODY"}]}],
    )
    refused = client.put(f"{P}/CQ-C2", json=bad, headers=office)
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    assert fields == {"indicator_set", "members"}
    assert client.get(f"{P}/CQ-C2", headers=office).status_code == 404  # nothing half-written


def test_bad_park_data_is_refused_whole(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    twice = {
        "rows": [
            {
                "attribute_id": "GEC-X",
                "holder": "LJ-AUTO",
                "year": 2023,
                "instrument": "certificate",
                "mwh": 10,
            },
            {
                "attribute_id": "GEC-X",
                "holder": "LJ-DC",
                "year": 2023,
                "instrument": "certificate",
                "mwh": 10,
            },
        ]
    }
    response = client.put(f"{P}/LJ-ZCP/data/attributes", json=twice, headers=office)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["row"], error["field"]) == (2, "attribute_id")
    # the stored attributes are untouched: the inventory is the same as before
    inv = client.get(f"{P}/LJ-ZCP/inventory/2023", headers=office).json()
    assert "GEC-X" not in {r["source_ref"] for r in inv["rows"]}
    unknown = client.put(
        f"{P}/LJ-ZCP/data/indicators",
        json={"rows": [{"year": 2023, "indicator_id": "x", "value": 1}]},
        headers=office,
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "indicator_id"


def test_sector_data_by_year_and_the_workbook(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    assert client.get(f"{P}/sector", headers=auth("public")).status_code == 422  # whose?
    assert client.get(f"{P}/sector?territory=LJ-2026", headers=auth("public")).json() == []
    sector = client.get(f"{P}/sector?territory=LJ-2016", headers=auth("public")).json()
    nev = {r["year"]: r["value"] for r in sector if r["measure"] == "nev_fleet"}
    assert nev[2020] == 8194.0
    stations = {
        r["year"]: r["value"] for r in sector if r["measure"] == "hydrogen_capacity_kg_per_day"
    }
    assert stations[2023] == 2000.0  # two stations of 1 000 kg/day
    bad = client.put(
        f"{P}/sector?territory=LJ-2016",
        json={"rows": [{"measure": "nev_fleet", "year": 2024, "value": -1, "unit": "辆"}]},
        headers=office,
    )
    assert bad.status_code == 422
    xlsx = client.get(f"{P}/LJ-ZCP/self-assessment.xlsx", headers=office)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["概要 Summary", "指标 Indicators", "核心指标 Core indicator"]
    assert "ILLUSTRATIVE" in str(book["概要 Summary"]["A1"].value)
