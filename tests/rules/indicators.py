"""Authorisation of the indicator and plan-tracking routes (issue 6).

Everyone signed in reads the indicator board, an indicator's detail, the annual evaluation and
its XLSX (the public and enterprises: published years only, others answer 404); the staff see
the task board and record task events (a department only its own tasks, checked by the
service); the climate office enters values and publishes evaluations; the admin links users
to departments.
"""

from __future__ import annotations

from tests.rules import ADMIN, SIGNED_IN, STAFF, WRITERS

API_RULES = {
    ("GET", "/api/v1/indicators/board"): SIGNED_IN,
    ("GET", "/api/v1/indicators/{indicator_id}"): SIGNED_IN,
    ("POST", "/api/v1/indicators/{indicator_id}/values"): WRITERS,
    ("GET", "/api/v1/plan/tasks"): STAFF,
    ("POST", "/api/v1/plan/tasks/{task_id}/events"): STAFF,
    ("GET", "/api/v1/plan/evaluations/{year}"): SIGNED_IN,
    ("GET", "/api/v1/plan/evaluations/{year}/xlsx"): SIGNED_IN,
    ("POST", "/api/v1/plan/evaluations/{year}/publish"): WRITERS,
    ("PUT", "/api/v1/plan/members/{user_id}"): ADMIN,
}

PAGES_RULES = {
    ("GET", "/indicators"): SIGNED_IN,
    ("GET", "/indicators/{indicator_id}"): SIGNED_IN,
    ("POST", "/indicators/{indicator_id}/values"): WRITERS,
    ("GET", "/plan/tasks"): STAFF,
    ("POST", "/plan/tasks/{task_id}/events"): STAFF,
    ("GET", "/plan/assessment"): SIGNED_IN,
    ("GET", "/plan/rectification"): SIGNED_IN,
    ("GET", "/plan/evaluation.xlsx"): SIGNED_IN,
    ("POST", "/plan/evaluation/publish"): WRITERS,
}
