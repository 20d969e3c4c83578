"""The users page after a refused new user is the same page (with the error): the department
users keep their department choices. It lost them once (the list was rebuilt without them)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.settings import Settings
from tests.web.test_territory_pages import signed_in


def _department_options(html: str) -> list[str]:
    form = re.search(r'data-testid="department-department".*?</select>', html, re.S)
    assert form is not None, "the department user's form is missing"
    return re.findall(r"<option value=\"([^\"]+)\"", form.group())


def test_a_refused_new_user_shows_the_error_and_the_whole_page(
    database: str, template: tuple[Path, dict[str, str]]
) -> None:
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver") as client:
        signed_in(client, "admin")
        page = client.get("/users")
        choices = _department_options(page.text)
        assert choices  # the plan's departments
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf is not None
        refused = client.post(
            "/users",
            data={
                "csrf_token": csrf.group(1),
                "username": "new-user",
                "password": "short",
                "role": "public",
            },
        )
        assert refused.status_code == 422
        assert "密码至少 10 个字符" in refused.text
        assert _department_options(refused.text) == choices
