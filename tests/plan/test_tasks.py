"""Tests of cityclimate.plan.tasks: the shipped task list, workflow and overdue detection."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityclimate.errors import ReferenceDataError
from cityclimate.indicators.definitions import load_liangjiang_indicators
from cityclimate.plan.model import DeadlineBasis, Evidence, ItemLevel, TaskStatus
from cityclimate.plan.tasks import (
    LIANGJIANG_TASKS,
    TaskStatusError,
    attach_evidence,
    change_status,
    children,
    extend_deadline,
    load_liangjiang_tasks,
    new_state,
    overdue_tasks,
    parse_plan_items,
    read_shipped_rows,
    tasks_frame,
    tasks_only,
    tasks_under,
)

ITEMS = load_liangjiang_tasks()
TASKS = {item.id: item for item in tasks_only(ITEMS)}
END = dt.date(2025, 12, 31)
EVIDENCE = Evidence("印发的方案", "doc-2023-01.pdf", dt.date(2023, 5, 1))


def test_the_tree_has_the_plans_chapters_and_dozens_of_tasks() -> None:
    assert [c.id for c in children(ITEMS, None)] == ["4", "5", "6", "7", "8", "9"]
    assert len(TASKS) >= 80
    ids = {item.id for item in ITEMS}
    assert all(item.parent_id in ids for item in ITEMS if item.parent_id is not None)
    assert len(tasks_under(ITEMS, "4.3.3")) == 8  # the transport subsection


def test_every_task_has_a_deadline_and_its_basis() -> None:
    for task in TASKS.values():
        assert task.deadline == END
        assert task.deadline_basis in (DeadlineBasis.STATED_2025, DeadlineBasis.PLAN_PERIOD_END)
        assert task.evidence_required
        assert "line" in task.source
    assert TASKS["4.3.2.1"].deadline_basis is DeadlineBasis.STATED_2025
    assert TASKS["4.1.1.1"].deadline_basis is DeadlineBasis.PLAN_PERIOD_END


def test_departments_only_where_the_text_names_them() -> None:
    named = {t.id: t.lead_department for t in TASKS.values() if t.lead_department != "unknown"}
    assert named == {"7.2.1": "区级财政部门", "9.1.2": "两江新区应对气候变化主管部门"}
    assert "line 360" in TASKS["9.1.2"].lead_department_basis
    assert "华能两江" in TASKS["4.1.2.2"].named_parties


def test_every_indicator_is_moved_by_some_task() -> None:
    moved = {i for task in TASKS.values() for i in task.indicator_ids}
    assert moved == {d.id for d in load_liangjiang_indicators()}


def test_levels() -> None:
    assert {item.level for item in ITEMS} == set(ItemLevel)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("parent_id", "99.9"),
        ("deadline", "end of 2025"),
        ("indicator_ids", "no_such_indicator"),
        ("deadline_basis", "guess"),
        ("lead_department", ""),
        ("id", "A.1"),
    ],
)
def test_bad_task_row_names_row_and_field(column: str, value: str) -> None:
    rows = read_shipped_rows(LIANGJIANG_TASKS)
    rows[3][column] = value  # row 4 is task 4.1.1.1
    with pytest.raises(ReferenceDataError) as caught:
        parse_plan_items(rows, "tasks.csv", [d.id for d in load_liangjiang_indicators()])
    problem = caught.value.problems[0]
    assert (problem.where, problem.row, problem.field) == ("tasks.csv", 4, column)
    assert problem.message_zh and problem.message_en


# --- workflow -----------------------------------------------------------------------------


def test_normal_path_to_done() -> None:
    state = new_state(TASKS["4.1.1.1"])
    state = change_status(state, TaskStatus.IN_PROGRESS, on=dt.date(2022, 3, 1))
    state = attach_evidence(state, EVIDENCE)
    state = change_status(state, TaskStatus.DONE, on=dt.date(2023, 5, 2))
    assert state.status is TaskStatus.DONE
    assert [c.to_status for c in state.history] == [TaskStatus.IN_PROGRESS, TaskStatus.DONE]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (TaskStatus.NOT_STARTED, TaskStatus.DONE),
        (TaskStatus.DONE, TaskStatus.IN_PROGRESS),
        (TaskStatus.CANCELLED, TaskStatus.IN_PROGRESS),
        (TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED),
    ],
)
def test_illegal_change_is_refused_clearly(start: TaskStatus, to: TaskStatus) -> None:
    state = new_state(TASKS["4.1.1.1"])
    state = type(state)(state.task_id, status=start, evidence=(EVIDENCE,))
    with pytest.raises(TaskStatusError) as caught:
        change_status(state, to, on=dt.date(2023, 1, 1), reason="r")
    assert start.value in caught.value.message_en and to.value in caught.value.message_en
    assert start.label_zh in caught.value.message_zh


def test_cancel_and_delay_need_a_reason() -> None:
    state = new_state(TASKS["4.1.1.1"])
    for status in (TaskStatus.CANCELLED, TaskStatus.DELAYED):
        with pytest.raises(TaskStatusError, match="reason"):
            change_status(state, status, on=dt.date(2023, 1, 1))
    cancelled = change_status(state, TaskStatus.CANCELLED, on=dt.date(2023, 1, 1), reason="合并")
    assert cancelled.reason == "合并"
    with pytest.raises(TaskStatusError):
        attach_evidence(cancelled, EVIDENCE)


def test_done_needs_evidence() -> None:
    state = change_status(
        new_state(TASKS["4.1.1.1"]), TaskStatus.IN_PROGRESS, on=dt.date(2022, 1, 1)
    )
    with pytest.raises(TaskStatusError, match="evidence"):
        change_status(state, TaskStatus.DONE, on=dt.date(2022, 2, 1))


def test_change_cannot_go_back_in_time() -> None:
    state = change_status(
        new_state(TASKS["4.1.1.1"]), TaskStatus.IN_PROGRESS, on=dt.date(2022, 5, 1)
    )
    with pytest.raises(TaskStatusError):
        change_status(state, TaskStatus.DELAYED, on=dt.date(2022, 4, 1), reason="x")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list(TaskStatus)), max_size=8))
def test_any_sequence_of_attempts_leaves_a_legal_history(attempts: list[TaskStatus]) -> None:
    # The workflow written out by hand (DESIGN.md, plan tasks), independently of the module:
    # done and cancelled are final; a task is delayed or cancelled from any open status, and
    # done only once in progress or delayed. Every attempt here has a reason and evidence, so
    # this table alone decides whether a change is allowed.
    s = TaskStatus
    legal = {
        (s.NOT_STARTED, s.IN_PROGRESS),
        (s.NOT_STARTED, s.DELAYED),
        (s.NOT_STARTED, s.CANCELLED),
        (s.IN_PROGRESS, s.DONE),
        (s.IN_PROGRESS, s.DELAYED),
        (s.IN_PROGRESS, s.CANCELLED),
        (s.DELAYED, s.IN_PROGRESS),
        (s.DELAYED, s.DONE),
        (s.DELAYED, s.CANCELLED),
    }
    state = attach_evidence(new_state(TASKS["4.1.1.1"]), EVIDENCE)
    day = dt.date(2021, 1, 1)
    expected = []
    for to in attempts:
        before = state.status
        try:
            state = change_status(state, to, on=day, reason="because")
        except TaskStatusError:
            assert (before, to) not in legal, "a legal change was refused"
        else:
            assert (before, to) in legal, "an illegal change was made"
            expected.append((before, to))
    assert [(c.from_status, c.to_status) for c in state.history] == expected


# --- overdue ------------------------------------------------------------------------------


def test_overdue_detection() -> None:
    started = change_status(
        new_state(TASKS["4.1.1.1"]), TaskStatus.IN_PROGRESS, on=dt.date(2022, 1, 1)
    )
    done = change_status(
        attach_evidence(started, EVIDENCE), TaskStatus.DONE, on=dt.date(2025, 6, 1)
    )
    cancelled = change_status(
        new_state(TASKS["4.1.1.2"]), TaskStatus.CANCELLED, on=dt.date(2022, 1, 1), reason="x"
    )
    states = [done, cancelled]
    assert overdue_tasks(ITEMS, states, END).height == 0  # deadline day itself: not overdue
    late = overdue_tasks(ITEMS, states, dt.date(2026, 1, 10))
    assert late.height == len(TASKS) - 2
    assert set(late["days_overdue"].to_list()) == {10}
    assert "4.1.1.1" not in late["task_id"].to_list()


def test_extended_deadline_counts() -> None:
    state = extend_deadline(new_state(TASKS["4.1.1.1"]), dt.date(2023, 6, 30), reason="office")
    frame = tasks_frame(ITEMS, [state], dt.date(2023, 7, 2))
    row = frame.filter(frame["task_id"] == "4.1.1.1")
    assert row["overdue"].item() is True
    assert row["days_overdue"].item() == 2
    with pytest.raises(TaskStatusError):
        extend_deadline(state, dt.date(2024, 1, 1), reason=" ")
