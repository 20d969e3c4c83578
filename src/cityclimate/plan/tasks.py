"""The plan's tasks: the shipped task tree, the status workflow and overdue detection.

Task tree
    ``data/liangjiang_tasks.csv`` holds the Liangjiang plan's chapters 四–九 (MISSION R5–R12)
    down to concrete tasks, condensed from the plan text
    (``shared/seed/liangjiang-climate-plan-14th-fyp.zh.txt``; ``source`` gives section and
    line). The plan names a lead department for almost no task: those have
    ``lead_department = "unknown"`` for the climate office to assign. Where the text states
    no deadline the end of the plan period, 2025-12-31, is used and ``deadline_basis`` says
    ``plan_period_end``. ``evidence_required`` is proposed by cityclimate, not plan text.

Workflow
    ::

        not_started ──> in_progress ──> done
             │   └──────────┐ │  ▲
             ▼              ▼ ▼  │
          cancelled <──── delayed

    ``not_started`` → ``in_progress`` | ``delayed`` | ``cancelled``;
    ``in_progress`` → ``done`` | ``delayed`` | ``cancelled``;
    ``delayed`` → ``in_progress`` | ``done`` | ``cancelled``;
    ``done`` and ``cancelled`` are final. ``delayed`` and ``cancelled`` need a reason;
    ``done`` needs at least one piece of evidence. Anything else raises
    :class:`TaskStatusError`.

Overdue
    A task is overdue on a date when its deadline is before that date and it is neither done
    nor cancelled.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

import polars as pl

from cityclimate.errors import CityClimateError, Problem, ReferenceDataError
from cityclimate.indicators.definitions import load_liangjiang_indicators
from cityclimate.plan.model import (
    DeadlineBasis,
    Evidence,
    ItemLevel,
    Milestone,
    PlanItem,
    StatusChange,
    TaskState,
    TaskStatus,
)

#: File name of the shipped Liangjiang task list.
LIANGJIANG_TASKS = "liangjiang_tasks.csv"

_ID = re.compile(r"^\d+(\.\d+)*$")
_DEPTH = {ItemLevel.CHAPTER: 0, ItemLevel.SECTION: 1, ItemLevel.SUBSECTION: 2, ItemLevel.TASK: 3}

#: Allowed status changes (see the module docstring).
ALLOWED_CHANGES: Mapping[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.NOT_STARTED: frozenset(
        {TaskStatus.IN_PROGRESS, TaskStatus.DELAYED, TaskStatus.CANCELLED}
    ),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.DONE, TaskStatus.DELAYED, TaskStatus.CANCELLED}),
    TaskStatus.DELAYED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED}),
    TaskStatus.DONE: frozenset(),
    TaskStatus.CANCELLED: frozenset(),
}
_CLOSED = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})


class TaskStatusError(CityClimateError):
    """A status change the workflow does not allow, or one missing its reason or evidence."""


def read_shipped_rows(file_name: str) -> list[dict[str, str]]:
    """Return the rows of a CSV file shipped in ``cityclimate/plan/data``."""
    text = (
        resources.files("cityclimate.plan").joinpath("data", file_name).read_text(encoding="utf-8")
    )
    return list(csv.DictReader(io.StringIO(text)))


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def parse_plan_items(
    rows: Iterable[Mapping[str, str | None]],
    where: str,
    indicator_ids: Iterable[str] | None = None,
) -> list[PlanItem]:
    """Validate rows of a task-tree table and return typed plan items.

    Parameters
    ----------
    rows:
        Mappings with the columns of ``liangjiang_tasks.csv``. A parent must come before its
        children.
    where:
        File or data-set name, for error messages.
    indicator_ids:
        Known indicator ids; when given, ``indicator_ids`` of a row must be among them.

    Raises
    ------
    ReferenceDataError
        Listing every bad field (file, 1-based data row, column, value, bilingual message).
    """
    known_indicators = None if indicator_ids is None else set(indicator_ids)
    items: dict[str, PlanItem] = {}
    problems: list[Problem] = []
    for number, data in enumerate(rows, start=1):
        item, row_problems = _plan_item(number, data, where, items, known_indicators)
        problems.extend(row_problems)
        if item is not None:
            items[item.id] = item
    if problems:
        raise ReferenceDataError(problems)
    return list(items.values())


def _plan_item(
    number: int,
    data: Mapping[str, str | None],
    where: str,
    items: Mapping[str, PlanItem],
    known_indicators: set[str] | None,
) -> tuple[PlanItem | None, list[Problem]]:
    row_problems: list[Problem] = []

    def bad(column: str, zh: str, en: str) -> None:
        row_problems.append(Problem(where, number, column, data.get(column) or "", zh, en))

    def text(column: str) -> str:
        return (data.get(column) or "").strip()

    item_id = text("id")
    if not _ID.match(item_id):
        bad(
            "id",
            "“id”应为以点分隔的数字，如 4.3.2.1",
            "'id' must be dotted numbers, e.g. 4.3.2.1",
        )
    elif item_id in items:
        bad("id", "“id”重复", "'id' is used twice")
    try:
        level = ItemLevel(text("level"))
    except ValueError:
        bad(
            "level",
            "“level”应为 chapter/section/subsection/task",
            "'level' must be chapter, section, subsection or task",
        )
        level = ItemLevel.TASK
    parent_id = text("parent_id") or None
    if parent_id is None and level is not ItemLevel.CHAPTER:
        bad("parent_id", "只有章（chapter）可以没有上级", "only a chapter may have no parent")
    if parent_id is not None:
        parent = items.get(parent_id)
        if parent is None:
            bad(
                "parent_id",
                "上级节点不存在（须在本行之前列出）",
                "the parent does not exist (it must be listed before this row)",
            )
        elif _DEPTH[parent.level] >= _DEPTH[level] or parent.level is ItemLevel.TASK:
            bad("level", "层级应低于上级节点", "the level must be below the parent's")
    for column in ("title_zh", "title_en", "source"):
        if not text(column):
            bad(column, f"“{column}”不能为空", f"'{column}' must not be empty")
    deadline: dt.date | None = None
    basis: DeadlineBasis | None = None
    if level is ItemLevel.TASK:
        if not text("lead_department"):
            bad(
                "lead_department",
                "任务须有牵头单位（未知时填 unknown）",
                "a task needs a lead department ('unknown' when not known)",
            )
        try:
            deadline = dt.date.fromisoformat(text("deadline"))
        except ValueError:
            bad(
                "deadline",
                "“deadline”应为日期 YYYY-MM-DD",
                "'deadline' must be a date YYYY-MM-DD",
            )
        try:
            basis = DeadlineBasis(text("deadline_basis"))
        except ValueError:
            allowed = ", ".join(b.value for b in DeadlineBasis)
            bad(
                "deadline_basis",
                f"“deadline_basis”应为：{allowed}",
                f"'deadline_basis' must be one of: {allowed}",
            )
    milestones = []
    for part in _split(text("milestones")):
        day, _, description = part.partition(" ")
        try:
            milestones.append(Milestone(dt.date.fromisoformat(day), description.strip()))
        except ValueError:
            bad(
                "milestones",
                "里程碑格式应为“YYYY-MM-DD 说明;…”",
                "milestones must read 'YYYY-MM-DD description; ...'",
            )
    indicators = _split(text("indicator_ids"))
    if known_indicators is not None:
        for indicator in indicators:
            if indicator not in known_indicators:
                bad(
                    "indicator_ids",
                    f"未知的指标 id：{indicator}",
                    f"unknown indicator id: {indicator}",
                )
    if row_problems:
        return None, row_problems
    return PlanItem(
        id=item_id,
        parent_id=parent_id,
        level=level,
        title_zh=text("title_zh"),
        title_en=text("title_en"),
        lead_department=text("lead_department"),
        lead_department_basis=text("lead_department_basis"),
        cooperating_departments=_split(text("cooperating_departments")),
        named_parties=_split(text("named_parties")),
        deadline=deadline,
        deadline_basis=basis,
        milestones=tuple(milestones),
        indicator_ids=indicators,
        evidence_required=text("evidence_required"),
        source=text("source"),
    ), row_problems


def load_liangjiang_tasks() -> list[PlanItem]:
    """Return the shipped Liangjiang task tree (chapters 四–九 down to concrete tasks).

    Indicator ids are checked against the shipped Liangjiang indicator definitions.
    """
    ids = [definition.id for definition in load_liangjiang_indicators()]
    return parse_plan_items(read_shipped_rows(LIANGJIANG_TASKS), LIANGJIANG_TASKS, ids)


def tasks_only(items: Iterable[PlanItem]) -> list[PlanItem]:
    """Return the concrete tasks (the leaves of level ``task``)."""
    return [item for item in items if item.level is ItemLevel.TASK]


def children(items: Sequence[PlanItem], parent_id: str | None) -> list[PlanItem]:
    """Return the direct children of ``parent_id`` (the chapters when ``None``)."""
    return [item for item in items if item.parent_id == parent_id]


def tasks_under(items: Sequence[PlanItem], node_id: str) -> list[PlanItem]:
    """Return every task in the subtree of ``node_id`` (the node itself if it is a task)."""
    prefix = node_id + "."
    return [item for item in tasks_only(items) if item.id == node_id or item.id.startswith(prefix)]


def new_state(item: PlanItem) -> TaskState:
    """The initial state of a task: ``not_started``, with the plan's deadline."""
    return TaskState(task_id=item.id, deadline=item.deadline)


def attach_evidence(state: TaskState, evidence: Evidence) -> TaskState:
    """Return ``state`` with ``evidence`` added (allowed in any status but ``cancelled``).

    Raises
    ------
    TaskStatusError
        When the task is cancelled, or the evidence has no description or reference.
    """
    if state.status is TaskStatus.CANCELLED:
        raise TaskStatusError(
            f"任务 {state.task_id} 已取消，不能再添加佐证材料",
            f"task {state.task_id} is cancelled: no more evidence can be attached",
        )
    if not evidence.description.strip() or not evidence.reference.strip():
        raise TaskStatusError(
            "佐证材料须有说明和文件/链接（reference）",
            "evidence needs a description and a reference (file or link)",
        )
    return TaskState(
        task_id=state.task_id,
        status=state.status,
        reason=state.reason,
        evidence=(*state.evidence, evidence),
        history=state.history,
        deadline=state.deadline,
    )


def change_status(
    state: TaskState, to_status: TaskStatus, *, on: dt.date, reason: str = ""
) -> TaskState:
    """Return ``state`` moved to ``to_status`` on date ``on``, with the change in its history.

    Parameters
    ----------
    state:
        Current state.
    to_status:
        New status.
    on:
        Date of the change; not before the last change.
    reason:
        Required for ``delayed`` and ``cancelled``.

    Raises
    ------
    TaskStatusError
        On a change the workflow does not allow (e.g. ``done`` → ``in_progress``), a missing
        reason, ``done`` without evidence, or a date before the last change.
    """
    allowed = ALLOWED_CHANGES[state.status]
    if to_status not in allowed:
        options_zh = "、".join(s.label_zh for s in sorted(allowed)) or "无（终态）"
        options_en = ", ".join(s.value for s in sorted(allowed)) or "none (final status)"
        raise TaskStatusError(
            f"任务 {state.task_id} 不能从“{state.status.label_zh}”变为“{to_status.label_zh}”；"
            f"可变为：{options_zh}",
            f"task {state.task_id} cannot go from '{state.status.value}' to '{to_status.value}'; "
            f"allowed: {options_en}",
        )
    if to_status in (TaskStatus.DELAYED, TaskStatus.CANCELLED) and not reason.strip():
        raise TaskStatusError(
            f"任务 {state.task_id} 变为“{to_status.label_zh}”须说明原因（reason）",
            f"task {state.task_id}: a reason is required to mark it '{to_status.value}'",
        )
    if to_status is TaskStatus.DONE and not state.evidence:
        raise TaskStatusError(
            f"任务 {state.task_id} 标记为已完成前须上传佐证材料",
            f"task {state.task_id}: attach evidence before marking it done",
        )
    if state.history and on < state.history[-1].on:
        raise TaskStatusError(
            f"任务 {state.task_id} 的状态变更日期 {on} 早于上次变更 {state.history[-1].on}",
            f"task {state.task_id}: change date {on} is before the last change "
            f"{state.history[-1].on}",
        )
    change = StatusChange(on=on, from_status=state.status, to_status=to_status, reason=reason)
    return TaskState(
        task_id=state.task_id,
        status=to_status,
        reason=reason,
        evidence=state.evidence,
        history=(*state.history, change),
        deadline=state.deadline,
    )


def extend_deadline(state: TaskState, new_deadline: dt.date, *, reason: str) -> TaskState:
    """Return ``state`` with its deadline moved by the office (the reason is kept in history).

    Raises
    ------
    TaskStatusError
        When no reason is given or the task is closed.
    """
    if not reason.strip():
        raise TaskStatusError("调整期限须说明原因", "a reason is required to change a deadline")
    if state.status in _CLOSED:
        raise TaskStatusError(
            f"任务 {state.task_id} 已结束，不能调整期限",
            f"task {state.task_id} is closed: its deadline cannot change",
        )
    return TaskState(
        task_id=state.task_id,
        status=state.status,
        reason=state.reason,
        evidence=state.evidence,
        history=state.history,
        deadline=new_deadline,
    )


def completed_on(state: TaskState) -> dt.date | None:
    """Date the task was marked done, or ``None``."""
    for change in reversed(state.history):
        if change.to_status is TaskStatus.DONE:
            return change.on
    return None


def is_overdue(state: TaskState, as_of: dt.date) -> bool:
    """True when the deadline is before ``as_of`` and the task is neither done nor cancelled."""
    return state.deadline is not None and state.deadline < as_of and state.status not in _CLOSED


def is_late(state: TaskState, as_of: dt.date) -> bool:
    """True when overdue, or done after its deadline."""
    done = completed_on(state)
    if done is not None and state.deadline is not None:
        return done > state.deadline
    return is_overdue(state, as_of)


def task_states(items: Iterable[PlanItem], states: Iterable[TaskState]) -> dict[str, TaskState]:
    """States for every task: the given ones, and a fresh ``not_started`` for the rest.

    Raises
    ------
    TaskStatusError
        When a state belongs to no task of ``items``.
    """
    tasks = {item.id: item for item in tasks_only(items)}
    result = {task_id: new_state(item) for task_id, item in tasks.items()}
    for state in states:
        if state.task_id not in tasks:
            raise TaskStatusError(
                f"状态所属的任务 {state.task_id} 不在任务清单中",
                f"the state's task {state.task_id} is not in the task list",
            )
        result[state.task_id] = state
    return result


def tasks_frame(
    items: Iterable[PlanItem], states: Iterable[TaskState], as_of: dt.date
) -> pl.DataFrame:
    """One row per task with its status on ``as_of``, for boards and reports.

    Returns
    -------
    polars.DataFrame
        Columns ``task_id``, ``title_zh``, ``title_en``, ``lead_department``, ``deadline``
        (date), ``deadline_basis``, ``status``, ``status_zh``, ``evidence_count``,
        ``completed_on`` (date), ``overdue`` (bool), ``days_overdue`` (days past the deadline
        when overdue, else 0), ``indicator_ids`` (``;``-joined).
    """
    item_list = list(items)
    by_id = task_states(item_list, states)
    rows = []
    for item in tasks_only(item_list):
        state = by_id[item.id]
        overdue = is_overdue(state, as_of)
        rows.append(
            {
                "task_id": item.id,
                "title_zh": item.title_zh,
                "title_en": item.title_en,
                "lead_department": item.lead_department,
                "deadline": state.deadline,
                "deadline_basis": None
                if item.deadline_basis is None
                else item.deadline_basis.value,
                "status": state.status.value,
                "status_zh": state.status.label_zh,
                "evidence_count": len(state.evidence),
                "completed_on": completed_on(state),
                "overdue": overdue,
                "days_overdue": (as_of - state.deadline).days if overdue and state.deadline else 0,
                "indicator_ids": ";".join(item.indicator_ids),
            }
        )
    schema = {
        "task_id": pl.String, "title_zh": pl.String, "title_en": pl.String,
        "lead_department": pl.String, "deadline": pl.Date, "deadline_basis": pl.String,
        "status": pl.String, "status_zh": pl.String, "evidence_count": pl.Int64,
        "completed_on": pl.Date, "overdue": pl.Boolean, "days_overdue": pl.Int64,
        "indicator_ids": pl.String,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def overdue_tasks(
    items: Iterable[PlanItem], states: Iterable[TaskState], as_of: dt.date
) -> pl.DataFrame:
    """The tasks overdue on ``as_of``, most overdue first (columns as :func:`tasks_frame`)."""
    return (
        tasks_frame(items, states, as_of)
        .filter(pl.col("overdue"))
        .sort(["days_overdue", "task_id"], descending=[True, False])
    )
