"""Tests of cityclimate.plan.demo: the ILLUSTRATIVE Liangjiang assignments, progress, weights."""

from __future__ import annotations

from cityclimate.plan.demo import (
    ASSIGNMENTS,
    EVENTS,
    WEIGHTS,
    liangjiang_annual_evaluation,
    liangjiang_items,
    read_demo_table,
)
from cityclimate.plan.model import DeadlineBasis
from cityclimate.plan.tasks import tasks_only


def test_every_task_has_a_department_and_a_deadline() -> None:
    tasks = tasks_only(liangjiang_items())
    assert len(tasks) == 103
    assert all(task.lead_department != "unknown" for task in tasks)
    assert all(task.deadline is not None for task in tasks)
    office = [task for task in tasks if task.deadline_basis is DeadlineBasis.SET_BY_OFFICE]
    assert len(office) == 7
    # the two departments the plan text names are kept
    by_id = {task.id: task for task in tasks}
    assert by_id["9.1.2"].lead_department == "两江新区应对气候变化主管部门"
    assert by_id["7.2.1"].lead_department == "区级财政部门"


def test_demo_rows_are_labelled_illustrative() -> None:
    for name, column in ((ASSIGNMENTS, "basis"), (WEIGHTS, "source")):
        assert all("ILLUSTRATIVE" in str(row[column]) for row in read_demo_table(name).rows)
    evidence = [row for row in read_demo_table(EVENTS).rows if row["event"] == "evidence"]
    assert evidence and all("ILLUSTRATIVE" in str(row["evidence_description"]) for row in evidence)


def test_weights_cover_every_indicator_once_over_six_departments() -> None:
    evaluation = liangjiang_annual_evaluation(2021)
    indicators = evaluation.item_scores.filter(evaluation.item_scores["kind"] == "indicator")
    assert sorted(indicators["item_id"]) == sorted(evaluation.indicator_table["indicator_id"])
    assert evaluation.grades.height == 6
