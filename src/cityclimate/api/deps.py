"""Dependencies of the API routes: who is asking, and which roles a route allows.

Every route declares its rule with :func:`allow` (the authorisation matrix test reads the route
table and fails for a route without one). What the API shares with the pages (the database, the
caller from a bearer token or the page session cookie, the settings) is :mod:`cityclimate.requests`;
the role groups are :mod:`cityclimate.services.actors`. Both are re-exported here for the routes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool

from cityclimate.requests import (
    CSRF_HEADER,
    DB,
    NOBODY,
    SAFE_METHODS,
    Database,
    caller,
    client_of,
    credential,
    get_db,
    get_settings,
    recent_caller,
)
from cityclimate.services.actors import (
    ADMIN,
    ALL_ROLES,
    ANONYMOUS,
    DATA_PROVIDERS,
    INVENTORY_WRITERS,
    STAFF,
    Actor,
)

__all__ = [
    "ADMIN",
    "ALL_ROLES",
    "ANYONE",
    "DATA_PROVIDERS",
    "DB",
    "INVENTORY_WRITERS",
    "STAFF",
    "Database",
    "Id",
    "Rule",
    "allow",
    "client_of",
    "current_actor",
    "get_db",
    "get_settings",
]

ANYONE = "anyone"


def _unauthorised() -> HTTPException:
    return HTTPException(
        401,
        detail={"zh": "需要登录：请提供有效的访问令牌", "en": "sign in: send a valid bearer token"},
        headers={"WWW-Authenticate": "Bearer"},
    )


async def current_actor(request: Request, db: Annotated[Database, Depends(get_db)]) -> Actor:
    """The actor of the request: from a bearer token, or a page session (CSRF-checked).

    A coroutine: a token this process read lately is answered on the event loop; only a token
    to read from the database costs a hop to the thread pool (issue 20: reads under load).
    """
    secret, kind = credential(request)
    found = recent_caller(request, secret, kind) if secret else NOBODY
    if found is None:
        found = await run_in_threadpool(caller, request, db)
    if found is None:
        raise _unauthorised()
    unsafe = found.kind == "session" and request.method not in SAFE_METHODS
    if unsafe and not found.csrf_matches(request.headers.get(CSRF_HEADER, "")):
        raise HTTPException(
            403,
            detail={
                "zh": "CSRF 校验失败：请刷新页面后重试",
                "en": "CSRF check failed: reload the page and retry",
            },
        )
    return found.actor


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


#: A database id in a path: bounded so that no client can overflow an integer column.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
