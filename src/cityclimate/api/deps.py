"""Dependencies of the routes: the database, who is asking, and which roles a route allows.

Every route declares its rule with :func:`allow` (the authorisation matrix test reads the route
table and fails for a route without one). API clients send ``Authorization: Bearer <token>``;
the web pages send their session cookie, and for unsafe methods the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.services import accounts
from cityclimate.services.actors import ANONYMOUS, Actor
from cityclimate.settings import Settings
from cityclimate.storage import transaction

SESSION_COOKIE = "cityclimate_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

ANYONE = "anyone"
ALL_ROLES = ("admin", "climate_office", "department", "enterprise", "public")
STAFF = ("admin", "climate_office", "department")
DATA_PROVIDERS = ("admin", "climate_office", "department", "enterprise")
INVENTORY_WRITERS = ("admin", "climate_office")
ADMIN = ("admin",)


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


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


def _unauthorised() -> HTTPException:
    return HTTPException(
        401,
        detail={"zh": "需要登录：请提供有效的访问令牌", "en": "sign in: send a valid bearer token"},
        headers={"WWW-Authenticate": "Bearer"},
    )


def current_actor(request: Request, db: Annotated[Database, Depends(get_db)]) -> Actor:
    """The actor of the request: from a bearer token, or a page session (CSRF-checked)."""
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    kind = "api"
    if scheme.lower() != "bearer" or not secret:
        secret = request.cookies.get(SESSION_COOKIE, "")
        kind = "session"
    if not secret:
        return ANONYMOUS
    with db.read() as session:
        row = accounts.resolve_token(session, secret.strip(), kind)
        if row is None:
            raise _unauthorised()
        if kind == "session" and request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent, row.csrf_token):
                raise HTTPException(
                    403,
                    detail={
                        "zh": "CSRF 校验失败：请刷新页面后重试",
                        "en": "CSRF check failed: reload the page and retry",
                    },
                )
        user = row.user
        return Actor(user.id, user.username, user.role, client_of(request))


class Rule:
    """A dependency allowing the given roles (or anyone); returns the actor."""

    def __init__(self, *roles: str) -> None:
        self.roles = frozenset(roles)

    async def __call__(self, actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if ANYONE in self.roles:
            return actor
        if actor.role == ANONYMOUS.role:
            raise _unauthorised()
        if actor.role not in self.roles:
            raise HTTPException(
                403,
                detail={"zh": "您的角色无权执行此操作", "en": "your role may not do this"},
            )
        return actor


def allow(*roles: str) -> Callable[..., Awaitable[Actor]]:
    return Rule(*roles)


DB = Annotated[Database, Depends(get_db)]

#: A database id in a path: bounded so that no client can overflow an integer column.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
