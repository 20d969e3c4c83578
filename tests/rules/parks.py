"""Authorisation rules of the parks and pilots routes (issue 18)."""

from __future__ import annotations

from tests.rules import ANYONE, SIGNED_IN, STAFF, WRITERS

P = "/api/v1/parks"
API_RULES = {
    ("GET", f"{P}/indicator-sets"): SIGNED_IN,
    ("GET", f"{P}/disclosures"): ANYONE,
    ("GET", f"{P}/sector"): SIGNED_IN,
    ("PUT", f"{P}/sector"): WRITERS,
    ("GET", P): SIGNED_IN,
    ("PUT", f"{P}/{{park_id}}"): WRITERS,
    ("GET", f"{P}/{{park_id}}"): SIGNED_IN,
    ("PUT", f"{P}/{{park_id}}/data/{{kind}}"): WRITERS,
    ("GET", f"{P}/{{park_id}}/inventory/{{year}}"): STAFF,
    ("GET", f"{P}/{{park_id}}/evaluation"): STAFF,
    ("POST", f"{P}/{{park_id}}/evaluations/{{year}}/publish"): WRITERS,
    ("GET", f"{P}/{{park_id}}/self-assessment.xlsx"): STAFF,
}

PAGES_RULES = {
    ("GET", "/parks"): SIGNED_IN,
    ("GET", "/parks/{park_id}"): STAFF,
    ("POST", "/parks/{park_id}/publish"): WRITERS,
    ("GET", "/parks/{park_id}/self-assessment.xlsx"): STAFF,
}
