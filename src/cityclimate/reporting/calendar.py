"""The reporting calendar: deadlines as data, their state on a day, and the iCalendar feed.

A rule says when something about reporting year ``Y`` is due: ``month``/``day`` of year
``Y + year_offset`` (the enterprise report is due 31 March of the next year, the disclosure 15
March: :func:`cityclimate.enterprises.rules.deadlines`; the office's own dates — inventory and
evaluation publication, assessment notices — are the office's to set: the defaults ship in
``reporting/data/calendar.csv`` and a territory's own are stored). An item is a rule applied to
a year, with the day it was done (if known) and its state on a given day.

The feed follows RFC 5545: CRLF line ends, lines folded at 75 octets, text escaped, all-day
events (``DTSTART;VALUE=DATE``) with a reminder (``VALARM``) a set number of days before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources

import polars as pl

from cityclimate.text import Text

#: Days before a deadline from which an open item is "due soon" (a reminder on the home page).
REMIND_DAYS = 30
AUDIENCES = ("office", "department", "enterprise", "public")


@dataclass(frozen=True)
class Rule:
    """When something about a reporting year is due, and whom it concerns."""

    kind: str
    name: Text
    audience: str
    month: int
    day: int
    year_offset: int = 1
    source: str = ""

    def due(self, year: int) -> date:
        """The deadline of reporting year ``year``.

        >>> Rule("x", Text("x", "x"), "office", 3, 31).due(2023)
        datetime.date(2024, 3, 31)
        """
        return date(year + self.year_offset, self.month, self.day)


@dataclass(frozen=True)
class Item:
    """A rule applied to a year (for one subject, e.g. an enterprise), and its state on a day:
    ``done``, ``late`` (done after the deadline), ``overdue``, ``due_soon`` or ``upcoming``."""

    kind: str
    name: Text
    audience: str
    year: int
    due: date
    subject: Text
    done_on: date | None
    state: str
    days_late: int


@cache
def default_rules() -> tuple[Rule, ...]:
    """The office's deadlines as shipped (``reporting/data/calendar.csv``)."""
    text = resources.files("cityclimate.reporting").joinpath("data/calendar.csv").read_text("utf-8")
    return tuple(rule_of(r) for r in pl.read_csv(text.encode(), infer_schema_length=0).to_dicts())


def rule_of(row: dict[str, object]) -> Rule:
    """A rule from a row (CSV or stored): ``kind, name_zh, name_en, audience, month, day,
    year_offset, source`` (ValueError if the date is impossible, e.g. 30 February)."""
    rule = Rule(
        kind=str(row["kind"]),
        name=Text(str(row["name_zh"]), str(row.get("name_en") or "")),
        audience=str(row["audience"]),
        month=int(str(row["month"])),
        day=int(str(row["day"])),
        year_offset=int(str(row.get("year_offset") or 1)),
        source=str(row.get("source") or ""),
    )
    if rule.audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}: {rule.audience}")
    rule.due(2001)  # a non-leap year: 29 February is refused too
    return rule


def state(
    due: date, done_on: date | None, today: date, remind_days: int = REMIND_DAYS
) -> tuple[str, int]:
    """The state of an item due on ``due`` and its days late, on ``today``.

    >>> d = date(2024, 3, 31)
    >>> state(d, None, date(2024, 3, 1)), state(d, None, date(2024, 4, 2))
    (('due_soon', 0), ('overdue', 2))
    >>> state(d, date(2024, 4, 5), date(2024, 5, 1)), state(d, None, date(2024, 1, 1))
    (('late', 5), ('upcoming', 0))
    """
    if done_on is not None:
        late = max(0, (done_on - due).days)
        return ("late" if late else "done"), late
    if today > due:
        return "overdue", (today - due).days
    if (due - today).days <= remind_days:
        return "due_soon", 0
    return "upcoming", 0


def item(rule: Rule, year: int, subject: Text, done_on: date | None, today: date) -> Item:
    """``rule`` for reporting year ``year`` and ``subject``, judged on ``today``."""
    due = rule.due(year)
    now, late = state(due, done_on, today)
    return Item(rule.kind, rule.name, rule.audience, year, due, subject, done_on, now, late)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets (RFC 5545 s.3.1), never inside a
    UTF-8 character; continuation lines start with a space."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def ical(
    items: Sequence[Item],
    *,
    calendar_name: str,
    lang: str | None,
    stamp: datetime,
    uid_domain: str = "cityclimate",
    remind_days: int = 14,
) -> str:
    """The items as an iCalendar feed (``text/calendar``): one all-day event per item.

    Examples
    --------
    >>> rule = Rule("disclosure", Text("信息披露", "disclosure"), "enterprise", 3, 15)
    >>> one = item(rule, 2023, Text("甲公司", "A Co."), None, date(2024, 1, 1))
    >>> feed = ical([one], calendar_name="t", lang="zh", stamp=datetime(2024, 1, 1))
    >>> "DTSTART;VALUE=DATE:20240315" in feed and feed.endswith("END:VCALENDAR\\r\\n")
    True
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cityclimate//reporting calendar//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(calendar_name)}",
    ]
    when = stamp.strftime("%Y%m%dT%H%M%SZ")
    for it in items:
        subject = it.subject.pick(lang)
        summary = it.name.pick(lang) + (f"（{subject}）" if subject else "")
        key = hashlib.sha1(f"{it.kind}|{it.year}|{it.subject.zh}".encode()).hexdigest()[:16]
        uid = f"{it.kind}-{it.year}-{key}@{uid_domain}"  # stable: a calendar updates, never duplicates
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{when}",
            f"DTSTART;VALUE=DATE:{it.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(it.due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(f'{it.year} · {it.name.pick(lang)}')}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(summary)}",
            f"TRIGGER:-P{remind_days}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def sort_items(items: Iterable[Item]) -> list[Item]:
    """Overdue first (most late first), then by deadline."""
    order = {"overdue": 0, "due_soon": 1, "upcoming": 2, "late": 3, "done": 4}
    return sorted(items, key=lambda i: (order[i.state], -i.days_late, i.due, i.kind))
