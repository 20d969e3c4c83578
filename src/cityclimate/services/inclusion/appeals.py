"""Appeals: a resident contests a rejected or held event; the office upholds (the event is
cleared and judged again by the next run, without the plausibility rules) or dismisses."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError, PermissionDeniedError
from cityclimate.services.inclusion.residents import _may_see
from cityclimate.storage.inclusion_models import InclusionAppeal, InclusionEvent


def appeal(session: Session, actor: Actor, event_pk: int, statement: str) -> int:
    """File an appeal on one of the resident's own rejected or held events; returns its id."""
    event = session.get(InclusionEvent, event_pk)
    if event is None or event.status not in ("rejected", "held"):
        raise ConflictError(
            "只能对被拒绝或暂扣的事件申诉", "only a rejected or held event can be appealed"
        )
    _may_see(session, actor, event.pseudonym)
    row = InclusionAppeal(
        event_pk=event_pk, pseudonym=event.pseudonym, statement=statement.strip()[:2000]
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "appeal", "inclusion_event", event_pk, after={"appeal": row.id})
    return row.id


def decide(session: Session, actor: Actor, appeal_id: int, *, uphold: bool, note: str = "") -> None:
    """The office's decision; an upheld appeal clears the event for the next crediting run."""
    if actor.role not in OFFICE:
        raise PermissionDeniedError(
            "只有气候办可以处理申诉", "only the climate office decides appeals"
        )
    row = session.get(InclusionAppeal, appeal_id)
    if row is None or row.status != "open":
        raise ConflictError("没有待处理的该申诉", "no open appeal with that id")
    row.status, row.decision_note, row.decided_by = (
        ("upheld" if uphold else "dismissed"),
        note,
        actor.username,
    )
    if uphold:
        event = session.get(InclusionEvent, row.event_pk)
        assert event is not None
        event.status, event.flagged = "cleared", False
    audit.record(
        session,
        actor,
        "decide_appeal",
        "inclusion_event",
        row.event_pk,
        after={"status": row.status},
    )


def open_appeals(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(InclusionAppeal).where(InclusionAppeal.status == "open").order_by(InclusionAppeal.id)
    )
    return [
        {
            "appeal_id": a.id,
            "event_pk": a.event_pk,
            "account": a.pseudonym,
            "statement": a.statement,
        }
        for a in rows
    ]
