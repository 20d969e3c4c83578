"""Tests of ``cityclimate indicators evaluate``: demo in every format, files, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.demo.indicators import read_demo_text

runner = CliRunner()


def test_demo_table_shows_every_indicator_and_the_notice() -> None:
    result = runner.invoke(app, ["indicators", "evaluate", "--demo", "--year", "2022"])
    assert result.exit_code == 0, result.output
    assert "ILLUSTRATIVE" in result.output
    assert "否决" in result.output and "data quality" in result.output


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_demo_json_has_13_indicators_with_units_and_statuses(year: int) -> None:
    result = runner.invoke(
        app, ["indicators", "evaluate", "--demo", "--year", str(year), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len({row["number"] for row in data["indicators"]}) == 13
    assert all(row["unit"] and row["status"] != "not_assessable" for row in data["indicators"])
    assert data["illustrative"] is True


def test_xlsx_has_the_notice_first_and_a_chart_per_indicator(tmp_path: Path) -> None:
    out = tmp_path / "indicators.xlsx"
    result = runner.invoke(
        app,
        [
            "indicators",
            "evaluate",
            "--demo",
            "--year",
            "2023",
            "--format",
            "xlsx",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["概要 Summary", "指标 Indicators"]
    assert "示例数据" in book.worksheets[0]["A1"].value
    assert "ILLUSTRATIVE" in book.worksheets[0]["A2"].value
    assert len(book["走势 Actual vs path"]._charts) == 15
    header = [cell.value for cell in book["指标 Indicators"][1]]
    assert {"actual", "path_value", "gap_to_path", "status", "binding_met", "score"} <= set(header)
    assert book["指标 Indicators"].max_row == 16


def test_a_values_file_is_evaluated(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(read_demo_text("indicator_values.csv"), encoding="utf-8")
    result = runner.invoke(
        app, ["indicators", "evaluate", str(path), "--year", "2023", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {row["indicator_id"]: row for row in json.loads(result.output)["indicators"]}
    assert rows["prefabricated_building_share"]["actual"] == 46.0
    assert rows["co2_intensity_reduction"]["provenance"] == "entered_by_hand"
    # no facility records in the file: the PUE rows are there but not assessable
    assert rows["datacentre_pue_new"]["status"] == "not_assessable"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "indicator_id,year,kind,value,unit\nprefabricated_building_share,2022,actual,140,%\n",
            "values.csv, row 2, field 'value'",
        ),
        (
            "indicator_id,year,kind,value,unit\nprefabricated_building_share,2022,actual,40,tce\n",
            "field 'unit'",
        ),
        (
            "indicator_id,year,kind,value,unit\nprefabricated_building_share,2031,actual,40,%\n",
            "field 'year'",
        ),
        ("indicator_id,year,value\nx,2022,1\n", "missing column(s): kind, unit"),
        (
            "indicator_id,year,kind,value,unit\nx,2022,actual,1,%,extra\n",
            "values.csv, row 2 = 'extra'",
        ),
    ],
)
def test_bad_files_give_located_bilingual_errors(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "values.csv"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["indicators", "evaluate", str(path), "--year", "2022"])
    assert result.exit_code == 2
    assert expected in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["indicators", "evaluate", "--year", "2021"]).exit_code == 2
    assert runner.invoke(app, ["indicators", "evaluate", "--demo"]).exit_code == 2
    both = runner.invoke(app, ["indicators", "evaluate", "x.csv", "--demo", "--year", "2021"])
    assert both.exit_code == 2
    no_out = runner.invoke(
        app, ["indicators", "evaluate", "--demo", "--year", "2021", "--format", "xlsx"]
    )
    assert no_out.exit_code == 2 and "--out" in no_out.output
    missing = runner.invoke(
        app, ["indicators", "evaluate", str(tmp_path / "none.csv"), "--year", "2021"]
    )
    assert missing.exit_code == 2 and "does not exist" in missing.output
    outside = runner.invoke(app, ["indicators", "evaluate", "--demo", "--year", "2019"])
    assert outside.exit_code == 2 and "year" in outside.output


def test_progress_method_is_chosen_and_stated() -> None:
    def run(*extra: str) -> dict[str, str]:
        result = runner.invoke(
            app,
            ["indicators", "evaluate", "--demo", "--year", "2022", "--format", "json", *extra],
        )
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["indicators"]
        return {row["indicator_id"]: row["progress_method"] for row in rows}

    own = run()
    assert own["co2_intensity_reduction"] == "compound" and own["datacentre_pue_new"] == "linear"
    assert set(run("--progress-method", "linear").values()) == {"linear"}
    assert set(run("--progress-method", "compound").values()) == {"compound"}
    bad = runner.invoke(
        app, ["indicators", "evaluate", "--demo", "--year", "2022", "--progress-method", "x"]
    )
    assert bad.exit_code != 0


def test_the_stored_board_of_a_year_with_no_value(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo database: nothing is entered or published for 2024, a year of the plan period.
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    shown = runner.invoke(
        app, ["indicators", "board", "--territory", "LJ-2016", "--year", "2024"], terminal_width=200
    )
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("尚未报送") == 15
    data = json.loads(
        runner.invoke(
            app,
            ["indicators", "board", "--territory", "LJ-2016", "--year", "2024", "--format", "json"],
        ).output
    )
    assert [r["reported"] for r in data["indicators"]] == [False] * 15
    # 2023 has values (entered and derived from the published 2023 inventory).
    known = runner.invoke(
        app, ["indicators", "board", "--territory", "LJ-2016", "--year", "2023", "--format", "json"]
    )
    assert all(r["reported"] for r in json.loads(known.output)["indicators"])
    outside = runner.invoke(
        app, ["indicators", "board", "--territory", "LJ-2016", "--year", "2030"]
    )
    assert outside.exit_code == 2 and "2021–2025" in outside.output
