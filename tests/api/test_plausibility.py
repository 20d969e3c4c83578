"""Implausible indicator values are refused at the API with a bilingual 422 naming the bound
(issue 20: a PUE of 1e308 was stored with 201)."""

from __future__ import annotations

from fastapi.testclient import TestClient

URL = "/api/v1/indicators/datacentre_pue_new/values?territory=LJ-2016"


def test_a_pue_of_1e308_is_refused_and_a_plausible_one_stored(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    bad = client.post(
        URL,
        headers=office,
        json={"year": 2023, "value": 1e308, "unit": "dimensionless", "source": "统计局"},
    )
    assert bad.status_code == 422, bad.text
    assert bad.headers["content-type"].startswith("application/problem+json")
    error = bad.json()["errors"][0]
    assert error["field"] == "value"
    assert "[1, 3]" in bad.text
    zh = client.post(
        URL,
        headers={**office, "Accept-Language": "zh-CN"},
        json={"year": 2023, "value": 7.5, "unit": "dimensionless", "source": "统计局"},
    )
    assert zh.status_code == 422 and "不在合理范围" in zh.text
    good = client.post(
        URL,
        headers=office,
        json={"year": 2023, "value": 1.31, "unit": "dimensionless", "source": "统计局"},
    )
    assert good.status_code == 201, good.text
