"""``cityclimate territory``: create a district with sub-areas, see it, import its socio-economic
sheet, and get located errors (exit 2) for bad input, on a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cityclimate.cli import app


def test_create_show_edit_and_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    made = runner.invoke(
        app,
        [
            "territory", "save", "500113", "--name-zh", "巴南区", "--name-en", "Banan",
            "--parent", "500000", "--area-km2", "1825",
            "--sub-area", "500113-JS=界石板块/Jieshi",
            "--grid", "local_2024:CN-SW:2024-2030",
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "temperate_wet" in made.output and "created" in made.output
    shown = runner.invoke(app, ["territory", "show", "500113"])
    data = json.loads(shown.output)
    assert data["sub_areas"][0]["code"] == "500113-JS"
    assert data["grid_regions"][0]["grid_region"] == "CN-SW"
    listed = runner.invoke(app, ["territory", "list", "--parent", "500113"])
    assert "界石板块" in listed.output
    bad = runner.invoke(
        app, ["territory", "save", "500113", "--name-zh", "巴南区", "--parent", "nowhere"]
    )
    assert bad.exit_code == 2 and "parent_code" in bad.output
    sheet = tmp_path / "socio.csv"
    sheet.write_text(
        "年份,地区生产总值（万元）,不变价基年,常住人口（人）\n2024,12000000,2020,1200000\n"
    )
    imported = runner.invoke(app, ["territory", "socioeconomic", "500113", str(sheet)])
    assert imported.exit_code == 0 and "2024" in imported.output
    sheet.write_text("年份,常住人口（人）\n2024,120\n")  # 万人 given as persons
    refused = runner.invoke(app, ["territory", "socioeconomic", "500113", str(sheet)])
    assert refused.exit_code == 2 and "population" in refused.output
