"""Plan tracking (MISSION R12): the task tree, task workflow and responsibility assessment.

- :mod:`~cityclimate.plan.model`: types (plan items, task states, grades, rectification).
- :mod:`~cityclimate.plan.tasks`: the shipped Liangjiang task list, status workflow, overdue.
- :mod:`~cityclimate.plan.assessment`: target-responsibility assessment of departments.
- :mod:`~cityclimate.plan.annual_evaluation`: the annual evaluation (indicators, tasks,
  grades, rectification) as plain data.
- :mod:`~cityclimate.plan.inputs`: the office's tables (assignments, task events, weights).
"""

from cityclimate.plan.annual_evaluation import (
    AnnualEvaluation,
    annual_evaluation,
    annual_evaluation_dict,
)
from cityclimate.plan.assessment import (
    AssessmentWeights,
    DepartmentAssessment,
    assess_department,
    assess_departments,
    assessments_frame,
    grade_for_score,
    rectification_frame,
)
from cityclimate.plan.inputs import (
    Table,
    annual_evaluation_from_tables,
    assign_tasks,
    parse_assessment_weights,
    parse_task_assignments,
    parse_task_events,
    task_states_on,
)
from cityclimate.plan.model import (
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
    load_liangjiang_tasks,
    new_state,
    overdue_tasks,
    tasks_frame,
)

__all__ = [
    "AnnualEvaluation",
    "AssessmentWeights",
    "DepartmentAssessment",
    "Evidence",
    "PlanItem",
    "Table",
    "TaskAssignment",
    "TaskEvent",
    "TaskState",
    "TaskStatus",
    "TaskStatusError",
    "annual_evaluation",
    "annual_evaluation_dict",
    "annual_evaluation_from_tables",
    "assess_department",
    "assess_departments",
    "assessments_frame",
    "assign_tasks",
    "attach_evidence",
    "change_status",
    "grade_for_score",
    "load_liangjiang_tasks",
    "new_state",
    "overdue_tasks",
    "parse_assessment_weights",
    "parse_task_assignments",
    "parse_task_events",
    "rectification_frame",
    "task_states_on",
    "tasks_frame",
]
