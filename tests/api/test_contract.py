"""Schemathesis against the OpenAPI contract: generated requests to every operation, as the
admin, must never get a server error, and every answer must be what the contract says (status
documented, media type, headers, body valid against the response schema); invalid requests
(negative mode) must be refused.

Bounded in the suite: a fixed number of examples per operation, drawn deterministically
(derandomised), so the run takes the same time every time. ``make fuzz`` runs the same test with
many more examples (``CITYCLIMATE_FUZZ_EXAMPLES``) and prints how many cases it sent.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cityclimate.app import create_app
from tests.api.conftest import make_settings

EXAMPLES = int(os.environ.get("CITYCLIMATE_FUZZ_EXAMPLES", "8"))
#: Seconds a response may take. Schemathesis' ASGI transport gives 10 s, which creating a user
#: (password hashing) exceeded on a shared 2-core machine under load (the deep run failed on a
#: read timeout that did not reproduce): no timing threshold here, only a bound against a hang.
TIMEOUT_S = 600
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def test_the_api_answers_as_its_contract_says(database: str, tokens: dict[str, str]) -> None:
    app = create_app(make_settings(database), web=False)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    cases = 0
    for operation in operations:
        if operation.method.upper() == "DELETE" and operation.path == "/api/v1/auth/token":
            continue  # would revoke the token the other operations use
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def check(case) -> None:  # type: ignore[no-untyped-def]
                nonlocal cases
                cases += 1
                case.call_and_validate(headers=headers, checks=CHECKS, timeout=TIMEOUT_S)

            try:
                check()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # nothing to break (no parameters)
    print(f"schemathesis: {cases} cases over {len(operations) - 1} operations, no failure")
    assert cases >= len(operations) - 1
