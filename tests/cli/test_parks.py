"""``cityclimate parks evaluate|report``: the demo park by year (JSON, table, XLSX), clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cityclimate.cli import app

runner = CliRunner()


def demo_json(*extra: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["parks", "evaluate", "--demo", "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_demo_json_gives_the_indicators_by_year() -> None:
    data = demo_json()
    assert data["park"]["park_id"] == "LJ-ZCP" and data["park"]["illustrative"] is True
    assert "ILLUSTRATIVE" in data["notice"]["en"]
    assert [y["year"] for y in data["years"]] == [2020, 2023]
    for year in data["years"]:
        inv = year["inventory"]
        core = year["indicators"][0]
        assert core["indicator_id"] == "carbon_per_energy" and core["unit"] == "t CO2/tce"
        assert core["value"] == pytest.approx(inv["co2_t"] / inv["energy_tce"])
        assert len(year["indicators"]) == 6  # 1 core + 5 guiding
    assert data["years"][1]["members"] == ["LJ-AUTO", "LJ-PANEL", "LJ-DC", "LJ-GLASS"]


def test_the_electricity_method_is_a_stated_choice() -> None:
    market = demo_json("--method", "market_based")["years"][1]["inventory"]
    location = demo_json("--method", "location_based")["years"][1]["inventory"]
    assert market["electricity_method"] == "market_based"
    assert location["co2_t"] > market["co2_t"]
    assert location["energy_tce"] == pytest.approx(market["energy_tce"])
    assert location["clean_energy_tce"] < market["clean_energy_tce"]


def test_table_and_workbook(tmp_path: Path) -> None:
    table = runner.invoke(app, ["parks", "evaluate", "--demo"])
    assert table.exit_code == 0, table.output
    assert "两江零碳园区" in table.output and "· 2023" in table.output
    out = tmp_path / "self.xlsx"
    report = runner.invoke(app, ["parks", "report", "--demo", "--out", str(out)])
    assert report.exit_code == 0, report.output
    book = load_workbook(out)
    rows = list(book["指标 Indicators"].iter_rows(values_only=True))
    assert rows[0][0] == "年份 year" and len(rows) == 1 + 2 * 6
    core = list(book["核心指标 Core indicator"].iter_rows(values_only=True))
    assert [r[0] for r in core[1:]] == [2020, 2023]
    assert core[2][2] == 0.2  # the 2023 threshold of the 200 000–1 000 000 tce tier


def test_park_or_demo_not_both() -> None:
    result = runner.invoke(app, ["parks", "evaluate", "--demo", "--park", "X"])
    assert result.exit_code == 2
    assert "--park" in result.output
