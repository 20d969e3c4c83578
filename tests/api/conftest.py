"""An application on a migrated SQLite copy with the Liangjiang demo and one user per role.

The template database is built once per test process; each test gets its own copy, so tests
that write never see each other. Tokens are issued into the template (valid for 12 h).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.demo.load import load_demo
from cityclimate.services import accounts
from cityclimate.services.actors import SYSTEM
from cityclimate.settings import Settings
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.models import ROLES

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    tokens: dict[str, str] = {}
    with transaction(sessions, write=True) as s:
        load_demo(s, SYSTEM)
        for role in ROLES:
            user = accounts.create_user(s, SYSTEM, username=role, password=PASSWORD, role=role)
            tokens[role], _ = accounts.issue_token(s, user, kind="api")
    engine.dispose()
    return path, tokens


def make_settings(url: str) -> Settings:
    return Settings(database_url=url, secure_cookies=False, login_attempts=5)


@pytest.fixture
def database(template: tuple[Path, dict[str, str]], tmp_path: Path) -> str:
    target = tmp_path / "api.db"
    shutil.copyfile(template[0], target)
    return f"sqlite:///{target}"


@pytest.fixture
def client(database: str) -> Iterator[TestClient]:
    app = create_app(make_settings(database))
    with TestClient(app, base_url="https://testserver") as c:
        yield c


@pytest.fixture
def tokens(template: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return template[1]


@pytest.fixture
def auth(tokens: dict[str, str]):  # type: ignore[no-untyped-def]
    def headers(role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[role]}"}

    return headers
