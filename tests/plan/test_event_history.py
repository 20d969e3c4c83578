"""A task event is checked against the history it is inserted into (issue 20): a past-dated
event that repeats the task's current status used to be accepted, and the replay then refused
the whole history. The replay skips and reports a bad record instead of failing whole."""

from __future__ import annotations

import datetime as dt

from cityclimate.plan.inputs import check_inserted_events, parse_task_events, replay_task_events
from cityclimate.plan.model import TaskStatus
from cityclimate.plan.tasks import load_liangjiang_tasks

ITEMS = load_liangjiang_tasks()


def rows(*events: tuple[str, str, str]) -> list[dict[str, str]]:
    return [
        {
            "task_id": task,
            "date": day,
            "event": "status",
            "status": status,
            "reason": "",
            "evidence_description": "",
            "evidence_reference": "",
        }
        for task, day, status in events
    ]


HISTORY = parse_task_events(rows(("4.1.1.1", "2024-03-01", "in_progress")), "stored", ITEMS)


def test_a_past_event_repeating_the_current_status_is_refused_naming_both_dates() -> None:
    # Today the task is in progress since 2024-03-01. A new "in_progress" dated 2023-05-01 is
    # allowed where it falls (not started → in progress) but makes the stored 2024-03-01
    # change one from "in progress" to itself, which the workflow forbids.
    new = parse_task_events(rows(("4.1.1.1", "2023-05-01", "in_progress")), "form", ITEMS)
    problems = check_inserted_events(ITEMS, HISTORY, new)
    assert len(problems) == 1
    assert "2023-05-01" in problems[0].message_en and "2024-03-01" in problems[0].message_en
    assert "2023-05-01" in problems[0].message_zh


def test_the_same_event_dated_after_the_history_is_refused_where_it_falls() -> None:
    new = parse_task_events(rows(("4.1.1.1", "2024-06-01", "in_progress")), "form", ITEMS)
    problems = check_inserted_events(ITEMS, HISTORY, new)
    assert [p.where for p in problems] == ["form"]


def test_a_consistent_past_event_is_accepted() -> None:
    # A delay of another task, and a past event of the same task that keeps the order valid.
    new = parse_task_events(rows(("4.1.1.2", "2023-05-01", "in_progress")), "form", ITEMS)
    assert check_inserted_events(ITEMS, HISTORY, new) == []


def test_problems_the_history_already_had_are_not_blamed_on_the_new_event() -> None:
    broken = parse_task_events(
        rows(("4.1.1.1", "2024-03-01", "in_progress"), ("4.1.1.1", "2024-04-01", "in_progress")),
        "stored",
        ITEMS,
    )
    new = parse_task_events(rows(("4.1.1.2", "2024-05-01", "in_progress")), "form", ITEMS)
    assert check_inserted_events(ITEMS, broken, new) == []


def test_the_replay_skips_a_bad_record_and_keeps_the_others() -> None:
    events = parse_task_events(
        rows(
            ("4.1.1.1", "2023-05-01", "in_progress"),
            ("4.1.1.1", "2024-03-01", "in_progress"),  # bad: in progress → in progress
            ("4.1.1.2", "2024-03-01", "in_progress"),
        ),
        "stored",
        ITEMS,
    )
    states, problems = replay_task_events(ITEMS, events, dt.date(2025, 1, 1))
    by_id = {s.task_id: s for s in states}
    assert by_id["4.1.1.1"].status is TaskStatus.IN_PROGRESS
    assert by_id["4.1.1.2"].status is TaskStatus.IN_PROGRESS
    assert [(p.where, p.row) for p in problems] == [("stored", 2)]
