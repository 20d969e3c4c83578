"""What every request needs, for the API and the pages alike: the database, the settings, who is
asking (a bearer token or the page session cookie) and the language.

Both faces depend on this module and never on each other (an import-linter contract); the
composition root :mod:`cityclimate.app` builds the one application they share. API clients send
``Authorization: Bearer <token>``; the pages send their session cookie, and for unsafe methods
the ``X-CSRF-Token`` header (HTMX) or a ``csrf_token`` form field.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.services import accounts
from cityclimate.services.actors import ANONYMOUS, Actor
from cityclimate.settings import Settings
from cityclimate.storage import make_sessionmaker, transaction
from cityclimate.text import is_english

SESSION_COOKIE = "cityclimate_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Languages of the pages: zh-CN first (the default), English second.
LANGUAGES = {"zh_CN": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"
LANG_COOKIE = "cityclimate_lang"


@dataclass
class Database:
    """The engine and session factory of one application."""

    engine: Engine
    sessions: sessionmaker[Session]
    statements: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        # On PostgreSQL (READ COMMITTED) each statement reads its own snapshot inside a
        # transaction too, so a few independent reads lose nothing without BEGIN and COMMIT and
        # save their two round trips, which under load wait for a busy server (issue 20).
        autocommit = self.engine.dialect.name == "postgresql"
        self.statements = (
            make_sessionmaker(self.engine.execution_options(isolation_level="AUTOCOMMIT"))
            if autocommit
            else self.sessions
        )

    @contextmanager
    def read(self, *, atomic: bool = True) -> Iterator[Session]:
        """A reading unit of work; ``atomic=False`` for reads that need no common snapshot
        and write nothing (on PostgreSQL they run without a transaction)."""
        with transaction(self.sessions if atomic else self.statements) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with transaction(self.sessions, write=True) as session:
            yield session


# The two below are coroutines only so that FastAPI calls them on the event loop: a plain
# function dependency is run in the thread pool, a hop that cost more than the read it serves.
async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


def settings_of(request: Request) -> Settings:
    """The settings of the application serving ``request``."""
    settings: Settings = request.app.state.settings
    return settings


DB = Annotated[Database, Depends(get_db)]


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


@dataclass(frozen=True)
class Caller:
    """Who sent a request: the actor, how they signed in, and their session's CSRF token.

    ``kind`` is ``"api"`` (bearer token), ``"session"`` (page cookie) or ``""`` (nobody signed
    in: the actor is :data:`~cityclimate.services.actors.ANONYMOUS`); ``csrf`` is empty unless
    ``kind`` is ``"session"``.
    """

    actor: Actor
    kind: str
    csrf: str

    def csrf_matches(self, sent: str) -> bool:
        """Whether ``sent`` is this session's CSRF token (compared in constant time)."""
        return bool(self.csrf) and hmac.compare_digest(sent, self.csrf)


NOBODY = Caller(ANONYMOUS, "", "")


def credential(request: Request, *, bearer: bool = True) -> tuple[str, str]:
    """The secret a request signs in with and its kind: a bearer token (``"api"``, when
    ``bearer``), else the page session cookie (``"session"``); ``""`` as secret if none."""
    if bearer:
        scheme, _, sent = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and sent.strip():
            return sent.strip(), "api"
    return request.cookies.get(SESSION_COOKIE, "").strip(), "session"


def caller(request: Request, db: Database, *, bearer: bool = True) -> Caller | None:
    """Who is asking: from a bearer token (when ``bearer``), else the page session cookie.

    Returns :data:`NOBODY` when the request carries no credential and None when it carries one
    that is unknown, expired or revoked, or whose user is inactive. A token read in this process
    less than ``token_cache_seconds`` ago is not read again (:class:`~cityclimate.services.
    accounts.RecentSignIns`).
    """
    secret, kind = credential(request, bearer=bearer)
    if not secret:
        return NOBODY
    found = recent_caller(request, secret, kind)
    if found is not None:
        return found
    with db.read(atomic=False) as session:
        signed_in = accounts.signed_in(session, secret, kind)
    return None if signed_in is None else _caller(request, kind, signed_in)


def recent_caller(request: Request, secret: str, kind: str) -> Caller | None:
    """The caller of ``secret`` if this process read it lately enough, else None (unknown)."""
    max_age = settings_of(request).token_cache_seconds
    signed_in = accounts.RECENT_SIGN_INS.get(secret, kind, max_age)
    return None if signed_in is None else _caller(request, kind, signed_in)


def _caller(request: Request, kind: str, signed_in: accounts.SignedIn) -> Caller:
    csrf = signed_in.csrf_token if kind == "session" else ""
    return Caller(signed_in.actor(client_of(request)), kind, csrf)


def page_language(request: Request) -> str:
    """The language of the pages: the language cookie if it names one, else zh-CN."""
    chosen = request.cookies.get(LANG_COOKIE)
    return pick_language(chosen)


def pick_language(code: str | None) -> str:
    """``code`` if it is a language of the pages, else the default (zh-CN)."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def prefers_english(request: Request) -> bool:
    """Whether an API client asks for English: the ``lang`` query parameter if given, else the
    ``Accept-Language`` header (``en…``); zh-CN otherwise (the rule of :meth:`Text.pick`)."""
    chosen = request.query_params.get("lang") or request.headers.get("accept-language")
    return is_english(chosen)
