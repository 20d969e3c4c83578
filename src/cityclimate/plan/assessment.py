"""Target-responsibility assessment (目标责任考核) of departments and platform companies.

For each department the climate office sets weights over the indicators and tasks it is
held responsible for (an input, :class:`AssessmentWeights`). Then

- indicator score: binding (约束性) indicators score 100 when met (on or ahead of the target
  path for the year) and 0 when not, and a binding indicator not met is a **veto**
  (一票否决); expected (预期性) indicators score by completion, 0–100
  (:mod:`cityclimate.indicators.evaluation`);
- task score: by status and whether the task is overdue (``data/task_status_scores.csv``,
  defaults the office may replace); cancelled tasks drop out of the weighting;
- department score = Σ wᵢ·sᵢ / Σ wᵢ (0–100);
- grade from ``data/assessment_grades.csv``: ≥ 90 优秀, [80, 90) 良好, [60, 80) 合格,
  < 60 不合格: a score exactly on a boundary takes the higher grade. A veto gives 不合格
  whatever the score (the score is still reported);
- rectification items (责令限期整改) with the deadline the office sets: every binding
  indicator not met, every expected indicator moving away or with limited progress, every
  overdue or delayed task.

Source: plan §九(二)4 (seed text line 378); grades and veto rules as in
shared/reference/factors-and-rules.md, "Targets, progress and assessment".
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import polars as pl

from cityclimate.errors import DataValidationError, Problem, ReferenceDataError
from cityclimate.indicators.evaluation import IndicatorEvaluation
from cityclimate.indicators.model import Nature
from cityclimate.indicators.progress import ProgressStatus
from cityclimate.plan.model import (
    GradeBand,
    PlanItem,
    RectificationItem,
    TaskState,
    TaskStatus,
)
from cityclimate.plan.tasks import is_late, is_overdue, read_shipped_rows, task_states

#: Shipped grade bands.
ASSESSMENT_GRADES = "assessment_grades.csv"
#: Shipped default task scores by (status, overdue).
TASK_STATUS_SCORES = "task_status_scores.csv"


@dataclass(frozen=True)
class AssessmentWeights:
    """What one department is assessed on, and how much each item counts.

    Attributes
    ----------
    department:
        Department or platform company.
    indicator_weights:
        Indicator id → weight (> 0).
    task_weights:
        Task id → weight (> 0).
    """

    department: str
    indicator_weights: Mapping[str, float]
    task_weights: Mapping[str, float]


@dataclass(frozen=True)
class ItemScore:
    """The score of one assessed item of one department.

    ``score`` is 0–100; ``weight`` is the office's weight (0 for a cancelled task, which
    drops out); ``veto`` marks a binding indicator not met.
    """

    department: str
    kind: str
    item_id: str
    weight: float
    score: float
    veto: bool
    note_zh: str
    note_en: str


@dataclass(frozen=True)
class DepartmentAssessment:
    """The assessment of one department for one year.

    Attributes
    ----------
    department, year, as_of:
        Who, which assessment year, and the date task status is taken on.
    score:
        Weighted score, 0–100.
    grade, grade_zh, grade_en:
        Grade (``excellent`` … ``fail``) and labels; ``fail`` on a veto.
    vetoed, veto_indicator_ids:
        Whether a binding indicator vetoed the grade, and which.
    items:
        Every item's score.
    rectification:
        Items to put right, with deadlines.
    """

    department: str
    year: int
    as_of: dt.date
    score: float
    grade: str
    grade_zh: str
    grade_en: str
    vetoed: bool
    veto_indicator_ids: tuple[str, ...]
    items: tuple[ItemScore, ...]
    rectification: tuple[RectificationItem, ...]


def _number(where: str, row: int, data: Mapping[str, str], column: str) -> float | None:
    text = (data.get(column) or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError as exc:
        raise ReferenceDataError(
            [
                Problem(
                    where, row, column, text, f"“{column}”应为数值", f"'{column}' must be a number"
                )
            ]
        ) from exc


def parse_grade_bands(rows: Iterable[Mapping[str, str]], where: str) -> list[GradeBand]:
    """Validate grade-band rows; return them best first, plus which grade a veto gives.

    Raises
    ------
    ReferenceDataError
        On a bad number, bands that leave a gap or overlap, or not exactly one row with
        ``on_veto = yes``.
    """
    bands: list[tuple[GradeBand, bool]] = []
    for number, data in enumerate(rows, start=1):
        band = GradeBand(
            grade=(data.get("grade") or "").strip(),
            label_zh=(data.get("label_zh") or "").strip(),
            label_en=(data.get("label_en") or "").strip(),
            score_min=_number(where, number, data, "score_min"),
            score_max=_number(where, number, data, "score_max"),
            source=(data.get("source") or "").strip(),
        )
        bands.append((band, (data.get("on_veto") or "").strip() == "yes"))
    ordered = sorted(
        bands,
        key=lambda pair: -math.inf if pair[0].score_min is None else pair[0].score_min,
        reverse=True,
    )
    for (upper, _), (lower, _) in itertools.pairwise(ordered):
        if upper.score_min is None or upper.score_min != lower.score_max:
            raise ReferenceDataError(
                [
                    Problem(
                        where,
                        None,
                        "score_min",
                        str(upper.score_min),
                        f"等级“{upper.grade}”与“{lower.grade}”之间有空隙或重叠",
                        f"grades '{upper.grade}' and '{lower.grade}' leave a gap or overlap",
                    )
                ]
            )
    if sum(on_veto for _, on_veto in ordered) != 1:
        raise ReferenceDataError(
            [
                Problem(
                    where,
                    None,
                    "on_veto",
                    "",
                    "须恰有一个等级标为一票否决等级（on_veto=yes）",
                    "exactly one grade must be marked on_veto=yes",
                )
            ]
        )
    veto_grade = next(band for band, on_veto in ordered if on_veto)
    return [band for band, _ in ordered if band is not veto_grade] + [veto_grade]


@cache
def _default_grades() -> tuple[GradeBand, ...]:
    return tuple(parse_grade_bands(read_shipped_rows(ASSESSMENT_GRADES), ASSESSMENT_GRADES))


def load_grade_bands() -> list[GradeBand]:
    """The shipped grades (``data/assessment_grades.csv``), best first; the last is the veto
    grade (不合格)."""
    return list(_default_grades())


def grade_for_score(score: float, bands: Sequence[GradeBand] | None = None) -> GradeBand:
    """The grade of a score (0–100); boundaries belong to the higher grade (90 is 优秀).

    Raises
    ------
    ValueError
        When the score is not finite or no band contains it.
    """
    if not math.isfinite(score):
        raise ValueError("the score must be a finite number")
    for band in bands if bands is not None else _default_grades():
        low = -math.inf if band.score_min is None else band.score_min
        high = math.inf if band.score_max is None else band.score_max
        if low <= score < high:
            return band
    raise ValueError(f"no grade contains score {score}")


@cache
def _default_task_scores() -> tuple[tuple[tuple[TaskStatus, bool], float], ...]:
    scores = []
    for number, data in enumerate(read_shipped_rows(TASK_STATUS_SCORES), start=1):
        value = _number(TASK_STATUS_SCORES, number, data, "score")
        status = TaskStatus(data["status"])
        scores.append(((status, data["overdue"] == "yes"), 0.0 if value is None else value))
    return tuple(scores)


def load_task_scores() -> dict[tuple[TaskStatus, bool], float]:
    """Default task scores by (status, late), from ``data/task_status_scores.csv``.

    "Late" means overdue, or (for done tasks) completed after the deadline. These defaults
    are cityclimate's, not the plan's: the office passes its own to :func:`assess_department`.
    """
    return dict(_default_task_scores())


def indicator_item_score(
    evaluation: IndicatorEvaluation, department: str, weight: float
) -> ItemScore:
    """Score one indicator for a department (binding: 100/0 with veto; expected: 0–100).

    Raises
    ------
    DataValidationError
        When the indicator could not be assessed (no value, no target or no base value):
        the message names what is missing.
    """
    binding = evaluation.nature is Nature.BINDING
    value = (
        (None if evaluation.binding_met is None else 100.0 if evaluation.binding_met else 0.0)
        if binding
        else evaluation.score
    )
    if value is None:
        raise DataValidationError(
            [
                Problem(
                    f"assessment {department}",
                    None,
                    evaluation.indicator_id,
                    "",
                    f"指标“{evaluation.name_zh}”{evaluation.year}年无法评估（{evaluation.note_zh}），"
                    "请补充数值、目标或基准值后再考核",
                    f"indicator '{evaluation.indicator_id}' cannot be assessed for {evaluation.year} "
                    f"({evaluation.note_en}): supply the value, target or base value first",
                )
            ]
        )
    veto = binding and not evaluation.binding_met
    return ItemScore(
        department=department,
        kind="indicator",
        item_id=evaluation.indicator_id,
        weight=weight,
        score=value,
        veto=veto,
        note_zh=("约束性指标未完成，一票否决" if veto else evaluation.status_zh),
        note_en=("binding indicator not met: veto" if veto else evaluation.status_en),
    )


def assess_department(
    weights: AssessmentWeights,
    evaluations: Iterable[IndicatorEvaluation],
    items: Iterable[PlanItem],
    states: Iterable[TaskState],
    *,
    year: int,
    as_of: dt.date,
    rectification_deadline: dt.date,
    task_scores: Mapping[tuple[TaskStatus, bool], float] | None = None,
    grade_bands: Sequence[GradeBand] | None = None,
) -> DepartmentAssessment:
    """Assess one department for ``year`` (method in the module docstring).

    Parameters
    ----------
    weights:
        The department's indicators and tasks with their weights.
    evaluations:
        Indicator evaluations for ``year`` (:func:`~cityclimate.indicators.evaluation.
        evaluate_indicators`).
    items, states:
        The task tree and the tasks' states (tasks without a state are ``not_started``).
    year:
        Assessment year; the evaluations must be for it.
    as_of:
        Date the task status is taken on (usually the end of ``year``).
    rectification_deadline:
        Deadline given to every rectification item; after ``as_of``.
    task_scores:
        Score by (status, late); default ``data/task_status_scores.csv``.
    grade_bands:
        Grades, best first, the last one given on a veto; default
        ``data/assessment_grades.csv``.

    Returns
    -------
    DepartmentAssessment

    Raises
    ------
    DataValidationError
        Naming each problem: a weight not positive, an id with no evaluation / task, an
        evaluation of another year, an indicator that cannot be assessed, nothing to assess,
        or a rectification deadline not after ``as_of``.
    """
    where = f"assessment {weights.department}"
    problems: list[Problem] = []
    by_indicator = {e.indicator_id: e for e in evaluations}
    item_list = list(items)
    by_task = {item.id: item for item in item_list}
    state_by_task = task_states(item_list, states)
    scores = dict(task_scores) if task_scores is not None else load_task_scores()
    bands = list(grade_bands) if grade_bands is not None else load_grade_bands()
    if rectification_deadline <= as_of:
        problems.append(
            Problem(
                where,
                None,
                "rectification_deadline",
                str(rectification_deadline),
                "整改期限应晚于考核日期",
                "the rectification deadline must be after the assessment date",
            )
        )
    for kind, mapping in (("indicator", weights.indicator_weights), ("task", weights.task_weights)):
        for item_id, weight in mapping.items():
            if not (math.isfinite(weight) and weight > 0):
                problems.append(
                    Problem(
                        where,
                        None,
                        f"{kind}_weights",
                        f"{item_id}={weight}",
                        f"{item_id} 的权重应为正数",
                        f"the weight of {item_id} must be positive",
                    )
                )
            known = by_indicator if kind == "indicator" else by_task
            if item_id not in known:
                problems.append(
                    Problem(
                        where,
                        None,
                        f"{kind}_weights",
                        item_id,
                        f"没有 {item_id} 的{'指标评估' if kind == 'indicator' else '任务'}",
                        f"no {'evaluation' if kind == 'indicator' else 'task'} for {item_id}",
                    )
                )
            elif kind == "indicator" and by_indicator[item_id].year != year:
                problems.append(
                    Problem(
                        where,
                        None,
                        "year",
                        str(by_indicator[item_id].year),
                        f"指标 {item_id} 的评估年份不是 {year}",
                        f"the evaluation of {item_id} is not for {year}",
                    )
                )
    if not weights.indicator_weights and not weights.task_weights:
        problems.append(
            Problem(
                where,
                None,
                "weights",
                "",
                "没有需要考核的指标或任务",
                "no indicator or task to assess",
            )
        )
    if problems:
        raise DataValidationError(problems)

    scored: list[ItemScore] = []
    rectification: list[RectificationItem] = []

    def rectify(kind: str, item_id: str, zh: str, en: str) -> None:
        rectification.append(
            RectificationItem(weights.department, kind, item_id, zh, en, rectification_deadline)
        )

    for indicator_id, weight in weights.indicator_weights.items():
        evaluation = by_indicator[indicator_id]
        item = indicator_item_score(evaluation, weights.department, weight)
        scored.append(item)
        if item.veto:
            rectify(
                "indicator",
                indicator_id,
                f"约束性指标“{evaluation.name_zh}”未达到序时进度",
                f"binding indicator '{indicator_id}' is behind its target path",
            )
        elif evaluation.status in (ProgressStatus.MOVING_AWAY, ProgressStatus.LIMITED_PROGRESS):
            rectify(
                "indicator",
                indicator_id,
                f"预期性指标“{evaluation.name_zh}”{evaluation.status_zh}",
                f"expected indicator '{indicator_id}': {evaluation.status_en}",
            )
    for task_id, weight in weights.task_weights.items():
        state = state_by_task[task_id]
        if state.status is TaskStatus.CANCELLED:
            scored.append(
                ItemScore(
                    weights.department,
                    "task",
                    task_id,
                    0.0,
                    0.0,
                    False,
                    f"已取消：{state.reason}",
                    f"cancelled: {state.reason}",
                )
            )
            continue
        late = is_late(state, as_of)
        score = scores.get((state.status, late))
        if score is None:
            raise DataValidationError(
                [
                    Problem(
                        where,
                        None,
                        "task_scores",
                        f"{state.status.value}/{late}",
                        "任务得分表缺少该状态",
                        "no task score for this status",
                    )
                ]
            )
        scored.append(
            ItemScore(
                weights.department,
                "task",
                task_id,
                weight,
                score,
                False,
                state.status.label_zh + ("（逾期）" if late else ""),
                state.status.value + (" (late)" if late else ""),
            )
        )
        if is_overdue(state, as_of):
            rectify(
                "task",
                task_id,
                f"任务 {task_id} 已逾期（期限 {state.deadline}）",
                f"task {task_id} is overdue (deadline {state.deadline})",
            )
        elif state.status is TaskStatus.DELAYED:
            rectify(
                "task",
                task_id,
                f"任务 {task_id} 滞后：{state.reason}",
                f"task {task_id} is delayed: {state.reason}",
            )
    total_weight = sum(item.weight for item in scored)
    score = sum(item.weight * item.score for item in scored) / total_weight if total_weight else 0.0
    vetoes = tuple(item.item_id for item in scored if item.veto)
    band = bands[-1] if vetoes else grade_for_score(score, bands)
    return DepartmentAssessment(
        department=weights.department,
        year=year,
        as_of=as_of,
        score=score,
        grade=band.grade,
        grade_zh=band.label_zh,
        grade_en=band.label_en,
        vetoed=bool(vetoes),
        veto_indicator_ids=vetoes,
        items=tuple(scored),
        rectification=tuple(rectification),
    )


def assess_departments(
    weights: Iterable[AssessmentWeights],
    evaluations: Sequence[IndicatorEvaluation],
    items: Sequence[PlanItem],
    states: Sequence[TaskState],
    *,
    year: int,
    as_of: dt.date,
    rectification_deadline: dt.date,
    task_scores: Mapping[tuple[TaskStatus, bool], float] | None = None,
    grade_bands: Sequence[GradeBand] | None = None,
) -> list[DepartmentAssessment]:
    """Assess every department of ``weights`` (see :func:`assess_department`)."""
    return [
        assess_department(
            w,
            evaluations,
            items,
            states,
            year=year,
            as_of=as_of,
            rectification_deadline=rectification_deadline,
            task_scores=task_scores,
            grade_bands=grade_bands,
        )
        for w in weights
    ]


def assessments_frame(assessments: Iterable[DepartmentAssessment]) -> pl.DataFrame:
    """One row per department: ``department``, ``year``, ``score`` (0–100), ``grade``,
    ``grade_zh``, ``grade_en``, ``vetoed``, ``veto_indicator_ids`` (``;``-joined),
    ``rectification_items`` (count)."""
    rows = [
        {
            "department": a.department,
            "year": a.year,
            "score": a.score,
            "grade": a.grade,
            "grade_zh": a.grade_zh,
            "grade_en": a.grade_en,
            "vetoed": a.vetoed,
            "veto_indicator_ids": ";".join(a.veto_indicator_ids),
            "rectification_items": len(a.rectification),
        }
        for a in assessments
    ]
    schema = {
        "department": pl.String, "year": pl.Int64, "score": pl.Float64, "grade": pl.String,
        "grade_zh": pl.String, "grade_en": pl.String, "vetoed": pl.Boolean,
        "veto_indicator_ids": pl.String, "rectification_items": pl.Int64,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def rectification_frame(assessments: Iterable[DepartmentAssessment]) -> pl.DataFrame:
    """Every rectification item: ``department``, ``subject_kind``, ``subject_id``,
    ``reason_zh``, ``reason_en``, ``deadline`` (date), ``follow_up``."""
    rows = [
        {
            "department": r.department,
            "subject_kind": r.subject_kind,
            "subject_id": r.subject_id,
            "reason_zh": r.reason_zh,
            "reason_en": r.reason_en,
            "deadline": r.deadline,
            "follow_up": r.follow_up,
        }
        for a in assessments
        for r in a.rectification
    ]
    schema = {
        "department": pl.String, "subject_kind": pl.String, "subject_id": pl.String,
        "reason_zh": pl.String, "reason_en": pl.String, "deadline": pl.Date,
        "follow_up": pl.String,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
