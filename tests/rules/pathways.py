"""Authorisation rules of the carbon-peak pathway routes (API and pages)."""

from __future__ import annotations

from tests.rules import SIGNED_IN, WRITERS

API_RULES = {
    ("GET", "/api/v1/pathways/scenarios"): SIGNED_IN,
    ("GET", "/api/v1/pathways/scenarios/{name}"): SIGNED_IN,
    ("PUT", "/api/v1/pathways/scenarios/{name}"): WRITERS,
    ("GET", "/api/v1/pathways/scenarios/{name}/results"): SIGNED_IN,
    ("POST", "/api/v1/pathways/run"): SIGNED_IN,
    ("GET", "/api/v1/pathways/decomposition"): SIGNED_IN,
}

PAGES_RULES = {
    ("GET", "/pathways"): SIGNED_IN,
    ("GET", "/pathways/export.xlsx"): SIGNED_IN,
    ("GET", "/pathways/edit"): SIGNED_IN,
    ("GET", "/pathways/preview"): SIGNED_IN,
    ("POST", "/pathways/scenarios"): WRITERS,
}
