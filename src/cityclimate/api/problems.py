"""Errors as RFC 9457 problem details (``application/problem+json``), in zh and en.

``title``/``detail`` are in the request's language (``Accept-Language``: zh-CN by default,
English when the client prefers it); ``detail_zh`` and ``detail_en`` are always both present;
data errors list every located problem under ``errors``.
"""

from __future__ import annotations

import errno
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from cityclimate.errors import CityClimateError, DataValidationError
from cityclimate.io.limits import FileTooLargeError
from cityclimate.requests import prefers_english
from cityclimate.services.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)
from cityclimate.text import Text

LOG = logging.getLogger("cityclimate.api")
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://cityclimate.example/problems/"

TITLES = {
    400: ("请求有误", "Bad request"),
    401: ("需要登录", "Authentication required"),
    403: ("无权访问", "Forbidden"),
    404: ("未找到", "Not found"),
    405: ("方法不允许", "Method not allowed"),
    409: ("状态冲突", "Conflict"),
    413: ("文件过大", "Payload too large"),
    422: ("数据有误", "Unprocessable content"),
    429: ("请求过多", "Too many requests"),
    503: ("服务暂不可用", "Service unavailable"),
    507: ("存储空间不足", "Insufficient storage"),
    500: ("服务器内部错误", "Internal server error"),
}

STATUS_OF: list[tuple[type[CityClimateError], int, str]] = [
    (FileTooLargeError, 413, "too-large"),  # a DataValidationError: before it
    (DataValidationError, 422, "invalid-data"),
    (NotFoundError, 404, "not-found"),
    (ConflictError, 409, "conflict"),
    (AuthenticationError, 401, "authentication"),
    (ThrottledError, 429, "throttled"),
    (PermissionDeniedError, 403, "forbidden"),
]


def problem(
    request: Request,
    status: int,
    detail_zh: str,
    detail_en: str,
    *,
    kind: str = "",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    render_page = getattr(request.app.state, "render_error", None)
    if (
        render_page is not None
        and not request.url.path.startswith("/api/")
        and "text/html" in request.headers.get("accept", "")
    ):
        page: Response = render_page(request, status, Text(detail_zh, detail_en))
        return page
    title_zh, title_en = TITLES.get(status, ("错误", "Error"))
    english = prefers_english(request)
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": title_en if english else title_zh,
        "status": status,
        "detail": detail_en if english else detail_zh,
        "instance": request.url.path,
        "title_zh": title_zh,
        "title_en": title_en,
        "detail_zh": detail_zh,
        "detail_en": detail_en,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _domain(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CityClimateError)
    status, kind = next(
        ((code, name) for cls, code, name in STATUS_OF if isinstance(exc, cls)),
        (400, "bad-request"),
    )
    errors = None
    headers = None
    zh, en = exc.message_zh, exc.message_en
    if isinstance(exc, DataValidationError):
        n = len(exc.problems)
        zh = f"输入数据有 {n} 个问题，未做任何计算或保存（逐条见 errors）"
        en = f"the input has {n} problem(s); nothing was computed or saved (each is listed in errors)"
        errors = [
            {
                "where": p.where,
                "row": p.row,
                "field": p.field,
                "column": p.column,
                "value": p.value,
                "message_zh": p.message_zh,
                "message_en": p.message_en,
            }
            for p in exc.problems
        ]
    if isinstance(exc, ThrottledError):
        headers = {"Retry-After": str(exc.retry_after_s)}
    if isinstance(exc, AuthenticationError):
        headers = {"WWW-Authenticate": "Bearer"}
    return problem(request, status, zh, en, kind=kind, errors=errors, headers=headers)


def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "where": "request",
            "row": None,
            "field": ".".join(str(p) for p in e.get("loc", ())),
            "column": None,
            "value": "",
            "message_zh": f"参数无效：{e.get('msg', '')}",
            "message_en": f"invalid parameter: {e.get('msg', '')}",
        }
        for e in exc.errors()
    ]
    return problem(
        request,
        422,
        "请求参数无效",
        "the request's parameters are invalid",
        kind="invalid-request",
        errors=errors,
    )


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _disk_full(exc.__cause__):  # the body could not be spooled ("error parsing the body")
        return _full(request)
    title_zh, title_en = TITLES.get(exc.status_code, ("错误", "Error"))
    detail: dict[str, Any] = exc.detail if isinstance(exc.detail, dict) else {}
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem(
        request,
        exc.status_code,
        str(detail.get("zh", title_zh)),
        str(detail.get("en", exc.detail if isinstance(exc.detail, str) else title_en)),
        headers=headers,
    )


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers at this path (Starlette's 405 names only the
    first route matching the path, so ``GET`` and ``POST`` routes of one path hid each other)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = dict(request.scope, method=method)
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


#: How the databases say a lock could not be had in time (SQLite's busy timeout, PostgreSQL's
#: lock_timeout) and that the storage is full.
_BUSY = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
_FULL = ("database or disk is full", "no space left on device", "could not extend file")
#: Seconds a client should wait before retrying when the database is busy.
RETRY_AFTER_S = 5


def _disk_full(exc: BaseException | None) -> bool:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    return isinstance(exc, OperationalError) and any(t in str(exc).lower() for t in _FULL)


def _full(request: Request) -> Response:
    LOG.error("storage full on %s %s", request.method, request.url.path)
    return problem(
        request,
        507,
        "服务器存储空间已满，未保存任何内容；请联系管理员清理磁盘后重试",
        "the server's storage is full; nothing was saved. Ask the administrator to free disk "
        "space, then retry",
        kind="storage-full",
    )


def _storage(request: Request, exc: Exception) -> Response:
    """A database that is busy (503, retry later) or full (507); anything else is a 500."""
    assert isinstance(exc, OperationalError)
    if _disk_full(exc):
        return _full(request)
    if any(t in str(exc).lower() for t in _BUSY):
        LOG.warning("database busy on %s %s", request.method, request.url.path)
        return problem(
            request,
            503,
            f"数据库正忙（另一项写入尚未完成），未做任何更改；请 {RETRY_AFTER_S} 秒后重试",
            f"the database is busy with another write; nothing was changed. Retry in "
            f"{RETRY_AFTER_S} s",
            kind="busy",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
    return _unexpected(request, exc)


def _unexpected(request: Request, exc: Exception) -> Response:
    LOG.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        request,
        500,
        "服务器内部错误，已记录；请稍后重试或联系管理员",
        "internal server error, logged; retry later or contact the administrator",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(CityClimateError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(OperationalError, _storage)
    app.add_exception_handler(Exception, _unexpected)
