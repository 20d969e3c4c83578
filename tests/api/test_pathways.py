"""Pathway API: list and get scenarios, save a user scenario (validated, errors name the key,
writers only), results JSON with peak, targets, wedges and probabilities, run a text unsaved."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_list_get_and_results(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    listed = client.get("/api/v1/pathways/scenarios", headers=auth("public")).json()
    assert [i["name"] for i in listed["items"]] == ["baseline", "plan", "enhanced"]
    assert "ILLUSTRATIVE" in listed["notice_en"]
    plan = client.get("/api/v1/pathways/scenarios/plan", headers=auth("public")).json()
    # The stored plan holds its scenarios complete.
    assert "inherits" not in plan["toml"] and "inherits" not in plan["flat_toml"]
    body = client.get("/api/v1/pathways/scenarios/plan/results", headers=auth("public")).json()
    assert body["territory"] == "LJ-2016" and body["base_year"] == 2020
    assert [a["year"] for a in body["actual"]] == [2019, 2020, 2021, 2022, 2023]
    assert body["peak"]["year"] == listed["items"][1]["peak_year"]
    # One source: the plan's targets.csv (15 % and 19.5 %, read by hand from the pack).
    assert {t["indicator_id"]: t["target_pct"] for t in body["targets"]} == {
        "energy_intensity_reduction": 15.0,
        "co2_intensity_reduction": 19.5,
    }
    assert body["wedges"]["by_lever"]["nev_cars"][-1] > 0
    assert 0 <= body["monte_carlo"]["probability_peak_by"]["2030"] <= 1
    missing = client.get("/api/v1/pathways/scenarios/nobody", headers=auth("public"))
    assert missing.status_code == 404


def test_save_validates_and_only_writers_save(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    bad = {"toml": 'inherits = "plan"\n[levers]\nnev_cars = { strength = 99 }\n'}
    refused = client.put("/api/v1/pathways/scenarios/mine", headers=auth("admin"), json=bad)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "levers.nev_cars.strength"
    syntax = client.put(
        "/api/v1/pathways/scenarios/mine", headers=auth("admin"), json={"toml": "x = "}
    )
    assert syntax.status_code == 422 and "TOML" in syntax.json()["errors"][0]["message_en"]
    good = {
        "toml": 'inherits = "plan"\ntitle_en = "Mine"\n[levers]\nnev_cars = { strength = 3.0 }\n'
    }
    denied = client.put("/api/v1/pathways/scenarios/mine", headers=auth("department"), json=good)
    assert denied.status_code == 403
    saved = client.put("/api/v1/pathways/scenarios/mine", headers=auth("climate_office"), json=good)
    assert saved.status_code == 200 and saved.json()["kind"] == "user"
    listed = client.get("/api/v1/pathways/scenarios", headers=auth("public")).json()["items"]
    assert listed[-1]["name"] == "mine" and listed[-1]["title_en"] == "Mine"
    plan_peak = listed[1]["peak_co2e_t"]
    assert listed[-1]["peak_co2e_t"] < plan_peak


def test_run_a_text_without_saving(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    zero = {"toml": 'inherits = "plan"\n[levers]\nnev_cars = { strength = 0 }\n', "wedges": False}
    ran = client.post("/api/v1/pathways/run", headers=auth("public"), json=zero).json()
    plan = client.get("/api/v1/pathways/scenarios/plan/results", headers=auth("public")).json()
    assert ran["wedges"] is None and ran["peak"]["co2e_t"] >= plan["peak"]["co2e_t"]
    assert ran["levers"]["nev_cars"]["strength"] == 0
    unknown = client.post(
        "/api/v1/pathways/run", headers=auth("public"), json={"toml": "[levers.x]\n"}
    )
    assert unknown.status_code == 422
    listed = client.get("/api/v1/pathways/scenarios", headers=auth("public")).json()["items"]
    assert len(listed) == 3  # nothing saved


def test_results_by_territory_and_base_year(client: TestClient, auth, database: str) -> None:  # type: ignore[no-untyped-def]
    from cityclimate.storage import make_engine, make_sessionmaker, transaction
    from tests.published_years import publish_year

    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        publish_year(s, 2024)
    engine.dispose()
    public = auth("public")
    url = "/api/v1/pathways/scenarios/plan/results"
    body = client.get(url, params={"territory": "LJ-2016"}, headers=public).json()
    assert [a["year"] for a in body["actual"]] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert body["base_year"] == 2020  # the plan's calibration base year by default
    rebased = client.get(url, params={"territory": "LJ-2016", "base_year": 2024}, headers=public)
    assert rebased.status_code == 200, rebased.text
    data = rebased.json()
    actual_2024 = data["actual"][-1]["gross_co2e_t"]
    assert data["years"][0] == 2024
    assert data["totals"][0]["gross_co2e_t"] == pytest.approx(actual_2024, rel=1e-9)
    wrong_year = client.get(url, params={"territory": "LJ-2016", "base_year": 2018}, headers=public)
    assert wrong_year.status_code == 422
    assert wrong_year.headers["content-type"].startswith("application/problem+json")
    no_plan = client.get(url, params={"territory": "500112"}, headers=public)
    assert no_plan.status_code == 404 and "plan" in no_plan.text
    unknown = client.get(url, params={"territory": "NOWHERE"}, headers=public)
    assert unknown.status_code == 404
    lmdi = client.get(
        "/api/v1/pathways/decomposition", params={"start": 2020, "end": 2019}, headers=public
    ).json()
    assert lmdi["available"] and (lmdi["start_year"], lmdi["end_year"]) == (2020, 2019)
    change = lmdi["end_co2e_t"] - lmdi["start_co2e_t"]
    assert sum(e["co2e_t"] for e in lmdi["effects"]) == pytest.approx(change, rel=1e-6)
    no_inputs = client.get(
        "/api/v1/pathways/decomposition", params={"start": 2020, "end": 2024}, headers=public
    ).json()
    assert not no_inputs["available"]
    assert any("2024" in q["message_en"] for q in no_inputs["problems"])
