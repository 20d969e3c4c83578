"""The indicators branch of the migrations: its own head, its tables created by ``heads``."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from cityclimate.storage import make_engine, upgrade
from cityclimate.storage.migrate import alembic_config


def test_the_indicators_branch_has_its_own_head(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'x.db'}"
    script = ScriptDirectory.from_config(alembic_config(url))
    revision = script.get_revision("indicators")
    assert revision is not None and revision.revision == "0002_indicators"
    assert revision.down_revision == "0001"
    engine = make_engine(url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {
        "indicator_entries",
        "plan_task_events",
        "department_members",
        "evaluation_publications",
    } <= tables
