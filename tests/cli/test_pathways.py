"""Tests of ``cityclimate pathways run``: demo in every format, files, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from cityclimate.cli import app

runner = CliRunner()


def test_demo_json_has_peaks_probabilities_wedges_and_decomposition() -> None:
    result = runner.invoke(app, ["pathways", "run", "--demo", "--format", "json", "--runs", "100"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["illustrative"] is True and "ILLUSTRATIVE" in report["notice"]
    names = [s["name"] for s in report["scenarios"]]
    assert names == ["baseline", "plan", "enhanced"]
    for scenario in report["scenarios"]:
        assert {"year", "co2e_t", "within_horizon"} <= set(scenario["peak"])
        assert set(scenario["probability_peak_by"]) == {"2025", "2030"}
        assert set(scenario["probability_target_met"]) == {
            "energy_intensity_reduction",
            "co2_intensity_reduction",
        }
    assert set(report["wedges"]) == {"plan", "enhanced"}
    d = report["decomposition"]
    assert (d["start_year"], d["end_year"]) == (2019, 2020)
    assert round(d["end_co2e_t"] / 1e4, 2) == 724.42


def test_table_names_the_scenarios_and_the_illustrative_notice() -> None:
    result = runner.invoke(app, ["pathways", "run", "plan", "--runs", "20"])
    assert result.exit_code == 0, result.output
    assert "ILLUSTRATIVE" in result.output and "LMDI" in result.output
    assert "baseline" in result.output and "distributed_pv" in result.output


def test_xlsx_has_every_table(tmp_path: Path) -> None:
    out = tmp_path / "pathways.xlsx"
    result = runner.invoke(
        app, ["pathways", "run", "plan", "--format", "xlsx", "--out", str(out), "--runs", "20"]
    )
    assert result.exit_code == 0, result.output
    sheets = load_workbook(out).sheetnames
    assert sheets[0] == "概要 Summary" and "减排楔形 Wedges" in sheets
    assert {"LMDI分解 Decomposition", "不确定性 Fan chart", "杠杆 Levers"} <= set(sheets)
    assert "ILLUSTRATIVE" in str(load_workbook(out)["概要 Summary"]["A1"].value)


def test_an_edited_copy_inheriting_a_shipped_scenario_runs(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'inherits = "plan"\nname = "mine"\n[levers]\nnev_cars = { strength = 3.0 }\n',
        encoding="utf-8",
    )
    (tmp_path / "child.toml").write_text('inherits = "mine"\nname = "child"\n', encoding="utf-8")
    result = runner.invoke(
        app,
        ["pathways", "run", str(tmp_path / "child.toml"), "--format", "json", "--runs", "20"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [s["name"] for s in report["scenarios"]] == ["baseline", "child"]
    assert report["scenarios"][1]["files"] == [
        "child.toml",
        "mine.toml",
        "plan.toml",
        "baseline.toml",
    ]


def test_shipped_scenario_by_name() -> None:
    result = runner.invoke(app, ["pathways", "run", "plan", "--format", "json", "--runs", "0"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["scenarios"][1]["probability_peak_by"] == {}


def test_bad_scenario_file_names_the_key_and_range_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'inherits = "baseline"\n[levers]\nnev_cars = { strength = -1 }\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["pathways", "run", str(bad)])
    assert result.exit_code == 2
    assert "levers.nev_cars.strength" in result.output and "between 0 and" in result.output
    assert "bad.toml" in result.output


def test_missing_file_and_missing_arguments_fail_clearly(tmp_path: Path) -> None:
    assert runner.invoke(app, ["pathways", "run", str(tmp_path / "none.toml")]).exit_code == 2
    assert runner.invoke(app, ["pathways", "run"]).exit_code == 2
    assert runner.invoke(app, ["pathways", "run", "--demo", "--format", "xlsx"]).exit_code == 2


def test_scenario_command_prints_a_file_to_copy_and_the_flat_form_runs(tmp_path: Path) -> None:
    shipped = runner.invoke(app, ["pathways", "scenario", "plan"])
    assert shipped.exit_code == 0 and 'inherits = "baseline"' in shipped.output
    flat = tmp_path / "flat.toml"
    result = runner.invoke(app, ["pathways", "scenario", "enhanced", "--flat", "--out", str(flat)])
    assert result.exit_code == 0, result.output
    text = flat.read_text(encoding="utf-8")
    assert "inherits" not in text and "[drivers.gdp" in text
    run = runner.invoke(app, ["pathways", "run", str(flat), "--format", "json", "--runs", "0"])
    assert run.exit_code == 0, run.output
    assert runner.invoke(app, ["pathways", "scenario", "nope"]).exit_code == 2
