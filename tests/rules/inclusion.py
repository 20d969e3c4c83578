"""Authorisation rules of the carbon-inclusion routes (issue 15): aggregates and methods for
anyone, a resident's own account for any signed-in user, the rest for the climate office."""

from __future__ import annotations

from tests.rules import ANYONE, SIGNED_IN, WRITERS

P = "/api/v1/inclusion"
API_RULES = {
    ("GET", f"{P}/methodologies"): ANYONE,
    ("GET", f"{P}/statistics"): ANYONE,
    ("GET", f"{P}/ledger/verify"): ANYONE,
    ("GET", f"{P}/office"): WRITERS,
    ("POST", f"{P}/sources/{{source_id}}/batches"): WRITERS,
    ("POST", f"{P}/sources/{{source_id}}/convert"): WRITERS,
    ("POST", f"{P}/runs"): WRITERS,
    ("GET", f"{P}/accounts/{{pseudonym}}"): WRITERS,
    ("GET", f"{P}/me"): SIGNED_IN,
    ("POST", f"{P}/me"): SIGNED_IN,
    ("POST", f"{P}/me/consent"): SIGNED_IN,
    ("POST", f"{P}/me/redeem"): SIGNED_IN,
    ("DELETE", f"{P}/me"): SIGNED_IN,
}

PAGES_RULES = {
    ("GET", "/inclusion"): ANYONE,
    ("GET", "/inclusion/me"): SIGNED_IN,
    ("POST", "/inclusion/me"): SIGNED_IN,
    ("POST", "/inclusion/me/consent"): SIGNED_IN,
    ("GET", "/inclusion/office"): WRITERS,
}
