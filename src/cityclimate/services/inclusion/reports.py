"""Aggregates of carbon inclusion: the office's totals and flags, the public statistics.

Aggregates carry no person: groups of fewer than :data:`MIN_GROUP` residents are not shown in
public (a small-cell rule, so a figure cannot point at someone).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.inclusion import methodologies
from cityclimate.services.inclusion.ledger import verify_ledger
from cityclimate.storage.inclusion_models import (
    InclusionAccount,
    InclusionEvent,
    InclusionSource,
)

#: Public figures of fewer residents than this are suppressed.
MIN_GROUP = 10


def territories(session: Session) -> list[str]:
    """The territories with carbon-inclusion sources, in code order (the pages' choice)."""
    return list(
        session.scalars(
            select(InclusionSource.territory_code)
            .distinct()
            .order_by(InclusionSource.territory_code)
        )
    )


def territory_or_default(session: Session, territory: str | None) -> str | None:
    """``territory``, else the first territory with sources, else the platform's first stored
    plan's territory (None on an empty platform)."""
    if territory:
        return territory
    from cityclimate.services import plans

    return next(iter(territories(session)), None) or plans.default_territory(session)


def _scoped(territory_code: str):  # type: ignore[no-untyped-def]
    return (
        select()
        .select_from(InclusionEvent)
        .join(InclusionSource, InclusionSource.source_id == InclusionEvent.source_id)
        .where(InclusionSource.territory_code == territory_code)
    )


def by_behaviour(session: Session, territory_code: str) -> list[dict[str, Any]]:
    """Credited events, residents, points and reductions by behaviour."""
    query = _scoped(territory_code).add_columns(
        InclusionEvent.behaviour, func.count(), func.count(func.distinct(InclusionEvent.pseudonym)),
        func.sum(InclusionEvent.points), func.sum(InclusionEvent.reduction_g),
    ).where(InclusionEvent.status == "credited").group_by(InclusionEvent.behaviour).order_by(InclusionEvent.behaviour)  # fmt: skip
    return [
        {
            "behaviour": b,
            "events": int(n),
            "residents": int(r),
            "points": int(p or 0),
            "reduction_g": int(g or 0),
        }
        for b, n, r, p, g in session.execute(query)
    ]


def by_sub_area(session: Session, territory_code: str) -> list[dict[str, Any]]:
    """Credited reductions by the residents' sub-area."""
    query = (_scoped(territory_code).join(InclusionAccount, InclusionAccount.pseudonym == InclusionEvent.pseudonym)
             .add_columns(InclusionAccount.sub_area, func.count(func.distinct(InclusionEvent.pseudonym)),
                          func.sum(InclusionEvent.reduction_g))
             .where(InclusionEvent.status == "credited").group_by(InclusionAccount.sub_area)
             .order_by(InclusionAccount.sub_area))  # fmt: skip
    return [
        {"sub_area": a, "residents": int(r), "reduction_g": int(g or 0)}
        for a, r, g in session.execute(query)
    ]


def by_status(session: Session, territory_code: str) -> list[dict[str, Any]]:
    """Events by status and reason (the anti-fraud picture)."""
    query = (_scoped(territory_code).add_columns(InclusionEvent.status, InclusionEvent.reason, func.count())
             .group_by(InclusionEvent.status, InclusionEvent.reason)
             .order_by(InclusionEvent.status, InclusionEvent.reason))  # fmt: skip
    return [{"status": s, "reason": r, "events": int(n)} for s, r, n in session.execute(query)]


def held_events(session: Session, territory_code: str, limit: int = 100) -> list[dict[str, Any]]:
    """Events held for review (flagged or unusual), oldest first; pseudonymous."""
    query = (_scoped(territory_code).add_columns(
        InclusionEvent.id, InclusionEvent.source_id, InclusionEvent.pseudonym, InclusionEvent.behaviour,
        InclusionEvent.occurred_on, InclusionEvent.reason)
        .where(InclusionEvent.status == "held").order_by(InclusionEvent.occurred_on, InclusionEvent.id)
        .limit(limit))  # fmt: skip
    return [
        {"event_pk": i, "source_id": s, "account": a, "behaviour": b, "occurred_on": d, "reason": r}
        for i, s, a, b, d, r in session.execute(query)
    ]


def methodology_rows() -> list[dict[str, Any]]:
    """The registry for display (every version, selected or kept to recompute)."""
    return [
        {"key": m.key, "behaviour": m.behaviour, "name_zh": m.name.zh, "name_en": m.name.en,
         "activity_unit": m.activity_unit, "baseline": m.baseline,
         "factor_kg_per_unit": round(m.baseline_kg_per_unit - m.project_kg_per_unit, 6),
         "conservativeness": m.conservativeness, "daily_cap_points": m.daily_cap_points,
         "monthly_cap_points": m.monthly_cap_points, "selected": m.selected,
         "valid_from": m.valid_from, "source": m.source, "confidence": m.confidence}
        for m in methodologies()
    ]  # fmt: skip


def public_statistics(session: Session, territory_code: str) -> dict[str, Any]:
    """What anyone may see: totals by behaviour (small groups suppressed) and the ledger head."""
    rows = [r for r in by_behaviour(session, territory_code) if r["residents"] >= MIN_GROUP]
    check = verify_ledger(session, territory_code)
    illustrative = bool(session.scalar(
        select(func.count()).select_from(InclusionSource).where(
            InclusionSource.territory_code == territory_code, InclusionSource.illustrative.is_(True))))  # fmt: skip
    return {
        "territory_code": territory_code,
        "illustrative": illustrative,
        "behaviours": [
            {k: r[k] for k in ("behaviour", "events", "residents", "reduction_g")} for r in rows
        ],
        "reduction_g": sum(r["reduction_g"] for r in rows),
        "ledger_entries": check["entries"],
        "ledger_head_hash": check["head_hash"],
        "ledger_intact": not check["breaks"],
    }
