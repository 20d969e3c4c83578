"""Authorisation rules of the public reporting routes (issue 19)."""

from __future__ import annotations

from tests.rules import ANYONE

R = "/api/v1/reports"
API_RULES = {
    ("GET", f"{R}/inventory/{{territory}}/{{year}}.pdf"): ANYONE,
}
