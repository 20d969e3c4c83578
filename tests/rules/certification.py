"""Authorisation rules of green enterprise and project certification (issue 14)."""

from __future__ import annotations

from tests.rules import ANYONE, SIGNED_IN, WRITERS

API_RULES = {
    ("GET", "/api/v1/finance/certification/criteria"): ANYONE,
    ("GET", "/api/v1/finance/certification/applications"): ANYONE,
    ("POST", "/api/v1/finance/certification/applications"): WRITERS | {"enterprise"},
    ("GET", "/api/v1/finance/certification/applications/{certification_id}"): ANYONE,
    ("POST", "/api/v1/finance/certification/applications/{certification_id}/{action}"): WRITERS,
}

PAGES_RULES = {
    ("GET", "/finance/certification"): SIGNED_IN,
    ("POST", "/finance/certification/apply"): WRITERS | {"enterprise"},
    ("POST", "/finance/certification/{certification_id}/{action}"): WRITERS,
}
