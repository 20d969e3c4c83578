"""A PostgreSQL server for the storage tests (one per test process), and SQLite files."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

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
