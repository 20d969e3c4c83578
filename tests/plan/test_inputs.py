"""Tests of cityclimate.plan.inputs: task assignments, task events and assessment weights."""

from __future__ import annotations

import datetime as dt

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.plan.inputs import (
    assign_tasks,
    parse_assessment_weights,
    parse_task_assignments,
    parse_task_events,
    task_states_on,
)
from cityclimate.plan.model import DeadlineBasis, TaskStatus
from cityclimate.plan.tasks import load_liangjiang_tasks, tasks_only

ITEMS = load_liangjiang_tasks()
TASK_IDS = [item.id for item in tasks_only(ITEMS)]


def assignment(**overrides: str) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "task_id": "4.1.1.1",
        "lead_department": "生态环境部门",
        "cooperating_departments": "经济运行部门; 统计部门",
        "deadline": "2022-06-30",
        "basis": "office decision 1",
    }
    row.update(overrides)
    return row


def event(task_id: str, day: str, kind: str, status: str = "", **extra: str) -> dict[str, str]:
    return {"task_id": task_id, "date": day, "event": kind, "status": status, "reason": "",
            "evidence_description": "", "evidence_reference": "", **extra}  # fmt: skip


def test_assignments_replace_departments_and_deadline() -> None:
    assigned = parse_task_assignments([assignment()], "a.csv", ITEMS)
    items = {item.id: item for item in assign_tasks(ITEMS, assigned)}
    task = items["4.1.1.1"]
    assert task.lead_department == "生态环境部门"
    assert task.cooperating_departments == ("经济运行部门", "统计部门")
    assert task.deadline == dt.date(2022, 6, 30)
    assert task.deadline_basis is DeadlineBasis.SET_BY_OFFICE
    assert task.lead_department_basis == "office decision 1"
    untouched = next(item for item in ITEMS if item.id == "4.1.1.2")
    assert items["4.1.1.2"] == untouched


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"task_id": "4.1"}, "task_id"),
        ({"task_id": "99.1"}, "task_id"),
        ({"lead_department": ""}, "lead_department"),
        ({"deadline": "2022-13-01"}, "deadline"),
        ({"basis": ""}, "basis"),
    ],
)
def test_bad_assignment_rows(overrides: dict[str, str], field: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_task_assignments([assignment(**overrides)], "a.csv", ITEMS, first_row=2)
    problem = caught.value.problems[0]
    assert (problem.row, problem.field) == (2, field)


def test_events_replay_to_the_date() -> None:
    rows = [
        event("4.1.1.1", "2021-03-01", "status", "in_progress"),
        event("4.1.1.1", "2022-05-20", "evidence", evidence_description="plan",
              evidence_reference="doc.pdf"),
        event("4.1.1.1", "2022-05-31", "status", "done"),
    ]  # fmt: skip
    events = parse_task_events(rows, "e.csv", ITEMS)
    states = {s.task_id: s for s in task_states_on(ITEMS, events, dt.date(2021, 12, 31))}
    assert states["4.1.1.1"].status is TaskStatus.IN_PROGRESS
    states = {s.task_id: s for s in task_states_on(ITEMS, events, dt.date(2022, 12, 31))}
    assert states["4.1.1.1"].status is TaskStatus.DONE
    assert len(states["4.1.1.1"].evidence) == 1
    assert len(states) == len(TASK_IDS)


def test_events_that_break_the_workflow_name_their_row() -> None:
    rows = [
        event("4.1.1.1", "2021-03-01", "status", "in_progress"),
        event("4.1.1.1", "2021-04-01", "status", "done"),
    ]
    events = parse_task_events(rows, "e.csv", ITEMS, first_row=2)
    with pytest.raises(DataValidationError) as caught:
        task_states_on(ITEMS, events, dt.date(2021, 12, 31))
    problem = caught.value.problems[0]
    assert (problem.where, problem.row, problem.field) == ("e.csv", 3, "status")
    assert "evidence" in problem.message_en


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (event("4.1.1.1", "2021-02-30", "status", "in_progress"), "date"),
        (event("4.1.1.1", "2021-03-01", "status", "finished"), "status"),
        (event("4.1.1.1", "2021-03-01", "comment"), "event"),
        (event("4.1.1.1", "2021-03-01", "evidence"), "evidence_description"),
        (event("4.1.9.9", "2021-03-01", "status", "in_progress"), "task_id"),
    ],
)
def test_bad_event_rows(row: dict[str, str], field: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_task_events([row], "e.csv", ITEMS)
    assert caught.value.problems[0].field == field


def test_weights_group_by_department() -> None:
    rows = [
        {"department": "A", "kind": "indicator", "item_id": "co2_intensity_reduction",
         "weight": "30"},
        {"department": "A", "kind": "task", "item_id": "4.1.1.1", "weight": "10"},
        {"department": "B", "kind": "task", "item_id": "6.1.1", "weight": "5"},
    ]  # fmt: skip
    weights = parse_assessment_weights(
        rows, "w.csv", indicator_ids=["co2_intensity_reduction"], task_ids=TASK_IDS
    )
    assert [w.department for w in weights] == ["A", "B"]
    assert weights[0].indicator_weights == {"co2_intensity_reduction": 30.0}
    assert weights[0].task_weights == {"4.1.1.1": 10.0}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "goal"}, "kind"),
        ({"item_id": "no_such"}, "item_id"),
        ({"weight": "0"}, "weight"),
        ({"weight": "heavy"}, "weight"),
    ],
)
def test_bad_weight_rows(overrides: dict[str, str], field: str) -> None:
    row = {"department": "A", "kind": "task", "item_id": "4.1.1.1", "weight": "10", **overrides}
    with pytest.raises(DataValidationError) as caught:
        parse_assessment_weights([row], "w.csv", indicator_ids=[], task_ids=TASK_IDS)
    assert caught.value.problems[0].field == field


def test_a_missing_column_is_named() -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_assessment_weights(
            [{"department": "A", "kind": "task", "item_id": "4.1.1.1"}],
            "w.csv",
            indicator_ids=[],
            task_ids=TASK_IDS,
        )
    assert caught.value.problems[0].field == "weight"
