"""The OpenAPI document tells the truth about errors: every status a route can answer is listed,
as ``application/problem+json`` with the :class:`~cityclimate.api.schemas.Problem` schema and
the headers that come with it (``Retry-After``, ``WWW-Authenticate``).

FastAPI documents only what a route declares, and as ``application/json``; the errors come from
one place (:mod:`cityclimate.api.problems`), so they are documented from one place too: the
statuses follow from what an operation is (every operation, a write, an upload, the sign-in).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from cityclimate.api.schemas import Problem

MEDIA_TYPE = "application/problem+json"
REF = "#/components/schemas/Problem"
RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before retrying",
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}

#: Status → (description, headers), by what the operation is.
EVERY: dict[int, tuple[str, dict[str, Any]]] = {
    400: ("a rule of the domain refused the request · 请求不符合业务规则", {}),
    401: (
        "sign in: a missing, wrong or expired token · 需要登录",
        {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}},
    ),
    403: ("the role may not do this, or the CSRF check failed · 无权访问", {}),
    404: ("not found, or not visible to this role · 未找到", {}),
    409: ("conflicts with the record's current state · 状态冲突", {}),
    422: ("invalid request or data; every problem located under errors · 数据有误", {}),
    503: ("the database is busy (a long write): retry after Retry-After · 数据库繁忙", RETRY_AFTER),
}
WRITES: dict[int, tuple[str, dict[str, Any]]] = {
    507: ("the database's storage is full · 存储空间已满", {}),
}
UPLOADS: dict[int, tuple[str, dict[str, Any]]] = {
    413: ("the file or one of its parts is too large · 文件过大", {}),
}
SIGN_IN: dict[int, tuple[str, dict[str, Any]]] = {
    429: ("too many failed sign-ins from this client · 登录失败次数过多", RETRY_AFTER),
}
_WRITE_METHODS = {"post", "put", "patch", "delete"}


def statuses(
    path: str, method: str, operation: dict[str, Any]
) -> dict[int, tuple[str, dict[str, Any]]]:
    """The error statuses an operation may answer, with their descriptions and headers."""
    out = dict(EVERY)
    if method in _WRITE_METHODS:
        out |= WRITES
    if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
        out |= UPLOADS
    if method == "post" and path.endswith("/auth/token"):
        out |= SIGN_IN
    return out


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite ``schema`` (an OpenAPI document, in place): every error response of every
    operation as problem+json; FastAPI's own validation-error schemas removed."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            own = {c: _own_body(responses.pop(c)) for c in [c for c in responses if c[0] in "45"]}
            for status, (description, headers) in sorted(statuses(path, method, operation).items()):
                response: dict[str, Any] = {
                    "description": description,
                    "content": {MEDIA_TYPE: {"schema": {"$ref": REF}}, **own.get(str(status), {})},
                }
                if headers:
                    response["headers"] = headers
                responses[str(status)] = response
    return schema


def _own_body(response: dict[str, Any]) -> dict[str, Any]:
    """A route's own error body that is not a Problem (the PACT API's ``{code, message}``),
    kept beside problem+json; a declared Problem is already there, and FastAPI's own 422 body is
    never sent (validation errors are answered as problems)."""
    content = response.get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    return {} if not content or ref in (REF, _FASTAPI_422) else dict(content)


_FASTAPI_422 = "#/components/schemas/HTTPValidationError"


def install(app: FastAPI) -> None:
    """Serve the rewritten document at the app's ``openapi_url`` (built once, on first use)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
