"""Crediting runs and the ledger: events judged by the core, monthly totals appended to the hash
chain, a seal after every write, verification that names any broken entry."""

from __future__ import annotations

import zlib
from datetime import date, timedelta
from typing import Any

import polars as pl
from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.orm import Session

from cityclimate.inclusion import chain, credit_events, methodologies, methods_frame, verify
from cityclimate.inclusion.ledger import GENESIS, LEDGER_SCHEMA, Break
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError
from cityclimate.services.inclusion.residents import consents_on
from cityclimate.services.territories import get_territory
from cityclimate.storage.bulk import insert_rows
from cityclimate.storage.inclusion_models import (
    InclusionEvent,
    InclusionLedgerEntry,
    InclusionRun,
    InclusionSeal,
    InclusionSource,
)
from cityclimate.storage.models import utcnow

_EVENTS: Table = InclusionEvent.__table__  # type: ignore[assignment]
#: Days after an event during which flags can be raised before it is credited.
SETTLEMENT_DAYS = 7
_ENTRY_COLUMNS = (
    "kind",
    "account",
    "period",
    "method",
    "events",
    "points",
    "reduction_g",
    "reference",
)


def month_bounds(period: str) -> tuple[date, date]:
    """First and last day of ``YYYY-MM``."""
    try:
        first = date.fromisoformat(f"{period}-01")
    except ValueError as exc:
        raise ConflictError(
            f"期间“{period}”应写作 YYYY-MM", f"the period '{period}' must be YYYY-MM"
        ) from exc
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last


def _lock(session: Session, territory_code: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"inclusion_ledger:{territory_code}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def append(session: Session, territory_code: str, entries: pl.DataFrame) -> tuple[int, str]:
    """Chain ``entries`` after the territory's head, store them and a seal; returns the new head."""
    _lock(session, territory_code)
    last = session.execute(
        select(InclusionLedgerEntry.number, InclusionLedgerEntry.hash)
        .where(InclusionLedgerEntry.territory_code == territory_code)
        .order_by(InclusionLedgerEntry.number.desc()).limit(1)
    ).first()  # fmt: skip
    number, prev = (int(last[0]), str(last[1])) if last else (0, GENESIS)
    if entries.height == 0:
        return number, prev
    rows = chain(entries.select(_ENTRY_COLUMNS), prev_hash=prev, first_number=number + 1)
    columns = ("territory_code", "number", *_ENTRY_COLUMNS, "prev_hash", "hash", "at")
    now = utcnow()
    insert_rows(
        session, InclusionLedgerEntry.__table__,  # type: ignore[arg-type]
        columns,
        ((territory_code, *row, now) for row in rows.select("number", *_ENTRY_COLUMNS, "prev_hash", "hash").iter_rows()),
    )  # fmt: skip
    head_number, head_hash = int(rows["number"][-1]), str(rows["hash"][-1])
    session.add(InclusionSeal(territory_code=territory_code, number=head_number, hash=head_hash))
    session.flush()
    return head_number, head_hash


def ledger_frame(session: Session, territory_code: str) -> pl.DataFrame:
    """The territory's ledger as stored, by number (columns of the core's ledger schema)."""
    columns = [getattr(InclusionLedgerEntry, c) for c in LEDGER_SCHEMA]
    result = session.execute(
        select(*columns).where(InclusionLedgerEntry.territory_code == territory_code)
        .order_by(InclusionLedgerEntry.number)
    ).all()  # fmt: skip
    return pl.DataFrame([tuple(r) for r in result], schema=LEDGER_SCHEMA, orient="row")


def seals(session: Session, territory_code: str) -> list[tuple[int, str]]:
    return [
        (int(n), str(h))
        for n, h in session.execute(
            select(InclusionSeal.number, InclusionSeal.hash)
            .where(InclusionSeal.territory_code == territory_code).order_by(InclusionSeal.id)
        )
    ]  # fmt: skip


def verify_ledger(session: Session, territory_code: str) -> dict[str, Any]:
    """Verify the territory's chain against its seals: the breaks (each naming its entry)."""
    rows = ledger_frame(session, territory_code)
    breaks: list[Break] = verify(rows, seals(session, territory_code))
    number, hash_ = (
        (int(rows["number"][-1]), str(rows["hash"][-1])) if rows.height else (0, GENESIS)
    )
    return {"entries": rows.height, "head_number": number, "head_hash": hash_, "breaks": breaks}


def _events_frame(session: Session, territory_code: str, first: date, last: date) -> pl.DataFrame:
    query = (
        select(InclusionEvent.id, InclusionEvent.event_id, InclusionEvent.source_id, InclusionEvent.pseudonym,
               InclusionEvent.behaviour, InclusionEvent.occurred_on, InclusionEvent.duration_s,
               InclusionEvent.distance_km, InclusionEvent.quantity, InclusionEvent.status,
               InclusionEvent.flagged, InclusionEvent.reason, InclusionEvent.points)
        .join(InclusionSource, InclusionSource.source_id == InclusionEvent.source_id)
        .where(InclusionSource.territory_code == territory_code,
               InclusionEvent.occurred_on.between(first, last))
    )  # fmt: skip
    schema = {"id": pl.Int64, "event_id": pl.String, "source": pl.String, "account": pl.String,
              "behaviour": pl.String, "occurred_on": pl.Date, "duration_s": pl.Int64,
              "distance_km": pl.Float64, "quantity": pl.Float64, "status": pl.String,
              "flagged": pl.Boolean, "reason": pl.String, "points": pl.Int64}  # fmt: skip
    return pl.DataFrame(
        [tuple(r) for r in session.execute(query).all()], schema=schema, orient="row"
    )


def credit_period(
    session: Session, actor: Actor, territory_code: str, period: str, *, as_of: date
) -> dict[str, Any]:
    """Credit the events of one month not credited yet; append the totals to the ledger.

    Events credited or rejected in an earlier run stay as they are (their points count against
    the caps); pending and held ones are judged again (a held event stays held until the office
    clears it).
    """
    get_territory(session, territory_code)  # 404 for an unknown territory
    first, last = month_bounds(period)
    if as_of < first:
        raise ConflictError(
            f"结算日 {as_of} 早于期间 {period}", f"as-of day {as_of} is before the period {period}"
        )
    _lock(session, territory_code)
    stored = _events_frame(session, territory_code, first, last)
    open_ = stored.filter(pl.col("status").is_in(["received", "pending", "held", "cleared"]))
    done = stored.filter(pl.col("status") == "credited")
    consenting = consents_on(session, None, "location", first, last)
    events = open_.with_columns(
        pl.col("id").alias("received_seq"),
        pl.col("account").is_in(list(consenting)).alias("location_consent"),
        pl.col("flagged").alias("held"),
        (pl.col("status") == "cleared").alias("cleared"),
    )
    prior = done.select("account", "behaviour", "occurred_on", "points")
    result = credit_events(events, methods_frame(methodologies()), as_of=as_of,
                           settlement_days=SETTLEMENT_DAYS, prior_points=prior)  # fmt: skip
    run = InclusionRun(territory_code=territory_code, period=period, as_of=as_of, by=actor.username)
    session.add(run)
    session.flush()
    out = result.events
    counts = {k: int(v) for k, v in out.group_by("status").len().iter_rows()}
    run.counts = counts
    run.points = int(result.credits["points"].sum() or 0)
    run.reduction_g = int(result.credits["reduction_g"].sum() or 0)
    session.connection().execute(
        update(_EVENTS).where(_EVENTS.c.id == bindparam("pk")).values(
            status=bindparam("s"), reason=bindparam("r"), method_id=bindparam("m"),
            method_version=bindparam("v"), points=bindparam("p"), reduction_g=bindparam("g"),
            run_id=run.id),
        [{"pk": seq, "s": s, "r": r, "m": m, "v": v, "p": p, "g": g}
         for seq, s, r, m, v, p, g in out.select("received_seq", "status", "reason", "method_id",
                                                  "method_version", "points", "reduction_g").iter_rows()],
    )  # fmt: skip
    entries = result.credits.select(
        pl.lit("earn").alias("kind"), "account", "period",
        pl.format("{}@{}", "method_id", "method_version").alias("method"),
        "events", "points", "reduction_g", pl.lit(f"run-{run.id}").alias("reference"),
    )  # fmt: skip
    head = append(session, territory_code, entries)
    audit.record(session, actor, "credit", "inclusion_run", run.id,
                 after={"period": period, "counts": counts, "points": run.points,
                        "reduction_g": run.reduction_g, "head": head[0]})  # fmt: skip
    return {"run_id": run.id, "period": period, "counts": counts, "points": run.points,
            "reduction_g": run.reduction_g, "ledger_entries": entries.height,
            "head_number": head[0], "head_hash": head[1]}  # fmt: skip


def flag_event(session: Session, actor: Actor, event_pk: int, *, flagged: bool) -> None:
    """Raise (or lift) the office's flag on an event not credited yet."""
    event = session.get(InclusionEvent, event_pk)
    if event is None:
        raise ConflictError(f"没有事件 {event_pk}", f"no event {event_pk}")
    if event.status == "credited":
        raise ConflictError(
            "事件已入账，不能再标记", "the event is credited already: too late to flag"
        )
    event.flagged = flagged
    audit.record(session, actor, "flag" if flagged else "unflag", "inclusion_event", event_pk)


def ledger_size(session: Session, territory_code: str) -> int:
    return int(session.scalar(select(func.count()).select_from(InclusionLedgerEntry)
                              .where(InclusionLedgerEntry.territory_code == territory_code)) or 0)  # fmt: skip
