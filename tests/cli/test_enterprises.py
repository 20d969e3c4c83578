"""``cityclimate enterprises``: validate-code exit codes; the compliance overview in each format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.demo import enterprises as demo
from cityclimate.enterprises import pack_to_json
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)

runner = CliRunner()


def test_validate_code_exit_0_when_valid_and_1_with_the_reason_when_not() -> None:
    ok = runner.invoke(app, ["enterprises", "validate-code", "91500000MA5U000111"])
    assert ok.exit_code == 0 and "valid" in ok.output
    bad = runner.invoke(app, ["enterprises", "validate-code", "91500000MA5U000112"])
    assert bad.exit_code == 1
    assert "position 18 should be '1'" in bad.output and "校验码错误" in bad.output
    short = runner.invoke(app, ["enterprises", "validate-code", "123"])
    assert short.exit_code == 1 and "18 characters" in short.output


def test_compliance_demo_table() -> None:
    result = runner.invoke(
        app, ["enterprises", "compliance", "--demo", "--year", "2020", "--as-of", "2021-06-01"]
    )
    assert result.exit_code == 0, result.output
    # 97.9%: the enterprises' share of the inventory's energy sector (demo recalibrated, issue 13).
    for text in ("ILLUSTRATIVE", "LJ-GLASS", "shortfall", "PUE LJ-DC", "LJ-TOWER", "97.9%"):
        assert text in result.output


def test_compliance_demo_json_and_pue_limits_edition() -> None:
    result = runner.invoke(
        app,
        [
            "enterprises",
            "compliance",
            "--demo",
            "--format",
            "json",
            "--as-of",
            "2021-06-01",
            "--pue-limits",
            "plan_text",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pue"][0]["limit"] == 1.3 and data["pue"][0]["meets_limit"] is True
    assert data["joint_lists"]["penalty"] == ["LJ-GLASS"]


def test_compliance_xlsx_and_pack_file(tmp_path: Path) -> None:
    out = tmp_path / "overview.xlsx"
    result = runner.invoke(
        app, ["enterprises", "compliance", "--demo", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "碳交易 ETS" in load_workbook(out).sheetnames
    pack = tmp_path / "pack.json"
    pack.write_text(pack_to_json(demo.pack()), encoding="utf-8")
    from_file = runner.invoke(
        app, ["enterprises", "compliance", str(pack), "--format", "json", "--as-of", "2021-06-01"]
    )
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.output)["reconciliation"] is None
    inventory = tmp_path / "activities.csv"
    from cityclimate.demo import liangjiang

    inventory.write_text(liangjiang.activities_csv(), encoding="utf-8")
    reconciled = runner.invoke(
        app,
        ["enterprises", "compliance", str(pack), "--inventory", str(inventory), "--format", "json"],
    )
    assert reconciled.exit_code == 0, reconciled.output
    assert json.loads(reconciled.output)["reconciliation"]["by_sector"]


def test_compliance_errors_exit_2() -> None:
    assert runner.invoke(app, ["enterprises", "compliance"]).exit_code == 2
    assert (
        runner.invoke(app, ["enterprises", "compliance", "--demo", "--format", "xlsx"]).exit_code
        == 2
    )
    assert (
        runner.invoke(app, ["enterprises", "compliance", "--demo", "--as-of", "June"]).exit_code
        == 2
    )
    assert runner.invoke(app, ["enterprises", "compliance", "missing.json"]).exit_code == 2


def test_bad_pack_file_lists_problems_and_exits_2(tmp_path: Path) -> None:
    data = json.loads(pack_to_json(demo.pack()))
    data["energy"][0]["month"] = 13
    pack = tmp_path / "bad.json"
    pack.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["enterprises", "compliance", str(pack)])
    assert result.exit_code == 2 and "month" in result.output


def test_record_sets_surrender_and_claims_offsets_once(
    database: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`enterprises record` does what the office page and PATCH …/record do (issue 14)."""
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    source = "ccer:CCER-LJ-0009-000001~000300"
    done = runner.invoke(
        app,
        ["enterprises", "record", "LJ-CHP", "2021", "--offsets-surrendered-t", "300",
         "--offsets-source", source, "--major-findings", "0"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "offsets_claim_id" in done.output and "RC-" in done.output
    assert "2021-12-31" in done.output  # the period defaults to the compliance year
    twice = runner.invoke(
        app,
        ["enterprises", "record", "LJ-GLASS", "2021", "--offsets-surrendered-t", "300",
         "--offsets-source", source],
    )  # fmt: skip
    assert twice.exit_code == 1 and "LJ-CHP" in twice.output  # the first claim is named
    bad = runner.invoke(app, ["enterprises", "record", "LJ-CHP", "2021", "--surrendered-t", "-1"])
    assert bad.exit_code != 0
    nothing = runner.invoke(app, ["enterprises", "record", "LJ-CHP", "2021"])
    assert nothing.exit_code == 2 and "at least one value" in nothing.output  # usage error
