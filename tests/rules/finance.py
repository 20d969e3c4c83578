"""Authorisation rules of the climate-finance routes (issue 14)."""

from __future__ import annotations

from tests.rules import ANYONE, SIGNED_IN, STAFF, WRITERS

API_RULES = {
    ("GET", "/api/v1/finance/projects"): ANYONE,
    ("GET", "/api/v1/finance/projects/{project_id}"): ANYONE,
    ("POST", "/api/v1/finance/projects/{project_id}/stage"): WRITERS,
    ("PUT", "/api/v1/finance/projects/{project_id}/monitored"): WRITERS,
    ("POST", "/api/v1/finance/import"): WRITERS,
    ("POST", "/api/v1/finance/monitored"): WRITERS,
    ("GET", "/api/v1/finance/template.xlsx"): SIGNED_IN,
    ("GET", "/api/v1/finance/export"): ANYONE,
    ("GET", "/api/v1/finance/statistics"): ANYONE,
    ("GET", "/api/v1/finance/gaps"): SIGNED_IN,
    ("POST", "/api/v1/finance/projects/{project_id}/interest"): {"financier"},
    ("GET", "/api/v1/finance/interests"): WRITERS | {"financier"},
    ("GET", "/api/v1/finance/claims"): STAFF,
    ("POST", "/api/v1/finance/claims"): WRITERS,
}

PAGES_RULES = {
    ("GET", "/finance"): SIGNED_IN,
    ("POST", "/finance/import"): WRITERS,
    ("POST", "/finance/monitored"): WRITERS,
    ("GET", "/finance/library.xlsx"): SIGNED_IN,
    ("GET", "/finance/projects/{project_id}"): SIGNED_IN,
    ("POST", "/finance/projects/{project_id}/stage"): WRITERS,
    ("POST", "/finance/projects/{project_id}/interest"): {"financier"},
    ("GET", "/finance/gaps"): SIGNED_IN,
    ("GET", "/finance/investors"): WRITERS | {"financier"},
    ("GET", "/finance/public"): ANYONE,
}
