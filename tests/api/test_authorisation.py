"""The authorisation matrix: every route × every role (and no sign-in), generated from the app's
route table. A route that is not in RULES fails here, so no route ships without a rule.

Allowed means "not refused": the call may still be 404/409/422 for the made-up ids and empty
bodies used here; refused means 401 without a sign-in and 403 with a role that may not.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from cityclimate.api.routers import API_PREFIX, ROUTERS
from cityclimate.storage.models import ROLES
from tests.rules import ADMIN, ANYONE, PROVIDERS, SIGNED_IN, STAFF, WRITERS, module_rules

RULES: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/health"): ANYONE,
    ("POST", "/api/v1/auth/token"): ANYONE,
    ("DELETE", "/api/v1/auth/token"): SIGNED_IN,
    ("GET", "/api/v1/me"): SIGNED_IN,
    ("GET", "/api/v1/territories"): SIGNED_IN,
    ("GET", "/api/v1/territories/{code}"): SIGNED_IN,
    ("POST", "/api/v1/territories"): ADMIN,
    ("POST", "/api/v1/imports"): PROVIDERS,
    ("GET", "/api/v1/imports"): PROVIDERS,
    ("GET", "/api/v1/imports/template"): PROVIDERS,
    ("GET", "/api/v1/imports/{import_id}"): PROVIDERS,
    ("GET", "/api/v1/imports/{import_id}/records"): PROVIDERS,
    ("POST", "/api/v1/imports/{import_id}/confirm"): STAFF,
    ("POST", "/api/v1/imports/{import_id}/discard"): STAFF,
    ("GET", "/api/v1/factor-sets"): SIGNED_IN,
    ("GET", "/api/v1/dashboard"): SIGNED_IN,
    ("GET", "/api/v1/inventories"): SIGNED_IN,
    ("POST", "/api/v1/inventories"): WRITERS,
    ("GET", "/api/v1/inventories/{version_id}"): SIGNED_IN,
    ("POST", "/api/v1/inventories/{version_id}/recompute"): WRITERS,
    ("POST", "/api/v1/inventories/{version_id}/publish"): WRITERS,
    ("POST", "/api/v1/inventories/{version_id}/recalculate"): WRITERS,
    ("GET", "/api/v1/inventories/{version_id}/diff"): SIGNED_IN,
    ("GET", "/api/v1/inventories/{version_id}/results"): SIGNED_IN,
    ("GET", "/api/v1/inventories/{version_id}/results/{result_id}/lineage"): SIGNED_IN,
    ("GET", "/api/v1/inventories/{version_id}/report"): SIGNED_IN,
    ("GET", "/api/v1/users"): ADMIN,
    ("POST", "/api/v1/users"): ADMIN,
    ("PATCH", "/api/v1/users/{user_id}"): ADMIN,
    ("GET", "/api/v1/audit"): ADMIN,
}

# Each module adds the rules of its own routes in tests/rules/<module>.py as
# ``API_RULES`` (same shape); they are merged here, so a new module never edits this table.
RULES.update(module_rules("API_RULES"))

PATH_VALUES = {
    "{code}": "LJ-2016",
    "{import_id}": "1",
    "{version_id}": "1",
    "{result_id}": "1",
    "{user_id}": "1",
}


def api_routes() -> list[tuple[str, str]]:
    return sorted(
        (method, API_PREFIX + route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    )


def test_the_app_serves_exactly_these_routes(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    served = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert served == set(api_routes())


def test_every_route_has_a_rule_and_every_rule_a_route() -> None:
    routes = set(api_routes())
    assert routes - set(RULES) == set(), "routes without an authorisation rule"
    assert set(RULES) - routes == set(), "rules for routes that no longer exist"


@pytest.mark.parametrize(("method", "path"), api_routes())
def test_route_by_role(method: str, path: str, client: TestClient, tokens: dict[str, str]) -> None:
    allowed = RULES.get((method, path))
    assert allowed is not None, f"{method} {path} has no rule in RULES"
    url = path
    for key, value in PATH_VALUES.items():
        url = url.replace(key, value)
    if path == "/api/v1/dashboard":
        url += "?territory=LJ-2016"
    for who in ["anonymous", *ROLES]:
        headers = {} if who == "anonymous" else {"Authorization": f"Bearer {tokens[who]}"}
        body = None if method in ("GET", "DELETE") else {}
        response = client.request(method, url, headers=headers, json=body)
        status = response.status_code
        if who in allowed:
            assert status not in (401, 403), (
                f"{who} refused on {method} {path}: {response.text[:200]}"
            )
            assert status < 500, f"{method} {path} as {who}: {status}"
        elif who == "anonymous":
            assert status == 401, f"{method} {path} without sign-in gave {status}"
            assert response.headers["content-type"] == "application/problem+json"
        else:
            assert status == 403, f"{who} on {method} {path} gave {status}"
