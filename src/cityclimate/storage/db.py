"""Engines and sessions: SQLite with WAL and foreign keys, or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, lock_timeout_s: float = 30.0, **kwargs: Any) -> Engine:
    """Build an engine for ``url``; SQLite connections get WAL, foreign keys and a busy timeout.

    ``lock_timeout_s`` bounds the wait for a lock (SQLite's busy timeout, PostgreSQL's
    ``lock_timeout``); past it the database raises ``OperationalError`` and the API answers 503
    with ``Retry-After``. The application uses a short one (``CITYCLIMATE_LOCK_TIMEOUT_SECONDS``);
    the CLI keeps the long default, as a batch job may wait.
    """
    parsed = make_url(url)
    busy_ms = int(lock_timeout_s * 1000)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": lock_timeout_s, "check_same_thread": False}, **kwargs
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's BEGIN (below) open transactions, not the driver.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if parsed.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # A writing unit of work takes the write lock at its start (BEGIN IMMEDIATE), so two
            # writers never deadlock upgrading a read lock; readers stay concurrent (WAL).
            immediate = connection.get_execution_options().get("sqlite_immediate", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    kwargs.setdefault("connect_args", {"options": f"-c lock_timeout={busy_ms}"})
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    # Beyond the pool a connection is opened for one use and closed (a new server process
    # each time on PostgreSQL): the application sizes the pool to its threads instead.
    kwargs.setdefault("max_overflow", 10)
    return create_engine(url, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session], *, write: bool = False) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception (nothing half-written).

    ``write=True`` takes SQLite's write lock at the start (no effect on PostgreSQL).
    """
    with factory() as session, session.begin():
        if write:
            session.connection(execution_options={"sqlite_immediate": True})
        yield session
