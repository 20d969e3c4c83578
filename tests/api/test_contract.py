"""Schemathesis against the OpenAPI contract: generated requests to every operation, as the
admin, must never get a server error. Bounded: a fixed number of examples per operation, drawn
deterministically (derandomised), so the run takes the same time every time."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from cityclimate.app import create_app
from tests.api.conftest import make_settings

EXAMPLES = 12


def test_no_server_errors(database: str, tokens: dict[str, str]) -> None:
    app = create_app(make_settings(database), web=False)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    tried = 0
    for operation in operations:
        if operation.method.upper() == "DELETE" and operation.path == "/api/v1/auth/token":
            continue  # would revoke the token the other operations use

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        check()
        tried += 1
    assert tried == len(operations) - 1
