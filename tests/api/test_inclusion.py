"""The carbon-inclusion API on the demo: public aggregates, a resident's own account, the office's
batches, runs and conversions (the bus operator's prior claim refuses the bus conversion)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cityclimate.demo import inclusion as demo
from cityclimate.inclusion.privacy import pseudonym
from cityclimate.inclusion.signing import sign

P = "/api/v1/inclusion"


def test_public_statistics_methodologies_and_verification_need_no_sign_in(
    client: TestClient,
) -> None:
    stats = client.get(f"{P}/statistics").json()
    assert stats["illustrative"] is True and stats["ledger_intact"] is True
    assert {b["behaviour"] for b in stats["behaviours"]} >= {"metro", "bus", "cycling"}
    assert all(b["residents"] >= 10 for b in stats["behaviours"])
    assert "account" not in str(stats)
    keys = {m["key"] for m in client.get(f"{P}/methodologies").json()}
    assert {"metro_mean@1", "metro_substitution@1"} <= keys
    check = client.get(f"{P}/ledger/verify").json()
    assert check["intact"] and check["head_hash"] == stats["ledger_head_hash"]


def test_the_bus_conversion_is_refused_naming_the_operators_claim(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"{P}/sources/lj-bus/convert", json={"period": "2025-03"},
                           headers=auth("climate_office"))  # fmt: skip
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "RC-" in response.json()["detail"] and "operator:lj-bus" in response.json()["detail"]
    # the metro riders' reductions were converted by the demo: a second time is refused too
    again = client.post(f"{P}/sources/lj-metro/convert", json={"period": "2025-03"},
                        headers=auth("climate_office"))  # fmt: skip
    assert again.status_code == 409


def test_a_batch_and_a_run_through_the_api(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    account = pseudonym(demo.PSEUDONYM_KEY, demo.external_ids()[5])
    csv = ("event_id,account,behaviour,occurred_on,duration_s,distance_km,quantity\n"
           f"api-1,{account},cycling,2025-04-03,900,3.0,1\n")  # fmt: skip
    source = next(s for s in demo.SOURCES if s.source_id == "lj-bike")
    body = {"batch_ref": "api-1", "csv": csv, "signature": sign(source.private_key, csv.encode())}
    stored = client.post(f"{P}/sources/lj-bike/batches", json=body, headers=office)
    assert stored.status_code == 200, stored.text
    assert stored.json()["accepted"] == 1
    assert client.post(f"{P}/sources/lj-bike/batches", json=body, headers=office).json()[
        "already_received"
    ]
    forged = client.post(f"{P}/sources/lj-bike/batches", json={**body, "batch_ref": "x", "csv": csv + " "},
                         headers=office)  # fmt: skip
    assert forged.status_code == 409
    run = client.post(f"{P}/runs", json={"territory": "LJ-2016", "period": "2025-04", "as_of": "2025-05-20"},
                      headers=office)  # fmt: skip
    assert run.status_code == 200, run.text
    assert run.json()["counts"] in (
        {"credited": 1},
        {"rejected": 1},
    )  # consent is random in the demo
    assert client.get(f"{P}/ledger/verify").json()["intact"]
    seen = client.get(f"{P}/accounts/{account}", headers=office).json()
    assert any(e["event_id"] == "api-1" for e in seen["events"])
    assert client.get(f"{P}/accounts/{account}", headers=auth("department")).status_code == 403


def test_a_resident_enrols_redeems_and_deletes(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    me = auth("public")
    assert client.get(f"{P}/me", headers=me).status_code == 404
    opened = client.post(f"{P}/me", json={"territory": "LJ-2016", "card_number": "LJ-DEMO-0001",
                                          "location_consent": True}, headers=me)  # fmt: skip
    assert opened.status_code == 200, opened.text
    balance = opened.json()["points_balance"]
    assert balance > 0 and opened.json()["events"]
    spent = client.post(f"{P}/me/redeem", json={"points": 1, "merchant": "bakery"}, headers=me)
    assert spent.json()["balance"] == balance - 1
    too_much = client.post(
        f"{P}/me/redeem", json={"points": balance, "merchant": "bakery"}, headers=me
    )
    assert too_much.status_code == 409
    consent = client.post(f"{P}/me/consent", json={"kind": "location", "given": False}, headers=me)
    assert any(c["kind"] == "location" and c["withdrawn_on"] for c in consent.json()["consents"])
    deleted = client.delete(f"{P}/me", headers=me)
    assert deleted.json()["deleted_events"] > 0
    assert client.get(f"{P}/me", headers=me).status_code == 404
    assert client.get(f"{P}/ledger/verify").json()["intact"]
