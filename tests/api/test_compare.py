"""Regional comparison API (R7): the demo's territories side by side from stored data, a warning
where methods differ, "not reported" (null) for a territory without data, errors only for bad
input. Oracles: the neighbours' data files (by hand) and the inventory API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

NEIGHBOURS = ["500105", "500109", "500101", "SC-TF"]


def test_the_demo_territories_side_by_side(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    public = auth("public")
    codes = ",".join(["LJ-2016", *NEIGHBOURS])
    body = client.get("/api/v1/compare", params={"territories": codes}, headers=public).json()
    assert body["year"] == 2020 and body["illustrative"]
    columns = {c["territory"]: c for c in body["territories"]}
    assert list(columns) == ["LJ-2016", *NEIGHBOURS]
    # Liangjiang: the published 2020 inventory, as the inventory API gives it.
    versions = client.get(
        "/api/v1/inventories", params={"territory": "LJ-2016"}, headers=public
    ).json()
    items = versions["items"] if isinstance(versions, dict) else versions
    published = next(v for v in items if v["year"] == 2020 and v["status"] == "published")
    assert columns["LJ-2016"]["gross_co2e_t"] == pytest.approx(published["gross_co2e_t"])
    # 江北: population 930 000 and GDP 1 400 亿元 (14 000 000 万元) in the demo data file.
    jiangbei = columns["500105"]
    assert jiangbei["name_zh"] == "江北区" and jiangbei["illustrative"]
    assert jiangbei["per_capita_t"] == pytest.approx(jiangbei["gross_co2e_t"] / 930_000)
    assert jiangbei["intensity_t_per_10k_yuan"] == pytest.approx(
        jiangbei["gross_co2e_t"] / 14_000_000
    )
    assert sum(s["share"] for s in jiangbei["sector_mix"]) == pytest.approx(1.0)
    assert jiangbei["indicator_progress"] == []  # no stored plan
    # Liangjiang's plan: CO2 intensity progress 2020 → 2020 is 0 %, target 19.5 % (targets.csv).
    progress = {i["indicator_id"]: i for i in columns["LJ-2016"]["indicator_progress"]}
    assert progress["co2_intensity_reduction"]["reduction_pct"] == pytest.approx(0.0, abs=1e-9)
    assert progress["co2_intensity_reduction"]["target_pct"] == 19.5
    # Tianfu was computed with AR6 GWPs, the others with AR5: a warning names both.
    assert columns["SC-TF"]["methods"]["gwp_set"] == "AR6"
    assert columns["500105"]["methods"]["gwp_set"] == "AR5"
    warning = next(w for w in body["method_warnings"] if w["method"] == "gwp_set")
    assert warning["values"]["SC-TF"] == "AR6" and "AR5" in warning["message_en"]


def test_a_territory_without_data_is_not_reported_not_an_error(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    public = auth("public")
    body = client.get(
        "/api/v1/compare", params={"territories": "LJ-2016,500000", "year": 2020}, headers=public
    )
    assert body.status_code == 200, body.text
    empty = body.json()["territories"][1]
    assert empty["territory"] == "500000"
    for key in ("gross_co2e_t", "per_capita_t", "intensity_t_per_10k_yuan", "methods"):
        assert empty[key] is None, key
    assert empty["sector_mix"] == [] and empty["published_years"] == []
    assert body.json()["method_warnings"] == []  # a territory without data has no method
    # A year nobody published: every cell is not reported.
    later = client.get(
        "/api/v1/compare", params={"territories": "LJ-2016", "year": 2031}, headers=public
    ).json()
    assert later["territories"][0]["gross_co2e_t"] is None
    # Only nobody having any data at all gives no year.
    nobody = client.get("/api/v1/compare", params={"territories": "500000"}, headers=public)
    assert nobody.status_code == 200 and nobody.json()["year"] is None


def test_bad_input_is_a_clear_4xx(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    public = auth("public")
    unknown = client.get(
        "/api/v1/compare", params={"territories": "LJ-2016,NOWHERE"}, headers=public
    )
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    empty = client.get("/api/v1/compare", params={"territories": " , "}, headers=public)
    assert empty.status_code == 422 and "LJ-2016,500112" in empty.text
    many = ",".join(["LJ-2016"] * 3 + [f"X{i}" for i in range(13)])
    assert (
        client.get("/api/v1/compare", params={"territories": many}, headers=public).status_code
        == 422
    )
    assert client.get("/api/v1/compare", params={"territories": "LJ-2016"}).status_code == 401
