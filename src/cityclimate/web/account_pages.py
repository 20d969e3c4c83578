"""Signing in and out, and the language switch. The sign-in form carries its own CSRF token (a
cookie set with the form), as nobody is signed in yet."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import CityClimateError
from cityclimate.requests import DB, SESSION_COOKIE, client_of, settings_of
from cityclimate.services import accounts
from cityclimate.services.errors import AuthenticationError
from cityclimate.web import i18n
from cityclimate.web.page import Reader, bare

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "cityclimate_login_csrf"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = bare(request, "login.html", csrf=token, next=_safe_next(next), error="")
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=settings_of(request).secure_cookies,
        samesite="strict",
        path="/",
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DB,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    settings = settings_of(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        return bare(request, "login.html", 403, csrf=expected, next=_safe_next(next), error="csrf")
    client = client_of(request)
    try:
        with db.write() as session:
            user = accounts.authenticate(
                session,
                username,
                password,
                client=client,
                max_failures=settings.login_attempts,
                window_s=settings.login_window_seconds,
            )
            secret, _ = accounts.issue_token(
                session, user, kind="session", hours=settings.token_hours, client=client
            )
    except AuthenticationError:
        with db.write() as session:
            accounts.record_failure(session, username, client)
        return bare(request, "login.html", 401, csrf=expected, next=_safe_next(next), error="wrong")
    except CityClimateError:
        return bare(
            request, "login.html", 429, csrf=expected, next=_safe_next(next), error="throttled"
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_cookie(request, response, SESSION_COOKIE, secret, max_age=int(settings.token_hours * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(p: Reader, csrf_token: Annotated[str, Form(max_length=100)]) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        accounts.revoke_token(session, p.actor, p.request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        i18n.LANG_COOKIE,
        i18n.pick(code),
        max_age=365 * 24 * 3600,
        samesite="lax",
        secure=settings_of(request).secure_cookies,
        httponly=True,
        path="/",
    )
    return response
