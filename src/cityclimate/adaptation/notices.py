"""Notifying the departments responsible for a warning, and escalating what nobody acknowledged.

A territory states who answers for which warnings (:class:`Responsibility`: a hazard, the
lowest colour the department is notified of, the minutes it has to acknowledge, and whom to
escalate to). Each warning issued or upgraded becomes one :class:`Notice` per department
responsible; a notice not acknowledged by its deadline is escalated once, to the department
named (or to the climate office when none is). The rules are pure: "now" is always a parameter,
so the same stored notices give the same escalations in a test and in production.

Notices are keyed by the warning they announce (site, hazard, colour, time, action), not by the
warning's sequence number: a re-evaluation that renumbers the warnings keeps the notices and
their acknowledgements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cityclimate.adaptation.model import Action, Level, WarningEvent
from cityclimate.errors import DataValidationError, Problem, require_table
from cityclimate.text import Text

#: Columns of a responsibilities file (``escalate_to`` empty: the climate office).
COLUMNS = ("hazard", "min_level", "department", "ack_minutes", "escalate_to")
#: The actions that notify: a new or a higher colour (a downgrade or cancel is shown, not sent).
NOTIFYING = (Action.ISSUE, Action.UPGRADE)
#: ``escalate_to`` of a notice escalated to the climate office itself.
OFFICE = ""


@dataclass(frozen=True)
class Responsibility:
    """A department answers for ``hazard`` warnings of ``min_level`` and above."""

    hazard: str
    min_level: Level
    department: str
    ack_minutes: int
    escalate_to: str = OFFICE


@dataclass(frozen=True)
class Notice:
    """A warning sent to one department, due to be acknowledged by ``due``."""

    key: str
    department: str
    site: str
    hazard: str
    level: Level
    action: Action
    time: dt.datetime
    due: dt.datetime
    escalate_to: str


def warning_key(event: WarningEvent) -> str:
    """The identity of a warning across re-evaluations (UTC time, so zones never differ)."""
    time = event.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
    return f"{event.site}|{event.hazard}|{event.level.value}|{event.action.value}|{time}"


def parse_responsibilities(
    rows: Sequence[Mapping[str, object]], where: str, departments: Iterable[str]
) -> list[Responsibility]:
    """Responsibilities from table rows; every bad row is reported at once (row, column, fix).

    ``departments`` are the names a department or an escalation may take (the territory's
    plan's departments)."""
    known = set(departments)
    levels = {level.value: level for level in Level}
    problems: list[Problem] = []
    found: list[Responsibility] = []
    require_table(rows, COLUMNS, where)
    for number, row in enumerate(rows, start=1):
        cells = {c: str(row.get(c) or "").strip() for c in COLUMNS}

        def bad(
            column: str, zh: str, en: str, cells: dict[str, str] = cells, n: int = number
        ) -> None:
            problems.append(Problem(where, n, column, cells[column], message=Text(zh, en)))

        if not cells["hazard"]:
            bad(
                "hazard",
                "请填写灾种（如 rainstorm、heat）",
                "name the hazard (e.g. rainstorm, heat)",
            )
        if cells["min_level"] not in levels:
            bad("min_level", "最低颜色应为 blue、yellow、orange 或 red",
                "the lowest colour is blue, yellow, orange or red")  # fmt: skip
        if cells["department"] not in known:
            bad("department", "不是该地区规划中的部门，请先在规划中添加该部门",
                "not a department of the territory's plan; add it to the plan first")  # fmt: skip
        if cells["escalate_to"] and cells["escalate_to"] not in known:
            bad("escalate_to", "升级对象应为规划中的部门，留空表示气候办",
                "escalate to a department of the plan, or leave empty for the climate office")  # fmt: skip
        minutes = cells["ack_minutes"]
        if not (minutes.isdigit() and 1 <= int(minutes) <= 7 * 24 * 60):
            bad("ack_minutes", "确认时限为 1 至 10080 分钟的整数",
                "the time to acknowledge is a whole number of minutes, 1 to 10080")  # fmt: skip
        if not problems:
            found.append(Responsibility(cells["hazard"], levels[cells["min_level"]],
                                        cells["department"], int(minutes), cells["escalate_to"]))  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    return found


def notices_for(
    events: Sequence[WarningEvent], responsibilities: Sequence[Responsibility]
) -> list[Notice]:
    """One notice per issued or upgraded warning and department responsible for it."""
    notices: list[Notice] = []
    for event in events:
        if event.action not in NOTIFYING:
            continue
        for duty in responsibilities:
            if duty.hazard == event.hazard and event.level.rank >= duty.min_level.rank:
                due = event.time + dt.timedelta(minutes=duty.ack_minutes)
                notices.append(Notice(warning_key(event), duty.department, event.site,
                                      event.hazard, event.level, event.action, event.time, due,
                                      duty.escalate_to))  # fmt: skip
    return notices


def overdue(due: dt.datetime, acknowledged: dt.datetime | None, now: dt.datetime) -> bool:
    """A notice is escalated when ``now`` has reached its deadline and nobody acknowledged it
    before (an acknowledgement after the deadline still counts, but comes too late to stop an
    escalation already made)."""
    return acknowledged is None and now >= due
