"""What the office enters for a compliance year through the API (issue 20): ETS allocation
inputs, surrender and offsets, verification findings. Stored, audited, read back by the
compliance overview; bad values refused whole with located bilingual problems; office only."""

from __future__ import annotations

from fastapi.testclient import TestClient

P = "/api/v1/enterprises"


def test_surrender_and_findings_reach_the_compliance_overview(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    saved = client.patch(
        f"{P}/LJ-CHP/cycles/2020/record",
        headers=office,
        json={"surrendered_t": 123456.0, "offsets_surrendered_t": 789.0, "major_findings": 2},
    )
    assert saved.status_code == 200, saved.text
    record = saved.json()["record"]
    assert record["surrendered_t"] == 123456.0 and record["major_findings"] == 2
    assert record["minor_findings"] == 1  # the field not sent keeps the demo's value
    overview = client.get(f"{P}/compliance?year=2020", headers=office).json()["overview"]
    chp = next(a for a in overview["ets"] if a["enterprise_id"] == "LJ-CHP")
    assert (
        chp["surrendered_t"] == 123456.0 and chp["offsets_counted_t"] == 789.0
    )  # under the 5 % cap
    audit = client.get("/api/v1/audit?entity=compliance_record", headers=auth("admin")).json()
    assert any(e["entity_id"] == "LJ-CHP/2020" for e in audit["items"])


def test_allocation_inputs_are_replaced_whole_and_checked(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    rows = [
        {"product": "glass", "prior_output": 200000, "historical_intensity": 0.5},
    ]
    saved = client.put(f"{P}/LJ-GLASS/cycles/2020/allocation", headers=office, json={"rows": rows})
    assert saved.status_code == 200, saved.text
    stored = saved.json()["allocation_inputs"]
    assert [(r["product"], r["prior_output"]) for r in stored] == [("glass", 200000.0)]
    overview = client.get(f"{P}/compliance?year=2020", headers=office).json()["overview"]
    lines = [a for a in overview["allocations"] if a["enterprise_id"] == "LJ-GLASS"]
    assert [line["prior_output"] for line in lines] == [200000.0]
    twice = client.put(
        f"{P}/LJ-GLASS/cycles/2020/allocation",
        headers=office,
        json={"rows": [*rows, *rows]},
    )
    assert twice.status_code == 422
    problem = twice.json()
    assert [(e["row"], "product=glass" in e["value"]) for e in problem["errors"]] == [(3, True)]
    assert problem["errors"][0]["message_zh"] and problem["errors"][0]["message_en"]
    after = client.get(f"{P}/LJ-GLASS/cycles/2020", headers=office).json()
    assert [r["product"] for r in after["allocation_inputs"]] == ["glass"]  # nothing half-written


def test_bad_values_and_other_roles_are_refused(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    negative = client.patch(
        f"{P}/LJ-CHP/cycles/2020/record", headers=office, json={"surrendered_t": -1}
    )
    assert negative.status_code == 422
    for role in ("enterprise", "public", "department"):
        refused = client.patch(
            f"{P}/LJ-CHP/cycles/2020/record", headers=auth(role), json={"major_findings": 1}
        )
        assert refused.status_code == 403, role
    assert client.get(f"{P}/NOPE/cycles/2020", headers=office).status_code == 404


def test_offsets_with_a_source_are_claimed_once(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    body = {"offsets_surrendered_t": 500.0, "offsets_source": "ccer:CCER-LJ-0002-000001~000500"}
    first = client.patch(f"{P}/LJ-CHP/cycles/2021/record", headers=office, json=body)
    assert first.status_code == 200, first.text
    claim = first.json()["record"]["offsets_claim_id"]
    assert claim and first.json()["record"]["offsets_period_end"] == "2021-12-31"
    again = client.patch(f"{P}/LJ-CHP/cycles/2021/record", headers=office, json=body)
    assert again.status_code == 200  # the same surrender saved again: the claim stands
    second = client.patch(f"{P}/LJ-GLASS/cycles/2021/record", headers=office, json=body)
    assert second.status_code == 409 and claim in second.text
