"""The finance API on a real SQLite copy of the demo: library, estimates, XLSX round trip,
stages, gaps, financiers and the claims register."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

# Chongqing's 2022 provincial grid factor (MEE & NBS), the nearest year for later projects.
CQ_2022 = 0.5227


def test_the_demo_library_with_computed_estimates(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    staff = client.get("/api/v1/finance/projects", headers=auth("climate_office")).json()
    assert len(staff) == 32 and all(p["illustrative"] for p in staff)
    pv = next(p for p in staff if p["project_id"] == "LJ-CF-001")
    assert pv["estimate"]["reduction_co2e_t"] == pytest.approx(4750 * CQ_2022)
    assert pv["estimate"]["factors"][0]["factor_level"] == "provincial"
    assert pv["estimate"]["inputs"] == [{"input": "generation_mwh", "value": 4750.0, "unit": "MWh"}]
    assert pv["owner_contact"].startswith("示例联系人")
    anonymous = client.get("/api/v1/finance/projects")
    assert anonymous.status_code == 200
    assert {p["stage"] for p in anonymous.json()} <= {
        "promoted",
        "financing",
        "construction",
        "operation",
    }
    assert all(p["owner_contact"] is None for p in anonymous.json())
    assert "示例联系人" not in anonymous.text
    assert client.get("/api/v1/finance/projects/LJ-CF-009").status_code == 404  # declared


def test_a_financier_filters_and_expresses_interest_the_office_sees_it(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    found = client.get(
        "/api/v1/finance/projects",
        params={"project_type": "distributed_pv", "min_reduction_t_per_wan_yuan": 1.4},
        headers=auth("financier"),
    ).json()
    # PV per 万元 × 0.5227: 004 1.427, 001 and 002 1.419, 003 1.336 (hand: MWh / 万元 × factor).
    assert [p["project_id"] for p in found] == ["LJ-CF-004", "LJ-CF-001", "LJ-CF-002"]
    made = client.post(
        "/api/v1/finance/projects/LJ-CF-004/interest",
        json={"instrument": "green_loan", "amount_wan_yuan": 800},
        headers=auth("financier"),
    )
    assert made.status_code == 201, made.text
    again = client.post(
        "/api/v1/finance/projects/LJ-CF-004/interest", json={}, headers=auth("financier")
    )
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
    assert (
        client.post(
            "/api/v1/finance/projects/LJ-CF-004/interest", json={}, headers=auth("public")
        ).status_code
        == 403
    )
    [match] = client.get("/api/v1/finance/interests", headers=auth("climate_office")).json()
    assert (match["project_id"], match["financier"], match["amount_wan_yuan"]) == (
        "LJ-CF-004",
        "financier",
        800,
    )


def test_xlsx_export_then_import_is_the_same_library(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    exported = client.get("/api/v1/finance/export", params={"format": "xlsx"}, headers=office)
    assert exported.status_code == 200
    before = client.get("/api/v1/finance/projects", headers=office).json()
    back = client.post(
        "/api/v1/finance/import", files={"file": ("library.xlsx", exported.content)}, headers=office
    )
    assert back.status_code == 201, back.text
    assert back.json() == {"created": 0, "updated": 32}
    assert client.get("/api/v1/finance/projects", headers=office).json() == before


def test_a_bad_workbook_is_refused_whole_with_located_errors(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    book = load_workbook(
        io.BytesIO(
            client.get("/api/v1/finance/export", params={"format": "xlsx"}, headers=office).content
        )
    )
    book["项目 Projects"]["B3"] = "改过的名称"
    book["项目 Projects"]["N4"] = "lots"
    out = io.BytesIO()
    book.save(out)
    refused = client.post(
        "/api/v1/finance/import", files={"file": ("lib.xlsx", out.getvalue())}, headers=office
    )
    assert refused.status_code == 422
    problems = refused.json()["errors"]
    assert [(p["where"], p["row"], p["field"]) for p in problems] == [
        ("lib.xlsx [项目 Projects]", 4, "总投资（万元） (investment_wan_yuan)")
    ]
    names = {p["name_zh"] for p in client.get("/api/v1/finance/projects", headers=office).json()}
    assert "改过的名称" not in names  # nothing taken


def test_stages_gaps_and_claims(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    moved = client.post(
        "/api/v1/finance/projects/LJ-CF-009/stage",
        json={"action": "admit", "on": "2026-02-01"},
        headers=office,
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "admitted"
    assert moved.json()["allowed_actions"] == ["promote", "withdraw"]
    wrong = client.post(
        "/api/v1/finance/projects/LJ-CF-009/stage",
        json={"action": "operate", "on": "2026-02-01"},
        headers=office,
    )
    assert wrong.status_code == 409
    gaps = client.get(
        "/api/v1/finance/gaps", params={"territory": "LJ-2016"}, headers=auth("department")
    ).json()
    assert (gaps["scenario"], gaps["scenario_name_zh"], gaps["scenario_name_en"]) == (
        "plan",
        "规划情景",
        "Plan measures",
    )
    pv = next(g for g in gaps["gaps"] if g["lever"] == "distributed_pv")
    assert pv["delivered_co2e_t"] == pytest.approx(25550 * CQ_2022)
    assert pv["gap_co2e_t"] == pytest.approx(pv["needed_co2e_t"] - pv["delivered_co2e_t"])
    claim = {
        "source": "project:LJ-CF-014",
        "scheme": "carbon_inclusion",
        "claimant": "x",
        "period_start": "2024-03-01",
        "period_end": "2024-03-31",
        "quantity_co2e_t": 5,
    }
    refused = client.post("/api/v1/finance/claims", json=claim, headers=office)
    assert refused.status_code == 409
    [first] = client.get(
        "/api/v1/finance/claims", params={"source": "project:LJ-CF-014"}, headers=office
    ).json()
    assert (
        first["claim_id"] in refused.json()["detail_en"]
        if "detail_en" in refused.json()
        else first["claim_id"] in refused.text
    )
    made = client.post(
        "/api/v1/finance/claims",
        json={**claim, "period_start": "2025-01-01", "period_end": "2025-01-31"},
        headers=office,
    )
    assert made.status_code == 201, made.text


def test_area_finance_statistics(client: TestClient) -> None:
    rows = client.get("/api/v1/finance/statistics", params={"territory": "LJ-2016"}).json()
    loans = next(r for r in rows if r["measure"] == "green_loans" and r["kind"] == "actual")
    assert (loans["year"], loans["value_yi_yuan"], loans["confidence"]) == (2020, 993.0, "H")
    empty = client.get("/api/v1/finance/statistics", params={"territory": "NOWHERE"})
    assert empty.status_code == 200 and empty.json() == []


def test_meter_data_replace_the_estimate_and_the_difference_is_shown(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    meters = "项目编号,监测年份,计量项,数值,单位\nLJ-CF-002,2023,generation_mwh,10000000,kWh\n"
    done = client.post(
        "/api/v1/finance/monitored", files={"file": ("meters.csv", meters.encode())}, headers=office
    )
    assert done.status_code == 201, done.text
    [row] = done.json()
    assert row["ex_post_co2e_t"] == pytest.approx(10_000 * CQ_2022)
    assert row["difference_co2e_t"] == pytest.approx(-1_400 * CQ_2022)
    project = client.get("/api/v1/finance/projects/LJ-CF-002", headers=office).json()
    assert project["estimate"]["basis"] == "ex_post"
    refused = client.post(
        "/api/v1/finance/monitored",
        files={
            "file": (
                "m.csv",
                b"project_id,year,input,value,unit\nLJ-CF-002,2023,generation_mwh,1,t\n",
            )
        },
        headers=office,
    )
    assert refused.status_code == 422
    assert [(p["row"], p["field"]) for p in refused.json()["errors"]] == [(2, "单位 (unit)")]
