"""The pages' authorisation matrix, generated from the pages' route table like the API's: a page
without a rule fails. Without a session a page sends the browser to sign in; a role that may not
open it gets 403; session cookies are HttpOnly, SameSite=Strict and Secure unless turned off."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.requests import LANG_COOKIE
from cityclimate.services import accounts
from cityclimate.settings import Settings
from cityclimate.storage import make_engine, make_sessionmaker, transaction
from cityclimate.storage.models import ROLES, User
from cityclimate.web import page_routers
from tests.rules import ADMIN, ANYONE, PROVIDERS, SIGNED_IN, STAFF, WRITERS, module_rules

RULES: dict[tuple[str, str], set[str]] = {
    ("GET", "/login"): ANYONE,
    ("POST", "/login"): ANYONE,
    ("POST", "/logout"): SIGNED_IN,
    ("GET", "/lang/{code}"): ANYONE,
    ("GET", "/"): SIGNED_IN,
    ("GET", "/inventories"): SIGNED_IN,
    ("GET", "/inventories/{version_id}"): SIGNED_IN,
    ("GET", "/inventories/{version_id}/rows"): SIGNED_IN,
    ("GET", "/inventories/{version_id}/lineage/{result_id}"): SIGNED_IN,
    ("GET", "/inventories/{version_id}/diff"): SIGNED_IN,
    ("GET", "/inventories/{version_id}/diff.xlsx"): SIGNED_IN,
    ("POST", "/inventories/compute"): WRITERS,
    ("POST", "/inventories/{version_id}/publish"): WRITERS,
    ("POST", "/inventories/{version_id}/recalculate"): WRITERS,
    ("GET", "/imports"): PROVIDERS,
    ("POST", "/imports"): PROVIDERS,
    ("GET", "/imports/template"): PROVIDERS,
    ("POST", "/imports/{import_id}/confirm"): STAFF,
    ("GET", "/users"): ADMIN,
    ("POST", "/users"): ADMIN,
    ("POST", "/users/{user_id}/active"): ADMIN,
    ("POST", "/users/{user_id}/department"): ADMIN,
    ("GET", "/audit"): ADMIN,
    ("GET", "/audit.xlsx"): ADMIN,
}

# Each module adds the rules of its own routes in tests/rules/<module>.py as
# ``PAGES_RULES`` (same shape); they are merged here, so a new module never edits this table.
RULES.update(module_rules("PAGES_RULES"))
VALUES = {
    "{version_id}": "1",
    "{result_id}": "1",
    "{import_id}": "1",
    "{user_id}": "1",
    "{code}": "en",
}


def page_routes() -> list[tuple[str, str]]:
    return sorted(
        (m, r.path)
        for router in page_routers()
        for r in router.routes
        if isinstance(r, APIRoute)
        for m in r.methods
    )


@pytest.fixture
def sessions(
    template: tuple[Path, dict[str, str]], tmp_path: Path
) -> Iterator[tuple[str, dict[str, str]]]:
    target = tmp_path / "pages.db"
    shutil.copyfile(template[0], target)
    url = f"sqlite:///{target}"
    engine = make_engine(url)
    secrets: dict[str, str] = {}
    with transaction(make_sessionmaker(engine), write=True) as s:
        for role in ROLES:
            user = s.query(User).filter_by(username=role).one()
            secrets[role], _ = accounts.issue_token(s, user, kind="session")
    engine.dispose()
    yield url, secrets


def test_every_page_has_a_rule() -> None:
    assert set(page_routes()) == set(RULES)


def test_pages_by_role(sessions: tuple[str, dict[str, str]]) -> None:
    url, secrets = sessions
    app = create_app(Settings(database_url=url, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        for method, path in page_routes():
            allowed = RULES[(method, path)]
            target = path
            for key, value in VALUES.items():
                target = target.replace(key, value)
            for who in ["anonymous", *ROLES]:
                client.cookies.clear()
                if who != "anonymous":
                    client.cookies.set("cityclimate_session", secrets[who])
                response = client.request(method, target, headers={"Accept": "text/html"})
                status = response.status_code
                to_login = status == 303 and response.headers["location"].startswith("/login")
                if who in allowed:
                    assert status != 403 and not to_login, f"{who} refused on {method} {path}"
                    assert status < 500, f"{method} {path} as {who}: {status}"
                elif who == "anonymous":
                    assert to_login, f"{method} {path} without sign-in gave {status}"
                else:
                    assert status == 403, f"{who} on {method} {path} gave {status}"


def test_session_cookie_flags(database: str) -> None:
    app = create_app(Settings(database_url=database, secure_cookies=True))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        done = client.post(
            "/login",
            data={
                "username": "admin",
                "password": "correct-horse-battery",
                "csrf_token": token.group(1),
            },
        )
        assert done.status_code == 303
        cookie = next(
            c for c in done.headers.get_list("set-cookie") if c.startswith("cityclimate_session=")
        )
        assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie
        assert done.headers["strict-transport-security"].startswith("max-age=")


def test_login_form_needs_its_csrf_token(database: str) -> None:
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.get("/login")
        forged = client.post(
            "/login",
            data={"username": "admin", "password": "correct-horse-battery", "csrf_token": "x"},
        )
        assert forged.status_code == 403


def test_a_form_without_the_session_csrf_token_is_refused(
    sessions: tuple[str, dict[str, str]],
) -> None:
    url, secrets = sessions
    app = create_app(Settings(database_url=url, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.cookies.set("cityclimate_session", secrets["climate_office"])
        refused = client.post(
            "/inventories/1/publish", data={"csrf_token": "forged"}, headers={"Accept": "text/html"}
        )
        assert refused.status_code == 403
        # The API refuses a cookie-authenticated write without the X-CSRF-Token header too.
        api = client.post("/api/v1/inventories/1/publish")
        assert api.status_code == 403


def test_a_refusal_page_speaks_the_page_language(sessions: tuple[str, dict[str, str]]) -> None:
    """The 403 page is in the language the person chose (cookie), Chinese by default."""
    url, secrets = sessions
    app = create_app(Settings(database_url=url, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.cookies.set("cityclimate_session", secrets["public"])
        chinese = client.get("/users", headers={"Accept": "text/html"})
        assert chinese.status_code == 403 and "您的角色无权打开此页面" in chinese.text
        client.cookies.set(LANG_COOKIE, "en")
        english = client.get("/users", headers={"Accept": "text/html"})
        assert english.status_code == 403 and "your role may not open this page" in english.text
        assert "您的角色无权" not in english.text


@pytest.mark.parametrize(
    "path",
    ["/finance/monitored", "/finance/import", "/adaptation/tables", "/enterprises/LJ-CHP/ledgers"],
)
def test_page_uploads_keep_the_application_s_size_limit(database: str, path: str) -> None:
    """A page reads the upload limit of the application it serves (not the environment again):
    a file one byte over a 64-byte limit is refused before it is read (413)."""
    app = create_app(Settings(database_url=database, secure_cookies=False, max_upload_bytes=64))
    with TestClient(app, follow_redirects=False) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        client.post(
            "/login",
            data={"username": "admin", "password": "correct-horse-battery",
                  "csrf_token": token.group(1)},
        )  # fmt: skip
        page = client.get("/finance")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf is not None
        sent = client.post(
            path,
            data={
                "csrf_token": csrf.group(1),
                "territory": "LJ-2016",
                "year": "2020",
                "kind": "census",
            },
            files={"file": ("big.csv", b"x" * 65, "text/csv")},
        )
        assert sent.status_code == 413, (path, sent.status_code, sent.text[:300])
