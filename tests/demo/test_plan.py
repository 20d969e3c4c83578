"""Tests of cityclimate.demo.plan: the ILLUSTRATIVE Liangjiang assignments, progress, weights
(the plan pack's, and the demo's task events)."""

from __future__ import annotations

from cityclimate.demo import liangjiang
from cityclimate.demo.plan import liangjiang_annual_evaluation, liangjiang_items
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
    pack = liangjiang.plan_pack()
    assert all("ILLUSTRATIVE" in a.basis for a in pack.assignments)
    evidence = [row for row in liangjiang.plan_events() if row["event"] == "evidence"]
    assert evidence and all("ILLUSTRATIVE" in str(row["evidence_description"]) for row in evidence)


def test_weights_cover_every_indicator_once_over_six_departments() -> None:
    evaluation = liangjiang_annual_evaluation(2021)
    indicators = evaluation.item_scores.filter(evaluation.item_scores["kind"] == "indicator")
    assert sorted(indicators["item_id"]) == sorted(evaluation.indicator_table["indicator_id"])
    assert evaluation.grades.height == 6
