"""Tests of ``cityclimate plan assess``: demo in every format, files, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.demo.indicators import read_demo_text

runner = CliRunner()
DEMO = Path(__file__).parents[2] / "src/cityclimate/demo/data/liangjiang"


def test_demo_table_shows_grades_overdue_and_rectification() -> None:
    result = runner.invoke(app, ["plan", "assess", "--demo", "--year", "2023"])
    assert result.exit_code == 0, result.output
    for text in ("ILLUSTRATIVE", "不合格", "优秀", "4.3.3.6", "2024-03-31"):
        assert text in result.output


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_demo_json_has_indicators_tasks_and_grades(year: int) -> None:
    result = runner.invoke(
        app, ["plan", "assess", "--demo", "--year", str(year), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["indicators"]) == 15 and len(data["grades"]) == 6
    assert len(data["tasks"]["all"]) == 103
    assert all(row["lead_department"] != "unknown" for row in data["tasks"]["all"])
    assert {row["grade"] for row in data["grades"]} <= {"excellent", "good", "pass", "fail"}
    assert data["units"]["score"] == "points out of 100"


def test_xlsx_export_has_every_sheet_and_the_notice(tmp_path: Path) -> None:
    out = tmp_path / "evaluation.xlsx"
    result = runner.invoke(
        app, ["plan", "assess", "--demo", "--year", "2023", "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == [
        "概要 Summary",
        "指标 Indicators",
        "走势 Actual vs path",
        "数值 Values",
        "任务 Tasks",
        "逾期 Overdue",
        "部门任务 By department",
        "考核 Grades",
        "考核明细 Item scores",
        "整改 Rectification",
    ]
    assert "ILLUSTRATIVE" in book.worksheets[0]["A2"].value
    charts = book["走势 Actual vs path"]._charts
    assert len(charts) == 15 and all(len(chart.series) == 2 for chart in charts)
    grades = book["考核 Grades"]
    header = [cell.value for cell in grades[1]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True))
        for row in grades.iter_rows(min_row=2)
    ]
    assert {row["department"]: row["grade_zh"] for row in rows}["建设管理部门"] == "不合格"
    assert book["逾期 Overdue"].max_row == 4
    assert book["整改 Rectification"].max_row == 6
    assert book["任务 Tasks"].max_row == 104


def _targets() -> str:
    """The plan pack's city targets as rows of kind ``target`` of a values file."""
    lines = (DEMO / "plan/targets.csv").read_text(encoding="utf-8").splitlines()[1:]
    rows = []
    for line in lines:
        indicator, value, unit, source = line.split(",", 3)
        rows.append(f'{indicator},2025,target,{value},{unit},entered_by_hand,"{source}"')
    return "\n".join(rows) + "\n"


def _write_inputs(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    paths = []
    for name, text in (
        ("weights.csv", (DEMO / "plan/weights.csv").read_text(encoding="utf-8")),
        ("values.csv", read_demo_text("indicator_values.csv") + _targets()),
        ("assignments.csv", (DEMO / "plan/assignments.csv").read_text(encoding="utf-8")),
        ("events.csv", (DEMO / "plan_events.csv").read_text(encoding="utf-8")),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], paths[2], paths[3]


def test_files_give_an_assessment(tmp_path: Path) -> None:
    weights, values, assignments, events = _write_inputs(tmp_path)
    # the values file has no PUE or derived values: assess on what it has
    lines = weights.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if "datacentre" not in line and "public_institution" not in line]
    kept = [line for line in kept if "green_coverage" not in line and "park_green" not in line]
    kept = [line for line in kept if "sponge" not in line and "industrial_co2" not in line]
    weights.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "plan", "assess", str(weights), "--values", str(values), "--assignments",
            str(assignments), "--events", str(events), "--year", "2023", "--format", "json",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {row["task_id"] for row in data["tasks"]["overdue"]} == {"4.1.1.2", "4.3.3.6", "6.3.3"}
    assert data["illustrative"] is False


def test_an_event_that_breaks_the_workflow_is_reported_with_its_row(tmp_path: Path) -> None:
    weights, values, _, events = _write_inputs(tmp_path)
    events.write_text(
        "task_id,date,event,status,reason,evidence_description,evidence_reference\n"
        "4.1.1.1,2021-03-01,status,done,,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["plan", "assess", str(weights), "--values", str(values), "--events", str(events),
         "--year", "2022"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "events.csv, row 2, field 'status'" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "department,kind,item_id,weight\nA,task,4.1.1.1,-1\n",
            "weights.csv, row 2, field 'weight'",
        ),
        ("department,kind,item_id,weight\nA,goal,4.1.1.1,1\n", "field 'kind'"),
        ("department,kind,item_id\nA,task,4.1.1.1\n", "missing column(s): weight"),
    ],
)
def test_bad_weight_files_exit_2(tmp_path: Path, content: str, expected: str) -> None:
    weights, values, _, _ = _write_inputs(tmp_path)
    weights.write_text(content, encoding="utf-8")
    result = runner.invoke(
        app, ["plan", "assess", str(weights), "--values", str(values), "--year", "2021"]
    )
    assert result.exit_code == 2
    assert expected in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["plan", "assess", "--year", "2021"]).exit_code == 2
    assert runner.invoke(app, ["plan", "assess", "--demo"]).exit_code == 2
    weights, _, _, _ = _write_inputs(tmp_path)
    no_values = runner.invoke(app, ["plan", "assess", str(weights), "--year", "2021"])
    assert no_values.exit_code == 2 and "--values" in no_values.output
    bad_date = runner.invoke(
        app, ["plan", "assess", "--demo", "--year", "2021", "--rectification-deadline", "soon"]
    )
    assert bad_date.exit_code == 2
    early = runner.invoke(
        app,
        ["plan", "assess", "--demo", "--year", "2022", "--rectification-deadline", "2022-06-30"],
    )
    assert early.exit_code == 2 and "rectification" in early.output


def test_progress_method_grades_every_indicator_on_one_path() -> None:
    """The green-building share (binding; 62 % in 2020, target 100 % in 2025, 83 % in 2023).

    By hand: linear path for 2023 = 62 + 38 × 3/5 = 84.8 > 83, so it is behind and vetoes
    建设管理部门 to 不合格; compound path = 62 × (100/62)^(3/5) = 82.60 < 83, on track, no veto.
    """

    def run(*extra: str) -> dict:  # type: ignore[type-arg]
        result = runner.invoke(
            app, ["plan", "assess", "--demo", "--year", "2023", "--format", "json", *extra]
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)  # type: ignore[no-any-return]

    def building(data: dict) -> tuple[dict, dict]:  # type: ignore[type-arg]
        row = next(
            r
            for r in data["indicators"]
            if r["indicator_id"] == "green_building_share_of_new_buildings"
        )
        grade = next(g for g in data["grades"] if g["department"] == "建设管理部门")
        return row, grade

    linear, compound = run("--progress-method", "linear"), run("--progress-method", "compound")
    assert {r["progress_method"] for r in linear["indicators"]} == {"linear"}
    assert {r["progress_method"] for r in compound["indicators"]} == {"compound"}
    row, grade = building(linear)
    assert row["path_value"] == pytest.approx(84.8) and row["binding_met"] is False
    assert grade["grade"] == "fail" and "green_building" in grade["veto_indicator_ids"]
    row, grade = building(compound)
    assert row["path_value"] == pytest.approx(62 * (100 / 62) ** 0.6) and row["binding_met"]
    assert round(row["path_value"], 2) == 82.60
    assert grade["grade"] != "fail" and not grade["veto_indicator_ids"]
    own = run()  # each indicator's own: the share is a level, so linear
    assert building(own)[0]["progress_method"] == "linear"
    bad = runner.invoke(
        app, ["plan", "assess", "--demo", "--year", "2023", "--progress-method", "straight"]
    )
    assert bad.exit_code != 0 and "straight" in bad.output
