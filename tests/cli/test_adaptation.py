"""``cityclimate adaptation …``: the demo's warnings as CAP 1.2 (valid, re-imported unchanged),
a feed evaluated from a file, risk from a layers file, bad input located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.io.cap import alerts_from_xml, alerts_to_xml, split_documents, validate

runner = CliRunner()


def test_export_cap_demo_prints_valid_cap_that_reimports_unchanged() -> None:
    result = runner.invoke(app, ["adaptation", "export-cap", "--demo"])
    assert result.exit_code == 0, result.output
    documents = split_documents(result.stdout)
    assert len(documents) == 27  # the simulated summer's events (see tests/demo)
    for document in documents:
        validate(document)
    alerts = alerts_from_xml(result.stdout)
    assert alerts_to_xml(alerts) == result.stdout
    assert {a.msg_type for a in alerts} == {"Alert", "Update", "Cancel"}
    assert all(a.status == "Exercise" for a in alerts)


def test_evaluate_a_feed_file(tmp_path: Path) -> None:
    feed = tmp_path / "feed.csv"
    feed.write_text(
        "site,time,variable,value,unit\n"
        + "".join(
            f"A,2024-07-01T{h:02d}:00,precipitation,{v},mm\n" for h, v in enumerate([0, 50, 0])
        )
    )
    result = runner.invoke(app, ["adaptation", "evaluate", str(feed), "--json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert [(e["action"], e["level"]) for e in events] == [("issue", "orange")]


def test_a_bad_feed_names_file_row_and_field(tmp_path: Path) -> None:
    feed = tmp_path / "bad.csv"
    feed.write_text("site,time,variable,value,unit\nA,2024-07-01T01:00,precipitation,lots,mm\n")
    result = runner.invoke(app, ["adaptation", "evaluate", str(feed)])
    assert result.exit_code == 1
    assert "bad.csv" in result.output and "value" in result.output


def test_risk_from_the_demo_layers_ranks_nine_sub_areas() -> None:
    result = runner.invoke(app, ["adaptation", "risk", "--demo", "--hazard-factor", "1.1"])
    assert result.exit_code == 0, result.output
    assert "LJ-2016-DS" in result.output and "LJ-2016-GW" in result.output


def test_a_second_territory_is_set_up_from_the_command_line(
    database: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """settings, stations, a feed and a census for 江北 (500105); the notices of Liangjiang
    listed and escalated at a stated time; a bad census file names row and field."""
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    args = ["adaptation", "settings", "--territory", "500105", "--jurisdiction", "CN-CQ",
            "--region-code", "500105", "--sender", "jb.example", "--sender-name-zh", "江北区"]  # fmt: skip
    assert runner.invoke(app, args).exit_code == 0
    sites = tmp_path / "sites.csv"
    sites.write_text("site,kind,name_zh\nJB-1,station,观音桥站\n", encoding="utf-8")
    assert (
        runner.invoke(
            app, ["adaptation", "import", "sites", str(sites), "--territory", "500105"]
        ).exit_code
        == 0
    )
    feed = tmp_path / "rain.csv"
    feed.write_text("site,time,variable,value,unit\n"
                    + "".join(f"JB-1,2024-07-01T{h:02d}:00,precipitation,20,mm\n" for h in (1, 2, 3)),
                    encoding="utf-8")  # fmt: skip
    done = runner.invoke(
        app, ["adaptation", "import", "observations", str(feed), "--territory", "500105"]
    )
    assert done.exit_code == 0 and "events 1" in done.output, done.output
    census = tmp_path / "census.csv"
    census.write_text("record_id,hazard_type,name,sub_area,longitude,latitude,source\n"
                      "C1,flood,江边,,106.5,-91,测试\n", encoding="utf-8")  # fmt: skip
    refused = runner.invoke(
        app, ["adaptation", "import", "census", str(census), "--territory", "500105"]
    )
    assert (
        refused.exit_code == 1 and "census.csv" in refused.output and "latitude" in refused.output
    )
    listed = runner.invoke(
        app, ["adaptation", "notices", "--territory", "LJ-2016", "--pending", "--json"]
    )
    assert listed.exit_code == 0
    pending = json.loads(listed.output)
    assert pending and all(n["acknowledged_at"] is None for n in pending)
    late = runner.invoke(app, ["adaptation", "escalate", "--territory", "LJ-2016",
                               "--as-of", "2024-09-01T00:00+08:00"])  # fmt: skip
    assert late.exit_code == 0 and "escalated" in late.output
    assert (
        runner.invoke(
            app, ["adaptation", "escalate", "--territory", "LJ-2016", "--as-of", "soon"]
        ).exit_code
        == 2
    )
