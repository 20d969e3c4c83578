"""The reporting calendar's table on SQLite and PostgreSQL (issue 19): its own migration
branch, one deadline per territory and kind (a second setting replaces the first), audited."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cityclimate.services.actors import SYSTEM
from cityclimate.services.reporting import calendar
from cityclimate.services.territories import seed_reference
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.migrate import alembic_config
from cityclimate.storage.models import AuditEntry
from cityclimate.storage.reporting_models import ReportingDeadline


def test_the_reporting_branch_has_its_own_head(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    revision = script.get_revision("reporting")
    assert revision is not None and revision.revision == "0016_reporting"
    assert revision.down_revision == "0001"


def test_one_deadline_per_territory_and_kind(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    row = {"name_zh": "发布清单", "audience": "office", "month": 6, "day": 30, "year_offset": 1}
    with transaction(sessions, write=True) as s:
        seed_reference(s, SYSTEM)
        calendar.set_deadline(s, SYSTEM, "LJ-2016", {"kind": "inventory_publication", **row})
        calendar.set_deadline(
            s, SYSTEM, "LJ-2016", {"kind": "inventory_publication", **row, "day": 15}
        )
    with transaction(sessions) as s:
        stored = s.scalars(select(ReportingDeadline)).all()
        assert [(r.kind, r.month, r.day) for r in stored] == [("inventory_publication", 6, 15)]
        audits = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "set_deadline")
        )
        assert audits == 2
        rules = {r.kind: r for r in calendar.rules(s, "LJ-2016")}
        assert rules["inventory_publication"].day == 15 and "evaluation_publication" in rules
    with pytest.raises(IntegrityError), transaction(sessions, write=True) as s:
        s.add(
            ReportingDeadline(
                territory_code="LJ-2016",
                kind="inventory_publication",
                name_zh="x",
                audience="office",
                month=1,
                day=1,
            )
        )
        s.flush()
    engine.dispose()
