"""Authorisation rules of the enterprise routes (issue 8).

``MEMBERS`` may call the enterprise routes; the service narrows an ``enterprise`` user to its one
bound enterprise and a ``public`` user to the enterprises it is engaged to verify (else nothing).
Department staff have no business with enterprises' data. Disclosure forms are public.
"""

from __future__ import annotations

from cityclimate.demo import enterprises as demo_enterprises
from cityclimate.demo import footprints as demo_footprints
from tests.rules import ADMIN, ANYONE, SIGNED_IN, WRITERS

#: Enterprises in the demo's registry: the compliance pack's and the footprint demo's two makers.
DEMO_REGISTRY = len(demo_enterprises.enterprises()) + len(demo_footprints.enterprises())

MEMBERS = {"admin", "climate_office", "enterprise", "public"}
P = "/api/v1/enterprises"

API_RULES: dict[tuple[str, str], set[str]] = {
    ("GET", P): MEMBERS,
    ("POST", P): WRITERS,
    ("GET", f"{P}/compliance"): WRITERS,
    ("GET", f"{P}/disclosures"): SIGNED_IN,
    ("GET", f"{P}/ledger-template"): MEMBERS,
    ("GET", f"{P}/{{enterprise_id}}"): MEMBERS,
    ("POST", f"{P}/{{enterprise_id}}/members"): ADMIN,
    ("POST", f"{P}/{{enterprise_id}}/verifiers"): WRITERS,
    ("GET", f"{P}/{{enterprise_id}}/ledgers"): MEMBERS,
    ("POST", f"{P}/{{enterprise_id}}/ledgers"): MEMBERS,
    ("GET", f"{P}/{{enterprise_id}}/reports"): MEMBERS,
    ("POST", f"{P}/{{enterprise_id}}/reports"): MEMBERS,
    ("POST", f"{P}/{{enterprise_id}}/reports/correct"): MEMBERS,
    ("GET", f"{P}/reports/{{filing_id}}"): MEMBERS,
    ("POST", f"{P}/reports/{{filing_id}}/steps"): MEMBERS,
    ("GET", f"{P}/{{enterprise_id}}/cycles/{{year}}"): WRITERS,
    ("PUT", f"{P}/{{enterprise_id}}/cycles/{{year}}/allocation"): WRITERS,
    ("PATCH", f"{P}/{{enterprise_id}}/cycles/{{year}}/record"): WRITERS,
}

PAGES_RULES: dict[tuple[str, str], set[str]] = {
    ("GET", "/enterprises"): MEMBERS,
    ("GET", "/enterprises/ledger-template"): MEMBERS,
    ("GET", "/enterprises/compliance"): WRITERS,
    ("GET", "/enterprises/{enterprise_id}"): MEMBERS,
    ("POST", "/enterprises/{enterprise_id}/ledgers"): MEMBERS,
    ("POST", "/enterprises/{enterprise_id}/reports"): MEMBERS,
    ("GET", "/enterprises/reports/{filing_id}"): MEMBERS,
    ("POST", "/enterprises/reports/{filing_id}/steps"): MEMBERS,
    ("GET", "/disclosures"): ANYONE,
    ("GET", "/enterprises/new"): WRITERS,
    ("POST", "/enterprises/new"): WRITERS,
    ("GET", "/enterprises/{enterprise_id}/office"): WRITERS,
    ("POST", "/enterprises/{enterprise_id}/office/members"): ADMIN,
    ("POST", "/enterprises/{enterprise_id}/office/verifiers"): WRITERS,
    ("POST", "/enterprises/{enterprise_id}/office/allocation"): WRITERS,
    ("POST", "/enterprises/{enterprise_id}/office/record"): WRITERS,
    ("POST", "/enterprises/{enterprise_id}/office/correction"): WRITERS,
}
