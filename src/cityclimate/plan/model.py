"""Types of plan tracking (MISSION R12): the task tree, task states, assessment results.

The plan's tasks are data (``data/liangjiang_tasks.csv``): a tree chapter → section →
(subsection →) task, each node a :class:`PlanItem`. What happens to a task during the plan
period is a :class:`TaskState`, changed only through
:func:`cityclimate.plan.tasks.change_status`, which keeps the workflow consistent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class ItemLevel(StrEnum):
    """Level of a node in the plan's tree."""

    CHAPTER = "chapter"
    SECTION = "section"
    SUBSECTION = "subsection"
    TASK = "task"


class DeadlineBasis(StrEnum):
    """Where a task's deadline comes from."""

    #: The plan text states the year (e.g. 到2025年); the deadline is that year's 31 December.
    STATED_2025 = "stated_2025"
    #: The text states none: the end of the plan period (2025-12-31) is used.
    PLAN_PERIOD_END = "plan_period_end"
    #: Set by the climate office after the plan was issued.
    SET_BY_OFFICE = "set_by_office"


class TaskStatus(StrEnum):
    """Status of a task in the workflow (see :mod:`cityclimate.plan.tasks`)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"

    @property
    def label_zh(self) -> str:
        """Chinese label."""
        return {
            "not_started": "未开始",
            "in_progress": "进行中",
            "done": "已完成",
            "delayed": "滞后",
            "cancelled": "已取消",
        }[self.value]


@dataclass(frozen=True)
class Milestone:
    """An intermediate date of a task."""

    date: dt.date
    description: str


@dataclass(frozen=True)
class PlanItem:
    """One node of the plan's task tree.

    Attributes
    ----------
    id:
        Hierarchical id following the plan's numbering: ``"4"`` (chapter 四), ``"4.3"``
        (section (三)), ``"4.3.2"`` (subsection 2), ``"4.3.2.1"`` (task).
    parent_id:
        Id of the parent node; ``None`` for a chapter.
    level:
        :class:`ItemLevel`.
    title_zh, title_en:
        Title (for tasks: the concrete task, condensed from the plan text).
    lead_department:
        Lead department (牵头单位); ``"unknown"`` where the plan text names none.
    lead_department_basis:
        The text that names the lead department, or why it is unknown.
    cooperating_departments:
        Co-operating departments (配合单位); empty when the text names none.
    named_parties:
        Enterprises, areas or districts the text names for the task (e.g. 华能两江).
    deadline, deadline_basis:
        Deadline (tasks only) and where it comes from.
    milestones:
        Intermediate dates (none are stated in the Liangjiang plan).
    indicator_ids:
        Indicators of Table 1 the task moves.
    evidence_required:
        What a department must attach to show the task is done. Proposed by cityclimate for
        the climate office to confirm; the plan text does not list evidence.
    source:
        Section and line of the plan text the node comes from.
    """

    id: str
    parent_id: str | None
    level: ItemLevel
    title_zh: str
    title_en: str
    lead_department: str
    lead_department_basis: str
    cooperating_departments: tuple[str, ...]
    named_parties: tuple[str, ...]
    deadline: dt.date | None
    deadline_basis: DeadlineBasis | None
    milestones: tuple[Milestone, ...]
    indicator_ids: tuple[str, ...]
    evidence_required: str
    source: str


@dataclass(frozen=True)
class Evidence:
    """A piece of evidence attached to a task (a document, a data file, a site record)."""

    description: str
    reference: str
    added_on: dt.date


@dataclass(frozen=True)
class StatusChange:
    """One entry of a task's status history."""

    on: dt.date
    from_status: TaskStatus
    to_status: TaskStatus
    reason: str


@dataclass(frozen=True)
class TaskState:
    """The state of one task: status, evidence and history. Immutable; see ``tasks``.

    Attributes
    ----------
    task_id:
        The :class:`PlanItem` it belongs to.
    status:
        Current status.
    reason:
        Reason given for the current status (required for ``delayed`` and ``cancelled``).
    evidence:
        Evidence attached so far.
    history:
        Every status change, oldest first.
    deadline:
        Deadline in force: the plan item's, or one the office has extended it to.
    """

    task_id: str
    status: TaskStatus = TaskStatus.NOT_STARTED
    reason: str = ""
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    history: tuple[StatusChange, ...] = field(default_factory=tuple)
    deadline: dt.date | None = None


@dataclass(frozen=True)
class GradeBand:
    """One grade of the target-responsibility assessment (``data/assessment_grades.csv``).

    ``score_min`` is inclusive, ``score_max`` exclusive (``None`` = unbounded), so a score
    of exactly 90 is 优秀, 80 is 良好 and 60 is 合格.
    """

    grade: str
    label_zh: str
    label_en: str
    score_min: float | None
    score_max: float | None
    source: str


@dataclass(frozen=True)
class RectificationItem:
    """Something a department must put right by a deadline (责令限期整改).

    Attributes
    ----------
    department:
        Who must act.
    subject_kind, subject_id:
        ``"indicator"`` or ``"task"``, and its id.
    reason_zh, reason_en:
        Why.
    deadline:
        When it must be put right.
    follow_up:
        Follow-up status: ``"open"`` until the office closes it.
    """

    department: str
    subject_kind: str
    subject_id: str
    reason_zh: str
    reason_en: str
    deadline: dt.date
    follow_up: str = "open"


@dataclass(frozen=True)
class TaskAssignment:
    """The climate office's assignment of a task (the plan names almost no departments).

    Attributes
    ----------
    task_id:
        The task.
    lead_department:
        Lead department (牵头单位) assigned.
    cooperating_departments:
        Co-operating departments (配合单位).
    deadline:
        Deadline set by the office, or ``None`` to keep the plan's.
    basis:
        The document or decision that assigns it.
    """

    task_id: str
    lead_department: str
    cooperating_departments: tuple[str, ...]
    deadline: dt.date | None
    basis: str


@dataclass(frozen=True)
class TaskEvent:
    """One recorded event of a task: a status change or a piece of evidence.

    Replayed in date order through the workflow
    (:func:`cityclimate.plan.inputs.task_states_on`), so an impossible history is refused.

    Attributes
    ----------
    task_id, on:
        Which task, and when.
    kind:
        ``"status"`` or ``"evidence"``.
    status, reason:
        New status and reason (``status`` events).
    evidence:
        The evidence (``evidence`` events).
    where, row:
        File and row the event was read from, for messages.
    """

    task_id: str
    on: dt.date
    kind: str
    status: TaskStatus | None
    reason: str
    evidence: Evidence | None
    where: str
    row: int
