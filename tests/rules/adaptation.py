"""Authorisation rules of the adaptation and early-warning routes (issue 17)."""

from __future__ import annotations

from tests.rules import SIGNED_IN, STAFF, WRITERS

API_RULES = {
    ("GET", "/api/v1/adaptation/catalogue"): SIGNED_IN,
    ("GET", "/api/v1/adaptation/{territory}/warnings"): SIGNED_IN,
    ("POST", "/api/v1/adaptation/{territory}/feeds"): WRITERS,
    ("GET", "/api/v1/adaptation/{territory}/cap/{sequence}"): SIGNED_IN,
    ("POST", "/api/v1/adaptation/cap"): WRITERS,
    ("GET", "/api/v1/adaptation/{territory}/risk"): SIGNED_IN,
    ("GET", "/api/v1/adaptation/{territory}/sponge"): SIGNED_IN,
    ("GET", "/api/v1/adaptation/{territory}/green"): SIGNED_IN,
    ("GET", "/api/v1/adaptation/{territory}/map"): SIGNED_IN,
    ("POST", "/api/v1/adaptation/{territory}/tables/{kind}"): WRITERS,
    ("POST", "/api/v1/adaptation/{territory}/shapes/{kind}"): WRITERS,
    ("PUT", "/api/v1/adaptation/{territory}/settings"): WRITERS,
    ("GET", "/api/v1/adaptation/heat-health"): SIGNED_IN,
    ("GET", "/api/v1/adaptation/{territory}/notices"): STAFF,
    ("POST", "/api/v1/adaptation/notices/{notice_id}/acknowledge"): {"department"},
    ("POST", "/api/v1/adaptation/{territory}/escalate"): WRITERS,
    ("GET", "/api/v1/adaptation/{territory}/census"): SIGNED_IN,
}

PAGES_RULES = {
    ("GET", "/adaptation"): SIGNED_IN,
    ("GET", "/adaptation/map"): SIGNED_IN,
    ("GET", "/adaptation/risk"): SIGNED_IN,
    ("GET", "/adaptation/sponge"): SIGNED_IN,
    ("GET", "/adaptation/notices"): STAFF,
    ("POST", "/adaptation/notices/{notice_id}/acknowledge"): STAFF,
    ("POST", "/adaptation/escalate"): WRITERS,
    ("GET", "/adaptation/data"): WRITERS,
    ("POST", "/adaptation/settings"): WRITERS,
    ("POST", "/adaptation/tables"): WRITERS,
    ("POST", "/adaptation/shapes"): WRITERS,
}
