"""Health and sign-in (bearer tokens)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import text

import cityclimate
from cityclimate.api.deps import ALL_ROLES, ANYONE, DB, allow, client_of, get_settings
from cityclimate.api.schemas import Health, TokenOut, TokenRequest, UserOut
from cityclimate.services import accounts
from cityclimate.services.actors import Actor
from cityclimate.services.errors import AuthenticationError
from cityclimate.settings import Settings

router = APIRouter()


@router.get("/health", response_model=Health, tags=["system"])
def health(db: DB, _: Annotated[Actor, Depends(allow(ANYONE))]) -> Health:
    """服务与数据库状态 · Service and database status."""
    with db.read() as session:
        session.execute(text("SELECT 1"))
    return Health(
        status="ok",
        database=db.engine.dialect.name,
        version=getattr(cityclimate, "__version__", "0.1.0"),
    )


@router.post("/auth/token", response_model=TokenOut, tags=["auth"])
def sign_in(
    body: TokenRequest,
    request: Request,
    db: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    _: Annotated[Actor, Depends(allow(ANYONE))],
) -> TokenOut:
    """登录并获取访问令牌 · Sign in and get a bearer token (throttled after failures)."""
    client = client_of(request)
    try:
        with db.write() as session:
            user = accounts.authenticate(
                session,
                body.username,
                body.password,
                client=client,
                max_failures=settings.login_attempts,
                window_s=settings.login_window_seconds,
            )
            secret, row = accounts.issue_token(
                session, user, kind="api", hours=settings.token_hours, client=client
            )
            return TokenOut(access_token=secret, expires_at=row.expires_at, role=user.role)
    except AuthenticationError:
        with db.write() as session:
            accounts.record_failure(session, body.username, client)
        raise


@router.delete("/auth/token", status_code=204, tags=["auth"])
def sign_out(request: Request, db: DB, actor: Annotated[Actor, Depends(allow(*ALL_ROLES))]) -> None:
    """注销当前令牌 · Revoke the token of this request."""
    secret = request.headers.get("authorization", "").partition(" ")[2].strip()
    if secret:
        with db.write() as session:
            accounts.revoke_token(session, actor, secret)


@router.get("/me", response_model=UserOut, tags=["auth"])
def me(db: DB, actor: Annotated[Actor, Depends(allow(*ALL_ROLES))]) -> UserOut:
    """当前用户 · The signed-in user."""
    with db.read() as session:
        return UserOut(**accounts.user_view(accounts.get_user(session, actor.user_id)))
