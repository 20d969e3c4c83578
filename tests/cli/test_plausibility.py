"""``cityclimate indicators evaluate`` refuses an implausible value in its input file, naming
the file, row, field and the bound (issue 20)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cityclimate.cli import app


def test_a_pue_of_1e308_in_a_values_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(
        "indicator_id,year,kind,value,unit\ndatacentre_pue_new,2022,actual,1e308,dimensionless\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["indicators", "evaluate", str(path), "--year", "2022"])
    assert result.exit_code == 2, result.output
    assert "values.csv, row 2, field 'value'" in result.output
    assert "[1, 3]" in result.output and "不在合理范围" in result.output
