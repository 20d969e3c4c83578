"""Tests of cityclimate.plan.model."""

from __future__ import annotations

from cityclimate.plan.model import TaskState, TaskStatus


def test_new_state_defaults() -> None:
    state = TaskState("4.1.1.1")
    assert state.status is TaskStatus.NOT_STARTED
    assert state.evidence == ()
    assert state.history == ()


def test_status_labels_are_chinese() -> None:
    assert TaskStatus.DELAYED.label_zh == "滞后"
    assert TaskStatus.DONE.label_zh == "已完成"
