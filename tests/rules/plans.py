"""Authorisation rules of the stored-plan routes (issue 12)."""

from __future__ import annotations

from tests.rules import SIGNED_IN, WRITERS

API_RULES = {
    ("POST", "/api/v1/plans"): WRITERS,
    ("GET", "/api/v1/plans/{territory}"): SIGNED_IN,
    ("GET", "/api/v1/plans/{territory}/pack.zip"): SIGNED_IN,
}

PAGES_RULES = {
    ("GET", "/plans"): SIGNED_IN,
    ("GET", "/plans/{territory}"): SIGNED_IN,
    ("GET", "/plans/{territory}/pack.zip"): SIGNED_IN,
    ("POST", "/plans"): WRITERS,
}
