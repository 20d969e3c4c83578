"""Tests of cityclimate.plan.annual_evaluation: the annual evaluation assembled from its parts."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from cityclimate.demo.indicators import DEMO_YEARS, liangjiang_inputs
from cityclimate.demo.plan import liangjiang_annual_evaluation
from cityclimate.errors import DataValidationError
from cityclimate.indicators.definitions import load_liangjiang_indicators
from cityclimate.plan.annual_evaluation import (
    AnnualEvaluation,
    annual_evaluation,
    annual_evaluation_dict,
)
from cityclimate.plan.assessment import AssessmentWeights
from cityclimate.plan.tasks import load_liangjiang_tasks

SRC = Path(__file__).parents[2] / "src" / "cityclimate"


@pytest.fixture(scope="module")
def evaluation_2023() -> AnnualEvaluation:
    return liangjiang_annual_evaluation(2023)


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_every_demo_year_has_indicators_tasks_and_grades(year: int) -> None:
    evaluation = liangjiang_annual_evaluation(year)
    assert evaluation.indicator_table.height == 15
    assert evaluation.tasks.height == 103
    assert evaluation.tasks_by_status["tasks"].sum() == 103
    assert evaluation.tasks_by_department["total"].sum() == 103
    assert evaluation.grades.height == 6
    assert set(evaluation.grades["grade"]) <= {"excellent", "good", "pass", "fail"}
    assert evaluation.grades["vetoed"].sum() == 1
    assert evaluation.as_of == dt.date(year, 12, 31)
    assert evaluation.illustrative


def test_2023_grades_vetoes_overdue_and_rectification(evaluation_2023: AnnualEvaluation) -> None:
    grades = {row["department"]: row for row in evaluation_2023.grades.iter_rows(named=True)}
    construction = grades["建设管理部门"]
    assert construction["grade_zh"] == "不合格" and construction["vetoed"]
    assert construction["veto_indicator_ids"] == "green_building_share_of_new_buildings"
    assert evaluation_2023.overdue["task_id"].to_list() == ["4.1.1.2", "4.3.3.6", "6.3.3"]
    assert set(evaluation_2023.rectification["subject_id"]) == {
        "4.1.1.2",
        "4.3.3.6",
        "6.3.3",
        "8.2.1",
        "green_building_share_of_new_buildings",
    }
    assert (evaluation_2023.rectification["deadline"] == dt.date(2024, 3, 31)).all()
    by_status = evaluation_2023.tasks_by_status
    counts = dict(zip(by_status["status"], by_status["tasks"], strict=True))
    assert counts["done"] == 5 and counts["cancelled"] == 1 and counts["delayed"] == 2


def test_scores_are_the_weighted_item_scores(evaluation_2023: AnnualEvaluation) -> None:
    # By hand, from demo/data/liangjiang/plan/weights.csv (weights) and
    # plan/data/task_status_scores.csv (in progress before the deadline 80, not started before it 50):
    # 机关事务管理部门: both public-institution energy indicators met (weights 30 and 30, score
    # 100 each), task 4.3.2.6 in progress (weight 40, score 80):
    #   (30·100 + 30·100 + 40·80) / 100 = 92
    # 建设管理部门: green-building share, binding and missed (weight 30, score 0, veto),
    # prefabricated share met (20, 100), tasks 4.3.2.1-4.3.2.3 in progress (15, 15, 10; 80 each),
    # 4.3.2.4 not started (10; 50):
    #   (30·0 + 20·100 + 15·80 + 15·80 + 10·80 + 10·50) / 100 = 57
    grades = {row["department"]: row for row in evaluation_2023.grades.iter_rows(named=True)}
    assert grades["机关事务管理部门"]["score"] == pytest.approx(92.0)
    assert grades["建设管理部门"]["score"] == pytest.approx(57.0)
    assert (grades["机关事务管理部门"]["grade"], grades["建设管理部门"]["vetoed"]) == (
        "excellent",
        True,
    )
    # every department is scored on the items of the weights file, with their weights
    shipped = SRC / "demo" / "data" / "liangjiang" / "plan" / "weights.csv"
    with shipped.open(encoding="utf-8") as f:
        weights = {(r["department"], r["item_id"]): float(r["weight"]) for r in csv.DictReader(f)}
    scored = evaluation_2023.item_scores
    keys = zip(scored["department"], scored["item_id"], strict=True)
    assert dict(zip(keys, scored["weight"], strict=True)) == weights


def test_indicator_table_names_the_assessed_department(evaluation_2023: AnnualEvaluation) -> None:
    table = evaluation_2023.indicator_table
    assert (table["departments"] != "").all()
    tree = evaluation_2023.tree
    assert {"chapter", "section", "task"} <= set(tree["level"])


def test_json_form(evaluation_2023: AnnualEvaluation) -> None:
    data = json.loads(json.dumps(annual_evaluation_dict(evaluation_2023), ensure_ascii=False))
    assert data["as_of"] == "2023-12-31"
    assert data["tasks"]["overdue"][0]["deadline"] == "2022-12-31"
    assert {"department", "score", "grade", "grade_zh"} <= set(data["grades"][0])
    assert data["notice"]["en"].startswith("ILLUSTRATIVE")


def test_weights_on_an_unknown_task_are_refused() -> None:
    with pytest.raises(DataValidationError):
        annual_evaluation(
            load_liangjiang_indicators(),
            liangjiang_inputs(),
            load_liangjiang_tasks(),
            [],
            [AssessmentWeights("X", {}, {"99.9": 1.0})],
            year=2022,
        )


def test_custom_rectification_deadline() -> None:
    evaluation = liangjiang_annual_evaluation(2022, rectification_deadline=dt.date(2023, 1, 31))
    assert (evaluation.rectification["deadline"] == dt.date(2023, 1, 31)).all()
