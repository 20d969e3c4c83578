"""The filing workflow of annual emission reports, deadlines, reminders and overdue lists.

States and steps (who may take each)::

    draft ─submit (enterprise)─▶ submitted ─verify (verifier)─▶ verified ─accept (office)─▶ accepted
      ▲                              │                             │
    returned ◀──────── return (verifier or office, with a comment) ┘

A filing can be changed (:func:`amend`) only in ``draft`` or ``returned``; an ``accepted`` one
never changes: :func:`correct` makes the next version, in ``draft``, that supersedes it. Every
step returns the new filing and an :class:`~cityclimate.enterprises.model.AuditRecord` (who,
when, from, to, comment) for the platform to store. Steps are pure: the platform saves both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

import polars as pl

from cityclimate.enterprises import rules
from cityclimate.enterprises.model import (
    Actor,
    AuditRecord,
    Enterprise,
    EnterpriseAccessError,
    Filing,
    FilingStatus,
    Role,
    WorkflowError,
)
from cityclimate.enterprises.registry import existed_in, require_access

Action = Literal["submit", "verify", "accept", "return"]
_OFFICE = frozenset({Role.CLIMATE_OFFICE, Role.ADMIN})
#: The state machine: action → (states it starts from, state it leads to, roles that may take it).
TRANSITIONS: dict[Action, tuple[frozenset[FilingStatus], FilingStatus, frozenset[Role]]] = {
    "submit": (
        frozenset({FilingStatus.DRAFT, FilingStatus.RETURNED}),
        FilingStatus.SUBMITTED,
        frozenset({Role.ENTERPRISE}),
    ),
    "verify": (
        frozenset({FilingStatus.SUBMITTED}),
        FilingStatus.VERIFIED,
        frozenset({Role.VERIFIER}),
    ),
    "accept": (frozenset({FilingStatus.VERIFIED}), FilingStatus.ACCEPTED, _OFFICE),
    "return": (
        frozenset({FilingStatus.SUBMITTED, FilingStatus.VERIFIED}),
        FilingStatus.RETURNED,
        frozenset({Role.VERIFIER}) | _OFFICE,
    ),
}
_EDITABLE = frozenset({FilingStatus.DRAFT, FilingStatus.RETURNED})


def _audit(
    actor: Actor,
    at: datetime,
    filing: Filing,
    action: str,
    before: FilingStatus | None,
    comment: str,
) -> AuditRecord:
    return AuditRecord(
        who=actor.user_id,
        role=actor.role.value,
        when=at,
        entity="filing",
        entity_id=filing.filing_id,
        action=action,
        from_status=None if before is None else before.value,
        to_status=filing.status.value,
        comment=comment,
    )


def new_filing(
    actor: Actor, enterprise_id: str, year: int, emissions: pl.DataFrame, at: datetime
) -> tuple[Filing, AuditRecord]:
    """Start version 1 of an enterprise's report for ``year``, in ``draft``.

    Raises
    ------
    EnterpriseAccessError
        When ``actor`` may not write this enterprise's data.
    """
    require_access(actor, enterprise_id, write=True)
    filing = Filing(
        filing_id=f"{enterprise_id}-{year}-v1",
        enterprise_id=enterprise_id,
        year=year,
        version=1,
        status=FilingStatus.DRAFT,
        emissions=emissions,
    )
    return filing, _audit(actor, at, filing, "create", None, "")


def amend(
    actor: Actor, filing: Filing, emissions: pl.DataFrame, at: datetime, comment: str = ""
) -> tuple[Filing, AuditRecord]:
    """Replace the content of a filing in ``draft`` or ``returned`` (its state is kept).

    Raises
    ------
    WorkflowError
        When the filing is submitted, verified or accepted (an accepted report never changes:
        use :func:`correct`).
    EnterpriseAccessError
        When ``actor`` may not write this enterprise's data.
    """
    require_access(actor, filing.enterprise_id, write=True)
    if filing.status not in _EDITABLE:
        hint_zh, hint_en = (
            (
                "已审定的报告不可修改：请用更正生成新版本",
                "an accepted report never changes: make a corrected version",
            )
            if filing.status is FilingStatus.ACCEPTED
            else ("请等待退回后再修改", "wait until it is returned")
        )
        raise WorkflowError(
            f"报告 {filing.filing_id} 处于“{filing.status.value}”状态，不能修改：{hint_zh}",
            f"report {filing.filing_id} is {filing.status.value} and cannot be changed: {hint_en}",
        )
    changed = replace(filing, emissions=emissions)
    return changed, _audit(actor, at, changed, "amend", filing.status, comment)


def step(
    actor: Actor, filing: Filing, action: Action, at: datetime, comment: str = ""
) -> tuple[Filing, AuditRecord]:
    """Take one workflow step (see :data:`TRANSITIONS`) and return the filing and its audit.

    Parameters
    ----------
    actor:
        Who acts; must have a role allowed for ``action`` and access to the enterprise (a
        verifier only for enterprises it is engaged for).
    filing:
        The filing.
    action:
        ``submit``, ``verify``, ``accept`` or ``return``.
    at:
        When (timezone-aware).
    comment:
        Required for ``return`` (what to correct); kept in ``filing.comments``.

    Raises
    ------
    WorkflowError
        When the step is not allowed from the filing's state, or a return has no comment.
    EnterpriseAccessError
        When the actor's role may not take the step, or the actor may not see the enterprise.
    """
    starts, target, roles = TRANSITIONS[action]
    if actor.role not in roles:
        raise EnterpriseAccessError(
            f"角色 {actor.role.value} 不能执行“{action}”",
            f"role {actor.role.value} may not {action} a report",
        )
    require_access(actor, filing.enterprise_id, write=action == "submit")
    if filing.status not in starts:
        raise WorkflowError(
            f"报告 {filing.filing_id} 处于“{filing.status.value}”状态，不能执行“{action}”",
            f"report {filing.filing_id} is {filing.status.value}: it cannot be {action}ed "
            f"(allowed from: {', '.join(sorted(s.value for s in starts))})",
        )
    if action == "return" and not comment.strip():
        raise WorkflowError(
            "退回报告须写明意见（需更正的内容）", "returning a report needs a comment (what to fix)"
        )
    changed = replace(
        filing,
        status=target,
        comments=(*filing.comments, f"{actor.role.value}: {comment.strip()}")
        if comment.strip()
        else filing.comments,
        submitted_at=at if action == "submit" else filing.submitted_at,
        accepted_at=at if action == "accept" else filing.accepted_at,
        verifier=actor.user_id if action == "verify" else filing.verifier,
    )
    return changed, _audit(actor, at, changed, action, filing.status, comment.strip())


def correct(
    actor: Actor, accepted: Filing, emissions: pl.DataFrame, at: datetime, reason: str
) -> tuple[Filing, AuditRecord]:
    """Start a corrected version of an accepted report (the accepted one stays as it is).

    Returns
    -------
    (Filing, AuditRecord)
        Version ``accepted.version + 1`` in ``draft``, superseding ``accepted``.

    Raises
    ------
    WorkflowError
        When ``accepted`` is not accepted (change it with :func:`amend`) or no reason is given.
    """
    require_access(actor, accepted.enterprise_id, write=True)
    if accepted.status is not FilingStatus.ACCEPTED:
        raise WorkflowError(
            "只有已审定的报告需要更正版本；未审定的报告请直接修改",
            "only accepted reports take a corrected version; change the others directly",
        )
    if not reason.strip():
        raise WorkflowError("更正须说明理由", "a correction needs a reason")
    version = accepted.version + 1
    filing = Filing(
        filing_id=f"{accepted.enterprise_id}-{accepted.year}-v{version}",
        enterprise_id=accepted.enterprise_id,
        year=accepted.year,
        version=version,
        status=FilingStatus.DRAFT,
        emissions=emissions,
        comments=(f"{actor.role.value}: {reason.strip()}",),
        supersedes=accepted.filing_id,
    )
    return filing, _audit(actor, at, filing, "correct", None, reason.strip())


@dataclass(frozen=True)
class Obligation:
    """One enterprise's filing obligation for a year, and where it stands on a day.

    Attributes
    ----------
    enterprise_id, obligation, name_zh, name_en:
        Whose, which obligation (``emission_report``, ``disclosure``) and its names.
    year:
        Reporting year (the deadline falls in the year after).
    due:
        The deadline.
    done_on:
        When it was filed (``None`` if not yet).
    status:
        ``on_time``, ``late`` (filed after the deadline), ``overdue`` (not filed, deadline
        passed), ``due_soon`` (not filed, deadline within the reminder window) or ``open``.
    days_late:
        Days after the deadline it was filed, or has been open (0 when on time or not due).
    """

    enterprise_id: str
    obligation: str
    name_zh: str
    name_en: str
    year: int
    due: date
    done_on: date | None
    status: str
    days_late: int


def obligations(
    enterprises: Iterable[Enterprise],
    year: int,
    done: Mapping[tuple[str, str], date | None],
    today: date,
    *,
    remind_days: int = 14,
    deadlines: pl.DataFrame | None = None,
) -> list[Obligation]:
    """Every enterprise's obligations for ``year`` with their status on ``today``.

    Parameters
    ----------
    enterprises:
        The registry (an obligation applies to all, to mandatory-disclosure or to ETS
        enterprises, per ``deadlines.applies_to``; none to an enterprise for a year before it
        existed, :func:`~cityclimate.enterprises.registry.existed_in`).
    year:
        Reporting year.
    done:
        When each (enterprise_id, obligation) was filed; missing or ``None``: not filed.
    today:
        The day to judge on.
    remind_days:
        How many days before a deadline an open obligation counts as ``due_soon``.
    deadlines:
        The deadlines table (default :func:`cityclimate.enterprises.rules.deadlines`: report by
        31 March, disclosure by 15 March of the following year).
    """
    table = rules.deadlines() if deadlines is None else deadlines
    out: list[Obligation] = []
    for enterprise in enterprises:
        if not existed_in(enterprise, year):
            continue  # nothing is owed for a year before the enterprise existed
        for rule in table.iter_rows(named=True):
            applies = {
                "all": True,
                "mandatory_disclosure": enterprise.mandatory_disclosure,
                "ets": enterprise.ets_controlled,
            }[rule["applies_to"]]
            if not applies:
                continue
            due = date(year + 1, rule["month"], rule["day"])
            done_on = done.get((enterprise.enterprise_id, rule["obligation"]))
            if done_on is not None:
                late = max(0, (done_on - due).days)
                status = "late" if late else "on_time"
            elif today > due:
                late, status = (today - due).days, "overdue"
            else:
                late = 0
                status = "due_soon" if due - today <= timedelta(days=remind_days) else "open"
            out.append(
                Obligation(
                    enterprise.enterprise_id,
                    rule["obligation"],
                    rule["name_zh"],
                    rule["name_en"],
                    year,
                    due,
                    done_on,
                    status,
                    late,
                )
            )
    return out


def overdue(items: Iterable[Obligation]) -> list[Obligation]:
    """The office's overdue list: not filed after the deadline, most days late first."""
    return sorted(
        (o for o in items if o.status == "overdue"), key=lambda o: (-o.days_late, o.enterprise_id)
    )


def reminders(items: Iterable[Obligation]) -> list[Obligation]:
    """Obligations to remind of: not filed, deadline within the reminder window, soonest first."""
    return sorted((o for o in items if o.status == "due_soon"), key=lambda o: o.due)
