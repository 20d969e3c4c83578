"""``cityclimate adaptation …``: the demo's warnings as CAP 1.2 (valid, re-imported unchanged),
a feed evaluated from a file, risk from a layers file, bad input located."""

from __future__ import annotations

import json
from pathlib import Path

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
