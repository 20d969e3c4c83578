"""The annual evaluation of the plan (年度评估): indicators, tasks, department grades, rectification.

One function, :func:`annual_evaluation`, assembles what the climate office reports each
year (MISSION R3, R12): every indicator's status against its target path
(:func:`cityclimate.indicators.annual.report_indicators`), actual-vs-path series for charts,
the tasks by status and by department with the overdue ones, the target-responsibility
assessment of each department (:mod:`cityclimate.plan.assessment`) and the rectification
items. The result is plain data (a frozen dataclass of polars DataFrames) for the command
line, the XLSX export (:mod:`cityclimate.io.evaluation_export`) and the pages;
:func:`annual_evaluation_dict` gives it as JSON-ready dictionaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from cityclimate.indicators.annual import (
    IndicatorReport,
    indicator_report_dict,
    records,
    report_indicators,
)
from cityclimate.indicators.model import (
    IndicatorDefinition,
    IndicatorInputs,
    TargetStatement,
)
from cityclimate.plan.assessment import (
    AssessmentWeights,
    DepartmentAssessment,
    assess_departments,
    assessments_frame,
    rectification_frame,
)
from cityclimate.plan.model import GradeBand, PlanItem, TaskState, TaskStatus
from cityclimate.plan.tasks import overdue_tasks, tasks_frame


@dataclass(frozen=True)
class AnnualEvaluation:
    """The annual evaluation of a plan for one year.

    Attributes
    ----------
    year, as_of:
        Evaluated year and the date task status is taken on (usually 31 December).
    indicators:
        :class:`~cityclimate.indicators.annual.IndicatorReport`; its ``table`` gains a
        ``departments`` column (who is assessed on the indicator, ``;``-joined).
    indicator_table:
        ``indicators.table`` with ``departments``.
    tree:
        Every node of the task tree: ``id``, ``parent_id``, ``level``, ``title_zh``,
        ``title_en``, ``lead_department``, ``cooperating_departments``, ``deadline``,
        ``deadline_basis``, ``indicator_ids``.
    tasks:
        One row per task with its status on ``as_of``
        (:func:`~cityclimate.plan.tasks.tasks_frame`) and ``cooperating_departments``.
    tasks_by_status:
        ``status``, ``status_zh``, ``tasks`` (count), every status listed.
    tasks_by_department:
        ``lead_department``, one count column per status, ``total`` and ``overdue``.
    overdue:
        The overdue tasks, most overdue first.
    assessments:
        One :class:`~cityclimate.plan.assessment.DepartmentAssessment` per department.
    grades:
        :func:`~cityclimate.plan.assessment.assessments_frame`.
    item_scores:
        Every assessed item: ``department``, ``kind``, ``item_id``, ``weight``, ``score``,
        ``veto``, ``note_zh``, ``note_en``.
    rectification:
        :func:`~cityclimate.plan.assessment.rectification_frame`.
    notice_zh, notice_en:
        Notice to show on every output (e.g. ILLUSTRATIVE demo data).
    """

    year: int
    as_of: dt.date
    indicators: IndicatorReport
    indicator_table: pl.DataFrame
    tree: pl.DataFrame
    tasks: pl.DataFrame
    tasks_by_status: pl.DataFrame
    tasks_by_department: pl.DataFrame
    overdue: pl.DataFrame
    assessments: tuple[DepartmentAssessment, ...]
    grades: pl.DataFrame
    item_scores: pl.DataFrame
    rectification: pl.DataFrame
    notice_zh: str
    notice_en: str

    @property
    def illustrative(self) -> bool:
        """True when the evaluation carries a notice."""
        return bool(self.notice_zh or self.notice_en)


def with_assessed_departments(
    table: pl.DataFrame, weights: Sequence[AssessmentWeights]
) -> pl.DataFrame:
    """``table`` (one row per indicator) with ``departments``: the departments assessed on
    each indicator, ``;``-separated (``""`` for none)."""
    assessed_on: dict[str, list[str]] = {}
    for weight in weights:
        for indicator_id in weight.indicator_weights:
            assessed_on.setdefault(indicator_id, []).append(weight.department)
    return table.with_columns(
        departments=pl.col("indicator_id").replace_strict(
            {key: ";".join(value) for key, value in assessed_on.items()},
            default="",
            return_dtype=pl.String,
        )
    )


def annual_evaluation(
    definitions: Sequence[IndicatorDefinition],
    inputs: IndicatorInputs,
    items: Sequence[PlanItem],
    states: Iterable[TaskState],
    weights: Sequence[AssessmentWeights],
    *,
    year: int,
    as_of: dt.date | None = None,
    rectification_deadline: dt.date | None = None,
    task_scores: Mapping[tuple[TaskStatus, bool], float] | None = None,
    grade_bands: Sequence[GradeBand] | None = None,
    target_statements: Iterable[TargetStatement] = (),
) -> AnnualEvaluation:
    """Assemble the annual evaluation of ``year``.

    Parameters
    ----------
    definitions, inputs:
        The indicator system and its values, base values, city targets and notice.
    items, states:
        The task tree (with the office's assignments) and the tasks' states on ``as_of``.
    weights:
        What each department is assessed on, with weights set by the office.
    year:
        Evaluated year.
    as_of:
        Date task status is taken on; default 31 December of ``year``.
    rectification_deadline:
        Deadline of the rectification items, set by the office; default 31 March of the
        next year.
    task_scores, grade_bands:
        Replacements of the shipped task scores and grades
        (:func:`~cityclimate.plan.assessment.assess_department`).
    target_statements:
        Figures as several sources state them, checked for consistency.

    Returns
    -------
    AnnualEvaluation

    Raises
    ------
    DataValidationError
        On a year outside the plan period, bad inputs, or weights naming an indicator or
        task that does not exist or cannot be assessed.
    """
    day = as_of or dt.date(year, 12, 31)
    deadline = rectification_deadline or dt.date(year + 1, 3, 31)
    state_list = list(states)
    report = report_indicators(definitions, inputs, year, target_statements=target_statements)
    assessments = assess_departments(
        weights,
        report.evaluations,
        items,
        state_list,
        year=year,
        as_of=day,
        rectification_deadline=deadline,
        task_scores=task_scores,
        grade_bands=grade_bands,
    )
    indicator_table = with_assessed_departments(report.table, weights)
    cooperating = {item.id: ";".join(item.cooperating_departments) for item in items}
    tasks = tasks_frame(items, state_list, day).with_columns(
        cooperating_departments=pl.col("task_id").replace_strict(
            cooperating, default="", return_dtype=pl.String
        )
    )
    return AnnualEvaluation(
        year=year,
        as_of=day,
        indicators=report,
        indicator_table=indicator_table,
        tree=_tree_frame(items),
        tasks=tasks,
        tasks_by_status=_by_status(tasks),
        tasks_by_department=_by_department(tasks),
        overdue=overdue_tasks(items, state_list, day),
        assessments=tuple(assessments),
        grades=assessments_frame(assessments),
        item_scores=_item_scores(assessments),
        rectification=rectification_frame(assessments),
        notice_zh=inputs.notice_zh,
        notice_en=inputs.notice_en,
    )


def _tree_frame(items: Sequence[PlanItem]) -> pl.DataFrame:
    rows = [
        {
            "id": item.id,
            "parent_id": item.parent_id,
            "level": item.level.value,
            "title_zh": item.title_zh,
            "title_en": item.title_en,
            "lead_department": item.lead_department,
            "cooperating_departments": ";".join(item.cooperating_departments),
            "deadline": item.deadline,
            "deadline_basis": None if item.deadline_basis is None else item.deadline_basis.value,
            "indicator_ids": ";".join(item.indicator_ids),
        }
        for item in items
    ]
    schema = {
        "id": pl.String, "parent_id": pl.String, "level": pl.String, "title_zh": pl.String,
        "title_en": pl.String, "lead_department": pl.String,
        "cooperating_departments": pl.String, "deadline": pl.Date,
        "deadline_basis": pl.String, "indicator_ids": pl.String,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row")


def _by_status(tasks: pl.DataFrame) -> pl.DataFrame:
    statuses = pl.DataFrame(
        {
            "status": [status.value for status in TaskStatus],
            "status_zh": [status.label_zh for status in TaskStatus],
        }
    )
    counts = tasks.group_by("status").agg(tasks=pl.len().cast(pl.Int64))
    return statuses.join(counts, on="status", how="left").with_columns(pl.col("tasks").fill_null(0))


def _by_department(tasks: pl.DataFrame) -> pl.DataFrame:
    return (
        tasks.group_by("lead_department")
        .agg(
            *[
                (pl.col("status") == status.value).sum().cast(pl.Int64).alias(status.value)
                for status in TaskStatus
            ],
            total=pl.len().cast(pl.Int64),
            overdue=pl.col("overdue").sum().cast(pl.Int64),
        )
        .sort("lead_department")
    )


def _item_scores(assessments: Sequence[DepartmentAssessment]) -> pl.DataFrame:
    rows = [
        {
            "department": item.department,
            "kind": item.kind,
            "item_id": item.item_id,
            "weight": item.weight,
            "score": item.score,
            "veto": item.veto,
            "note_zh": item.note_zh,
            "note_en": item.note_en,
        }
        for assessment in assessments
        for item in assessment.items
    ]
    schema = {
        "department": pl.String, "kind": pl.String, "item_id": pl.String,
        "weight": pl.Float64, "score": pl.Float64, "veto": pl.Boolean,
        "note_zh": pl.String, "note_en": pl.String,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def annual_evaluation_dict(evaluation: AnnualEvaluation) -> dict[str, Any]:
    """The annual evaluation as JSON-ready dictionaries, with units and statuses."""
    return {
        **indicator_report_dict(evaluation.indicators),
        "as_of": evaluation.as_of.isoformat(),
        "indicators": records(evaluation.indicator_table),
        "tasks": {
            "by_status": records(evaluation.tasks_by_status),
            "by_department": records(evaluation.tasks_by_department),
            "overdue": records(evaluation.overdue),
            "all": records(evaluation.tasks),
        },
        "grades": records(evaluation.grades),
        "item_scores": records(evaluation.item_scores),
        "rectification": records(evaluation.rectification),
    }
