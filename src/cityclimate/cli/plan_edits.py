"""``cityclimate plan assign|deadline|weight|department`` and ``cityclimate plan rectification
list|close``: editing a stored plan and closing rectification items with evidence files, as the
system user (the same use cases as the pages and the API; every change audited)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from cityclimate.cli.output import console, fail, report_error
from cityclimate.cli.plan import plan_app
from cityclimate.errors import CityClimateError

T = TypeVar("T")
Territory = Annotated[str, typer.Option(help="地区代码 · territory code")]
rectification_app = typer.Typer(
    help="整改事项：列出、附佐证材料关闭 · rectification items: list, close with evidence",
    no_args_is_help=True,
)
plan_app.add_typer(rectification_app, name="rectification")


def _run(call: Callable[[Session], T], *, write: bool) -> T:
    from cityclimate.cli.platform import in_transaction

    return in_transaction(call, write=write)


def _weights(pairs: list[str], option: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            fail(
                f"{option} 应写作 编号=权重（如 4.3.2.6=10）：{pair}",
                f"{option} takes id=weight (e.g. 4.3.2.6=10): {pair}",
            )
    return out


@plan_app.command("assign")
def assign(
    task: Annotated[str, typer.Argument(help="任务编号 · task id, e.g. 4.1.1.2")],
    territory: Territory,
    lead: Annotated[str, typer.Option(help="牵头单位 · lead department")],
    support: Annotated[
        list[str] | None, typer.Option(help="配合单位（可重复）· supporting department (repeat)")
    ] = None,
    basis: Annotated[str, typer.Option(help="依据 · basis (document or decision)")] = "",
) -> None:
    """指定任务的牵头与配合单位 · Assign a task's lead and supporting departments."""
    from cityclimate.services import plan_edits
    from cityclimate.services.actors import SYSTEM

    stored = _run(
        lambda s: plan_edits.assign_task(
            s, SYSTEM, territory, task, lead=lead, supporting=support or [], basis=basis
        ),
        write=True,
    )
    console.print(f"已指定 · assigned: {task} → {lead} (revision {stored.revision})")


@plan_app.command("deadline")
def deadline(
    task: Annotated[str, typer.Argument(help="任务编号 · task id")],
    territory: Territory,
    on: Annotated[
        dt.datetime | None,
        typer.Option("--on", formats=["%Y-%m-%d"], help="期限 · deadline (YYYY-MM-DD)"),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="恢复规划原定期限 · back to the plan's own deadline")
    ] = False,
) -> None:
    """设定任务期限 · Set a task's deadline (the task needs a lead department first)."""
    from cityclimate.services import plan_edits
    from cityclimate.services.actors import SYSTEM

    if (on is None) == (not clear):
        fail("请给出 --on 日期 或 --clear（二选一）", "give --on DATE or --clear (one of them)")
    day = on.date() if on is not None else None
    stored = _run(lambda s: plan_edits.set_deadline(s, SYSTEM, territory, task, day), write=True)
    console.print(f"已设定期限 · deadline set: {task} → {day or '—'} (revision {stored.revision})")


@plan_app.command("weight")
def weight(
    territory: Territory,
    department: Annotated[str, typer.Option(help="部门 · department")],
    indicator: Annotated[
        list[str] | None, typer.Option(help="指标编号=权重（可重复）· indicator id=weight")
    ] = None,
    task: Annotated[
        list[str] | None, typer.Option(help="任务编号=权重（可重复）· task id=weight")
    ] = None,
) -> None:
    """设定部门考核权重（替换该部门原有权重）· Set what a department is assessed on
    (replaces its weights; none at all takes it out of the assessment)."""
    from cityclimate.services import plan_edits
    from cityclimate.services.actors import SYSTEM

    indicators = _weights(indicator or [], "--indicator")
    tasks = _weights(task or [], "--task")
    stored = _run(
        lambda s: plan_edits.set_weights(
            s, SYSTEM, territory, department, indicator_weights=indicators, task_weights=tasks
        ),
        write=True,
    )
    console.print(
        f"已设定权重 · weights set: {department}: {len(indicators)} indicator(s), "
        f"{len(tasks)} task(s) (revision {stored.revision})"
    )


@plan_app.command("department")
def department(
    name_zh: Annotated[str, typer.Argument(help="中文名称 · Chinese name")],
    territory: Territory,
    name_en: Annotated[str, typer.Option(help="英文名称 · English name")],
    kind: Annotated[str, typer.Option(help="department | platform_company")] = "department",
    source: Annotated[str, typer.Option(help="依据 · source")] = "",
) -> None:
    """新增部门或平台公司 · Add a department or platform company to the plan."""
    from cityclimate.services import plan_edits
    from cityclimate.services.actors import SYSTEM

    stored = _run(
        lambda s: plan_edits.add_department(
            s, SYSTEM, territory, name_zh=name_zh, name_en=name_en, kind=kind, source=source
        ),
        write=True,
    )
    console.print(f"已添加 · added: {name_zh} / {name_en} (revision {stored.revision})")


@rectification_app.command("list")
def list_items(
    territory: Territory,
    year: Annotated[int, typer.Option(help="评估年份 · evaluated year")],
) -> None:
    """列出整改事项及关闭情况 · The year's rectification items, open or closed."""
    from cityclimate.services import rectification
    from cityclimate.services.actors import SYSTEM

    found = _run(lambda s: rectification.items(s, SYSTEM, territory, year), write=False)
    table = Table(title=f"整改事项 · rectification items {territory} {year}")
    for column in ("部门 department", "事项 item", "原因 reason", "期限 deadline", "状态 status"):
        table.add_column(column)
    for i in found:
        status = "待整改 open" if i.closure is None else f"已关闭 closed ({len(i.closure.files)})"
        table.add_row(
            i.department, f"{i.subject_kind} {i.subject_id}", i.reason_zh, str(i.deadline), status
        )
    console.print(table)


@rectification_app.command("close")
def close(
    territory: Territory,
    year: Annotated[int, typer.Option(help="评估年份 · evaluated year")],
    department: Annotated[str, typer.Option(help="负责部门 · responsible department")],
    item: Annotated[str, typer.Option(help="指标或任务编号 · indicator or task id")],
    note: Annotated[str, typer.Option(help="整改情况 · how it was put right")],
    evidence: Annotated[
        list[Path],
        typer.Option(
            exists=True, dir_okay=False, help="佐证材料（可重复）· evidence file (repeat)"
        ),
    ],
    kind: Annotated[str, typer.Option(help="indicator | task")] = "task",
) -> None:
    """附佐证材料关闭整改事项 · Close a rectification item with evidence files (PDF, images,
    XLSX, DOCX; typed by content, ≤ 20 MiB each)."""
    from cityclimate.io.evidence_files import read_evidence_files
    from cityclimate.services import rectification
    from cityclimate.services.actors import SYSTEM

    try:
        with contextlib.ExitStack() as stack:
            parts = ((p.name, stack.enter_context(p.open("rb"))) for p in evidence)
            files = read_evidence_files(parts, rectification.MAX_FILES)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    closure = _run(
        lambda s: rectification.close_item(
            s,
            SYSTEM,
            territory,
            year,
            department=department,
            subject_kind=kind,
            subject_id=item,
            note=note,
            files=files,
        ),
        write=True,
    )
    console.print(
        f"已关闭 · closed: {department} {kind} {item} with "
        + ", ".join(f"{f.name} ({f.media_type})" for f in closure.files)
    )
