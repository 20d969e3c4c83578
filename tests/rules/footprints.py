"""Authorisation rules of product footprints and the PACT v3 API (issue 16)."""

from __future__ import annotations

from tests.rules import ANYONE, SIGNED_IN, WRITERS

#: The climate office and enterprise users write footprints (an enterprise user only its own).
FOOTPRINT_WRITERS = WRITERS | {"enterprise"}

#: The PACT API answers errors in the specification's own ``{"code", "message"}`` body (PACT
#: Technical Specifications v3, "Error Responses"), not problem+json; its token action in OAuth's
#: ``{"error", "error_description"}`` (RFC 6749 5.2).
PACT_PREFIX = "/api/v1/pact/"

API_RULES = {
    ("GET", "/api/v1/footprints/datasets"): SIGNED_IN,
    ("POST", "/api/v1/footprints/datasets"): FOOTPRINT_WRITERS,
    ("GET", "/api/v1/footprints/products"): ANYONE,
    ("POST", "/api/v1/footprints/products"): FOOTPRINT_WRITERS,
    ("GET", "/api/v1/footprints/products/{product_id}"): ANYONE,
    ("PUT", "/api/v1/footprints/products/{product_id}/system"): FOOTPRINT_WRITERS,
    ("POST", "/api/v1/footprints/products/{product_id}/compute"): FOOTPRINT_WRITERS,
    ("POST", "/api/v1/footprints/products/{product_id}/publish"): FOOTPRINT_WRITERS,
    ("GET", "/api/v1/footprints/products/{product_id}/pact"): ANYONE,
    ("GET", "/api/v1/footprints/requests"): SIGNED_IN,
    ("POST", "/api/v1/footprints/requests"): FOOTPRINT_WRITERS,
    ("POST", "/api/v1/footprints/requests/{request_id}/answer"): FOOTPRINT_WRITERS,
    ("POST", "/api/v1/footprints/requests/{request_id}/decline"): FOOTPRINT_WRITERS,
    ("POST", "/api/v1/pact/auth/token"): ANYONE,
    ("GET", "/api/v1/pact/3/footprints"): SIGNED_IN,
    ("GET", "/api/v1/pact/3/footprints/{footprint_id}"): SIGNED_IN,
    ("POST", "/api/v1/pact/3/events"): SIGNED_IN,
}

PAGES_RULES = {
    ("GET", "/footprints"): SIGNED_IN,
    ("GET", "/footprints/products/{product_id}"): SIGNED_IN,
    ("POST", "/footprints/products/{product_id}/compute"): FOOTPRINT_WRITERS,
    ("POST", "/footprints/products/{product_id}/publish"): FOOTPRINT_WRITERS,
    ("GET", "/footprints/requests"): SIGNED_IN,
    ("POST", "/footprints/requests"): FOOTPRINT_WRITERS,
    ("POST", "/footprints/requests/{request_id}/answer"): FOOTPRINT_WRITERS,
    ("GET", "/footprints/declarations/{product_id}"): ANYONE,
    ("GET", "/footprints/declarations/{product_id}/label.{kind}"): ANYONE,
    ("GET", "/footprints/declarations/{product_id}/report.pdf"): ANYONE,
}
PAGES_RULES |= {
    ("POST", "/footprints/products"): FOOTPRINT_WRITERS,
    ("POST", "/footprints/products/{product_id}/system"): FOOTPRINT_WRITERS,
    ("GET", "/footprints/datasets"): SIGNED_IN,
    ("POST", "/footprints/datasets"): FOOTPRINT_WRITERS,
}
