"""Authorisation rules of the regional comparison (API and page, issue 12 / R7)."""

from __future__ import annotations

from tests.rules import SIGNED_IN

API_RULES = {("GET", "/api/v1/compare"): SIGNED_IN}

PAGES_RULES = {("GET", "/compare"): SIGNED_IN}
