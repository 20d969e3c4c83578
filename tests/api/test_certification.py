"""Green certification through the API (issue 14): an enterprise applies for its own
enterprise (not another's), the office checks, rejects without a reason (refused), approves,
the public register shows the approval without the answers, the office revokes with a reason."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.test_enterprises import add_user

P = "/api/v1/finance/certification"
ANSWERS = {
    "no_major_accident": {"value": "yes", "evidence": "安全环保证明 2024-05"},
    "green_revenue_share": {"value": "55", "evidence": "审计报告"},
    "carbon_intensity_declining": {"value": "3.2", "evidence": "排放报告"},
}


def test_an_enterprise_is_certified_and_the_public_sees_the_register(
    client: TestClient,
    auth,
    database: str,  # type: ignore[no-untyped-def]
) -> None:
    port = {"Authorization": f"Bearer {add_user(database, 'port-cert', 'enterprise', 'LJ-PORT')}"}
    body = {"scheme": "green_enterprise", "enterprise_id": "LJ-PORT", "answers": ANSWERS}
    other = client.post(f"{P}/applications", json={**body, "enterprise_id": "LJ-CHP"}, headers=port)
    assert other.status_code == 403
    made = client.post(f"{P}/applications", json=body, headers=port)
    assert made.status_code == 201, made.text
    app = made.json()
    assert app["status"] == "submitted" and all(j["passed"] for j in app["judgements"])
    number = app["id"]
    assert client.post(f"{P}/applications/{number}/check", json={}, headers=port).status_code == 403
    office = auth("climate_office")
    assert (
        client.post(f"{P}/applications/{number}/approve", json={}, headers=office).status_code
        == 409
    )
    assert (
        client.post(f"{P}/applications/{number}/check", json={}, headers=office).json()["status"]
        == "checked"
    )
    no_reason = client.post(f"{P}/applications/{number}/reject", json={}, headers=office)
    assert no_reason.status_code == 409 and "reason" in no_reason.text
    approved = client.post(
        f"{P}/applications/{number}/approve", json={"on": "2025-01-15"}, headers=office
    )
    assert approved.status_code == 200
    assert approved.json()["valid_to"] == "2028-01-14"  # 3 years less a day
    assert [s["action"] for s in approved.json()["steps"]] == ["apply", "check", "approve"]
    public = client.get(f"{P}/applications?lang=en").json()  # no sign-in: the register
    mine = next(r for r in public if r["id"] == number)
    assert mine["status_name"] == "approved" and mine["steps"] == []
    assert all(j["basis"] == "" for j in mine["judgements"])  # answers stay with the parties
    revoked = client.post(
        f"{P}/applications/{number}/revoke", json={"reason": "材料不实"}, headers=office
    )
    assert revoked.json()["status"] == "revoked"
    assert number not in {r["id"] for r in client.get(f"{P}/applications").json()}
    assert client.get(f"{P}/applications/{number}").status_code == 404  # off the register
    assert client.get(f"{P}/applications/{number}", headers=port).json()["reason"] == "材料不实"
    criteria = client.get(f"{P}/criteria").json()
    assert {c["scheme"] for c in criteria} == {"green_enterprise", "green_project"}


def test_a_project_certification_needs_the_project_owner(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    projects = client.get("/api/v1/finance/projects", headers=office).json()
    pid = projects[0]["project_id"]
    body = {"scheme": "green_project", "enterprise_id": "LJ-PORT", "project_id": pid, "answers": {}}
    refused = client.post(f"{P}/applications", json=body, headers=office)
    assert refused.status_code == 403 and pid in refused.text  # LJ-PORT does not own it
    missing = client.post(f"{P}/applications", json={**body, "project_id": "NOPE"}, headers=office)
    assert missing.status_code == 404
