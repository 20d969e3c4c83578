"""Settings of the platform, from the environment (prefix ``CITYCLIMATE_``).

Nothing is read at import time: call :func:`get_settings` (or build :class:`Settings` yourself,
e.g. in tests) where the value is needed.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the database is, how sessions and tokens are signed, how the server listens.

    Attributes
    ----------
    database_url:
        SQLAlchemy URL. Default: the SQLite file ``cityclimate.db`` in the working directory.
        PostgreSQL: ``postgresql+psycopg://user:password@host:port/dbname``.
    secure_cookies:
        ``Secure`` flag on cookies (on by default; turn off only for plain-HTTP loopback).
    token_hours:
        Lifetime of API bearer tokens and sessions, in hours.
    login_attempts, login_window_seconds:
        Login throttling: at most this many failed sign-ins per client and user name within
        the window (a client failing four times as often across names is throttled for all)
        (sessions and CSRF tokens are random values kept in the database, so no signing key is
        needed and sessions survive a restart).
    lock_timeout_seconds:
        How long a request waits for a database lock held by another write (a long import on
        SQLite) before it answers 503 with ``Retry-After`` instead of waiting on.
    token_cache_seconds:
        How long a server process answers a bearer token or session it has just read without
        reading it again (0: read on every request). Signing out or changing a user's role,
        password or activity takes effect at once in the process that does it and within this
        many seconds in the others.
    threads:
        Requests a server process works on at once (its thread pool, and its pool of database
        connections on PostgreSQL); more wait their turn. Eight on 2 cores: with the 40 of the
        framework's default, reads under load waited for one another and for PostgreSQL's
        processes (issue 20, docs/decisions.md).
    inclusion_pseudonym_key:
        Secret key residents' pseudonyms are derived with in carbon inclusion (HMAC of the card
        or app number); set a long random value in production and never store it in the database.
    admin_password:
        Password given to the admin that ``cityclimate demo load``/``make run`` creates;
        empty: a random password is generated and printed once.
    """

    model_config = SettingsConfigDict(env_prefix="CITYCLIMATE_", extra="ignore")

    database_url: str = Field(default_factory=lambda: f"sqlite:///{Path.cwd() / 'cityclimate.db'}")
    secure_cookies: bool = True
    token_hours: float = 12.0
    login_attempts: int = 5
    login_window_seconds: float = 300.0
    admin_user: str = "admin"
    admin_password: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_bytes: int = 50 * 1024 * 1024
    lock_timeout_seconds: float = 5.0
    token_cache_seconds: float = Field(default=1.0, ge=0, le=60)
    threads: int = Field(default=8, ge=1, le=256)
    inclusion_pseudonym_key: str = "cityclimate-development-pseudonym-key"


def get_settings() -> Settings:
    """Read the settings from the environment now."""
    return Settings()
