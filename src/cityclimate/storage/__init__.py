"""Persistence: SQLAlchemy 2 ORM models, engines and sessions, Alembic migrations.

SQLite file by default (WAL, foreign keys on); PostgreSQL when ``CITYCLIMATE_DATABASE_URL`` says
so. Nothing is created at import time: :func:`make_engine` builds an engine from a URL,
:func:`upgrade` applies the migrations. Only :mod:`cityclimate.services` uses this package
together with the core.
"""

from cityclimate.storage.db import make_engine, make_sessionmaker, transaction
from cityclimate.storage.migrate import upgrade

__all__ = ["make_engine", "make_sessionmaker", "transaction", "upgrade"]
