"""The PACT Technical Specifications v3 API (``/api/v1/pact``): the OAuth2 client-credentials
token action, ListFootprints, GetFootprint and the Events action.

Derived from the PACT Technical Specifications of the World Business Council for Sustainable
Development (see ``cityclimate/io/schemas/pact/README.md``). Errors follow the specification's
``{"code", "message"}`` bodies, not problem+json: a bearer token that is sent but not valid is a
``400 BadRequest`` (conformance test cases 6, 7 and 16), an unknown footprint ``404
NoSuchFootprint``, an invalid event ``400 BadRequest`` naming the field. A call without any
token gets the platform's ``401`` like every other route.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, FastAPI, Form, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from cityclimate.api.deps import (
    ALL_ROLES,
    ANYONE,
    DB,
    Database,
    allow,
    client_of,
    get_db,
    get_settings,
)
from cityclimate.errors import DataValidationError
from cityclimate.io.pact_schema import pact_openapi
from cityclimate.requests import caller
from cityclimate.services import accounts
from cityclimate.services.actors import Actor
from cityclimate.services.errors import AuthenticationError
from cityclimate.services.footprints import exchange
from cityclimate.settings import Settings

router = APIRouter(prefix="/pact", tags=["pact"])
MAX_LIMIT = 1000


class PactError(Exception):
    """An error answered in the PACT ``Error`` form ``{"code", "message"}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class ErrorBody(BaseModel):
    code: str
    message: str


class TokenError(BaseModel):
    error: str
    error_description: str


class Token(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class FootprintList(BaseModel):
    data: list[dict[str, Any]] = Field(description="PACT v3 ProductFootprints")


class FootprintOne(BaseModel):
    data: dict[str, Any] = Field(description="a PACT v3 ProductFootprint")


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "invalid token or request (PACT Error)"},
}


def install(app: FastAPI) -> None:
    """Answer :class:`PactError` in the specification's form."""

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PactError)
        return JSONResponse({"code": exc.code, "message": exc.message}, status_code=exc.status)

    app.add_exception_handler(PactError, handler)


def pact_caller(request: Request, db: Annotated[Database, Depends(get_db)]) -> None:
    """A bearer token that is sent but not valid: 400 BadRequest (before the platform's 401)."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and secret.strip() and caller(request, db) is None:
        raise PactError(400, "BadRequest", "Invalid token provided")


Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Checked = Depends(pact_caller)


@router.post(
    "/auth/token",
    response_model=Token,
    responses={400: {"model": TokenError}, 401: {"model": TokenError}},
)
def token(
    request: Request,
    db: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    _: Annotated[Actor, Depends(allow(ANYONE))],
    grant_type: Annotated[str, Form(max_length=40)] = "client_credentials",
) -> Any:
    """PACT 认证（OAuth2 客户端凭据）· PACT AuthenticationAction: OAuth2 client credentials
    (HTTP Basic with the platform user's name and password)."""
    if grant_type != "client_credentials":
        return JSONResponse(
            {"error": "unsupported_grant_type", "error_description": "use client_credentials"},
            status_code=400,
        )
    scheme, _sep, encoded = request.headers.get("authorization", "").partition(" ")
    try:
        username, _colon, password = (
            base64.b64decode(encoded, validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError, ValueError):
        username = password = ""
    if scheme.lower() != "basic" or not username:  # no client authentication attempted: 400
        return JSONResponse(
            {"error": "invalid_client", "error_description": "send HTTP Basic client credentials"},
            status_code=400,
        )
    client = client_of(request)
    try:
        with db.write() as session:
            user = accounts.authenticate(
                session, username, password, client=client,
                max_failures=settings.login_attempts, window_s=settings.login_window_seconds,
            )  # fmt: skip
            secret, _row = accounts.issue_token(
                session, user, kind="api", hours=settings.token_hours, client=client
            )
            hours = settings.token_hours
            return Token(access_token=secret, expires_in=int(hours * 3600))
    except AuthenticationError:
        with db.write() as session:
            accounts.record_failure(session, username, client)
        return _invalid_client()


def _invalid_client() -> JSONResponse:
    """Client authentication attempted and failed: 401 (RFC 6749 §5.2)."""
    return JSONResponse(
        {"error": "invalid_client", "error_description": "Client authentication failed"},
        status_code=401,
        headers={"WWW-Authenticate": "Basic"},
    )


@router.get(
    "/3/footprints",
    response_model=FootprintList,
    responses={**_ERRORS, 200: {"headers": {"Link": {"schema": {"type": "string"}}}}},
    dependencies=[Checked],
)
def list_footprints(
    request: Request,
    db: DB,
    _: Reader,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT)] = None,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    product_id: Annotated[list[str] | None, Query(alias="productId", max_length=50)] = None,
    company_id: Annotated[list[str] | None, Query(alias="companyId", max_length=50)] = None,
    geography: Annotated[list[str] | None, Query(max_length=50)] = None,
    classification: Annotated[list[str] | None, Query(max_length=50)] = None,
    status: Annotated[str | None, Query(pattern="^(Active|Deprecated)$")] = None,
) -> Any:
    """PACT ListFootprints：已发布的碳足迹（筛选与分页）· Published footprints, filtered; a
    ``Link`` header (rel="next") when more follow."""
    filters = {
        "productId": product_id or [],
        "companyId": company_id or [],
        "geography": geography or [],
        "classification": classification or [],
        "status": [status] if status else [],
    }
    with db.read() as session:
        page, more = exchange.list_footprints(session, filters, limit=limit, offset=offset)
    response = JSONResponse({"data": page})
    if more and limit is not None:
        following = request.url.include_query_params(limit=limit, offset=offset + limit)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return response


@router.get(
    "/3/footprints/{footprint_id}",
    response_model=FootprintOne,
    responses={**_ERRORS, 404: {"model": ErrorBody}},
    dependencies=[Checked],
)
def get_footprint(
    footprint_id: Annotated[str, Path(min_length=1, max_length=100)], db: DB, _: Reader
) -> FootprintOne:
    """PACT GetFootprint · One footprint by id."""
    with db.read() as session:
        document = exchange.get_footprint(session, footprint_id)
    if document is None:
        raise PactError(
            404, "NoSuchFootprint", f"Footprint with ID '{footprint_id}' does not exist"
        )
    return FootprintOne(data=document)


@router.post(
    "/3/events",
    status_code=200,
    response_class=Response,
    responses={**_ERRORS, 200: {"description": "event accepted (empty body)", "content": {}}},
    dependencies=[Checked],
)
def events(
    db: DB,
    actor: Reader,
    event: Annotated[dict[str, Any], Body(media_type="application/cloudevents+json")],
) -> Response:
    """PACT Events：请求、完成、拒绝与发布事件 · CloudEvents (request created, fulfilled,
    rejected, published): checked against the schema and kept; 200 with an empty body."""
    try:
        with db.write() as session:
            exchange.receive_event(session, actor, event, pact_openapi())
    except DataValidationError as exc:
        first = exc.problems[0]
        raise PactError(400, "BadRequest", f"{first.field}: {first.message.en}") from exc
    return Response(status_code=200)
