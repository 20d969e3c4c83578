"""Pathway API: list and get scenarios, save a user scenario (validated, errors name the key,
writers only), results JSON with peak, targets, wedges and probabilities, run a text unsaved."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_list_get_and_results(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    listed = client.get("/api/v1/pathways/scenarios", headers=auth("public")).json()
    assert [i["name"] for i in listed["items"]] == ["baseline", "plan", "enhanced"]
    assert "ILLUSTRATIVE" in listed["notice_en"]
    plan = client.get("/api/v1/pathways/scenarios/plan", headers=auth("public")).json()
    assert plan["toml"].count('inherits = "baseline"') == 1 and "inherits" not in plan["flat_toml"]
    body = client.get("/api/v1/pathways/scenarios/plan/results", headers=auth("public")).json()
    assert body["peak"]["year"] == listed["items"][1]["peak_year"]
    assert {t["indicator_id"] for t in body["targets"]} == {
        "energy_intensity_reduction",
        "co2_intensity_reduction",
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
