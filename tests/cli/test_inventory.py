"""Tests of the command line: demo in every format, files, and clear errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cityclimate.cli import app

runner = CliRunner()


def test_demo_table_shows_the_plan_total_and_the_illustrative_notice() -> None:
    result = runner.invoke(app, ["inventory", "compute", "--demo", "--year", "2020"])
    assert result.exit_code == 0, result.output
    assert "724.42" in result.output and "ILLUSTRATIVE" in result.output


def test_demo_json_states_units_and_totals() -> None:
    result = runner.invoke(
        app, ["inventory", "compute", "--demo", "--year", "2019", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert round(report["summary"]["gross_co2e_t"] / 1e4, 2) == 685.36
    assert report["units"]["co2e_t"] == "t CO2e" and report["illustrative"] is True
    assert {"sector", "sub_area", "gas", "fuel"} <= set(report["breakdowns"])


def test_gwp_choice_changes_non_co2_only() -> None:
    ar5 = json.loads(
        runner.invoke(app, ["inventory", "compute", "--demo", "--format", "json"]).output
    )
    ar4 = json.loads(
        runner.invoke(
            app, ["inventory", "compute", "--demo", "--format", "json", "--gwp", "AR4"]
        ).output
    )
    gas5 = {r["key"]: r["co2e_t"] for r in ar5["breakdowns"]["gas"]}
    gas4 = {r["key"]: r["co2e_t"] for r in ar4["breakdowns"]["gas"]}
    assert gas5["CO2"] == gas4["CO2"]
    assert gas4["CH4"] / gas5["CH4"] == 25 / 28


def test_csv_and_xlsx_exports(tmp_path: Path) -> None:
    csv_out, xlsx_out = tmp_path / "rows.csv", tmp_path / "report.xlsx"
    assert (
        runner.invoke(
            app, ["inventory", "compute", "--demo", "--format", "csv", "--out", str(csv_out)]
        ).exit_code
        == 0
    )
    assert csv_out.read_text(encoding="utf-8").startswith("record_id,")
    result = runner.invoke(
        app, ["inventory", "compute", "--demo", "--format", "xlsx", "--out", str(xlsx_out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(xlsx_out)
    assert "概要 Summary" in book.sheetnames and "明细 Records" in book.sheetnames
    assert "ILLUSTRATIVE" in str(book["概要 Summary"]["A1"].value)


def test_a_bad_file_names_its_rows_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "activities.csv"
    bad.write_text(
        "territory,year,category,fuel,quantity,unit\n"
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,10⁴Nm³\n"
        "500000,2022,energy.manufacturing.combustion,bituminous_coal,-5,t\n"
        "500000,2022,energy.manufacturing.combustion,natural_gas,abc,10⁴Nm³\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["inventory", "compute", str(bad), "--year", "2022"])
    assert result.exit_code == 2
    assert "activities.csv, row 3, field 'quantity'" in result.output
    assert "activities.csv, row 4, field 'quantity'" in result.output


def test_a_good_xlsx_file_computes(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "data.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["territory", "year", "category", "fuel", "quantity", "unit"])
    sheet.append(["CN", 2022, "energy.electricity.industry", "electricity", 1000, "MWh"])
    book.save(path)
    result = runner.invoke(
        app, ["inventory", "compute", str(path), "--year", "2022", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summary"]["gross_co2e_t"] == pytest.approx(536.6, rel=1e-12)


def test_file_and_demo_are_exclusive() -> None:
    assert runner.invoke(app, ["inventory", "compute"]).exit_code == 2
