"""Warnings sent to the departments responsible: acknowledgement and escalation (issue 17).

The office states who answers for which warnings (:func:`save_responsibilities`); every
evaluation of the warnings sends the new ones (:func:`notify`, called by
:func:`cityclimate.services.adaptation.warnings.evaluate`); a department user acknowledges its
own notices (:func:`acknowledge`); :func:`escalate` escalates what is overdue at a given time.
Each step is audited. Heat warnings carry the measures of the heat-health plan they trigger
(:mod:`cityclimate.adaptation.heat_health`), with who must act.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cityclimate import names
from cityclimate.adaptation.heat_health import Measure, shipped_plan, triggered
from cityclimate.adaptation.model import Level, WarningEvent
from cityclimate.adaptation.notices import (
    Responsibility,
    notices_for,
    overdue,
    parse_responsibilities,
)
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.adaptation.warnings import get_settings, require_office
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.services.indicators.tasks import department_of, departments
from cityclimate.storage.adaptation_models import AdaptationNotice, AdaptationResponsibility
from cityclimate.storage.models import User
from cityclimate.text import Text

NOTICES = "adaptation_notices"


def save_responsibilities(
    session: Session, actor: Actor, territory: str, rows: Sequence[Mapping[str, object]], where: str
) -> list[Responsibility]:
    """Replace the territory's responsibilities (all-or-nothing, departments of its plan)."""
    require_office(actor)
    get_settings(session, territory)  # 404 without warning settings
    found = parse_responsibilities(rows, where, departments(session, territory))
    stored = session.scalars(
        select(AdaptationResponsibility).where(AdaptationResponsibility.territory_code == territory)
    ).all()
    before = {"rows": len(stored)}
    for row in stored:
        session.delete(row)
    session.flush()
    session.add_all(
        AdaptationResponsibility(territory_code=territory, hazard=r.hazard,
                                 min_level=r.min_level.value, department=r.department,
                                 ack_minutes=r.ack_minutes, escalate_to=r.escalate_to)
        for r in found
    )  # fmt: skip
    audit.record(session, actor, "import", "adaptation_responsibilities", territory,
                 before=before, after={"rows": len(found), "where": where})  # fmt: skip
    return found


def responsibilities(session: Session, territory: str) -> list[Responsibility]:
    table = AdaptationResponsibility
    query = select(table).where(table.territory_code == territory)
    return [
        Responsibility(r.hazard, Level(r.min_level), r.department, r.ack_minutes, r.escalate_to)
        for r in session.scalars(query.order_by(table.hazard, table.department))
    ]


def notify(session: Session, actor: Actor, territory: str, events: Sequence[WarningEvent]) -> int:
    """Send the warnings of an evaluation to the departments responsible; returns how many
    notices are new. A notice already sent is kept with its acknowledgement; one whose warning
    the evaluation no longer raises is marked withdrawn (never deleted: it was sent)."""
    wanted = notices_for(events, responsibilities(session, territory))
    table = AdaptationNotice
    stored = {
        (n.warning_key, n.department): n
        for n in session.scalars(select(table).where(table.territory_code == territory))
    }
    current = {(n.key, n.department) for n in wanted}
    new = [n for n in wanted if (n.key, n.department) not in stored]
    session.add_all(
        AdaptationNotice(territory_code=territory, warning_key=n.key, department=n.department,
                         site=n.site, hazard=n.hazard, level=n.level.value, action=n.action.value,
                         warning_time=n.time.astimezone(dt.UTC), due_at=n.due.astimezone(dt.UTC),
                         escalate_to=n.escalate_to)
        for n in new
    )  # fmt: skip
    withdrawn = 0
    for key, notice in stored.items():
        gone = key not in current
        withdrawn += gone and not notice.withdrawn
        notice.withdrawn = gone
    if new or withdrawn:
        audit.record(session, actor, "notify", NOTICES, territory,
                     after={"sent": len(new), "withdrawn": withdrawn})  # fmt: skip
    return len(new)


def _utc(time: dt.datetime | None) -> dt.datetime | None:
    # SQLite gives naive datetimes back: they were stored in UTC.
    if time is None:
        return None
    return time.replace(tzinfo=dt.UTC) if time.tzinfo is None else time.astimezone(dt.UTC)


def _visible(session: Session, actor: Actor) -> str | None:
    """``None`` for the office (every notice); the department's name for a department user
    (``""`` while the account is bound to none: it sees nothing); refuses the other roles."""
    if actor.role in OFFICE:
        return None
    if actor.role != "department":
        raise PermissionDeniedError(
            "只有气候办和部门用户可以查看预警通知",
            "only the climate office and department users see warning notices",
        )
    return department_of(session, actor) or ""


def notices(
    session: Session, actor: Actor, territory: str, *, pending_only: bool = False
) -> list[AdaptationNotice]:
    """The notices ``actor`` may see, newest warning first."""
    department = _visible(session, actor)
    table = AdaptationNotice
    query = select(table).where(table.territory_code == territory)
    if department is not None:
        query = query.where(table.department == department)
    if pending_only:
        query = query.where(table.acknowledged_at.is_(None), table.withdrawn.is_(False))
    return list(session.scalars(query.order_by(table.warning_time.desc(), table.department)))


def acknowledge(
    session: Session, actor: Actor, notice_id: int, now: dt.datetime
) -> AdaptationNotice:
    """A department user acknowledges a notice of its own department (once)."""
    notice = session.get(AdaptationNotice, notice_id)
    if notice is None:
        raise NotFoundError(f"预警通知 {notice_id} 不存在", f"no warning notice {notice_id}")
    if actor.role != "department" or department_of(session, actor) != notice.department:
        raise PermissionDeniedError(
            f"只有{notice.department}的用户可以确认这条通知",
            f"only users of {notice.department} may acknowledge this notice",
        )
    if notice.withdrawn:
        raise ConflictError(
            "该预警已撤销，无需确认", "the warning was withdrawn; nothing to acknowledge"
        )
    if notice.acknowledged_at is not None:
        who = session.get(User, notice.acknowledged_by) if notice.acknowledged_by else None
        name = who.display_name or who.username if who else "?"
        at = _utc(notice.acknowledged_at)
        stamp = at.strftime("%Y-%m-%d %H:%M UTC") if at else ""
        raise ConflictError(f"该通知已由 {name} 于 {stamp} 确认",
                            f"{name} acknowledged this notice at {stamp} already")  # fmt: skip
    notice.acknowledged_at = now.astimezone(dt.UTC)
    notice.acknowledged_by = actor.user_id
    late = now >= (_utc(notice.due_at) or now)
    audit.record(session, actor, "acknowledge", "adaptation_notice", notice.id,
                 after={"department": notice.department, "late": late})  # fmt: skip
    return notice


def escalate(
    session: Session, actor: Actor, territory: str, now: dt.datetime
) -> list[AdaptationNotice]:
    """Escalate every notice of the territory overdue at ``now`` and not escalated before (to
    its ``escalate_to`` department, or the climate office); returns them. Running it twice
    escalates nothing more."""
    require_office(actor)
    get_settings(session, territory)
    table = AdaptationNotice
    query = select(table).where(table.territory_code == territory, table.escalated_at.is_(None),
                                table.withdrawn.is_(False), table.acknowledged_at.is_(None))  # fmt: skip
    due = [n for n in session.scalars(query) if overdue(_utc(n.due_at) or now, None, now)]
    if due:
        session.execute(update(table).where(table.id.in_([n.id for n in due]))
                        .values(escalated_at=now.astimezone(dt.UTC)))  # fmt: skip
        audit.record(session, actor, "escalate", NOTICES, territory,
                     after={"notices": [n.id for n in due], "as_of": now.isoformat()})  # fmt: skip
        for notice in due:
            session.refresh(notice)
    return due


def measures(hazard: str, level: str) -> list[Measure]:
    """The heat-health measures a warning of ``hazard`` at ``level`` triggers (shipped plan)."""
    return triggered(hazard, Level(level), shipped_plan())


def measure_view(measure: Measure, lang: str) -> dict[str, Any]:
    return {
        "measure": measure.measure,
        "level": measure.level.value,
        "who": measure.who,
        "who_name": measure.who_name.pick(lang),
        "text": measure.text.pick(lang),
        "confidence": measure.confidence,
        "source": measure.source,
    }


def notice_view(
    notice: AdaptationNotice, lang: str, site_names: Mapping[str, str], now: dt.datetime
) -> dict[str, Any]:
    """A notice as plain values for the faces (names in ``lang``; times ISO 8601 UTC)."""
    level = Level(notice.level)
    due = _utc(notice.due_at)
    acknowledged = _utc(notice.acknowledged_at)
    escalated = _utc(notice.escalated_at)
    if notice.withdrawn:
        state = "withdrawn"
    elif acknowledged is not None:
        state = "acknowledged"
    elif escalated is not None:
        state = "escalated"
    else:
        state = "overdue" if due is not None and now >= due else "pending"
    return {
        "id": notice.id,
        "department": notice.department,
        "site": notice.site,
        "site_name": site_names.get(notice.site, notice.site),
        "hazard": notice.hazard,
        "hazard_name": names.name("hazard", notice.hazard).pick(lang),
        "level": notice.level,
        "level_name": level.text.pick(lang),
        "action": notice.action,
        "warning_time": (_utc(notice.warning_time) or now).isoformat(),
        "due_at": due.isoformat() if due else "",
        "acknowledged_at": acknowledged.isoformat() if acknowledged else None,
        "escalated_at": escalated.isoformat() if escalated else None,
        "escalate_to": notice.escalate_to or STATE_NAMES["office"].pick(lang),
        "state": state,
        "state_name": STATE_NAMES[state].pick(lang),
        "measures": [measure_view(m, lang) for m in measures(notice.hazard, notice.level)],
    }


STATE_NAMES = {
    "pending": Text("待确认", "awaiting acknowledgement"),
    "overdue": Text("已超时", "overdue"),
    "escalated": Text("已升级上报", "escalated"),
    "acknowledged": Text("已确认", "acknowledged"),
    "withdrawn": Text("已撤销", "withdrawn"),
    "office": Text("气候办", "the climate office"),
}
