"""Evaluate observation feeds against the warning-signal rules over rolling windows.

At every observation time *t* of a site, each rule reduces the site's observations of its
variable to one number:

- ``sum`` over the trailing window (t − W, t] (rain in 3, 6, 12 h): an observation stamped
  exactly W hours before *t* is outside the window, one stamped at *t* inside;
- ``max`` over the same trailing window (highest temperature within 24 h);
- ``consecutive_days_max``: the maxima of the last ``days`` local calendar days (the feed's
  time zone) are all at or above the threshold, counting today's maximum so far, or the
  ``days`` days ending yesterday (a heat warning stands through the day after the run).

A rule is met when that number is **at or above** its threshold. The site's level for a
hazard at *t* is the highest colour whose rule (the one in force that local day, see
:func:`cityclimate.adaptation.catalogue.rules_in_force`) is met. Each change of level is an
event: none → colour is an issue, a higher colour an upgrade, a lower colour a downgrade,
colour → none a cancel. Missing hours count as no rain (a gap in a feed cannot raise a
warning); sources: CMA signal annex (see the catalogue's ``source`` column).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from zoneinfo import ZoneInfo

import polars as pl

from cityclimate.adaptation.catalogue import rules_in_force
from cityclimate.adaptation.model import (
    Action,
    Aggregation,
    Level,
    Observation,
    SignalRule,
    WarningEvent,
)


def observations_frame(observations: Sequence[Observation]) -> pl.DataFrame:
    """Observations as a frame (site, time in UTC, variable, value), sorted."""
    return pl.DataFrame(
        {
            "site": [o.site for o in observations],
            "time": [o.time.astimezone(dt.UTC) for o in observations],
            "variable": [o.variable for o in observations],
            "value": [float(o.value) for o in observations],
        },
        schema={
            "site": pl.String,
            "time": pl.Datetime("us", "UTC"),
            "variable": pl.String,
            "value": pl.Float64,
        },
    ).sort("site", "variable", "time")


def _rolling(frame: pl.DataFrame, rule: SignalRule) -> list[float]:
    window = f"{rule.window_hours}h"
    column = pl.col("value")
    expr = (
        column.rolling_sum_by("time", window, closed="right")
        if rule.aggregation is Aggregation.SUM
        else column.rolling_max_by("time", window, closed="right")
    )
    return [float(v) for v in frame.select(expr.alias("agg"))["agg"]]


def _consecutive_days(
    times: Sequence[dt.datetime], values: Sequence[float], rule: SignalRule, zone: ZoneInfo
) -> list[float]:
    """For each time, the lowest daily maximum of the qualifying run of ``rule.days`` days
    (today so far and the days before, or the days ending yesterday), or −inf if a day
    of the run has no observation."""
    days = [t.astimezone(zone).date() for t in times]
    full_max: dict[dt.date, float] = {}
    for day, value in zip(days, values, strict=True):
        full_max[day] = max(full_max.get(day, float("-inf")), value)
    out: list[float] = []
    today_so_far = float("-inf")
    current: dt.date | None = None
    for day, value in zip(days, values, strict=True):
        if day != current:
            current, today_so_far = day, float("-inf")
        today_so_far = max(today_so_far, value)
        before = [
            full_max.get(day - dt.timedelta(days=k), float("-inf")) for k in range(1, rule.days)
        ]
        ending_today = min([today_so_far, *before])
        ending_yesterday = min(
            [*before, full_max.get(day - dt.timedelta(days=rule.days), float("-inf"))]
        )
        # Today counts only once it reaches the threshold; until then yesterday's run stands.
        out.append(ending_today if ending_today >= rule.threshold else ending_yesterday)
    return out


def _action(previous: Level | None, level: Level | None) -> Action:
    if previous is None:
        return Action.ISSUE
    if level is None:
        return Action.CANCEL
    return Action.UPGRADE if level.rank > previous.rank else Action.DOWNGRADE


def evaluate(
    observations: Sequence[Observation],
    catalogue: Sequence[SignalRule],
    jurisdictions: Sequence[str],
    *,
    timezone: str = "Asia/Shanghai",
) -> list[WarningEvent]:
    """Warnings raised by a feed: issue, upgrade, downgrade and cancel events, in time order.

    Parameters
    ----------
    observations:
        The feed (any order; several sites and variables).
    catalogue:
        Warning-signal rules (:func:`~cityclimate.adaptation.catalogue.shipped_catalogue`).
    jurisdictions:
        The jurisdiction and its parents, most specific first (``("CN-CQ", "CN")``).
    timezone:
        IANA zone whose calendar days the consecutive-days rules count (the feed's zone).

    Returns
    -------
    list of WarningEvent
        Sorted by time, site and hazard; ``sequence`` numbers them from 1.
    """
    zone = ZoneInfo(timezone)
    frame = observations_frame(observations)
    candidates = [r for r in catalogue if r.jurisdiction in jurisdictions]
    # Per site and hazard: time → {level: (met, value)} of every candidate rule.
    outcome: dict[tuple[str, str], dict[dt.datetime, dict[str, float]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for (site, variable), group in frame.group_by("site", "variable", maintain_order=True):
        times: list[dt.datetime] = group["time"].to_list()
        values = [float(v) for v in group["value"]]
        for rule in candidates:
            if rule.variable != variable:
                continue
            aggregates = (
                _consecutive_days(times, values, rule, zone)
                if rule.aggregation is Aggregation.CONSECUTIVE_DAYS_MAX
                else _rolling(group, rule)
            )
            by_time = outcome[(str(site), rule.hazard)]
            for time, aggregate in zip(times, aggregates, strict=True):
                by_time[time][rule.rule_id] = aggregate
    in_force: dict[dt.date, tuple[SignalRule, ...]] = {}
    events: list[WarningEvent] = []
    for (site, hazard), by_time in sorted(outcome.items()):
        state: SignalRule | None = None
        for time in sorted(by_time):
            day = time.astimezone(zone).date()
            if day not in in_force:
                in_force[day] = rules_in_force(catalogue, jurisdictions, day)
            met_by_rule = by_time[time]
            met = [
                rule
                for rule in in_force[day]
                if rule.hazard == hazard
                and met_by_rule.get(rule.rule_id, float("-inf")) >= rule.threshold
            ]
            top = max(met, key=lambda r: r.level.rank, default=None)
            if (top is None) == (state is None) and (
                top is None or state is None or top.level is state.level
            ):
                continue
            reported = top if top is not None else state
            assert reported is not None
            events.append(
                WarningEvent(
                    site=site,
                    hazard=hazard,
                    action=_action(state.level if state else None, top.level if top else None),
                    level=reported.level,
                    previous=state.level if state else None,
                    time=time.astimezone(zone),
                    rule_id=reported.rule_id,
                    value=met_by_rule.get(reported.rule_id, float("nan")),
                    unit=reported.unit,
                    hazard_name=reported.hazard_name,
                    criterion=reported.criterion,
                )
            )
            state = top
    events.sort(key=lambda e: (e.time, e.site, e.hazard))
    return [replace(e, sequence=number) for number, e in enumerate(events, start=1)]


def active_warnings(events: Sequence[WarningEvent]) -> list[WarningEvent]:
    """The warnings standing after the last event of each site and hazard."""
    last: dict[tuple[str, str], WarningEvent] = {}
    for event in events:
        last[(event.site, event.hazard)] = event
    return [e for e in last.values() if e.active]
