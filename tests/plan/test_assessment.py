"""Tests of cityclimate.plan.assessment: grades, veto, weights, rectification."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityclimate.errors import DataValidationError
from cityclimate.indicators.definitions import definitions_by_id, load_liangjiang_indicators
from cityclimate.indicators.evaluation import evaluate_indicator
from cityclimate.indicators.model import IndicatorValue
from cityclimate.plan.assessment import (
    AssessmentWeights,
    assess_department,
    assess_departments,
    assessments_frame,
    grade_for_score,
    load_grade_bands,
    rectification_frame,
)
from cityclimate.plan.model import Evidence, TaskState, TaskStatus
from cityclimate.plan.tasks import (
    attach_evidence,
    change_status,
    extend_deadline,
    load_liangjiang_tasks,
    new_state,
    tasks_only,
)

DEFS = definitions_by_id(load_liangjiang_indicators())
ITEMS = load_liangjiang_tasks()
TASKS = {item.id: item for item in tasks_only(ITEMS)}
AS_OF = dt.date(2023, 12, 31)
FIX_BY = dt.date(2024, 6, 30)


SEI_62 = evaluate_indicator(
    DEFS["strategic_emerging_industry_share"],
    2023,
    IndicatorValue("strategic_emerging_industry_share", 2023, 62, "%"),
)
GREEN_BEHIND = evaluate_indicator(
    DEFS["built_up_green_coverage"],
    2023,
    IndicatorValue("built_up_green_coverage", 2023, 45.2, "%"),
)
GREEN_AHEAD = evaluate_indicator(
    DEFS["built_up_green_coverage"],
    2023,
    IndicatorValue("built_up_green_coverage", 2023, 45.4, "%"),
)


def _done(task_id: str) -> TaskState:
    state = change_status(new_state(TASKS[task_id]), TaskStatus.IN_PROGRESS, on=dt.date(2022, 1, 1))
    state = attach_evidence(state, Evidence("文件", "f.pdf", dt.date(2022, 6, 1)))
    return change_status(state, TaskStatus.DONE, on=dt.date(2022, 6, 1))


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "excellent"),
        (90, "excellent"),
        (89.999, "good"),
        (80, "good"),
        (79.99, "pass"),
        (60, "pass"),
        (59.99, "fail"),
        (0, "fail"),
    ],
)
def test_grade_boundaries_belong_to_the_higher_grade(score: float, grade: str) -> None:
    assert grade_for_score(score).grade == grade


def test_grade_labels() -> None:
    assert [b.label_zh for b in load_grade_bands()] == ["优秀", "良好", "合格", "不合格"]


def test_hand_worked_department_score() -> None:
    # SEI 62 in 2023: score 100 x 4.6/7.56 = 60.8466 (weight 2); task 4.1.1.1 done on time:
    # 100 (weight 1); task 4.1.1.2 not started, deadline moved to 2023-06-30 so overdue: 0
    # (weight 1). Score = (2 x 60.8466 + 100 + 0) / 4 = 55.4233 → 不合格, no veto.
    overdue = extend_deadline(new_state(TASKS["4.1.1.2"]), dt.date(2023, 6, 30), reason="office")
    weights = AssessmentWeights(
        "经济运行局", {"strategic_emerging_industry_share": 2}, {"4.1.1.1": 1, "4.1.1.2": 1}
    )
    result = assess_department(
        weights, [SEI_62], ITEMS, [_done("4.1.1.1"), overdue],
        year=2023, as_of=AS_OF, rectification_deadline=FIX_BY,
    )  # fmt: skip
    assert result.score == pytest.approx(55.4233, abs=1e-3)
    assert result.grade == "fail"
    assert result.grade_zh == "不合格"
    assert not result.vetoed
    assert [(r.subject_kind, r.subject_id) for r in result.rectification] == [("task", "4.1.1.2")]
    assert result.rectification[0].deadline == FIX_BY


def test_binding_indicator_not_met_vetoes_a_high_score() -> None:
    # tasks 100, 100, 100 and the binding indicator 0: score 75 would be 合格, veto makes 不合格
    weights = AssessmentWeights(
        "规划和自然资源局",
        {"built_up_green_coverage": 1},
        {"4.3.6.1": 1, "4.3.6.2": 1, "4.3.6.3": 1},
    )
    states = [_done("4.3.6.1"), _done("4.3.6.2"), _done("4.3.6.3")]
    result = assess_department(
        weights,
        [GREEN_BEHIND],
        ITEMS,
        states,
        year=2023,
        as_of=AS_OF,
        rectification_deadline=FIX_BY,
    )
    assert result.score == pytest.approx(75.0)
    assert result.vetoed
    assert result.veto_indicator_ids == ("built_up_green_coverage",)
    assert result.grade_zh == "不合格"
    assert result.rectification[0].subject_id == "built_up_green_coverage"
    ahead = assess_department(
        weights, [GREEN_AHEAD], ITEMS, states, year=2023, as_of=AS_OF, rectification_deadline=FIX_BY
    )
    assert ahead.grade_zh == "优秀"
    assert ahead.score == pytest.approx(100.0)


def test_cancelled_task_drops_out() -> None:
    cancelled = change_status(
        new_state(TASKS["4.1.1.2"]), TaskStatus.CANCELLED, on=dt.date(2022, 1, 1), reason="合并"
    )
    weights = AssessmentWeights("d", {}, {"4.1.1.1": 1, "4.1.1.2": 3})
    result = assess_department(
        weights, [], ITEMS, [_done("4.1.1.1"), cancelled],
        year=2023, as_of=AS_OF, rectification_deadline=FIX_BY,
    )  # fmt: skip
    assert result.score == pytest.approx(100.0)


def test_not_started_task_not_yet_due_uses_the_default_score() -> None:
    weights = AssessmentWeights("d", {}, {"4.1.1.1": 1})
    result = assess_department(
        weights, [], ITEMS, [], year=2023, as_of=AS_OF, rectification_deadline=FIX_BY
    )
    assert result.score == pytest.approx(50.0)  # data/task_status_scores.csv
    custom = assess_department(
        weights, [], ITEMS, [], year=2023, as_of=AS_OF, rectification_deadline=FIX_BY,
        task_scores={(TaskStatus.NOT_STARTED, False): 70.0},
    )  # fmt: skip
    assert custom.score == pytest.approx(70.0)


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        (AssessmentWeights("d", {"strategic_emerging_industry_share": 0}, {}), "indicator_weights"),
        (AssessmentWeights("d", {"no_such": 1}, {}), "indicator_weights"),
        (AssessmentWeights("d", {}, {"99.9": 1}), "task_weights"),
        (AssessmentWeights("d", {}, {}), "weights"),
    ],
)
def test_bad_weights_are_named(weights: AssessmentWeights, field: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        assess_department(
            weights, [SEI_62], ITEMS, [], year=2023, as_of=AS_OF, rectification_deadline=FIX_BY
        )
    assert caught.value.problems[0].field == field


def test_unassessable_indicator_is_an_error_not_a_zero() -> None:
    missing = evaluate_indicator(DEFS["public_transport_share_of_motorised_trips"], 2023, None)
    weights = AssessmentWeights("d", {"public_transport_share_of_motorised_trips": 1}, {})
    with pytest.raises(DataValidationError) as caught:
        assess_department(
            weights, [missing], ITEMS, [], year=2023, as_of=AS_OF, rectification_deadline=FIX_BY
        )
    assert caught.value.problems[0].field == "public_transport_share_of_motorised_trips"


def test_rectification_deadline_must_follow_the_assessment() -> None:
    weights = AssessmentWeights("d", {}, {"4.1.1.1": 1})
    with pytest.raises(DataValidationError) as caught:
        assess_department(
            weights, [], ITEMS, [], year=2023, as_of=AS_OF, rectification_deadline=AS_OF
        )
    assert caught.value.problems[0].field == "rectification_deadline"


def test_frames() -> None:
    weights = [
        AssessmentWeights("a", {"built_up_green_coverage": 1}, {}),
        AssessmentWeights("b", {"strategic_emerging_industry_share": 1}, {}),
    ]
    results = assess_departments(
        weights, [GREEN_BEHIND, SEI_62], ITEMS, [], year=2023, as_of=AS_OF,
        rectification_deadline=FIX_BY,
    )  # fmt: skip
    frame = assessments_frame(results)
    assert frame["department"].to_list() == ["a", "b"]
    assert frame["vetoed"].to_list() == [True, False]
    assert frame["grade_zh"].to_list() == ["不合格", "合格"]  # b: 60.85
    assert rectification_frame(results).height == 1


@given(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_a_higher_score_never_gets_a_lower_grade(a: float, b: float) -> None:
    order = [band.grade for band in load_grade_bands()]
    low, high = sorted((a, b))
    assert order.index(grade_for_score(high).grade) <= order.index(grade_for_score(low).grade)
