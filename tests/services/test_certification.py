"""Certification on stored data, SQLite and PostgreSQL (issue 14): the demo's approval and
pending application, each step stored and audited, an approval expiring after its last day."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.services.actors import Actor
from cityclimate.services.finance import certification
from cityclimate.storage import transaction
from cityclimate.storage.models import AuditEntry

OFFICE = Actor(None, "office", "climate_office")
PUBLIC = Actor(None, "citizen", "public")


def test_the_demo_register_and_its_audit_trail(demo_sessions: sessionmaker[Session]) -> None:
    with transaction(demo_sessions, write=True) as session:
        _register_and_trail(session)


def _register_and_trail(session: Session) -> None:
    on = dt.date(2025, 1, 1)
    everyone = {r.enterprise_id: r for r in certification.listed(session, OFFICE, on)}
    assert everyone["LJ-PANEL"].status == "approved" and everyone["LJ-GLASS"].status == "checked"
    public = [r.enterprise_id for r in certification.listed(session, PUBLIC, on)]
    assert public == ["LJ-PANEL"]
    later = dt.date(2027, 6, 30)  # the day after its last (decided 2024-06-30, three years)
    assert certification.listed(session, PUBLIC, later) == []
    assert (
        certification.view(session, OFFICE, everyone["LJ-PANEL"], later, "zh")["status_name"]
        == "已过期"
    )
    certification.decide(
        session, OFFICE, everyone["LJ-GLASS"].id, "reject", on, "绿色收入占比 35%，低于阈值"
    )
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "finance_certification")
        .where(AuditEntry.entity_id == str(everyone["LJ-GLASS"].id)).order_by(AuditEntry.id)
    ).all()  # fmt: skip
    assert list(actions) == ["apply", "check", "reject"]
    steps = certification.view(session, OFFICE, everyone["LJ-GLASS"], on, "en")["steps"]
    assert (
        steps[-1]["reason"] == "绿色收入占比 35%，低于阈值" and steps[-1]["to_status"] == "rejected"
    )
