"""The pathways branch of the migrations: its own head; saved scenarios have unique names."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError

from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.migrate import alembic_config
from cityclimate.storage.pathways_models import PathwayScenario


def test_the_pathways_branch_has_its_own_head(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    revision = script.get_revision("pathways")
    assert revision is not None and revision.revision == "0004_pathways"
    assert revision.down_revision == "0001"


def test_saved_scenarios_round_trip_with_unique_names(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    text = 'inherits = "plan"\n[levers]\nnev_cars = { strength = 2.0 }\n'
    with transaction(sessions, write=True) as s:
        s.add(PathwayScenario(name="mine", title_zh="我的", inherits="plan", toml=text))
    with transaction(sessions) as s:
        row = s.query(PathwayScenario).one()
        assert (row.toml, row.illustrative, row.created_by) == (text, False, None)
        assert row.created_at is not None and row.updated_at is not None
    with pytest.raises(IntegrityError), transaction(sessions, write=True) as s:
        s.add(PathwayScenario(name="mine", toml=text))
    engine.dispose()
