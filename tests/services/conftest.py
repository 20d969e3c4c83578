"""A session on a copy of the demo database (the API tests' template), for the use cases; and
the demo on both backends for the use cases whose storage differs by backend."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.demo.load import load_demo
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)
from tests.storage.conftest import postgres_admin_url  # noqa: F401 (fixture shared)
from tests.storage.databases import create_database, sqlite_url


@pytest.fixture
def session(database: str) -> Iterator[Session]:  # noqa: F811
    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        yield s
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_sessions(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[sessionmaker[Session]]:
    """Sessions on a freshly migrated database holding the demo, on a real SQLite file and on
    the throw-away PostgreSQL server (for the use cases whose storage differs by backend)."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "demo.db")
    else:
        url = create_database(
            request.getfixturevalue("postgres_admin_url"), f"t_{uuid.uuid4().hex[:12]}"
        )
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with transaction(sessions, write=True) as s:
        load_demo(s, SYSTEM)
    yield sessions
    engine.dispose()
