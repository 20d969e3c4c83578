"""``cityclimate plan import DIR`` and ``plan export --territory CODE --out DIR`` on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.demo.liangjiang import plan_pack_files
from cityclimate.planpack.read import parse_plan_pack
from cityclimate.planpack.write import write_plan_pack

runner = CliRunner()


def write_folder(files: dict[str, bytes], folder: Path) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return folder


def test_import_then_export_a_plan_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    shipped = plan_pack_files()
    folder = write_folder(shipped, tmp_path / "liangjiang")
    result = runner.invoke(app, ["plan", "import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "LJ-2016" in result.output and "revision 1" in result.output
    out = tmp_path / "exported"
    result = runner.invoke(app, ["plan", "export", "--territory", "LJ-2016", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in out.rglob("*.*")}
    assert written == write_plan_pack(parse_plan_pack(shipped))
    # The exported folder imports again as the same plan.
    result = runner.invoke(app, ["plan", "import", str(out)])
    assert result.exit_code == 0 and "revision 2" in result.output


def test_a_broken_pack_names_file_row_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    files = dict(plan_pack_files())
    files["weights.csv"] = files["weights.csv"].replace(b",30,", b",-30,", 1)
    result = runner.invoke(app, ["plan", "import", str(write_folder(files, tmp_path / "p"))])
    assert result.exit_code == 1
    assert "weights.csv, row 1, field 'weight'" in result.output
    result = runner.invoke(app, ["plan", "export", "--territory", "LJ-2016", "--out", "x"])
    assert result.exit_code == 1 and "尚无规划" in result.output
