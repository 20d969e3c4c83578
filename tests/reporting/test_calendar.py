"""The reporting calendar's rules (deadlines as data), states on a day, and the iCalendar feed
(RFC 5545: CRLF, lines of at most 75 octets, escaped text), with hand-worked oracles."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cityclimate.reporting.calendar import Rule, default_rules, ical, item, rule_of, state
from cityclimate.text import Text

DUE = date(2024, 3, 31)


@pytest.mark.parametrize(
    ("done", "today", "expected"),
    [
        (None, date(2024, 1, 1), ("upcoming", 0)),  # 90 days before: no reminder yet
        (None, date(2024, 3, 1), ("due_soon", 0)),  # 30 days before: remind
        (None, date(2024, 3, 31), ("due_soon", 0)),  # the day itself is not late
        (None, date(2024, 4, 1), ("overdue", 1)),
        (date(2024, 3, 30), date(2024, 6, 1), ("done", 0)),
        (date(2024, 4, 10), date(2024, 6, 1), ("late", 10)),
    ],
)
def test_state_on_a_day(done: date | None, today: date, expected: tuple[str, int]) -> None:
    assert state(DUE, done, today) == expected


def test_rules_are_data_and_impossible_dates_are_refused() -> None:
    kinds = {r.kind: r for r in default_rules()}
    assert kinds["inventory_publication"].due(2023) == date(2024, 6, 30)
    assert kinds["evaluation_publication"].due(2023) == date(2024, 3, 31)
    row = {"kind": "x", "name_zh": "某事", "audience": "office", "month": 2, "day": 29}
    with pytest.raises(ValueError):
        rule_of(row)  # not every year has a 29 February
    with pytest.raises(ValueError):
        rule_of({**row, "day": 28, "audience": "everyone"})


def test_ical_feed_is_rfc5545() -> None:
    rule = Rule(
        "disclosure", Text("环境信息依法披露;重点企业,年度" * 4, "disclosure"), "enterprise", 3, 15
    )
    one = item(rule, 2023, Text("甲公司", "A Co."), None, date(2024, 1, 1))
    feed = ical([one, one], calendar_name="两江", lang="zh", stamp=datetime(2024, 1, 2, 3, 4, 5))
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    lines = feed.split("\r\n")
    assert lines[-1] == "" and "\n" not in feed.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "DTSTART;VALUE=DATE:20240315" in lines and "DTEND;VALUE=DATE:20240316" in lines
    assert "DTSTAMP:20240102T030405Z" in lines
    unfolded = feed.replace("\r\n ", "")
    assert "SUMMARY:" + "环境信息依法披露\\;重点企业\\,年度" * 4 + "（甲公司）" in unfolded
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == 2 and uids[0] == uids[1]  # the same item keeps its UID (no duplicates)
