"""Login throttling is per client and user name (issue 20): a stranger's wrong guesses at
``admin`` lock out the stranger, never the admin signing in from elsewhere, on the API and the
sign-in page alike."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from cityclimate.app import create_app
from tests.api.conftest import PASSWORD, make_settings

ATTACKER = ("203.0.113.9", 40000)
OFFICE = ("198.51.100.20", 40001)


def _sign_in(client: TestClient, username: str, password: str) -> int:
    return client.post(
        "/api/v1/auth/token", json={"username": username, "password": password}
    ).status_code


def _page_sign_in(client: TestClient, username: str, password: str) -> int:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
    ).status_code


def test_a_strangers_failures_do_not_lock_out_the_admin(database: str) -> None:
    app = create_app(make_settings(database))
    with (
        TestClient(app, base_url="https://testserver", client=ATTACKER) as attacker,
        TestClient(app, base_url="https://testserver", client=OFFICE) as office,
    ):
        assert [_sign_in(attacker, "admin", f"guess-{i}") for i in range(5)] == [401] * 5
        # the attacker is now refused, even with the right password ...
        assert _sign_in(attacker, "admin", PASSWORD) == 429
        # ... but the admin, from another address, signs in
        assert _sign_in(office, "admin", PASSWORD) == 200
        # and the attacker may still sign in as another name it knows
        assert _sign_in(attacker, "public", PASSWORD) == 200


def test_the_sign_in_page_is_throttled_per_client_too(database: str) -> None:
    app = create_app(make_settings(database))
    with (
        TestClient(
            app, base_url="http://testserver", client=ATTACKER, follow_redirects=False
        ) as attacker,
        TestClient(
            app, base_url="http://testserver", client=OFFICE, follow_redirects=False
        ) as office,
    ):
        assert [_page_sign_in(attacker, "admin", f"guess-{i}") for i in range(5)] == [401] * 5
        assert _page_sign_in(attacker, "admin", PASSWORD) == 429
        assert _page_sign_in(office, "admin", PASSWORD) == 303


def test_a_client_spraying_many_names_is_throttled_for_all(database: str) -> None:
    app = create_app(make_settings(database))  # 5 attempts: spraying limit 4 × 5 = 20
    with (
        TestClient(app, base_url="https://testserver", client=ATTACKER) as attacker,
        TestClient(app, base_url="https://testserver", client=OFFICE) as office,
    ):
        codes = [_sign_in(attacker, f"user-{i}", "guess") for i in range(20)]
        assert codes == [401] * 20
        assert _sign_in(attacker, "public", PASSWORD) == 429
        assert _sign_in(office, "public", PASSWORD) == 200
