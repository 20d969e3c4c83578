"""A PostgreSQL server for the storage tests (one per test process), and SQLite files."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.services import territories
from cityclimate.services.actors import Actor
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from tests.storage.databases import create_database, postgres_server, sqlite_url


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "test.db")
    admin: str = request.getfixturevalue("postgres_admin_url")
    return create_database(admin, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions of a migrated database with the reference territories (LJ-2016 among them)."""
    engine = make_engine(database_url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory, write=True) as s:
        territories.seed_reference(s, Actor(None, "office", "climate_office"))
    yield factory
    engine.dispose()
