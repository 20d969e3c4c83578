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
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.services import accounts
from cityclimate.services.actors import ANONYMOUS, Actor
from cityclimate.settings import Settings
from cityclimate.storage import transaction
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

    @contextmanager
    def read(self) -> Iterator[Session]:
        with transaction(self.sessions) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with transaction(self.sessions, write=True) as session:
            yield session


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_settings(request: Request) -> Settings:
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


def caller(request: Request, db: Database, *, bearer: bool = True) -> Caller | None:
    """Who is asking: from a bearer token (when ``bearer``), else the page session cookie.

    Returns :data:`NOBODY` when the request carries no credential and None when it carries one
    that is unknown, expired or revoked, or whose user is inactive.
    """
    secret, kind = "", "session"
    if bearer:
        scheme, _, sent = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and sent:
            secret, kind = sent, "api"
    if not secret:
        secret = request.cookies.get(SESSION_COOKIE, "")
    secret = secret.strip()
    if not secret:
        return NOBODY
    with db.read() as session:
        row = accounts.resolve_token(session, secret, kind)
        if row is None:
            return None
        user = row.user
        actor = Actor(user.id, user.username, user.role, client_of(request))
        return Caller(actor, kind, row.csrf_token if kind == "session" else "")


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
