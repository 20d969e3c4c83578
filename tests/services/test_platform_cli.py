"""The platform's commands (``cityclimate db upgrade``, ``demo load``, ``user create``) on a fresh
SQLite file: the generated password is printed once and works; no default password exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.services import accounts
from cityclimate.storage import make_engine, make_sessionmaker, transaction


def test_upgrade_demo_and_admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", url)
    monkeypatch.delenv("CITYCLIMATE_NEW_PASSWORD", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    loaded = runner.invoke(app, ["demo", "load"])
    assert loaded.exit_code == 0 and "示例数据" in loaded.output
    made = runner.invoke(app, ["user", "create", "admin", "--role", "admin", "--if-missing"])
    assert made.exit_code == 0, made.output
    password = re.search(r"password \(shown once\): (\S+)", made.output)
    assert password is not None and len(password.group(1)) >= 16
    again = runner.invoke(app, ["user", "create", "admin", "--role", "admin", "--if-missing"])
    assert again.exit_code == 0 and "shown once" not in again.output
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine), write=True) as s:
        assert accounts.authenticate(s, "admin", password.group(1), client="test").role == "admin"
    engine.dispose()
    bad = runner.invoke(
        app, ["user", "create", "x", "--role", "wizard", "--password", "long-enough-1"]
    )
    assert bad.exit_code == 2


def test_the_admin_password_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    monkeypatch.setenv("CITYCLIMATE_NEW_PASSWORD", "from-the-environment")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    made = runner.invoke(app, ["user", "create", "admin", "--role", "admin"])
    assert made.exit_code == 0 and "shown once" not in made.output
