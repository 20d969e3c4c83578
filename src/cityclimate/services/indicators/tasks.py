"""Plan tasks by department: which department a user acts for, the task board on a date,
and task status changes with evidence (replayed through the core's workflow)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.plan.inputs import (
    check_inserted_events,
    parse_task_events,
    replay_task_events,
)
from cityclimate.plan.model import PlanItem, TaskEvent, TaskStatus
from cityclimate.plan.tasks import tasks_frame
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError, PermissionDeniedError
from cityclimate.services.indicators.evaluation import rows_of
from cityclimate.services.indicators.plan_inputs import (
    EVENTS_WHERE,
    OFFICE_ROLES,
    event_row,
    notice,
    plan_of,
    record_import,
    stored_events,
)
from cityclimate.storage.indicators_models import (
    DepartmentMember,
    PlanTaskEvent,
)
from cityclimate.storage.models import User
from cityclimate.text import Text


def department_of(session: Session, actor: Actor) -> str | None:
    if actor.user_id is None:
        return None
    member = session.get(DepartmentMember, actor.user_id)
    return member.department if member else None


def departments(session: Session, territory: str) -> list[str]:
    """The departments and platform companies of the territory's stored plan, and any other
    lead department its task list names."""
    plan = plan_of(session, territory)
    named = {d.name_zh for d in plan.pack.departments}
    leads = {i.lead_department for i in plan.items if i.level.value == "task"}
    return sorted(named | leads)


def department_names(session: Session, territory: str) -> dict[str, Text]:
    """The Chinese and English names of the departments of the territory's stored plan, by the
    Chinese name other records use to name them ({} for a territory without a plan)."""
    try:
        pack = plan_of(session, territory).pack
    except NotFoundError:
        return {}
    return {d.name_zh: Text(d.name_zh, d.name_en or d.name_zh) for d in pack.departments}


def set_department(
    session: Session, actor: Actor, user_id: int, department: str, *, territory: str
) -> None:
    """Say which department a user acts for (a department of the territory's plan)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"用户 {user_id} 不存在", f"user {user_id} does not exist")
    if department not in departments(session, territory):
        raise DataValidationError(
            [
                Problem(
                    "department",
                    None,
                    "department",
                    department,
                    "不是该地区规划中的部门或平台公司",
                    "not a department or platform company of the territory's plan",
                )
            ]
        )
    member = session.get(DepartmentMember, user_id)
    before = {"department": member.department} if member else None
    if member is None:
        session.add(DepartmentMember(user_id=user_id, department=department))
    else:
        member.department = department
    session.flush()
    audit.record(
        session,
        actor,
        "assign",
        "department_member",
        user_id,
        before=before,
        after={"department": department},
    )


def _visible_department(session: Session, actor: Actor) -> str | None:
    """``None`` for the office (sees all); a department's own name (``""`` when its account is
    not linked to a department yet: it sees no task); refuses the other roles."""
    if actor.role in OFFICE_ROLES:
        return None
    if actor.role != "department":
        raise PermissionDeniedError("您的角色无权查看任务", "your role may not see the tasks")
    return department_of(session, actor) or ""


def task_board(
    session: Session,
    actor: Actor,
    territory: str,
    *,
    department: str | None = None,
    status: str | None = None,
    overdue_only: bool = False,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Tasks with their status today, by department; a department sees its own tasks only."""
    today = today or dt.date.today()
    own = _visible_department(session, actor)
    plan = plan_of(session, territory)
    tree = list(plan.items)
    events, flagged = _stored_history(session, territory, tree)
    states, broken = replay_task_events(tree, events, today)
    flagged += broken
    frame = tasks_frame(tree, states, today)
    if own is not None:
        frame = frame.filter(pl.col("lead_department") == own)  # "" matches no task
    elif department:
        frame = frame.filter(pl.col("lead_department") == department)
    if status:
        frame = frame.filter(pl.col("status") == status)
    if overdue_only:
        frame = frame.filter(pl.col("overdue"))
    rows = rows_of(frame)
    by_id = {item.id: item for item in tree}
    for row in rows:
        # The task's place in the tree: its chapter, section and subsection, outermost first.
        parents: list[PlanItem] = []
        parent_id = by_id[row["task_id"]].parent_id
        while parent_id is not None and parent_id in by_id:
            parents.insert(0, by_id[parent_id])
            parent_id = by_id[parent_id].parent_id
        row["branch"] = [
            {"id": p.id, "title_zh": p.title_zh, "title_en": p.title_en} for p in parents
        ]
    said = notice(session, plan)
    return {
        "territory": territory,
        "as_of": today.isoformat(),
        "own_department": own,
        "departments": departments(session, territory) if own is None else [own] if own else [],
        "statuses": [s.value for s in TaskStatus],
        "tasks": rows,
        "overdue": sum(1 for r in rows if r["overdue"]),
        "illustrative": bool(said["en"]),
        "notice": said,
        # Stored events that no longer fit the plan or the workflow: shown, skipped, never
        # failing the board as a whole (row = the event's place in the stored history).
        "flagged": [
            {
                "row": p.row,
                "field": p.field,
                "value": p.value,
                "zh": p.message_zh,
                "en": p.message_en,
            }
            for p in flagged
            if own is None
        ],
    }


def _stored_history(
    session: Session, territory: str, tree: list[PlanItem]
) -> tuple[list[TaskEvent], list[Problem]]:
    """The stored events of ``territory`` read one by one: a row the plan no longer knows
    (e.g. its task left a re-imported plan) is reported, not fatal."""
    events: list[TaskEvent] = []
    problems: list[Problem] = []
    for number, row in enumerate((event_row(e) for e in stored_events(session, territory)), 1):
        try:
            events += parse_task_events([row], EVENTS_WHERE, tree, first_row=number)
        except DataValidationError as exc:
            problems += exc.problems
    return events, problems


def _refuse_contradictions(
    session: Session, territory: str, tree: list[PlanItem], new: list[TaskEvent], where: str
) -> None:
    """Refuse new events that break the workflow where they fall in the stored history, or
    make a later stored event impossible (422 naming both dates)."""
    history, _ = _stored_history(session, territory, tree)
    shift = max((e.row for e in history), default=0)
    placed = [dataclasses.replace(e, row=e.row + shift) for e in new]
    problems = check_inserted_events(tree, history, placed)
    if problems:
        raise DataValidationError(
            [
                Problem(
                    where,
                    p.row - shift if p.where == where and p.row and where != "form" else None,
                    p.field,
                    p.value,
                    p.message_zh,
                    p.message_en,
                )
                for p in problems
            ]
        )


def add_task_event(
    session: Session,
    actor: Actor,
    territory: str,
    task_id: str,
    *,
    status: str = "",
    reason: str = "",
    evidence_description: str = "",
    evidence_reference: str = "",
    on: dt.date | None = None,
) -> PlanTaskEvent:
    """Change a task's status and/or attach evidence (today by default), through the workflow.

    A department may change only the tasks it leads. Evidence is recorded before a status
    change of the same day, so ``done`` with its evidence in one step is allowed.
    """
    on = on or dt.date.today()
    if on > dt.date.today():
        raise DataValidationError(
            [
                Problem(
                    "form", None, "date", on.isoformat(), "日期不能在将来", "date is in the future"
                )
            ]
        )
    tree = list(plan_of(session, territory).items)
    task = next((i for i in tree if i.id == task_id and i.level.value == "task"), None)
    if task is None:
        raise NotFoundError(f"任务 {task_id} 不存在", f"task {task_id} does not exist")
    own = _visible_department(session, actor)
    if own is not None and task.lead_department != own:
        raise PermissionDeniedError(
            f"任务 {task_id} 不由本部门牵头", f"task {task_id} is not led by your department"
        )
    new_rows: list[dict[str, str]] = []
    if evidence_description.strip() or evidence_reference.strip():
        new_rows.append(
            {
                "task_id": task_id,
                "date": on.isoformat(),
                "event": "evidence",
                "status": "",
                "reason": "",
                "evidence_description": evidence_description.strip(),
                "evidence_reference": evidence_reference.strip(),
            }
        )
    if status:
        new_rows.append(
            {
                "task_id": task_id,
                "date": on.isoformat(),
                "event": "status",
                "status": status,
                "reason": reason.strip(),
                "evidence_description": "",
                "evidence_reference": "",
            }
        )
    if not new_rows:
        raise DataValidationError(
            [
                Problem(
                    "form",
                    None,
                    "status",
                    "",
                    "请选择新状态或填写佐证材料",
                    "choose a new status or give evidence",
                )
            ]
        )
    # Validate the new rows alone (messages name the form), then where they fall in the
    # whole stored history, later events included.
    new = parse_task_events(new_rows, "form", tree, first_row=1)
    _refuse_contradictions(session, territory, tree, new, "form")
    saved: PlanTaskEvent | None = None
    for row in new_rows:
        saved = PlanTaskEvent(
            territory_code=territory,
            task_id=task_id,
            happened_on=on,
            event=row["event"],
            status=row["status"],
            reason=row["reason"],
            evidence_description=row["evidence_description"],
            evidence_reference=row["evidence_reference"],
            created_by=actor.user_id,
        )
        session.add(saved)
        session.flush()
        audit.record(session, actor, row["event"], "plan_task", task_id, after=row)
    assert saved is not None
    return saved


def import_task_events(
    session: Session,
    actor: Actor,
    territory: str,
    rows: list[dict[str, str]],
    *,
    where: str,
    illustrative: bool = False,
) -> int:
    """Store a table of task events (the core's format, :mod:`cityclimate.plan.inputs`) for
    ``territory``: checked whole, replayed after the stored history through the workflow
    (all or nothing, audited once)."""
    tree = list(plan_of(session, territory).items)
    new = parse_task_events(rows, where, tree, first_row=2)
    _refuse_contradictions(session, territory, tree, new, where)
    for row in rows:
        session.add(
            PlanTaskEvent(
                territory_code=territory,
                task_id=row["task_id"] or "",
                happened_on=dt.date.fromisoformat(row["date"] or ""),
                event=row["event"] or "",
                status=row.get("status") or "",
                reason=row.get("reason") or "",
                evidence_description=row.get("evidence_description") or "",
                evidence_reference=row.get("evidence_reference") or "",
                illustrative=illustrative,
                created_by=actor.user_id,
            )
        )
    return record_import(
        session,
        actor,
        "plan_task_events",
        territory,
        len(rows),
        where=where,
        illustrative=illustrative,
    )
