"""``cityclimate plan …``: the annual evaluation and target-responsibility assessment."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cityclimate.cli.indicators import (
    EvaluationFormat,
    ProgressMethodOption,
    check_choice,
    load_inputs,
    print_indicator_table,
    read_rows,
)
from cityclimate.cli.output import console, emit, fail, report_error
from cityclimate.errors import CityClimateError
from cityclimate.indicators.model import ProgressMethod
from cityclimate.indicators.progress import with_progress_method
from cityclimate.plan.annual_evaluation import AnnualEvaluation, annual_evaluation_dict

plan_app = typer.Typer(help="规划任务与考核 · plan tasks and assessment", no_args_is_help=True)

WEIGHTS_HELP = (
    "考核权重文件 (.csv/.xlsx) · assessment-weights file. Columns: department, kind "
    "(indicator | task), item_id (indicator id or task id such as 4.1.1.1), weight (> 0), "
    "source (optional)."
)


def _evaluation(
    weights_file: Path | None,
    values_file: Path | None,
    assignments_file: Path | None,
    events_file: Path | None,
    year: int,
    rectification_deadline: dt.date | None,
    method: ProgressMethod | None,
) -> AnnualEvaluation:
    if weights_file is None:
        from cityclimate.demo.plan import liangjiang_annual_evaluation

        return liangjiang_annual_evaluation(
            year, rectification_deadline=rectification_deadline, method=method
        )
    from cityclimate.indicators.definitions import (
        load_liangjiang_indicators,
        load_liangjiang_target_statements,
    )
    from cityclimate.plan.inputs import Table, annual_evaluation_from_tables
    from cityclimate.plan.tasks import load_liangjiang_tasks

    def table(path: Path | None) -> Table | None:
        if path is None:
            return None
        rows, first_row = read_rows(path)
        return Table(rows, path.name, first_row)

    weights = table(weights_file)
    assert weights is not None
    return annual_evaluation_from_tables(
        with_progress_method(load_liangjiang_indicators(), method),
        load_inputs(values_file),
        load_liangjiang_tasks(),
        weights=weights,
        assignments=table(assignments_file),
        events=table(events_file),
        year=year,
        rectification_deadline=rectification_deadline,
        target_statements=load_liangjiang_target_statements(),
    )


@plan_app.command("assess")
def assess(
    year: Annotated[
        int, typer.Option("--year", help="考核年份（必填）· assessment year (required)")
    ],
    file: Annotated[Path | None, typer.Argument(help=WEIGHTS_HELP)] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="使用两江新区2021–2023示例数据 · use the illustrative Liangjiang demo"
        ),
    ] = False,
    values: Annotated[
        Path | None,
        typer.Option(
            "--values",
            help="指标数值文件（与 FILE 同用，必填）· indicator-values file (required with FILE); "
            "columns as in `cityclimate indicators evaluate --help`",
        ),
    ] = None,
    assignments: Annotated[
        Path | None,
        typer.Option(
            "--assignments",
            help="任务分工文件 · task-assignments file: task_id, lead_department, "
            "cooperating_departments (;-separated), deadline (YYYY-MM-DD or empty), basis",
        ),
    ] = None,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            help="任务进展文件 · task-events file: task_id, date, event (status | evidence), "
            "status (in_progress | done | delayed | cancelled), reason, "
            "evidence_description, evidence_reference; without it every task is not started",
        ),
    ] = None,
    rectification_deadline: Annotated[
        str | None,
        typer.Option(
            "--rectification-deadline",
            help="整改期限 YYYY-MM-DD · rectification deadline (default 31 March of next year)",
        ),
    ] = None,
    output: Annotated[
        EvaluationFormat, typer.Option("--format", help="输出格式 · output format")
    ] = EvaluationFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
    progress_method: ProgressMethodOption = None,
) -> None:
    """年度评估与目标责任考核 · Annual evaluation and target-responsibility assessment.

    Every indicator's status, tasks by status and department, overdue tasks, the grade of
    each department (≥90 优秀, 80–90 良好, 60–80 合格, <60 不合格; a binding indicator not
    met vetoes to 不合格) and rectification items with their deadline. ``--progress-method``
    evaluates (and so grades) every indicator on one path, compound or linear; without it
    each indicator's own method is used, as in a published evaluation.
    """
    check_choice(file, demo, output, out)
    if file is not None and values is None:
        fail(
            "使用考核权重文件时须给出 --values 指标数值文件",
            "with a weights file give --values FILE",
        )
    deadline = None
    if rectification_deadline is not None:
        try:
            deadline = dt.date.fromisoformat(rectification_deadline)
        except ValueError:
            fail("整改期限应为 YYYY-MM-DD", "--rectification-deadline must be YYYY-MM-DD")
    try:
        evaluation = _evaluation(file, values, assignments, events, year, deadline, progress_method)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    if output is EvaluationFormat.json:
        emit(json.dumps(annual_evaluation_dict(evaluation), ensure_ascii=False, indent=2), out)
    elif output is EvaluationFormat.xlsx:
        from cityclimate.io.evaluation_export import annual_evaluation_xlsx

        assert out is not None
        out.write_bytes(annual_evaluation_xlsx(evaluation))
        console.print(f"已写入 · written: {out}")
    else:
        _print_evaluation(evaluation)


def _print_evaluation(evaluation: AnnualEvaluation) -> None:
    print_indicator_table(evaluation.indicators, evaluation.indicator_table)
    status = Table(title=f"任务进展 · tasks on {evaluation.as_of}")
    status.add_column("状态 · status")
    status.add_column("任务数 · tasks", justify="right")
    for row in evaluation.tasks_by_status.iter_rows(named=True):
        status.add_row(f"{row['status_zh']} · {row['status']}", str(row["tasks"]))
    console.print(status)
    overdue = Table(title="逾期任务 · overdue tasks")
    for heading in (
        "任务 · task",
        "牵头单位 · lead",
        "期限 · deadline",
        "状态 · status",
        "逾期天数 · days",
    ):
        overdue.add_column(heading)
    for row in evaluation.overdue.iter_rows(named=True):
        overdue.add_row(
            f"{row['task_id']} {row['title_zh']}",
            row["lead_department"],
            str(row["deadline"]),
            row["status_zh"],
            str(row["days_overdue"]),
        )
    console.print(overdue)
    grades = Table(title=f"目标责任考核 · assessment {evaluation.year}")
    for heading in ("部门 · department", "得分 · score", "等级 · grade", "一票否决 · veto"):
        grades.add_column(heading)
    for row in evaluation.grades.iter_rows(named=True):
        grades.add_row(
            row["department"],
            f"{row['score']:.1f}",
            f"{row['grade_zh']} · {row['grade_en']}",
            row["veto_indicator_ids"] or "—",
        )
    console.print(grades)
    rectification = Table(title="整改事项 · rectification")
    for heading in ("部门 · department", "事项 · subject", "原因 · reason", "期限 · deadline"):
        rectification.add_column(heading)
    for row in evaluation.rectification.iter_rows(named=True):
        rectification.add_row(
            row["department"], row["subject_id"], row["reason_zh"], str(row["deadline"])
        )
    console.print(rectification)


@plan_app.command("import")
def import_pack(
    folder: Annotated[Path, typer.Argument(help="规划包文件夹（含 pack.toml）· plan pack folder")],
) -> None:
    """导入地区规划包（全部校验通过才保存）· Import a territory's plan pack (all or nothing)."""
    from cityclimate.cli.platform import _database
    from cityclimate.io.plan_pack_files import read_pack_folder
    from cityclimate.services import plans
    from cityclimate.services.actors import SYSTEM
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    try:
        files = read_pack_folder(folder)
        with transaction(sessions, write=True) as session:
            stored = plans.import_plan(session, SYSTEM, files)
            header = stored.pack.header
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    console.print(
        f"已导入 · imported: {header.territory} {header.name_zh} "
        f"({header.period_start}–{header.period_end}), revision {stored.revision}"
    )


@plan_app.command("export")
def export_pack(
    territory: Annotated[str, typer.Option(help="地区代码 · territory code")],
    out: Annotated[Path, typer.Option(help="输出文件夹 · output folder")],
) -> None:
    """导出地区规划包到文件夹 · Export a territory's stored plan pack to a folder."""
    from cityclimate.cli.platform import _database
    from cityclimate.io.plan_pack_files import write_pack_folder
    from cityclimate.services import plans
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    try:
        with transaction(sessions) as session:
            files = plans.export_plan(session, territory)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    written = write_pack_folder(files, out)
    console.print(f"已写入 {len(written)} 个文件 · wrote {len(written)} files to {out}")
