"""The life cycle of a library project, as a pure state machine.

::

    declared ─admit─▶ admitted ─promote─▶ promoted ─finance─▶ financing ─build─▶ construction
    (申报)            (审核入库)            (推介)               (融资)              (建设)
                                                                                      │ operate
    any stage but withdrawn ──withdraw (reason)──▶ withdrawn (出库)        operation ◀┘ (运营)

A step needs a date; ``admit`` needs every entry criterion passed
(:func:`cityclimate.finance.catalogues.check_entry`); ``withdraw`` and a refusal need a reason.
``refuse`` sends a declared project to withdrawn with its reason. Steps are pure: they return the
new stage and the :class:`~cityclimate.finance.model.StageEvent` for the platform to store.

>>> step(Stage.DECLARED, "admit", entry_passed=True).value
'admitted'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from cityclimate.finance.model import STAGE_NAMES, FinanceError, Stage, StageEvent

Action = Literal["admit", "promote", "finance", "build", "operate", "withdraw", "refuse"]

#: action → (stages it starts from, stage it leads to).
TRANSITIONS: dict[str, tuple[frozenset[Stage], Stage]] = {
    "admit": (frozenset({Stage.DECLARED}), Stage.ADMITTED),
    "promote": (frozenset({Stage.ADMITTED}), Stage.PROMOTED),
    "finance": (frozenset({Stage.PROMOTED}), Stage.FINANCING),
    "build": (frozenset({Stage.PROMOTED, Stage.FINANCING}), Stage.CONSTRUCTION),
    "operate": (frozenset({Stage.CONSTRUCTION}), Stage.OPERATION),
    "withdraw": (frozenset(set(Stage) - {Stage.WITHDRAWN}), Stage.WITHDRAWN),
    "refuse": (frozenset({Stage.DECLARED}), Stage.WITHDRAWN),
}
_NEEDS_REASON = frozenset({"withdraw", "refuse"})


def allowed_actions(stage: Stage) -> list[str]:
    """The actions that may be taken from ``stage``, in the order of :data:`TRANSITIONS`."""
    return [a for a, (starts, _) in TRANSITIONS.items() if stage in starts]


def step(
    stage: Stage,
    action: str,
    *,
    reason: str = "",
    entry_passed: bool = False,
    failed_criteria: Sequence[str] = (),
) -> Stage:
    """The stage after ``action`` (see the module doc).

    Raises
    ------
    FinanceError
        Unknown action, not allowed from ``stage``, no reason where one is needed, or ``admit``
        with entry criteria failed (``failed_criteria`` named).
    """
    if action not in TRANSITIONS:
        raise FinanceError(
            f"未知的操作“{action}”；可选：{'、'.join(TRANSITIONS)}",
            f"unknown action '{action}'; use one of {', '.join(TRANSITIONS)}",
        )
    starts, target = TRANSITIONS[action]
    if stage not in starts:
        allowed = allowed_actions(stage)
        raise FinanceError(
            f"项目处于“{STAGE_NAMES[stage].zh}”阶段，不能执行“{action}”；可执行：{'、'.join(allowed) or '无'}",
            f"the project is {stage.value}: '{action}' is not allowed; allowed: "
            f"{', '.join(allowed) or 'none'}",
        )
    if action in _NEEDS_REASON and not reason.strip():
        raise FinanceError("出库或不予入库须写明原因", "a withdrawal or refusal needs a reason")
    if action == "admit" and (failed_criteria or not entry_passed):
        names = "、".join(failed_criteria) or "?"
        raise FinanceError(
            f"项目未满足入库标准：{names}",
            f"the project does not meet the entry criteria: {', '.join(failed_criteria) or '?'}",
        )
    return target


def event(
    project_id: str,
    stage: Stage,
    action: str,
    on: date,
    *,
    reason: str = "",
    by: str = "",
    entry_passed: bool = False,
    failed_criteria: Sequence[str] = (),
) -> StageEvent:
    """Take :func:`step` and return the event to store (from, to, date, reason, who)."""
    target = step(
        stage,
        action,
        reason=reason,
        entry_passed=entry_passed,
        failed_criteria=failed_criteria,
    )
    return StageEvent(project_id, stage, target, on, reason.strip(), by)
