"""Input that used to answer 500 answers a located 4xx (issue 20, "Security and faults"): a TOML
array nested 49,000 deep (run and save), a quantity of 1e308 (its emissions overflow)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_routes import revised_2020, xlsx

DEEP = "x = " + "[" * 49_000 + "]" * 49_000


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/pathways/run", {"toml": DEEP, "wedges": False, "uncertainty": False}),
        ("PUT", "/api/v1/pathways/scenarios/deep", {"toml": DEEP}),
        (
            "PUT",
            "/api/v1/pathways/scenarios/deep",
            {"toml": "x = " + "{a = " * 40 + "1" + "}" * 40},
        ),
    ],
)
def test_deeply_nested_toml_is_refused_before_parsing(
    client: TestClient,
    auth,  # type: ignore[no-untyped-def]
    method: str,
    path: str,
    body: dict[str, object],
) -> None:
    answer = client.request(method, path, json=body, headers=auth("climate_office"))
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    (problem,) = answer.json()["errors"]
    assert problem["row"] == 1 and "nested deeper than 32" in problem["message_en"]
    assert "嵌套" in problem["message_zh"]


def test_a_quantity_whose_emissions_overflow_is_refused(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    rows = [r for r in revised_2020() if r["年份"] == 2020]
    rows[0]["活动水平"] = 1e308
    up = client.post(
        "/api/v1/imports",
        data={"territory_code": "LJ-2016"},
        files={"file": ("big.xlsx", xlsx(rows))},
        headers=office,
    )
    if up.status_code == 201:  # staged: the compute refuses it
        import_id = up.json()["id"]
        assert client.post(f"/api/v1/imports/{import_id}/confirm", headers=office).is_success
        up = client.post(
            "/api/v1/inventories",
            json={"territory_code": "LJ-2016", "year": 2020, "import_id": import_id},
            headers=office,
        )
    assert up.status_code == 422, up.text
    problems = [p for p in up.json()["errors"] if p["field"] == "quantity"]
    assert [p["value"] for p in problems] == ["1e+308"]
    assert problems[0]["where"] == "big.xlsx" and "implausibly large" in problems[0]["message_en"]
    listed = client.get("/api/v1/inventories?territory=LJ-2016&year=2020", headers=office).json()
    assert all(v["gross_co2e_t"] is not None for v in listed["items"])
