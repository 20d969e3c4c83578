"""Points and reductions after crediting: redemption with merchants, expiry, and conversion of
reductions into credits through the shared claims register (one reduction, one claim)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cityclimate.inclusion.model import InclusionError
from cityclimate.inclusion.points import check_redemption, expiring
from cityclimate.services import audit, claims
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError
from cityclimate.services.inclusion.ledger import append, month_bounds
from cityclimate.services.inclusion.residents import ACCOUNT, _may_see
from cityclimate.storage.inclusion_models import (
    InclusionAccount,
    InclusionEvent,
    InclusionLedgerEntry,
    InclusionSource,
)


def _entry(kind: str, account: str, period: str, points: int = 0, reduction_g: int = 0,
           reference: str = "", events: int = 0) -> dict[str, Any]:  # fmt: skip
    return {"kind": kind, "account": account, "period": period, "method": "", "events": events,
            "points": points, "reduction_g": reduction_g, "reference": reference}  # fmt: skip


def balance(session: Session, territory_code: str, account: str) -> int:
    """Points on an account (earned − redeemed − expired)."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(InclusionLedgerEntry.points), 0)).where(
                InclusionLedgerEntry.territory_code == territory_code,
                InclusionLedgerEntry.account == account,
            )
        )
        or 0
    )


def redeem(
    session: Session, actor: Actor, account: str, points: int, *, merchant: str, on: date
) -> dict[str, Any]:
    """Spend ``points`` at ``merchant`` (the resident or the office for them)."""
    row = _may_see(session, actor, account)
    try:
        check_redemption(balance(session, row.territory_code, account), points)
    except InclusionError as exc:
        raise ConflictError(exc.message.zh, exc.message.en) from exc
    entry = _entry(
        "redeem",
        account,
        on.strftime("%Y-%m"),
        points=-points,
        reference=f"merchant:{merchant.strip()[:80]}",
    )
    number, _ = append(session, row.territory_code, pl.DataFrame([entry]))
    audit.record(
        session,
        actor,
        "redeem",
        ACCOUNT,
        account,
        after={"points": points, "merchant": merchant, "entry": number},
    )
    return {"entry": number, "balance": balance(session, row.territory_code, account)}


def expire(session: Session, actor: Actor, territory_code: str, as_of_period: str) -> int:
    """Expire lapsed points of every account (oldest first); returns the points expired."""
    rows = session.execute(
        select(InclusionLedgerEntry.account, InclusionLedgerEntry.kind, InclusionLedgerEntry.period,
               InclusionLedgerEntry.points)
        .where(InclusionLedgerEntry.territory_code == territory_code,
               InclusionLedgerEntry.kind.in_(["earn", "redeem", "expire"]))
    ).all()  # fmt: skip
    earned: dict[str, list[tuple[str, int]]] = {}
    debited: dict[str, int] = {}
    for account, kind, period, points in rows:
        if kind == "earn":
            earned.setdefault(account, []).append((period, int(points)))
        else:
            debited[account] = debited.get(account, 0) - int(points)
    entries = []
    for account in sorted(earned):
        lapsed = expiring(
            earned[account], debited=debited.get(account, 0), as_of_period=as_of_period
        )
        if lapsed:
            entries.append(
                _entry(
                    "expire",
                    account,
                    as_of_period,
                    points=-lapsed,
                    reference=f"expiry-{as_of_period}",
                )
            )
    if entries:
        append(session, territory_code, pl.DataFrame(entries))
    total = -sum(int(e["points"]) for e in entries)
    audit.record(
        session,
        actor,
        "expire",
        "inclusion_ledger",
        territory_code,
        after={"period": as_of_period, "points": total},
    )
    return total


def convert(session: Session, actor: Actor, source_id: str, period: str) -> dict[str, Any]:
    """Convert the credited reductions of ``source_id``'s riders in ``period`` into credits.

    The claim goes to the shared register as source ``operator:<source_id>``: when the
    operator's own project (a CQCER bus project) or an ETS entity already claims that source
    and period, the register refuses and names the prior claim (409); nothing is converted.
    """
    source = session.get(InclusionSource, source_id)
    if source is None:
        raise ConflictError(f"没有登记的来源 {source_id}", f"no registered source '{source_id}'")
    first, last = month_bounds(period)
    where = (InclusionEvent.source_id == source_id, InclusionEvent.status == "credited",
             InclusionEvent.converted.is_(False), InclusionEvent.occurred_on.between(first, last))  # fmt: skip
    grams, count = session.execute(
        select(func.coalesce(func.sum(InclusionEvent.reduction_g), 0), func.count()).where(*where)
    ).one()  # fmt: skip
    if not count:
        raise ConflictError(f"{source_id} 在 {period} 没有可转换的减排量",
                            f"no credited, unconverted reductions of {source_id} in {period}")  # fmt: skip
    claim = claims.register(
        session, actor, source=f"operator:{source_id}", scheme="carbon_inclusion",
        claimant=f"carbon-inclusion:{source.territory_code}", period_start=first, period_end=last,
        quantity_co2e_t=int(grams) / 1e6, note=f"{count} trips credited to residents",
    )  # fmt: skip
    session.execute(update(InclusionEvent).where(*where).values(converted=True)
                    .execution_options(synchronize_session=False))  # fmt: skip
    entry = _entry("convert", f"source:{source_id}", period, reduction_g=int(grams),
                   reference=claim.claim_id, events=int(count))  # fmt: skip
    number, _ = append(session, source.territory_code, pl.DataFrame([entry]))
    audit.record(session, actor, "convert", "inclusion_source", source_id,
                 after={"period": period, "reduction_g": int(grams), "claim": claim.claim_id})  # fmt: skip
    return {
        "claim_id": claim.claim_id,
        "reduction_g": int(grams),
        "events": int(count),
        "entry": number,
    }


def accounts_count(session: Session, territory_code: str) -> int:
    return int(session.scalar(select(func.count()).select_from(InclusionAccount)
                              .where(InclusionAccount.territory_code == territory_code)) or 0)  # fmt: skip
