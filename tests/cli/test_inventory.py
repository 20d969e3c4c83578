"""Tests of the command line: demo in every format, files, and clear errors with exit 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cityclimate.cli import app, output

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
    assert gas4["CH4"] / gas5["CH4"] == pytest.approx(25 / 28, rel=1e-12)


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


def test_demo_run_prints_interval_key_categories_findings_and_reconciliation() -> None:
    result = runner.invoke(
        app, ["inventory", "compute", "--demo", "--year", "2020", "--iterations", "2000"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "95% 区间 · interval" in out and "724.42 万t CO2e" in out
    assert "关键类别 · key categories" in out and "energy.electricity.industry" in out
    assert "implausible_magnitude" in out and "15,989.2 万tce" in out
    assert "the three frameworks reconciled" in out and out.count("✓") == 3


def test_uncertainty_command_runs_monte_carlo() -> None:
    result = runner.invoke(
        app, ["inventory", "uncertainty", "--demo", "--iterations", "1000", "--seed", "7"]
    )
    assert result.exit_code == 0, result.output
    assert "1,000 iterations, seed 7" in result.output
    assert "main drivers of the spread" in result.output


def test_framework_table_lists_every_row_with_notation_keys() -> None:
    result = runner.invoke(
        app, ["inventory", "compute", "--demo", "--framework", "gpc", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("territory,year,code,")
    assert any(line.split(",")[2] == "II.4.1" and ",NE," in line for line in lines)


def test_framework_workbook_export(tmp_path: Path) -> None:
    out = tmp_path / "ipcc.xlsx"
    result = runner.invoke(
        app,
        [
            "inventory",
            "compute",
            "--demo",
            "--framework",
            "ipcc",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--iterations",
            "500",
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert {"核对 Reconciliation", "IPCC 2006", "质量检查 QA findings"} <= set(book.sheetnames)


def test_template_then_compute_from_the_filled_template(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    result = runner.invoke(app, ["inventory", "template", "--out", str(template), "--demo"])
    assert result.exit_code == 0, result.output
    computed = runner.invoke(
        app,
        ["inventory", "compute", str(template), "--format", "json", "--nearest-year"],
    )
    assert computed.exit_code == 0, computed.output
    from_file = json.loads(computed.output)["summary"]
    from_demo = json.loads(
        runner.invoke(app, ["inventory", "compute", "--demo", "--format", "json"]).output
    )["summary"]
    assert from_file["gross_co2e_t"] == pytest.approx(from_demo["gross_co2e_t"], rel=1e-12)
    assert round(from_file["gross_co2e_t"] / 1e4, 2) == 724.42


def test_a_bad_template_writes_nothing(tmp_path: Path) -> None:
    template, out = tmp_path / "bad.xlsx", tmp_path / "result.xlsx"
    assert (
        runner.invoke(app, ["inventory", "template", "--out", str(template), "--demo"]).exit_code
        == 0
    )
    book = load_workbook(template)
    book["说明 Instructions"]["B2"] = "cityclimate-activities-0"
    book.save(template)
    result = runner.invoke(
        app, ["inventory", "compute", str(template), "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "wrong template version" in result.output
    assert not out.exists()


def _version(book) -> None:  # type: ignore[no-untyped-def]
    book["说明 Instructions"]["B2"] = "cityclimate-activities-0"


def _merged(book) -> None:  # type: ignore[no-untyped-def]
    book["能源消费 Fuel use"].merge_cells("F3:F4")


def _text(book) -> None:  # type: ignore[no-untyped-def]
    book["能源消费 Fuel use"]["G3"] = "about 12"


def _unit(book) -> None:  # type: ignore[no-untyped-def]
    book["能源消费 Fuel use"]["H3"] = "kWh"


def _duplicate(book) -> None:  # type: ignore[no-untyped-def]
    sheet = book["能源消费 Fuel use"]
    row = [c.value for c in sheet[3]]
    row[0] = "copy"
    sheet.append(row)


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (_version, "wrong template version"),
        (_merged, "merged cells"),
        (_text, "text in a number cell"),
        (_unit, "has factors per t"),
        (_duplicate, "duplicate row"),
    ],
)
def test_each_bad_file_gives_its_own_error_and_writes_nothing(
    tmp_path: Path,
    spoil,
    says: str,  # type: ignore[no-untyped-def]
) -> None:
    template, out = tmp_path / "bad.xlsx", tmp_path / "result.xlsx"
    assert (
        runner.invoke(app, ["inventory", "template", "--out", str(template), "--demo"]).exit_code
        == 0
    )
    book = load_workbook(template)
    spoil(book)
    book.save(template)
    result = runner.invoke(
        app, ["inventory", "compute", str(template), "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert says in " ".join(result.output.split())
    assert not out.exists()


def test_checks_and_energy_statistics_files(tmp_path: Path) -> None:
    checks, stats = tmp_path / "checks.csv", tmp_path / "stats.csv"
    checks.write_text(
        "figure,territory,year,value,unit\nindustry_co2e,LJ-2016,2020,900,万tCO2e\n",
        encoding="utf-8",
    )
    stats.write_text(
        "territory,year,fuel,quantity,unit\nLJ-2016,2020,bituminous_coal,999999,t\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "inventory",
            "compute",
            "--demo",
            "--iterations",
            "500",
            "--checks",
            str(checks),
            "--energy-statistics",
            str(stats),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "implausible_magnitude" in result.output and "industry_co2e" in result.output
    assert "energy_balance" in result.output


def test_compute_json_carries_the_quality_result() -> None:
    result = runner.invoke(
        app, ["inventory", "compute", "--demo", "--format", "json", "--iterations", "500"]
    )
    assert result.exit_code == 0, result.output
    quality = json.loads(result.output)["quality"]
    unc = quality["uncertainty"]
    assert (unc["iterations"], unc["seed"]) == (500, 0)
    assert unc["total"]["p2_5_t"] < quality["gross_co2e_t"] < unc["total"]["p97_5_t"]
    assert unc["by_category"] and unc["method"]["approach2"]["en"]
    assert any(k["is_key"] and k["reason_en"] for k in quality["key_categories"])
    assert quality["findings"] and quality["findings"][0]["message_zh"]
    assert set(quality["frameworks"]) == {"cn", "ipcc", "gpc"}
    assert all(r["reconciles"] for r in quality["reconciliation"] if r["line"] == "result")


def test_uncertainty_json_names_method_iterations_and_seed() -> None:
    result = runner.invoke(
        app,
        [
            "inventory",
            "uncertainty",
            "--demo",
            "--format",
            "json",
            "--iterations",
            "400",
            "--seed",
            "3",
            "--gwp",
            "AR6",
            "--ch4-by-origin",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["method"]["ch4_gwp_by_origin"] is True and payload["method"]["gwp_set"] == "AR6"
    unc = payload["quality"]["uncertainty"]
    assert (unc["iterations"], unc["seed"]) == (400, 3)
    assert payload["quality"]["key_categories"] and "frameworks" in payload["quality"]
    # The same quality result as compute's: uncertainty by category and its method, key
    # categories with reasons, QA findings, the three tables and their reconciliation.
    quality = payload["quality"]
    assert unc["by_category"] and unc["method"]["approach2"]["en"]
    assert all(k["reason_en"] for k in quality["key_categories"] if k["is_key"])
    assert isinstance(quality["findings"], list) and set(quality["frameworks"]) == {
        "cn",
        "ipcc",
        "gpc",
    }
    assert {r["framework"] for r in quality["reconciliation"]} >= {"cn", "ipcc", "gpc"}


def test_ch4_by_origin_changes_only_ch4() -> None:
    def gases(*extra: str) -> dict[str, float]:
        out = runner.invoke(
            app,
            [
                "inventory",
                "compute",
                "--demo",
                "--format",
                "json",
                "--iterations",
                "100",
                "--gwp",
                "AR6",
                *extra,
            ],
        ).output
        return {r["key"]: r["co2e_t"] for r in json.loads(out)["breakdowns"]["gas"]}

    single, by_origin = gases(), gases("--ch4-by-origin")
    assert single["CO2"] == by_origin["CO2"] and single["N2O"] == by_origin["N2O"]
    # Fossil CH4 (29.8) and non-fossil CH4 (27.0) against 27.9: neither equal to the single value.
    assert by_origin["CH4"] != pytest.approx(single["CH4"], rel=1e-6)


def test_incomplete_fuel_edition_is_refused_with_the_reason() -> None:
    result = runner.invoke(
        app, ["inventory", "compute", "--demo", "--fuel-edition", "cn_guideline_2013"]
    )
    assert result.exit_code == 2
    assert "incomplete" in result.output and "不完整" in result.output


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Error lines unwrapped, whatever the terminal (the problems are parsed from them)."""
    monkeypatch.setattr(output.errors, "width", 4000)


@pytest.mark.usefixtures("wide")
def test_a_missing_factor_in_the_template_names_its_sheet_row_and_column(tmp_path: Path) -> None:
    """The demo template without --nearest-year: 2019 has no grid factor (factors exist for
    2021-2023). Each problem names the sheet and the row as Excel shows them, and the column
    by letter and header; the oracle is the workbook itself (that cell of that row holds the
    record the message names), not a row of the concatenated table ("activities, row 185")."""
    template = tmp_path / "template.xlsx"
    made = runner.invoke(app, ["inventory", "template", "--out", str(template), "--demo"])
    assert made.exit_code == 0, made.output
    result = runner.invoke(app, ["inventory", "compute", str(template)])
    assert result.exit_code == 2
    located = re.findall(
        r"template\.xlsx \[(.+?)\], row (\d+), field 'F 燃料/物料 / fuel' = '(\w+)': "
        r".*?\(record (\S+?)\)",
        result.output,
    )
    assert len(located) >= 3, result.output
    book = load_workbook(template, read_only=True)
    for sheet, row, fuel, record in located:
        cells = next(book[sheet].iter_rows(min_row=int(row), max_row=int(row), values_only=True))
        assert (cells[0], cells[5]) == (record, fuel)  # A: record_id, F: fuel
    assert "electricity" in {fuel for _, _, fuel, _ in located}
    assert "activities, row" not in result.output


@pytest.mark.usefixtures("wide")
@pytest.mark.parametrize("command", ["compute", "uncertainty"])
def test_random_bytes_called_xlsx_are_a_clear_error(tmp_path: Path, command: str) -> None:
    fake = tmp_path / "activities.xlsx"
    fake.write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["inventory", command, str(fake)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "activities.xlsx" in result.output and "Traceback" not in result.output
    assert "not an Excel workbook, though the name ends in .xlsx" in result.output
    assert "不是 Excel 工作簿" in result.output


@pytest.mark.usefixtures("wide")
def test_one_pass_over_a_file_lists_row_unit_fuel_and_factor_mistakes_together(
    tmp_path: Path,
) -> None:
    """Issue 13: a negative quantity (row rule), a year without a grid factor (factor
    availability under the chosen method), a misspelt fuel and a unit of the wrong dimension,
    each at its own row of the file, in one message."""
    data = tmp_path / "mixed.csv"
    data.write_text(
        "territory,year,category,fuel,quantity,unit\n"
        "500000,2022,energy.manufacturing.combustion,natural_gas,-1,万Nm3\n"
        "500000,1995,energy.electricity.industry,electricity,1000,kWh\n"
        "500000,2022,energy.manufacturing.combustion,cole,1,t\n"
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,furlong\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["inventory", "compute", str(data)])
    assert result.exit_code == 2
    assert "4 problem(s)" in result.output
    lines = {
        int(m[0]): m[1] for m in re.findall(r"mixed\.csv, row (\d), field '(\w+)'", result.output)
    }
    assert lines == {2: "quantity", 3: "fuel", 4: "fuel", 5: "unit"}
    assert "no emission factor" in result.output and "year 1995" in result.output
    assert "unknown fuel" in result.output and "furlong" in result.output
    # With the nearest year allowed, the missing factor is no mistake: three remain.
    nearest = runner.invoke(app, ["inventory", "compute", str(data), "--nearest-year"])
    assert nearest.exit_code == 2 and "3 problem(s)" in nearest.output
