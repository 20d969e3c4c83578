"""Authorisation rules of the stored-plan routes (issue 12)."""

from __future__ import annotations

from tests.rules import SIGNED_IN, STAFF, WRITERS

API_RULES = {
    ("POST", "/api/v1/plans"): WRITERS,
    ("GET", "/api/v1/plans/{territory}"): SIGNED_IN,
    ("GET", "/api/v1/plans/{territory}/pack.zip"): SIGNED_IN,
    # Editing the plan: the office (and admin) only.
    ("PUT", "/api/v1/plans/{territory}/tasks/{task_id}"): WRITERS,
    ("PUT", "/api/v1/plans/{territory}/weights"): WRITERS,
    ("POST", "/api/v1/plans/{territory}/departments"): WRITERS,
    # Rectification: staff see items and evidence; the office closes any item, a department
    # user only its own department's (the service narrows; tests/api/test_plan_edits.py).
    ("GET", "/api/v1/plans/{territory}/rectification"): STAFF,
    ("POST", "/api/v1/plans/{territory}/rectification/{year}/closures"): STAFF,
    ("GET", "/api/v1/plans/{territory}/evidence/{file_id}"): STAFF,
}

PAGES_RULES = {
    ("GET", "/plans"): SIGNED_IN,
    ("GET", "/plans/{territory}"): SIGNED_IN,
    ("GET", "/plans/{territory}/pack.zip"): SIGNED_IN,
    ("POST", "/plans"): WRITERS,
    ("GET", "/plans/{territory}/tasks/{task_id}"): WRITERS,
    ("POST", "/plans/{territory}/tasks/{task_id}"): WRITERS,
    ("GET", "/plans/{territory}/weights"): WRITERS,
    ("POST", "/plans/{territory}/weights"): WRITERS,
    ("POST", "/plans/{territory}/departments"): WRITERS,
    ("GET", "/plans/{territory}/rectification"): STAFF,
    ("POST", "/plans/{territory}/rectification/{year}"): STAFF,
    ("GET", "/plans/{territory}/evidence/{file_id}"): STAFF,
}
