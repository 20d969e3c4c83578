"""Territories as stored data through the API (issue 12), on a real SQLite file.

A territory created through the API (with sub-areas) is accepted at import; its first compute
works with the platform's documented defaults and says which it used; a factor set with a local
grid factor is made and chosen per compute; socio-economic inputs are validated (units,
plausibility) and become the intensity of a stored inventory; the two Liangjiang boundary
versions stand side by side with a stated mapping and a restated series.

Oracles are by hand from the shipped tables: Chongqing's 2022 average grid factor 0.5227 kg/kWh
(``emission_factors.csv``, the nearest year to 2024), 1 000 MWh × 0.5227 t/MWh = 522.7 t CO2.
"""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from fastapi.testclient import TestClient

CSV_HEAD = "territory,sub_area,year,category,fuel,quantity,unit\n"


def upload(client: TestClient, headers: dict[str, str], territory: str, rows: str) -> int:
    answer = client.post(
        "/api/v1/imports",
        data={"territory_code": territory},
        files={"file": ("data.csv", (CSV_HEAD + rows).encode())},
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    import_id = int(answer.json()["id"])
    confirmed = client.post(f"/api/v1/imports/{import_id}/confirm", headers=headers)
    assert confirmed.status_code == 200
    return import_id


def electricity(territory: str, year: int, mwh: float, sub_area: str = "") -> str:
    return f"{territory},{sub_area},{year},energy.electricity.industry,electricity,{mwh},MWh\n"


def test_a_territory_created_through_the_api_is_used_at_import(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    body = {
        "code": "500113",
        "name_zh": "巴南区",
        "name_en": "Banan District",
        "kind": "district",
        "parent_code": "500000",
        "area_km2": 1825,
        "valid_from": "1994-12-17",
        "sub_areas": [{"code": "500113-LJ", "name_zh": "界石板块", "name_en": "Jieshi"}],
    }
    created = client.post("/api/v1/territories", json=body, headers=office)
    assert created.status_code == 201, created.text
    made = created.json()
    assert made["province"] == "500000"
    # The climate zone comes from the province, and says so.
    assert made["climate_zone"] == "boreal_temperate_wet"
    assert "500000" in made["climate_zone_source"]
    assert [s["code"] for s in made["sub_areas"]] == ["500113-LJ"]
    # Before: "unknown territory" (the import validated against the shipped CSV only).
    upload(client, office, "500113", electricity("500113", 2023, 10, "500113-LJ"))
    again = client.post("/api/v1/territories", json=body, headers=office)
    assert again.status_code == 409
    audit = client.get("/api/v1/audit?entity=territory", headers=auth("admin")).json()
    assert any(e["action"] == "create" and e["entity_id"] == "500113" for e in audit["items"])


def test_territory_edits_are_validated_and_audited(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    fields = {
        "name_zh": "渝北区",
        "name_en": "Yubei District",
        "kind": "district",
        "parent_code": "500000",
        "valid_from": "1995-01-01",
        "valid_to": "2026-01-24",
        "grid_regions": [
            {"edition": "local_2024", "grid_region": "CN-SW", "valid_from": 2024, "valid_to": 2030}
        ],
    }
    edited = client.put("/api/v1/territories/500112", json=fields, headers=office)
    assert edited.status_code == 200, edited.text
    assert edited.json()["grid_regions"][0]["grid_region"] == "CN-SW"
    bad = client.put(
        "/api/v1/territories/500112",
        json=fields | {"kind": "sub_area", "parent_code": "500000", "valid_to": "1990-01-01"},
        headers=office,
    )
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["errors"]} == {"parent_code", "valid_to"}
    cycle = client.put(
        "/api/v1/territories/500000", json=fields | {"kind": "province"}, headers=office
    )
    assert cycle.status_code == 422  # a territory cannot be its own parent
    assert (
        client.put("/api/v1/territories/LJ-2016", json=fields, headers=auth("public")).status_code
        == 403
    )
    entries = client.get("/api/v1/audit?entity=territory&action=update", headers=auth("admin"))
    update = entries.json()["items"][0]
    assert update["before"]["grid_regions"] == [] and update["after"]["grid_regions"]


def test_first_compute_of_a_new_territory_uses_the_documented_defaults(
    client: TestClient,
    auth,  # type: ignore[no-untyped-def]
) -> None:
    office = auth("climate_office")
    upload(client, office, "500112", electricity("500112", 2024, 1000))
    # Before: 422 "no emission factor" (the grid tables end in 2023; nearest year was off).
    computed = client.post(
        "/api/v1/inventories", json={"territory_code": "500112", "year": 2024}, headers=office
    )
    assert computed.status_code == 201, computed.text
    version = client.get(f"/api/v1/inventories/{computed.json()['id']}", headers=office).json()
    used = version["report"]["method_used"]
    assert used["factor_set"] == "default"
    assert "platform defaults" in used["chosen_because"]
    assert "nearest_year" in used["defaults_used"] and used["method"]["nearest_year"] is True
    assert version["gross_co2e_t"] == pytest.approx(522.7, rel=1e-9)
    rows = client.get(f"/api/v1/inventories/{version['id']}/results", headers=office).json()
    assert "nearest year" in rows["items"][0]["selection_reason"]


def test_a_factor_set_with_a_local_grid_factor_is_chosen_per_compute(
    client: TestClient,
    auth,  # type: ignore[no-untyped-def]
) -> None:
    office = auth("climate_office")
    upload(client, office, "500112", electricity("500112", 2024, 1000))
    strict = client.post(
        "/api/v1/factor-sets",
        json={"name": "strict", "method": {"nearest_year": False}},
        headers=office,
    )
    assert strict.status_code == 201, strict.text
    refused = client.post(
        "/api/v1/inventories",
        json={"territory_code": "500112", "year": 2024, "factor_set_id": strict.json()["id"]},
        headers=office,
    )
    assert refused.status_code == 422 and "no emission factor" in refused.text
    local = {
        "region": "500112",
        "calculator": "electricity",
        "material": "electricity",
        "gas": "CO2",
        "value": 0.45,
        "unit": "kg/kWh",
        "valid_from": 2024,
        "valid_to": 2024,
        "source": "渝北区实测 2024 (test)",
    }
    made = client.post(
        "/api/v1/factor-sets",
        json={
            "name": "yubei-local",
            "method": {"gwp_set": "AR6", "climate_zone": "boreal_temperate_wet"},
            "local_factors": [local],
        },
        headers=office,
    )
    assert made.status_code == 201, made.text
    computed = client.post(
        "/api/v1/inventories",
        json={"territory_code": "500112", "year": 2024, "factor_set_id": made.json()["id"]},
        headers=office,
    )
    assert computed.status_code == 201, computed.text
    assert computed.json()["gross_co2e_t"] == pytest.approx(450.0, rel=1e-9)  # 1e6 kWh × 0.45 kg
    rows = client.get(f"/api/v1/inventories/{computed.json()['id']}/results", headers=office)
    assert rows.json()["items"][0]["factor_level"] == "local"
    # Bad input is refused with located problems; a set used by a published version is frozen.
    bad = client.post(
        "/api/v1/factor-sets",
        json={
            "name": "bad",
            "method": {"gwp_set": "AR9", "nearest_year": 0},
            "local_factors": [local | {"unit": "furlongs"}],
        },
        headers=office,
    )
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["errors"]} >= {"nearest_year"}
    client.post(f"/api/v1/inventories/{computed.json()['id']}/publish", headers=office)
    frozen = client.put(
        f"/api/v1/factor-sets/{made.json()['id']}",
        json={"name": "yubei-local", "method": {}},
        headers=office,
    )
    assert frozen.status_code == 409
    audit = client.get("/api/v1/audit?entity=factor_set", headers=auth("admin")).json()
    assert {"create"} <= {e["action"] for e in audit["items"]}


def sheet(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        ws = book.add_worksheet()
        for i, row in enumerate(rows):
            ws.write_row(i, 0, row)
    return buffer.getvalue()


def test_socioeconomic_inputs_are_validated_and_give_the_intensity(
    client: TestClient,
    auth,  # type: ignore[no-untyped-def]
) -> None:
    office = auth("climate_office")
    upload(client, office, "500112", electricity("500112", 2024, 1000))
    version = client.post(
        "/api/v1/inventories", json={"territory_code": "500112", "year": 2024}, headers=office
    ).json()
    client.post(f"/api/v1/inventories/{version['id']}/publish", headers=office)
    before = client.get("/api/v1/dashboard?territory=500112", headers=office).json()
    assert before["trend"][0]["intensity_t_per_10k_yuan"] is None
    wrong = client.put(
        "/api/v1/territories/500112/socioeconomic/2024",
        json={"gdp_10k_yuan": 25_000_000, "population": 221.5},  # 万人 given as persons
        headers=office,
    )
    assert wrong.status_code == 422
    assert {p["field"] for p in wrong.json()["errors"]} == {"population", "gdp_price_base_year"}
    good = client.put(
        "/api/v1/territories/500112/socioeconomic/2024",
        json={
            "gdp_10k_yuan": 25_000_000,
            "gdp_price_base_year": 2020,
            "value_added_primary_10k_yuan": 250_000,
            "value_added_secondary_10k_yuan": 9_000_000,
            "value_added_tertiary_10k_yuan": 15_750_000,
            "industrial_value_added_10k_yuan": 7_000_000,
            "population": 2_215_000,
            "source": "test figures",
        },
        headers=office,
    )
    assert good.status_code == 200, good.text
    after = client.get("/api/v1/dashboard?territory=500112", headers=office).json()
    # 522.7 t / 25,000,000 万元 and 522.7 t / 2,215,000 persons, by hand.
    assert after["trend"][0]["intensity_t_per_10k_yuan"] == pytest.approx(522.7 / 25e6)
    assert after["latest"]["report"]["summary"]["per_capita_t"] == pytest.approx(522.7 / 2.215e6)
    entries = client.get("/api/v1/audit?entity=socioeconomic", headers=auth("admin")).json()
    assert entries["items"][0]["entity_id"] == "500112/2024"

    imported = client.post(
        "/api/v1/territories/500112/socioeconomic",
        files={
            "file": (
                "社会经济.xlsx",
                sheet(
                    [
                        ["年份", "地区生产总值（万元）", "不变价基年", "常住人口（人）"],
                        [2022, 23_000_000, 2020, 2_190_000],
                        [2023, 24_000_000, 2020, 2_200_000],
                    ]
                ),
            )
        },
        headers=office,
    )
    assert imported.status_code == 201, imported.text
    years = client.get("/api/v1/territories/500112/socioeconomic", headers=office).json()
    assert [y["year"] for y in years] == [2022, 2023, 2024]
    broken = client.post(
        "/api/v1/territories/500112/socioeconomic",
        files={
            "file": (
                "bad.xlsx",
                sheet([["年份", "地区生产总值（万元）"], [2021, "很多"], [2020, 1e30]]),
            )
        },
        headers=office,
    )
    assert broken.status_code == 422
    located = {(p["row"], p["field"]) for p in broken.json()["errors"]}
    assert (2, "gdp_10k_yuan") in located
    years = client.get("/api/v1/territories/500112/socioeconomic", headers=office).json()
    assert [y["year"] for y in years] == [2022, 2023, 2024]  # nothing half-written


def test_boundary_versions_side_by_side_with_a_stated_mapping(
    client: TestClient,
    auth,  # type: ignore[no-untyped-def]
) -> None:
    office = auth("climate_office")
    seeded = client.get("/api/v1/territories/LJ-2016/boundary/LJ-2026", headers=office).json()
    assert len(seeded["lines"]) == 9 and all(x["share"] == 1.0 for x in seeded["lines"])
    series = client.get(
        "/api/v1/territories/LJ-2016/boundary/LJ-2026/series", headers=office
    ).json()
    old = {r["year"]: r["co2e_t"] for r in series["old_totals"]}
    new = {r["year"]: r["co2e_t"] for r in series["restated"]}
    assert set(old) == {2019, 2020, 2021, 2022, 2023}  # the demo publishes 2019–2023
    # With all nine sub-areas wholly inside LJ-2026, the restated series equals the old one
    # minus what had no sub-area (those rows are the territory itself, not mapped).
    unmapped = sum(
        r["co2e_t"] for r in series["old_by_part"] if r["code"] == "LJ-2016" and r["year"] == 2020
    )
    assert new[2020] == pytest.approx(old[2020] - unmapped)
    assert series["unmapped_parts"] == (["LJ-2016"] if unmapped else [])
    # A stated half of one sub-area: the restated 2020 falls by half that sub-area.
    lines = [dict(x) for x in seeded["lines"]]
    lines[0]["share"] = 0.5
    stated = client.put(
        "/api/v1/territories/LJ-2016/boundary/LJ-2026", json={"lines": lines}, headers=office
    )
    assert stated.status_code == 200, stated.text
    part = next(
        r["co2e_t"]
        for r in series["old_by_part"]
        if r["code"] == lines[0]["from_code"] and r["year"] == 2020
    )
    again = client.get("/api/v1/territories/LJ-2016/boundary/LJ-2026/series", headers=office)
    restated = {r["year"]: r["co2e_t"] for r in again.json()["restated"]}
    assert restated[2020] == pytest.approx(new[2020] - 0.5 * part)
    over = client.put(
        "/api/v1/territories/LJ-2016/boundary/LJ-2026",
        json={"lines": [*lines, {"from_code": "LJ-2016-DS", "to_code": "LJ-2026", "share": 0.9}]},
        headers=office,
    )
    assert over.status_code == 422
    foreign = client.put(
        "/api/v1/territories/LJ-2016/boundary/LJ-2026",
        json={"lines": [{"from_code": "500112", "to_code": "LJ-2026", "share": 1.0}]},
        headers=office,
    )
    assert foreign.status_code == 422
