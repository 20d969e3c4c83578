"""``cityclimate plan assign|deadline|weight|department`` and ``plan rectification list|close``
on a copy of the demo database (a real SQLite file): each edit is stored and exported, a
refusal is located and exits 1, evidence is typed by its content."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cityclimate.cli import app
from tests import evidence_samples as samples
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)

runner = CliRunner()
LJ = ["--territory", "LJ-2016"]


@pytest.fixture
def cli_db(database: str, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    return database


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_edits_are_stored_and_exported(cli_db: str, tmp_path: Path) -> None:
    _ok("plan", "department", "两江新区数据局", *LJ, "--name-en", "Data bureau")
    out = _ok(
        "plan", "assign", "6.3.3", *LJ, "--lead", "两江新区数据局", "--support", "交通管理部门"
    )
    assert "6.3.3 → 两江新区数据局" in out
    _ok("plan", "deadline", "6.3.3", *LJ, "--on", "2024-09-30")
    _ok("plan", "weight", *LJ, "--department", "机关事务管理部门", "--task", "4.3.2.6=2")
    _ok("plan", "export", *LJ, "--out", str(tmp_path / "pack"))
    assignments = (tmp_path / "pack" / "assignments.csv").read_text("utf-8")
    assert "6.3.3,两江新区数据局,交通管理部门,2024-09-30," in assignments
    assert "两江新区数据局,Data bureau,department" in (
        tmp_path / "pack" / "departments.csv"
    ).read_text("utf-8")
    weights = (tmp_path / "pack" / "weights.csv").read_text("utf-8")
    assert [r for r in weights.splitlines() if "机关事务管理部门" in r] == [
        r for r in weights.splitlines() if "机关事务管理部门" in r and "4.3.2.6" in r
    ]


def test_refusals_are_located_and_exit_1(cli_db: str) -> None:
    result = runner.invoke(app, ["plan", "assign", "6.3.3", *LJ, "--lead", "无此部门"])
    assert result.exit_code == 1
    assert "assignments.csv, field 'lead_department'" in result.output
    result = runner.invoke(
        app, ["plan", "weight", *LJ, "--department", "交通管理部门", "--task", "x"]
    )
    assert result.exit_code == 2 and "id=weight" in result.output
    result = runner.invoke(app, ["plan", "deadline", "6.3.3", *LJ])
    assert result.exit_code == 2


def test_close_a_rectification_item_with_an_evidence_file(cli_db: str, tmp_path: Path) -> None:
    listed = _ok("plan", "rectification", "list", *LJ, "--year", "2023")
    assert "4.3.3.6" in listed and "待整改" in listed
    program = tmp_path / "照片.png"
    program.write_bytes(samples.windows_program())
    close = [
        "plan", "rectification", "close", *LJ, "--year", "2023",
        "--department", "交通管理部门", "--item", "4.3.3.6", "--note", "已整改",
    ]  # fmt: skip
    refused = runner.invoke(app, [*close, "--evidence", str(program)])
    assert refused.exit_code == 1 and "照片.png" in refused.output
    report = tmp_path / "整改报告.docx"
    report.write_bytes(samples.pdf())  # a PDF named .docx
    out = _ok(*close, "--evidence", str(report))
    assert "整改报告.docx (application/pdf)" in out
    assert "已关闭" in _ok("plan", "rectification", "list", *LJ, "--year", "2023")
