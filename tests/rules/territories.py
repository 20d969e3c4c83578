"""Authorisation of territories, socio-economic inputs, boundary mappings and factor sets
(issue 12): everyone signed in reads them; the climate office and the admin write them."""

from __future__ import annotations

from tests.rules import SIGNED_IN, WRITERS

API_RULES = {
    ("POST", "/api/v1/territories"): WRITERS,
    ("PUT", "/api/v1/territories/{code}"): WRITERS,
    ("GET", "/api/v1/territories/{code}/socioeconomic"): SIGNED_IN,
    ("POST", "/api/v1/territories/{code}/socioeconomic"): WRITERS,
    ("PUT", "/api/v1/territories/{code}/socioeconomic/{year}"): WRITERS,
    ("GET", "/api/v1/territories/{code}/boundary/{to_code}"): SIGNED_IN,
    ("PUT", "/api/v1/territories/{code}/boundary/{to_code}"): WRITERS,
    ("GET", "/api/v1/territories/{code}/boundary/{to_code}/series"): SIGNED_IN,
    ("GET", "/api/v1/factor-sets/{factor_set_id}"): SIGNED_IN,
    ("POST", "/api/v1/factor-sets"): WRITERS,
    ("PUT", "/api/v1/factor-sets/{factor_set_id}"): WRITERS,
}

PAGES_RULES = {
    ("GET", "/territories"): SIGNED_IN,
    ("POST", "/territories"): WRITERS,
    ("GET", "/territories/{code}"): SIGNED_IN,
    ("POST", "/territories/{code}/socioeconomic"): WRITERS,
    ("POST", "/territories/{code}/socioeconomic/import"): WRITERS,
    ("GET", "/factor-sets"): SIGNED_IN,
    ("POST", "/factor-sets"): WRITERS,
}
