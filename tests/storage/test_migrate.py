"""The first migration creates everything the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from cityclimate.storage import make_engine, upgrade
from cityclimate.storage.models import ROLES, Base


def test_upgrade_creates_every_table_and_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade(engine)  # idempotent
    names = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= names
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        roles = {r for (r,) in conn.execute(text("SELECT name FROM roles"))}
    assert diff == [], diff
    assert roles == set(ROLES)
    engine.dispose()


def test_sqlite_has_wal_and_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
