"""Warnings raised by feeds, against hand-worked oracles (threshold edges and windows).

Every expected event below was worked out by hand from the CMA rules (rain: blue 50 mm in
12 h, yellow 50 mm in 6 h, orange 50 mm in 3 h, red 100 mm in 3 h; heat: yellow 35 °C on 3
consecutive days, orange 37 °C within 24 h, red 40 °C within 24 h) and the window convention
(t − W, t].
"""

from __future__ import annotations

import datetime as dt

import pytest

from cityclimate.adaptation import (
    Action,
    Level,
    Observation,
    active_warnings,
    evaluate,
    parse_catalogue,
    shipped_catalogue,
)
from cityclimate.adaptation.catalogue import shipped_text

CST = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2024, 7, 1, 0, tzinfo=CST)
CHAIN = ("CN-CQ", "CN")


def hourly(values: list[float], site: str = "S1", variable: str = "precipitation"):
    return [
        Observation(site, START + dt.timedelta(hours=h), variable, v) for h, v in enumerate(values)
    ]


def summary(events):
    return [(e.time.hour + 24 * (e.time.day - 1), e.action, e.level, e.value) for e in events]


def test_rain_exactly_50mm_in_3h_is_orange_then_steps_down_as_windows_pass():
    # 10 mm at 01:00, 20 at 02:00, 20 at 03:00, then dry.
    rain = [0, 10, 20, 20] + [0] * 16
    events = evaluate(hourly(rain), shipped_catalogue(), CHAIN)
    assert summary(events) == [
        (3, Action.ISSUE, Level.ORANGE, 50.0),  # (00,03] = 50 mm: orange (at the edge)
        (4, Action.DOWNGRADE, Level.YELLOW, 50.0),  # (01,04] = 40 mm, 6 h (22,04] = 50 mm
        (7, Action.DOWNGRADE, Level.BLUE, 50.0),  # (01,07] = 40 mm, 12 h still 50 mm
        (13, Action.CANCEL, Level.BLUE, 40.0),  # 12 h (01,13] leaves the 10 mm of 01:00 out
    ]
    assert active_warnings(events) == []


def test_just_below_the_edge_raises_nothing():
    rain = [0, 10, 20, 19.9] + [0] * 16
    events = evaluate(hourly(rain), shipped_catalogue(), CHAIN)
    # 49.9 mm in 3, 6 and 12 h: no rule is met.
    assert events == []


def test_12h_window_collects_slow_rain_into_blue_only():
    # 5 mm every hour for 10 h: 50 mm in 10 h (blue); never 50 in 6 h (30) or 3 h (15).
    rain = [5.0] * 10 + [0] * 4
    events = evaluate(hourly(rain), shipped_catalogue(), CHAIN)
    # At 12:00 the window (00,12] drops the 5 mm of 00:00: 45 mm, cancelled.
    assert summary(events) == [
        (9, Action.ISSUE, Level.BLUE, 50.0),
        (12, Action.CANCEL, Level.BLUE, 45.0),
    ]
    assert active_warnings(events[:1]) == events[:1]


def test_observation_exactly_one_window_old_is_outside():
    # 50 mm at 00:00 and 0 after: the 12 h window at 12:00 is (00,12], so blue ends at 12:00.
    rain = [50.0] + [0] * 13
    events = evaluate(hourly(rain), shipped_catalogue(), CHAIN)
    assert summary(events) == [
        (0, Action.ISSUE, Level.ORANGE, 50.0),
        (3, Action.DOWNGRADE, Level.YELLOW, 50.0),
        (6, Action.DOWNGRADE, Level.BLUE, 50.0),
        (12, Action.CANCEL, Level.BLUE, 0.0),
    ]


def test_upgrade_to_red_at_100mm_in_3h():
    rain = [0, 30, 30, 39.9, 0.1, 0]
    events = evaluate(hourly(rain), shipped_catalogue(), CHAIN)
    # 02:00: 60 in 3 h → orange; 03:00: 99.9 → still orange; 04:00: (01,04] = 70 → orange;
    # red needs 100 in 3 h: (00,03] = 99.9 misses by 0.1 mm, so no red at all.
    # 05:00: (02,05] = 40 mm, but 6 h (23,05] = 100 mm → yellow.
    assert [(e.time.hour, e.action, e.level) for e in events] == [
        (2, Action.ISSUE, Level.ORANGE),
        (5, Action.DOWNGRADE, Level.YELLOW),
    ]
    rain = [0, 30, 30, 40, 0, 0]
    events = evaluate(hourly(rain), shipped_catalogue(), CHAIN)
    assert [(e.time.hour, e.action, e.level) for e in events] == [
        (2, Action.ISSUE, Level.ORANGE),  # 60 mm in 3 h
        (3, Action.UPGRADE, Level.RED),  # 100 mm in 3 h, exactly at the edge
        (4, Action.DOWNGRADE, Level.ORANGE),  # (01,04] = 70
        (5, Action.DOWNGRADE, Level.YELLOW),  # (02,05] = 40; 6 h = 100
    ]


def test_sites_are_evaluated_separately():
    rain = [0, 10, 20, 20]
    feed = hourly(rain, "S1") + hourly([0, 10, 20, 10], "S2")
    events = evaluate(feed, shipped_catalogue(), CHAIN)
    assert {e.site for e in events} == {"S1"}


def daily_peaks(peaks: list[float]):
    """Hourly temperatures: 28 °C except a peak at 14:00 local each day."""
    return [
        Observation(
            "S1", START + dt.timedelta(days=d, hours=h), "air_temperature", peak if h == 14 else 28
        )
        for d, peak in enumerate(peaks)
        for h in range(24)
    ]


def at(day: int, hour: int) -> dt.datetime:
    return START + dt.timedelta(days=day, hours=hour)


def test_heat_yellow_on_the_third_day_at_35_and_stands_through_the_next_day():
    events = evaluate(daily_peaks([35, 35, 35, 30, 30]), shipped_catalogue(), CHAIN)
    assert [(e.time, e.action, e.level) for e in events] == [
        (at(2, 14), Action.ISSUE, Level.YELLOW),  # third day reaches 35 °C at 14:00
        (at(4, 0), Action.CANCEL, Level.YELLOW),  # day 4 (30 °C) ended the run
    ]


def test_heat_below_35_on_one_day_breaks_the_run():
    assert evaluate(daily_peaks([35, 34.9, 35, 35]), shipped_catalogue(), CHAIN) == []


def test_heat_orange_and_red_within_24h():
    events = evaluate(daily_peaks([36.9, 37, 40, 33, 30]), shipped_catalogue(), CHAIN)
    assert [(e.time, e.action, e.level) for e in events] == [
        (at(1, 14), Action.ISSUE, Level.ORANGE),  # 37 °C within 24 h (36.9 is not)
        (at(2, 14), Action.UPGRADE, Level.RED),  # 40 °C
        # At day 3 14:00 the 40 °C of day 2 14:00 is exactly 24 h old: outside (t-24h, t];
        # days 0-2 (36.9, 37, 40) were three days at 35 °C or more: yellow through day 3.
        (at(3, 14), Action.DOWNGRADE, Level.YELLOW),
        (at(4, 0), Action.CANCEL, Level.YELLOW),  # days 1-3 include 33 °C: the run is over
    ]


def test_a_local_override_replaces_the_national_rule_from_its_date():
    override = (
        "CN-CQ,rainstorm,暴雨,rainstorm,blue,precipitation,sum,6,0,30,mm,6小时30毫米,"
        "30 mm in 6 h,2024-07-02,,no,test override\n"
    )
    catalogue = parse_catalogue(shipped_text("warning_signals.csv") + override)
    rain = [0, 10, 10, 10] + [0] * 20 + [0, 10, 10, 10] + [0] * 4
    events = evaluate(hourly(rain), catalogue, CHAIN)
    # Day 1: 30 mm meets no rule (the override starts on 2 July).
    # Day 2: 30 mm in 6 h meets the Chongqing override: blue from 03:00 to 06:00.
    assert [(e.time, e.action, e.rule_id) for e in events] == [
        (at(1, 3), Action.ISSUE, "CN-CQ:rainstorm:blue"),
        (at(1, 7), Action.CANCEL, "CN-CQ:rainstorm:blue"),
    ]
    # National jurisdiction alone: nothing.
    assert evaluate(hourly(rain), catalogue, ("CN",)) == []


def test_events_are_numbered_in_time_order():
    events = evaluate(hourly([0, 10, 20, 20] + [0] * 16), shipped_catalogue(), CHAIN)
    assert [e.sequence for e in events] == [1, 2, 3, 4]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_local_days_follow_the_feed_time_zone(zone):
    # Peaks at 14:00 +08:00 = 06:00 UTC: the same calendar days in both zones.
    events = evaluate(daily_peaks([35, 35, 35]), shipped_catalogue(), CHAIN, timezone=zone)
    assert [e.action for e in events] == [Action.ISSUE]
