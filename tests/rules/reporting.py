"""Authorisation rules of the public reporting routes (issue 19)."""

from __future__ import annotations

from tests.rules import ANYONE, STAFF
from tests.rules.enterprises import MEMBERS

R = "/api/v1/reports"
API_RULES = {
    ("GET", f"{R}/inventory/{{territory}}/{{year}}.pdf"): ANYONE,
}
API_RULES |= {
    ("GET", f"{R}/evaluation/{{territory}}/{{year}}.pdf"): ANYONE,
    ("GET", f"{R}/assessment/{{territory}}/{{year}}.pdf"): STAFF,
    ("GET", f"{R}/enterprise/{{enterprise_id}}/{{year}}.pdf"): MEMBERS,
    ("GET", f"{R}/park/{{park_id}}.pdf"): STAFF,
}
