"""Plan tracking (MISSION R12): the task tree, task workflow and responsibility assessment.

- :mod:`~cityclimate.plan.model`: types (plan items, task states, grades, rectification).
- :mod:`~cityclimate.plan.tasks`: the shipped Liangjiang task list, status workflow, overdue.
- :mod:`~cityclimate.plan.assessment`: target-responsibility assessment of departments.
"""

from cityclimate.plan.assessment import (
    AssessmentWeights,
    DepartmentAssessment,
    assess_department,
    assess_departments,
    assessments_frame,
    grade_for_score,
    rectification_frame,
)
from cityclimate.plan.model import Evidence, PlanItem, TaskState, TaskStatus
from cityclimate.plan.tasks import (
    TaskStatusError,
    attach_evidence,
    change_status,
    load_liangjiang_tasks,
    new_state,
    overdue_tasks,
    tasks_frame,
)

__all__ = [
    "AssessmentWeights",
    "DepartmentAssessment",
    "Evidence",
    "PlanItem",
    "TaskState",
    "TaskStatus",
    "TaskStatusError",
    "assess_department",
    "assess_departments",
    "assessments_frame",
    "attach_evidence",
    "change_status",
    "grade_for_score",
    "load_liangjiang_tasks",
    "new_state",
    "overdue_tasks",
    "rectification_frame",
    "tasks_frame",
]
