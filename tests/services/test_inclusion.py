"""Carbon inclusion in the platform, on SQLite and PostgreSQL: signed batches, consent, crediting,
the ledger under tampering done directly in the database, redemption, expiry, the double-claim
refusal through the shared register, a resident's own data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.inclusion.signing import new_key_pair, sign
from cityclimate.services import audit, claims
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, PermissionDeniedError
from cityclimate.services.inclusion import appeals, ingest, ledger, points, residents
from cityclimate.storage import transaction
from cityclimate.storage.inclusion_models import InclusionEvent, InclusionLedgerEntry
from tests.storage.conftest import database_url, postgres_admin_url, sessions  # noqa: F401

OFFICE = Actor(None, "office", "climate_office")
T = "LJ-2016"
KEY = b"test-key"
HEADER = "event_id,account,behaviour,occurred_on,duration_s,distance_km,quantity\n"


def setup_source(s: Session) -> bytes:
    private, public = new_key_pair()
    ingest.register_source(s, OFFICE, source_id="cq-metro", territory_code=T, name_zh="重庆轨道交通",
                           name_en="Chongqing Rail Transit", kind="transit", behaviours=["metro"],
                           public_key=public)  # fmt: skip
    return private


def enrol(s: Session, who: str, location: bool = True) -> str:
    return residents.enrol(s, OFFICE, T, who, KEY, on=date(2025, 1, 1), location_consent=location)


def send(s: Session, private: bytes, ref: str, lines: list[str]) -> dict:  # type: ignore[type-arg]
    payload = (HEADER + "".join(line + "\n" for line in lines)).encode()
    return ingest.ingest_batch(s, OFFICE, source_id="cq-metro", batch_ref=ref, payload=payload,
                               signature=sign(private, payload))  # fmt: skip


@pytest.fixture
def month(sessions: sessionmaker[Session]) -> tuple[sessionmaker[Session], str, str]:  # noqa: F811
    """Two residents (one without location consent) and six March trips credited."""
    with transaction(sessions, write=True) as s:
        private = setup_source(s)
        a, b = enrol(s, "card-a"), enrol(s, "card-b", location=False)
        trips = [f"m{i},{a},metro,2025-03-0{i},600,5,1" for i in range(1, 6)]
        result = send(s, private, "b1", [*trips, f"m9,{b},metro,2025-03-02,600,5,1"])
        assert (result["accepted"], result["refused"]) == (6, [])
        ledger.credit_period(s, OFFICE, T, "2025-03", as_of=date(2025, 4, 15))
    return sessions, a, b


def test_batches_are_idempotent_and_every_refusal_has_a_reason(
    sessions: sessionmaker[Session],  # noqa: F811
) -> None:
    with transaction(sessions, write=True) as s:
        private = setup_source(s)
        a = enrol(s, "card-a")
        lines = [f"e1,{a},metro,2025-03-01,600,5,1", f"e1,{a},metro,2025-03-01,600,5,1",
                 f"e2,{a},bus,2025-03-01,600,5,1", "e3,r-nobody,metro,2025-03-01,600,5,1",
                 f"e4,{a},metro,2025-02-30,600,5,1"]  # fmt: skip
        first = send(s, private, "b1", lines)
        assert first["accepted"] == 1
        assert [(r["row"], r["reason"]) for r in first["refused"]] == [
            ("3", "duplicate"), ("4", "not_from_source"), ("5", "unknown_account"), ("6", "bad_field")]  # fmt: skip
        assert send(s, private, "b1", lines)["already_received"] is True
        again = send(s, private, "b2", lines[:1])
        assert (again["accepted"], again["refused"][0]["reason"]) == (0, "duplicate")
        assert s.scalar(select(func.count()).select_from(InclusionEvent)) == 1


def test_a_batch_with_a_bad_signature_is_refused_whole(sessions: sessionmaker[Session]) -> None:  # noqa: F811
    with transaction(sessions, write=True) as s:
        setup_source(s)
        other, _ = new_key_pair()
        a = enrol(s, "card-a")
        payload = (HEADER + f"e1,{a},metro,2025-03-01,600,5,1\n").encode()
        with pytest.raises(ConflictError, match="signature"):
            ingest.ingest_batch(s, OFFICE, source_id="cq-metro", batch_ref="x", payload=payload,
                                signature=sign(other, payload))  # fmt: skip
        assert s.scalar(select(func.count()).select_from(InclusionEvent)) == 0


def test_crediting_uses_consent_and_writes_a_verified_ledger(month) -> None:  # type: ignore[no-untyped-def]
    db, a, _ = month
    with transaction(db) as s:
        statuses = dict(s.execute(select(InclusionEvent.event_id, InclusionEvent.reason)).all())
        assert statuses["m9"] == "no_consent"
        mine = residents.my_data(s, OFFICE, a)
        # five metro trips: 463 g and 4 points each (0.5155 kg x 0.9; 10 points/kg, floored)
        assert (mine["points_balance"], mine["reduction_g"]) == (20, 5 * 463)
        check = ledger.verify_ledger(s, T)
        assert check["breaks"] == [] and check["entries"] == 1


def test_tampering_in_the_database_is_named(month) -> None:  # type: ignore[no-untyped-def]
    db, a, _ = month
    with transaction(db, write=True) as s:
        for i in range(3):  # three more entries: 2..4
            points.redeem(s, OFFICE, a, 1, merchant=f"shop-{i}", on=date(2025, 4, 20))
    entry = InclusionLedgerEntry
    # changed: someone gives entry 2 more points, straight in SQL
    with transaction(db, write=True) as s:
        s.execute(update(entry).where(entry.number == 2).values(points=500))
        assert [(b.kind, b.number) for b in ledger.verify_ledger(s, T)["breaks"]] == [
            ("changed", 2)
        ]
        s.rollback()
    # removed: entry 3 deleted
    with transaction(db, write=True) as s:
        s.execute(delete(entry).where(entry.number == 3))
        assert [(b.kind, b.number) for b in ledger.verify_ledger(s, T)["breaks"]] == [
            ("removed", 3)
        ]
        s.rollback()
    # inserted: a forged, correctly hashed entry appended after the head (entry 5)
    with transaction(db, write=True) as s:
        import polars as pl

        from cityclimate.inclusion import chain

        head = s.execute(
            select(entry.number, entry.hash).order_by(entry.number.desc()).limit(1)
        ).one()
        forged = chain(pl.DataFrame([{"kind": "earn", "account": a, "period": "2025-04", "method": "metro_mean@1",
                                      "events": 1, "points": 900, "reduction_g": 1, "reference": "run-x"}]),
                       prev_hash=head.hash, first_number=head.number + 1)  # fmt: skip
        values = forged.drop("number").row(0, named=True)
        s.execute(text("INSERT INTO inclusion_ledger (territory_code, number, kind, account, period, method, "
                       "events, points, reduction_g, reference, prev_hash, hash, at) VALUES "
                       "(:t, :n, :kind, :account, :period, :method, :events, :points, :reduction_g, "
                       ":reference, :prev_hash, :hash, CURRENT_TIMESTAMP)"),
                  {"t": T, "n": head.number + 1, **values})  # fmt: skip
        assert [(b.kind, b.number) for b in ledger.verify_ledger(s, T)["breaks"]] == [
            ("inserted", 5)
        ]
        s.rollback()
    with transaction(db) as s:
        assert ledger.verify_ledger(s, T)["breaks"] == []


def test_redemption_and_expiry_move_points_only(month) -> None:  # type: ignore[no-untyped-def]
    db, a, _ = month
    with transaction(db, write=True) as s:
        assert (
            points.redeem(s, OFFICE, a, 15, merchant="cafe", on=date(2025, 4, 20))["balance"] == 5
        )
        with pytest.raises(ConflictError, match="not enough points"):
            points.redeem(s, OFFICE, a, 6, merchant="cafe", on=date(2025, 4, 20))
        # March 2025 points lapse in March 2026: the 5 left expire
        assert points.expire(s, OFFICE, T, "2026-02") == 0
        assert points.expire(s, OFFICE, T, "2026-03") == 5
        mine = residents.my_data(s, OFFICE, a)
        assert (mine["points_balance"], mine["reduction_g"]) == (0, 5 * 463)


def test_conversion_is_refused_when_the_operator_already_claims_the_trips(month) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = month
    with transaction(db, write=True) as s:
        prior = claims.register(s, OFFICE, source="operator:cq-metro", scheme="voluntary",
                                claimant="metro operator CQCER project", period_start=date(2025, 1, 1),
                                period_end=date(2025, 12, 31), quantity_co2e_t=1000.0)  # fmt: skip
        with pytest.raises(ConflictError) as refused:
            points.convert(s, OFFICE, "cq-metro", "2025-03")
        assert prior.claim_id in refused.value.message.en
        assert (
            s.scalar(
                select(func.count()).select_from(InclusionEvent).where(InclusionEvent.converted)
            )
            == 0
        )


def test_conversion_claims_the_reductions_once(month) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = month
    with transaction(db, write=True) as s:
        done = points.convert(s, OFFICE, "cq-metro", "2025-03")
        assert (done["reduction_g"], done["events"]) == (5 * 463, 5)
        assert [c.scheme for c in claims.list_claims(s, "operator:cq-metro")] == [
            "carbon_inclusion"
        ]
        with pytest.raises(ConflictError):
            points.convert(s, OFFICE, "cq-metro", "2025-03")
        assert ledger.verify_ledger(s, T)["breaks"] == []


def test_only_the_resident_and_the_office_see_personal_data_and_each_look_is_audited(month) -> None:  # type: ignore[no-untyped-def]
    db, a, _ = month
    with transaction(db, write=True) as s:
        with pytest.raises(PermissionDeniedError):
            residents.my_data(s, Actor(7, "someone", "department"), a)
        residents.my_data(s, OFFICE, a)
        looks, _ = audit.list_entries(s, entity="inclusion_account", action="view_personal")
        assert [e.entity_id for e in looks] == [a]


def test_withdrawing_location_consent_stops_crediting_and_deletion_removes_events(month) -> None:  # type: ignore[no-untyped-def]
    db, a, _ = month
    with transaction(db, write=True) as s:
        residents.set_consent(s, OFFICE, a, "location", given=False, on=date(2025, 3, 20))
        private = setup_source(s)
        send(s, private, "b2", [f"n1,{a},metro,2025-04-02,600,5,1"])
        ledger.credit_period(s, OFFICE, T, "2025-04", as_of=date(2025, 5, 15))
        assert (
            s.scalar(select(InclusionEvent.reason).where(InclusionEvent.event_id == "n1"))
            == "no_consent"
        )
        assert residents.delete_account(s, OFFICE, a) == 6
        assert (
            s.scalar(
                select(func.count())
                .select_from(InclusionEvent)
                .where(InclusionEvent.pseudonym == a)
            )
            == 0
        )
        assert ledger.verify_ledger(s, T)["breaks"] == []  # the chain keeps its pseudonymous lines


def test_an_upheld_appeal_credits_a_held_event_in_the_next_run(month) -> None:  # type: ignore[no-untyped-def]
    db, a, _ = month
    with transaction(db, write=True) as s:
        private = setup_source(s)
        send(s, private, "b2", [f"f1,{a},metro,2025-03-20,600,5,1"])
        pk = s.scalar(select(InclusionEvent.id).where(InclusionEvent.event_id == "f1"))
        ledger.flag_event(s, OFFICE, pk, flagged=True)
        ledger.credit_period(s, OFFICE, T, "2025-03", as_of=date(2025, 4, 15))
        assert s.get(InclusionEvent, pk).status == "held"  # type: ignore[union-attr]
        appeal_id = appeals.appeal(s, OFFICE, pk, "I did take that train")
        appeals.decide(s, OFFICE, appeal_id, uphold=True)
        ledger.credit_period(s, OFFICE, T, "2025-03", as_of=date(2025, 4, 16))
        event = s.get(InclusionEvent, pk)
        assert (event.status, event.points) == ("credited", 4)  # type: ignore[union-attr]
        assert ledger.verify_ledger(s, T)["breaks"] == []
