"""Editing a stored plan (issue 12): assign a task, set its deadline, set a department's
assessment weights, add a department. The same use cases serve the page, the API and the CLI.

Each edit changes the typed pack and stores it through :func:`cityclimate.services.plans.save_pack`,
which writes it in canonical form, checks it whole with the core's parser and audits the plan's
summary and the edited part (the assignment, deadline, weights or department) before and after.
An unknown task, department or indicator is refused here first, with a message naming the field
and the fix; nothing is stored when a check fails. The plan's row is locked for the edit
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writes one at a time), so two edits of the same
plan at once cannot lose one another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.plan.assessment import AssessmentWeights
from cityclimate.plan.model import ItemLevel, TaskAssignment
from cityclimate.planpack.model import (
    ASSIGNMENTS,
    DEPARTMENTS,
    WEIGHTS,
    Department,
    DepartmentKind,
    PlanPack,
)
from cityclimate.services import plans
from cityclimate.services.actors import Actor
from cityclimate.storage.plans_models import Plan


class Keep(enum.Enum):
    """Leave a field as it is (``deadline=KEEP``)."""

    KEEP = "keep"


KEEP = Keep.KEEP

#: Basis recorded on an assignment made in the platform when none is given.
EDIT_BASIS = "气候办在平台中指定 · set by the climate office in the platform"


def _load(session: Session, territory: str) -> PlanPack:
    """The stored plan's pack, its row locked until the transaction ends."""
    session.execute(select(Plan.id).where(Plan.territory_code == territory).with_for_update())
    return plans.get_plan(session, territory).pack


def _assignment(a: TaskAssignment | None) -> dict[str, object] | None:
    if a is None:
        return None
    return {
        "task_id": a.task_id,
        "lead": a.lead_department,
        "supporting": list(a.cooperating_departments),
        "deadline": a.deadline.isoformat() if a.deadline else None,
    }


def _refuse(where: str, field: str, value: object, zh: str, en: str) -> DataValidationError:
    return DataValidationError([Problem(where, None, field, str(value), zh, en)])


def _task(pack: PlanPack, task_id: str) -> None:
    if not any(i.id == task_id and i.level is ItemLevel.TASK for i in pack.items):
        raise _refuse(
            ASSIGNMENTS,
            "task_id",
            task_id,
            "规划中没有此任务；请从规划的任务树中选择任务编号",
            "the plan has no such task; pick a task id from the plan's task tree",
        )


def _departments(pack: PlanPack, names: Iterable[str], where: str, field: str) -> None:
    known = {d.name_zh for d in pack.departments}
    for name in names:
        if name not in known:
            raise _refuse(
                where,
                field,
                name,
                "规划的部门名单中没有此部门；请先添加该部门或更正名称",
                "the plan's list of departments has no such department; add it first or "
                "correct the name",
            )


def _names(values: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for value in values:
        text = value.strip()
        if text and text not in seen:
            seen.append(text)
    return tuple(seen)


def assign_task(
    session: Session,
    actor: Actor,
    territory: str,
    task_id: str,
    *,
    lead: str,
    supporting: Iterable[str] = (),
    deadline: dt.date | Keep | None = KEEP,
    basis: str = "",
) -> plans.StoredPlan:
    """Make ``lead`` the lead department (牵头单位) of a task and ``supporting`` its supporting
    departments (配合单位), and set its ``deadline`` (``None``: the plan's own; by default the
    deadline the office set before is kept). One revision, audited.

    A supporting department that is also the lead is dropped (a department does not support
    itself); blanks and repeats are dropped.

    Raises
    ------
    DataValidationError
        An unknown task or department.
    NotFoundError
        The territory has no stored plan.
    """
    pack = _load(session, territory)
    _task(pack, task_id)
    lead = lead.strip()
    helpers = tuple(d for d in _names(supporting) if d != lead)
    _departments(pack, (lead,), ASSIGNMENTS, "lead_department")
    _departments(pack, helpers, ASSIGNMENTS, "cooperating_departments")
    old = next((a for a in pack.assignments if a.task_id == task_id), None)
    if isinstance(deadline, Keep):
        deadline = old.deadline if old else None
    new = TaskAssignment(
        task_id,
        lead,
        helpers,
        deadline,
        basis.strip() or (old.basis if old else EDIT_BASIS),
    )
    edit = (_assignment(old), _assignment(new) or {})
    return _save(session, actor, _with_assignment(pack, new), "assign_task", edit)


def set_deadline(
    session: Session,
    actor: Actor,
    territory: str,
    task_id: str,
    deadline: dt.date | None,
    *,
    basis: str = "",
) -> plans.StoredPlan:
    """Set (or, with ``None``, clear to the plan's own) a task's deadline. Audited.

    A task must have a lead department before the office sets its deadline: the deadline is
    part of the assignment.
    """
    pack = _load(session, territory)
    _task(pack, task_id)
    old = next((a for a in pack.assignments if a.task_id == task_id), None)
    if old is None:
        raise _refuse(
            ASSIGNMENTS,
            "deadline",
            deadline or "",
            "此任务尚未指定牵头单位；请先指定牵头单位，再设定期限",
            "this task has no lead department yet; assign one first, then set the deadline",
        )
    new = dataclasses.replace(old, deadline=deadline, basis=basis.strip() or old.basis)
    edit = (_assignment(old), _assignment(new) or {})
    return _save(session, actor, _with_assignment(pack, new), "set_task_deadline", edit)


def set_weights(
    session: Session,
    actor: Actor,
    territory: str,
    department: str,
    *,
    indicator_weights: Mapping[str, float],
    task_weights: Mapping[str, float],
) -> plans.StoredPlan:
    """Replace what ``department`` is assessed on and each item's weight (> 0). An empty
    pair of mappings removes the department from the assessment. Audited."""
    pack = _load(session, territory)
    department = department.strip()
    _departments(pack, (department,), WEIGHTS, "department")
    indicators = {d.id for d in pack.indicators}
    for key, weight in {**indicator_weights, **task_weights}.items():
        if not (weight > 0 and math.isfinite(weight)):
            raise _refuse(
                WEIGHTS, key, weight, "权重须为大于 0 的数", "a weight must be a number above 0"
            )
    for key in indicator_weights:
        if key not in indicators:
            raise _refuse(
                WEIGHTS,
                "indicator",
                key,
                "规划中没有此指标；请使用指标表中的编号",
                "the plan has no such indicator; use an id from the indicator table",
            )
    for key in task_weights:
        _task(pack, key)
    old = next((w for w in pack.weights if w.department == department), None)
    others = tuple(w for w in pack.weights if w.department != department)
    if indicator_weights or task_weights:
        entry = AssessmentWeights(department, dict(indicator_weights), dict(task_weights))
        others = (*others, entry)
    before = None
    if old is not None:
        before = {
            "department": department,
            "indicators": dict(old.indicator_weights),
            "tasks": dict(old.task_weights),
        }
    after = {
        "department": department,
        "indicators": dict(indicator_weights),
        "tasks": dict(task_weights),
    }
    new = dataclasses.replace(pack, weights=others)
    return _save(session, actor, new, "set_weights", (before, after))


def add_department(
    session: Session,
    actor: Actor,
    territory: str,
    *,
    name_zh: str,
    name_en: str,
    kind: str = DepartmentKind.DEPARTMENT.value,
    source: str = "",
) -> plans.StoredPlan:
    """Add a department or platform company to the plan's list. Audited."""
    pack = _load(session, territory)
    name_zh = name_zh.strip()
    if not name_zh:
        raise _refuse(
            DEPARTMENTS, "name_zh", "", "请填写部门的中文名称", "give the department's Chinese name"
        )
    if not name_en.strip():
        raise _refuse(
            DEPARTMENTS,
            "name_en",
            "",
            "请填写部门的英文名称（英文页面显示）",
            "give the department's English name (shown on English pages)",
        )
    if any(d.name_zh == name_zh for d in pack.departments):
        raise _refuse(
            DEPARTMENTS, "name_zh", name_zh, "部门已在名单中", "the department is already listed"
        )
    try:
        kind_value = DepartmentKind(kind)
    except ValueError:
        raise _refuse(
            DEPARTMENTS,
            "kind",
            kind,
            "类型应为 department（部门）或 platform_company（平台公司）",
            "the kind is department or platform_company",
        ) from None
    department = Department(name_zh, name_en.strip(), kind_value, source.strip() or EDIT_BASIS)
    new = dataclasses.replace(pack, departments=(*pack.departments, department))
    after = {"name_zh": name_zh, "name_en": department.name_en, "kind": kind_value.value}
    return _save(session, actor, new, "add_department", (None, after))


def _with_assignment(pack: PlanPack, new: TaskAssignment) -> PlanPack:
    kept = [a for a in pack.assignments if a.task_id != new.task_id]
    return dataclasses.replace(pack, assignments=(*kept, new))


def _save(
    session: Session,
    actor: Actor,
    pack: PlanPack,
    action: str,
    edit: tuple[Mapping[str, object] | None, Mapping[str, object]],
) -> plans.StoredPlan:
    return plans.save_pack(session, actor, pack, action=action, edit=edit)
