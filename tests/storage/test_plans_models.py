"""Stored plans on SQLite and PostgreSQL: one plan per territory, stored whole or not at all."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from cityclimate.demo.liangjiang import plan_pack_files
from cityclimate.errors import DataValidationError
from cityclimate.planpack.read import parse_plan_pack
from cityclimate.planpack.write import write_plan_pack
from cityclimate.services import plans
from cityclimate.services.actors import SYSTEM
from cityclimate.services.territories import seed_reference
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.migrate import alembic_config
from cityclimate.storage.models import AuditEntry
from cityclimate.storage.plans_models import Plan, PlanFile


def test_the_plans_branch_has_its_own_head(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    revision = script.get_revision("plans")
    assert revision is not None and revision.revision == "0007_plans"
    assert revision.down_revision == "0001"


def test_a_plan_is_stored_whole_replaced_whole_and_audited(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    shipped = plan_pack_files()
    with transaction(sessions, write=True) as s:
        seed_reference(s, SYSTEM)
        plans.import_plan(s, SYSTEM, shipped)
    with transaction(sessions) as s:
        exported = plans.export_plan(s, "LJ-2016")
        stored = plans.get_plan(s, "LJ-2016")
    # What is stored is the pack's canonical form, which the core reads back as the same plan.
    assert exported == write_plan_pack(parse_plan_pack(shipped))
    assert stored.revision == 1 and stored.pack.header.territory == "LJ-2016"
    broken = dict(shipped)
    broken["tasks.csv"] = broken["tasks.csv"].replace(b"4.1.1.1,4.1.1,task", b"4.1.1.1,9.9.9,task")
    with pytest.raises(DataValidationError), transaction(sessions, write=True) as s:
        plans.import_plan(s, SYSTEM, broken)
    with transaction(sessions, write=True) as s:
        assert plans.get_plan(s, "LJ-2016").revision == 1
        plans.import_plan(s, SYSTEM, shipped)
    with transaction(sessions) as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 1
        assert plans.get_plan(s, "LJ-2016").revision == 2
        files = s.scalar(select(func.count()).select_from(PlanFile))
        assert files == len(exported)
        actions = s.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "plan").order_by(AuditEntry.id)
        ).all()
        assert actions == ["import", "import"]
    with pytest.raises(IntegrityError), transaction(sessions, write=True) as s:
        s.add(
            Plan(territory_code="LJ-2016", name_zh="x", period_start=1, period_end=2, base_year=0)
        )
    engine.dispose()
