"""Tables the climate office fills in to track the plan: assignments, task events, weights.

Task assignments (``task_id, lead_department, cooperating_departments, deadline, basis``)
    Who leads each task (the plan names almost no one), who co-operates (``;``-separated),
    an optional deadline set by the office (``YYYY-MM-DD``; empty keeps the plan's) and the
    decision that assigns it (``basis``, required).
Task events (``task_id, date, event, status, reason, evidence_description,
evidence_reference``)
    ``event`` is ``status`` (the task moves to ``status``: ``in_progress``, ``done``,
    ``delayed``, ``cancelled``; ``reason`` required for delayed and cancelled) or
    ``evidence`` (a document attached: description and reference required). Events are
    replayed in date order through the workflow of :mod:`cityclimate.plan.tasks`, so a task
    marked done without evidence, or moved from done back to in progress, is refused with
    the row that did it.
Assessment weights (``department, kind, item_id, weight``, optional ``source``)
    What each department is assessed on: ``kind`` ``indicator`` (an indicator id) or
    ``task`` (a task id), with a positive weight set by the office.

Every parser collects all problems and raises one
:class:`~cityclimate.errors.DataValidationError` naming file, row, column and value in
Chinese and English.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.definitions import RowReader
from cityclimate.indicators.inputs import missing_columns
from cityclimate.indicators.model import IndicatorDefinition, IndicatorInputs, TargetStatement
from cityclimate.plan.annual_evaluation import AnnualEvaluation, annual_evaluation
from cityclimate.plan.assessment import AssessmentWeights
from cityclimate.plan.model import (
    DeadlineBasis,
    Evidence,
    PlanItem,
    TaskAssignment,
    TaskEvent,
    TaskState,
    TaskStatus,
)
from cityclimate.plan.tasks import (
    TaskStatusError,
    attach_evidence,
    change_status,
    task_states,
    tasks_only,
)

#: Columns of the task-assignment table.
ASSIGNMENT_COLUMNS = ("task_id", "lead_department", "cooperating_departments", "deadline", "basis")
#: Columns of the task-event table.
EVENT_COLUMNS = (
    "task_id",
    "date",
    "event",
    "status",
    "reason",
    "evidence_description",
    "evidence_reference",
)
#: Columns of the assessment-weight table (``source`` is optional).
WEIGHT_COLUMNS = ("department", "kind", "item_id", "weight")


def _date(row: RowReader, column: str, *, required: bool) -> dt.date | None:
    text = row.text(column, required=required)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        row.problem(
            column, f"“{column}”应为日期 YYYY-MM-DD", f"'{column}' must be a date YYYY-MM-DD"
        )
        return None


def _task_id(row: RowReader, tasks: Mapping[str, PlanItem]) -> str:
    task_id = row.text("task_id")
    if task_id and task_id not in tasks:
        row.problem("task_id", "任务清单中没有该任务", "no such task in the task list")
    return task_id


def _check_columns(
    rows: Sequence[Mapping[str, str | None]], columns: Sequence[str], where: str
) -> None:
    # Rows as mappings carry no header: a table without rows has nothing to misread (a
    # territory whose departments have recorded no task event yet is assessed, not refused).
    if not rows:
        return
    error = missing_columns(rows[0].keys(), columns, where)
    if error is not None:
        raise error


def parse_task_assignments(
    rows: Sequence[Mapping[str, str | None]],
    where: str,
    items: Iterable[PlanItem],
    *,
    first_row: int = 1,
) -> list[TaskAssignment]:
    """Validate a task-assignment table (format in the module docstring).

    Raises
    ------
    DataValidationError
        On a missing column, an unknown task, an empty lead department or basis, a bad
        date, or a task assigned twice.
    """
    _check_columns(rows, ASSIGNMENT_COLUMNS, where)
    tasks = {item.id: item for item in tasks_only(items)}
    assignments: list[TaskAssignment] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, data in enumerate(rows):
        row = RowReader(where, first_row + index, data)
        task_id = _task_id(row, tasks)
        if task_id in seen:
            row.problem("task_id", "同一任务分配了两次", "the task is assigned twice")
        seen.add(task_id)
        cooperating = tuple(
            part.strip()
            for part in row.text("cooperating_departments", required=False).split(";")
            if part.strip()
        )
        assignments.append(
            TaskAssignment(
                task_id=task_id,
                lead_department=row.text("lead_department"),
                cooperating_departments=cooperating,
                deadline=_date(row, "deadline", required=False),
                basis=row.text("basis"),
            )
        )
        problems.extend(row.problems)
    if problems:
        raise DataValidationError(problems)
    return assignments


def assign_tasks(
    items: Iterable[PlanItem], assignments: Iterable[TaskAssignment]
) -> list[PlanItem]:
    """The task tree with the office's assignments applied (other nodes unchanged).

    Lead and co-operating departments are replaced; a deadline set by the office replaces
    the plan's with ``deadline_basis = set_by_office``; ``lead_department_basis`` records
    the assignment's basis.
    """
    by_task = {assignment.task_id: assignment for assignment in assignments}
    result = []
    for item in items:
        assignment = by_task.get(item.id)
        if assignment is not None:
            item = dataclasses.replace(
                item,
                lead_department=assignment.lead_department,
                lead_department_basis=assignment.basis,
                cooperating_departments=assignment.cooperating_departments,
                deadline=assignment.deadline or item.deadline,
                deadline_basis=DeadlineBasis.SET_BY_OFFICE
                if assignment.deadline
                else item.deadline_basis,
            )
        result.append(item)
    return result


def parse_task_events(
    rows: Sequence[Mapping[str, str | None]],
    where: str,
    items: Iterable[PlanItem],
    *,
    first_row: int = 1,
) -> list[TaskEvent]:
    """Validate a task-event table (format in the module docstring).

    The workflow itself is checked when the events are replayed (:func:`task_states_on`).

    Raises
    ------
    DataValidationError
        On a missing column, an unknown task, a bad date, an unknown event or status, or an
        evidence row without description or reference.
    """
    _check_columns(rows, EVENT_COLUMNS[:3], where)
    tasks = {item.id: item for item in tasks_only(items)}
    events: list[TaskEvent] = []
    problems: list[Problem] = []
    for index, data in enumerate(rows):
        row = RowReader(where, first_row + index, data)
        task_id = _task_id(row, tasks)
        on = _date(row, "date", required=True)
        kind = row.text("event")
        status: TaskStatus | None = None
        evidence: Evidence | None = None
        if kind == "status":
            status = row.choice("status", TaskStatus)
        elif kind == "evidence" and on is not None:
            evidence = Evidence(
                description=row.text("evidence_description"),
                reference=row.text("evidence_reference"),
                added_on=on,
            )
        elif kind:
            row.problem(
                "event",
                "“event”应为 status（状态变更）或 evidence（佐证材料）",
                "'event' must be status or evidence",
            )
        if on is not None and not row.problems:
            events.append(
                TaskEvent(
                    task_id=task_id,
                    on=on,
                    kind=kind,
                    status=status,
                    reason=row.text("reason", required=False),
                    evidence=evidence,
                    where=where,
                    row=row.row,
                )
            )
        problems.extend(row.problems)
    if problems:
        raise DataValidationError(problems)
    return events


def replay_task_events(
    items: Iterable[PlanItem], events: Iterable[TaskEvent], as_of: dt.date
) -> tuple[list[TaskState], list[Problem]]:
    """Every task's state on ``as_of`` and the events that broke the workflow.

    The events up to ``as_of`` are replayed in date order (same day: in row order); an event the
    workflow refuses is skipped and reported, so one bad record never hides the other tasks.
    Each problem names the event's file and row.
    """
    item_list = list(items)
    states = task_states(item_list, ())
    ordered = sorted((e for e in events if e.on <= as_of), key=lambda e: (e.on, e.row))
    problems: list[Problem] = []
    for event in ordered:
        state = states[event.task_id]
        try:
            if event.evidence is not None:
                states[event.task_id] = attach_evidence(state, event.evidence)
            elif event.status is not None:
                states[event.task_id] = change_status(
                    state, event.status, on=event.on, reason=event.reason
                )
        except TaskStatusError as exc:
            problems.append(
                Problem(
                    event.where,
                    event.row,
                    "status" if event.kind == "status" else "event",
                    event.status.value if event.status else event.kind,
                    f"{event.on}：{exc.message_zh}",
                    f"{event.on}: {exc.message_en}",
                )
            )
    return [states[item.id] for item in tasks_only(item_list)], problems


def task_states_on(
    items: Iterable[PlanItem], events: Iterable[TaskEvent], as_of: dt.date
) -> list[TaskState]:
    """Every task's state on ``as_of``: the events up to that date replayed in date order.

    Tasks without events are ``not_started``; deadlines are the items' (after
    :func:`assign_tasks`, the office's).

    Raises
    ------
    DataValidationError
        When an event breaks the workflow (e.g. ``done`` without evidence, ``done`` →
        ``in_progress``, ``delayed`` without reason), naming the event's file and row.
    """
    states, problems = replay_task_events(items, events, as_of)
    if problems:
        raise DataValidationError(problems)
    return states


def check_inserted_events(
    items: Iterable[PlanItem], history: Sequence[TaskEvent], new: Sequence[TaskEvent]
) -> list[Problem]:
    """Problems that inserting ``new`` into ``history`` would cause, over the WHOLE history.

    A new event may be dated in the past: it is checked where it falls, and every later
    event is replayed after it (a past ``in_progress`` before a stored ``in_progress`` would
    make the stored one a change from a status to itself). Problems the history already had
    are not the new events' fault and are left out; a stored event the insertion breaks is
    reported with both dates, so the user sees what the new event contradicts.
    """
    item_list = list(items)
    everything = [*history, *new]
    if not everything:
        return []
    last = max(e.on for e in everything)
    _, before = replay_task_events(item_list, history, last)
    _, after = replay_task_events(item_list, everything, last)
    known = {(p.where, p.row) for p in before}
    new_keys = {(e.where, e.row) for e in new}
    new_dates = sorted({e.on for e in new})
    problems: list[Problem] = []
    for p in after:
        if (p.where, p.row) in known:
            continue
        if (p.where, p.row) in new_keys:
            problems.append(p)
        else:
            on = new_dates[0].isoformat()
            problems.append(
                Problem(
                    p.where,
                    p.row,
                    p.field,
                    p.value,
                    f"插入 {on} 的记录后，之后已有的记录不再成立（{p.message_zh}）",
                    f"an event dated {on} contradicts the later recorded history ({p.message_en})",
                )
            )
    return problems


def parse_assessment_weights(
    rows: Sequence[Mapping[str, str | None]],
    where: str,
    *,
    indicator_ids: Iterable[str],
    task_ids: Iterable[str],
    first_row: int = 1,
) -> list[AssessmentWeights]:
    """Validate an assessment-weight table (format in the module docstring).

    Returns
    -------
    list of AssessmentWeights
        One per department, in order of first appearance.

    Raises
    ------
    DataValidationError
        On a missing column, an unknown kind, indicator or task, a weight that is not a
        positive number, or the same item twice for a department.
    """
    _check_columns(rows, WEIGHT_COLUMNS, where)
    known = {"indicator": set(indicator_ids), "task": set(task_ids)}
    weights: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
    problems: list[Problem] = []
    for index, data in enumerate(rows):
        row = RowReader(where, first_row + index, data)
        department = row.text("department")
        kind = row.text("kind")
        item_id = row.text("item_id")
        weight = row.number("weight", required=True)
        if kind not in known:
            row.problem(
                "kind",
                "“kind”应为 indicator（指标）或 task（任务）",
                "'kind' must be indicator or task",
            )
        elif item_id and item_id not in known[kind]:
            row.problem(
                "item_id",
                f"未知的{'指标' if kind == 'indicator' else '任务'} id",
                f"unknown {kind} id",
            )
        if weight is not None and not weight > 0:
            row.problem("weight", "权重应为正数", "the weight must be positive")
        indicators, tasks = weights.setdefault(department, ({}, {}))
        target = indicators if kind == "indicator" else tasks
        if item_id in target:
            row.problem("item_id", "该部门重复列出此项", "listed twice for this department")
        if not row.problems and weight is not None:
            target[item_id] = weight
        problems.extend(row.problems)
    if problems:
        raise DataValidationError(problems)
    return [
        AssessmentWeights(department, indicator_weights=indicators, task_weights=tasks)
        for department, (indicators, tasks) in weights.items()
    ]


@dataclass(frozen=True)
class Table:
    """The rows of one input table (column → text) and where they come from.

    Attributes
    ----------
    rows:
        The data rows.
    where:
        File name, for messages.
    first_row:
        Number the user sees for the first data row (2 in a spreadsheet with a header).
    """

    rows: Sequence[Mapping[str, str | None]]
    where: str
    first_row: int = 1


def annual_evaluation_from_tables(
    definitions: Sequence[IndicatorDefinition],
    inputs: IndicatorInputs,
    items: Sequence[PlanItem],
    *,
    weights: Table,
    assignments: Table | None = None,
    events: Table | None = None,
    year: int,
    rectification_deadline: dt.date | None = None,
    target_statements: Iterable[TargetStatement] = (),
) -> AnnualEvaluation:
    """The annual evaluation of ``year`` from the office's tables (formats above).

    Applies the assignments to the task tree, replays the events up to 31 December of
    ``year`` and assesses the departments of the weight table
    (:func:`cityclimate.plan.annual_evaluation.annual_evaluation`).

    Raises
    ------
    DataValidationError
        On any bad row of any table (file, row, column, value, zh and en), or inputs the
        evaluation refuses.
    """
    tasks = list(items)
    if assignments is not None:
        tasks = assign_tasks(
            tasks,
            parse_task_assignments(
                assignments.rows, assignments.where, tasks, first_row=assignments.first_row
            ),
        )
    recorded = (
        []
        if events is None
        else parse_task_events(events.rows, events.where, tasks, first_row=events.first_row)
    )
    assessed = parse_assessment_weights(
        weights.rows,
        weights.where,
        indicator_ids=[definition.id for definition in definitions],
        task_ids=[item.id for item in tasks_only(tasks)],
        first_row=weights.first_row,
    )
    as_of = dt.date(year, 12, 31)
    return annual_evaluation(
        definitions,
        inputs,
        tasks,
        task_states_on(tasks, recorded, as_of),
        assessed,
        year=year,
        as_of=as_of,
        rectification_deadline=rectification_deadline,
        target_statements=target_statements,
    )
