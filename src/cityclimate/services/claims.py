"""The reduction-claims register in the platform: the one door every scheme registers through.

The finance library, the enterprises' ETS reporting, carbon inclusion and voluntary credits all
call :func:`register`: it takes a lock on the claim's source (a transaction-scoped advisory lock
on PostgreSQL; SQLite serialises writers already; CCER serials by their block), reads the
source's claims (and those of the block's other serial runs), lets the core
decide (:func:`cityclimate.claims.check_claim`: one reduction, one claim), then stores and
audits the claim. The database also refuses two claims on one source starting the same day.
"""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityclimate.claims import Claim, ClaimError, DoubleClaimError, check_claim, serials_of
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError
from cityclimate.storage.finance_models import ReductionClaim


def _claim(row: ReductionClaim) -> Claim:
    return Claim(
        row.claim_id, row.source, row.scheme, row.claimant, row.period_start, row.period_end,
        row.quantity_co2e_t, row.note,
    )  # fmt: skip


def claim_view(c: Claim) -> dict[str, Any]:
    return {
        "claim_id": c.claim_id,
        "source": c.source,
        "scheme": c.scheme,
        "claimant": c.claimant,
        "period_start": c.period_start,
        "period_end": c.period_end,
        "quantity_co2e_t": c.quantity_co2e_t,
        "note": c.note,
    }


def _lock_source(session: Session, source: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"reduction_claims:{source}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def register(
    session: Session,
    actor: Actor,
    *,
    source: str,
    scheme: str,
    claimant: str,
    period_start: date,
    period_end: date,
    quantity_co2e_t: float,
    note: str = "",
) -> Claim:
    """Register a claim; a second claim on the same source and period is refused (409).

    Raises
    ------
    ConflictError
        The first claim on the same source and period is named (and kept in ``first``), or
        the claim is malformed (unknown scheme, source not ``kind:id``, end before start).
    """
    source = source.strip()
    run = serials_of(source)
    # CCER serials are locked and read by block: two runs of one block may overlap.
    _lock_source(session, f"ccer:{run.block}" if run else source)
    same = ReductionClaim.source == source
    if run is not None:
        same = same | ReductionClaim.source.startswith(f"ccer:{run.block}-", autoescape=True)
    existing = [_claim(r) for r in session.scalars(select(ReductionClaim).where(same))]
    number = (session.scalar(select(func.max(ReductionClaim.id))) or 0) + 1
    new = Claim(f"RC-{number:06d}", source, scheme, claimant.strip(), period_start, period_end,
                float(quantity_co2e_t), note.strip())  # fmt: skip
    try:
        check_claim(existing, new)
    except ClaimError as exc:
        error = ConflictError(exc.message.zh, exc.message.en)
        if isinstance(exc, DoubleClaimError):
            error.first = exc.first  # type: ignore[attr-defined]
        raise error from exc
    row = ReductionClaim(**claim_view(new), created_by=actor.user_id)
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            "另一位用户刚刚登记了同一来源同一时期的减排量：请刷新后查看",
            "someone registered a claim on this source and period at the same moment: reload",
        ) from exc
    audit.record(session, actor, "claim", "reduction_claim", new.claim_id, after=claim_view(new))
    return new


def list_claims(session: Session, source: str | None = None) -> list[Claim]:
    """Claims in the register (of one source when given), oldest first."""
    query = select(ReductionClaim).order_by(ReductionClaim.id)
    if source is not None:
        query = query.where(ReductionClaim.source == source)
    return [_claim(r) for r in session.scalars(query)]
