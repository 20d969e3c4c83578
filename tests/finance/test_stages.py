"""The project life cycle as a state machine."""

from __future__ import annotations

from datetime import date

import pytest

from cityclimate.finance.model import FinanceError, Stage
from cityclimate.finance.stages import TRANSITIONS, allowed_actions, event, step


def test_the_whole_path_from_declared_to_operation() -> None:
    stage = Stage.DECLARED
    for action, expected in [
        ("admit", Stage.ADMITTED),
        ("promote", Stage.PROMOTED),
        ("finance", Stage.FINANCING),
        ("build", Stage.CONSTRUCTION),
        ("operate", Stage.OPERATION),
    ]:
        stage = step(stage, action, entry_passed=True)
        assert stage is expected
    assert allowed_actions(stage) == ["withdraw"]


def test_steps_out_of_order_are_refused_naming_what_is_allowed() -> None:
    with pytest.raises(FinanceError) as caught:
        step(Stage.DECLARED, "operate")
    assert "admit" in caught.value.message.en and "申报" in caught.value.message.zh
    with pytest.raises(FinanceError):
        step(Stage.WITHDRAWN, "withdraw", reason="again")
    with pytest.raises(FinanceError):
        step(Stage.DECLARED, "fly")


def test_admission_needs_the_entry_criteria_and_withdrawal_a_reason() -> None:
    with pytest.raises(FinanceError) as caught:
        step(Stage.DECLARED, "admit", failed_criteria=["minimum_size"])
    assert "minimum_size" in caught.value.message.en
    with pytest.raises(FinanceError):
        step(Stage.FINANCING, "withdraw", reason="  ")
    e = event("P1", Stage.FINANCING, "withdraw", date(2025, 5, 1), reason=" 业主放弃 ", by="office")
    assert (e.from_stage, e.to_stage, e.on, e.reason) == (
        Stage.FINANCING,
        Stage.WITHDRAWN,
        date(2025, 5, 1),
        "业主放弃",
    )
    assert step(Stage.DECLARED, "refuse", reason="不符合目录") is Stage.WITHDRAWN


def test_every_stage_but_withdrawn_can_be_left() -> None:
    for stage in Stage:
        assert bool(allowed_actions(stage)) is (stage is not Stage.WITHDRAWN)
    assert set(TRANSITIONS) == {
        "admit",
        "promote",
        "finance",
        "build",
        "operate",
        "withdraw",
        "refuse",
    }
