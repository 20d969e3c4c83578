"""Notices to departments, their deadlines and escalation; the heat-health measures a heat
warning triggers; forecasts merged after observations; census and green-space files (issue 17).
Oracles by hand from the rules stated in each module's docstring."""

from __future__ import annotations

import datetime as dt

import pytest

from cityclimate.adaptation.census import parse_census
from cityclimate.adaptation.feeds import Forecast, merged_series, parse_forecast
from cityclimate.adaptation.green import parse_green_years
from cityclimate.adaptation.heat_health import parse_plan, shipped_plan, triggered
from cityclimate.adaptation.model import Action, Level, Observation, WarningEvent
from cityclimate.adaptation.notices import (
    Responsibility,
    notices_for,
    overdue,
    parse_responsibilities,
    warning_key,
)
from cityclimate.errors import DataValidationError

CST = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2024, 7, 8, 4, tzinfo=CST)


def _event(level: Level, action: Action = Action.ISSUE, hazard: str = "rainstorm") -> WarningEvent:
    return WarningEvent(
        "S1", hazard, action, level, None, T0, f"CN:{hazard}:{level.value}", 1.0, "mm"
    )


DUTIES = [
    Responsibility("rainstorm", Level.BLUE, "应急管理部门", 60),
    Responsibility("rainstorm", Level.ORANGE, "交通管理部门", 30, "应急管理部门"),
    Responsibility("heat", Level.YELLOW, "社会发展部门", 120),
]


def test_a_warning_goes_to_every_department_from_its_colour_up() -> None:
    yellow = notices_for([_event(Level.YELLOW)], DUTIES)
    assert [n.department for n in yellow] == ["应急管理部门"]  # orange duty not reached
    orange = notices_for([_event(Level.ORANGE, Action.UPGRADE)], DUTIES)
    assert [n.department for n in orange] == ["应急管理部门", "交通管理部门"]
    assert orange[1].due == T0 + dt.timedelta(minutes=30)
    assert orange[1].escalate_to == "应急管理部门" and orange[0].escalate_to == ""


def test_downgrades_and_cancels_notify_nobody() -> None:
    events = [_event(Level.BLUE, Action.DOWNGRADE), _event(Level.RED, Action.CANCEL)]
    assert notices_for(events, DUTIES) == []


def test_the_key_is_the_same_in_any_zone_and_names_the_warning() -> None:
    utc = WarningEvent("S1", "rainstorm", Action.ISSUE, Level.RED, None,
                       T0.astimezone(dt.UTC), "x", 1.0, "mm", sequence=99)  # fmt: skip
    assert (
        warning_key(utc)
        == warning_key(_event(Level.RED))
        == ("S1|rainstorm|red|issue|2024-07-07T20:00Z")
    )


def test_escalation_at_the_deadline_exactly_not_a_minute_before() -> None:
    due = T0 + dt.timedelta(minutes=60)
    assert not overdue(due, None, due - dt.timedelta(minutes=1))
    assert overdue(due, None, due)
    assert not overdue(due, due - dt.timedelta(minutes=5), due + dt.timedelta(hours=1))


def test_responsibilities_file_errors_are_located() -> None:
    rows = [
        {"hazard": "heat", "min_level": "yellow", "department": "社会发展部门",
         "ack_minutes": "120", "escalate_to": ""},
        {"hazard": "heat", "min_level": "pink", "department": "不存在的局",
         "ack_minutes": "0", "escalate_to": "火星"},
    ]  # fmt: skip
    with pytest.raises(DataValidationError) as caught:
        parse_responsibilities(rows, "duties.csv", ["社会发展部门"])
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(2, "min_level"), (2, "department"), (2, "ack_minutes"), (2, "escalate_to")}
    good = parse_responsibilities(rows[:1], "duties.csv", ["社会发展部门"])
    assert good == [Responsibility("heat", Level.YELLOW, "社会发展部门", 120, "")]


def test_an_orange_heat_warning_keeps_the_yellow_measures_and_not_the_red() -> None:
    plan = shipped_plan()
    measures = {m.measure for m in triggered("heat", Level.ORANGE, plan)}
    # 防暑降温措施管理办法 Art. 8: 35-37 °C rotations (yellow), 37-40 °C <= 6 h (orange);
    # the >= 40 °C stop of outdoor work is red only.
    assert {"work_35", "work_37", "pregnant_35", "act_orange"} <= measures
    assert "work_40" not in measures and "emergency_red" not in measures
    assert triggered("rainstorm", Level.RED, plan) == []
    assert all(m.source and m.confidence in "HML" for m in plan)


def test_a_plan_file_with_a_bad_colour_is_refused_with_its_row() -> None:
    text = (
        "measure,hazard,level,who,who_zh,who_en,measure_zh,measure_en,confidence,source\n"
        "a,heat,yellow,employers,用人单位,employers,轮休,rotate,M,src\n"
        "b,heat,purple,employers,用人单位,employers,停工,stop,X,src\n"
    )
    with pytest.raises(DataValidationError) as caught:
        parse_plan(text, "plan.csv")
    assert {(p.row, p.field) for p in caught.value.problems} == {(2, "level"), (2, "confidence")}


def _obs(site: str, hour: int, value: float) -> Observation:
    return Observation(site, T0 + dt.timedelta(hours=hour), "precipitation", value)


def test_forecasts_count_only_after_the_last_observation_and_the_latest_issue_wins() -> None:
    observed = [_obs("S1", 0, 10.0), _obs("S1", 1, 20.0)]
    early, late = T0 - dt.timedelta(hours=6), T0 - dt.timedelta(hours=1)
    forecasts = [
        Forecast(_obs("S1", 1, 99.0), late),  # an observed hour: the observation wins
        Forecast(_obs("S1", 2, 30.0), early),
        Forecast(_obs("S1", 2, 35.0), late),  # the same hour, issued later: this one
        Forecast(_obs("S2", 0, 5.0), late),  # a site with no observation at all
    ]
    series, last = merged_series(observed, forecasts)
    values = sorted((o.site, o.time, o.value) for o in series)
    assert values == [
        ("S1", T0, 10.0),
        ("S1", T0 + dt.timedelta(hours=1), 20.0),
        ("S1", T0 + dt.timedelta(hours=2), 35.0),
        ("S2", T0, 5.0),
    ]
    assert last == {"S1": T0 + dt.timedelta(hours=1)}


def test_a_forecast_file_needs_its_issue_time() -> None:
    rows = [
        {"site": "S1", "time": "2024-07-08T06:00", "variable": "precipitation", "value": "30",
         "unit": "mm", "issued": "2024-07-08T02:00"},
        {"site": "S1", "time": "2024-07-08T07:00", "variable": "precipitation", "value": "-1",
         "unit": "mm", "issued": "soon"},
    ]  # fmt: skip
    with pytest.raises(DataValidationError) as caught:
        parse_forecast(rows, "fc.csv", timezone="Asia/Shanghai")
    assert {(p.row, p.field) for p in caught.value.problems} == {(2, "issued"), (2, "value")}
    (one,) = parse_forecast(rows[:1], "fc.csv", timezone="Asia/Shanghai")
    assert one.issued == dt.datetime(2024, 7, 8, 2, tzinfo=dt.UTC) + dt.timedelta(hours=-8)
    assert one.observation.value == 30.0


def test_census_rows_are_checked_whole() -> None:
    good = {"record_id": "C1", "hazard_type": "landslide", "name": "北坡", "sub_area": "A",
            "longitude": "106.5", "latitude": "29.6", "source": "普查"}  # fmt: skip
    rows = [good, {**good, "hazard_type": "meteor", "longitude": "190", "latitude": "x"}]
    with pytest.raises(DataValidationError) as caught:
        parse_census(rows, "census.csv")
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(2, "record_id"), (2, "hazard_type"), (2, "longitude"), (2, "latitude")}
    (record,) = parse_census([good], "census.csv")
    assert (record.longitude, record.latitude) == (106.5, 29.6)
    with pytest.raises(DataValidationError):
        parse_census([], "empty.csv")


def test_green_years_file_refuses_negative_and_fractional_counts() -> None:
    row = {"year": "2024", "built_up_km2": "100", "green_covered_km2": "45",
           "park_green_space_m2": "2000000", "population": "100000",
           "new_parks_cumulative": "12", "greenway_km_cumulative": "30.5", "source": "统计"}  # fmt: skip
    (year,) = parse_green_years([row], "green.csv")
    assert year.year == 2024 and year.greenway_km_cumulative == 30.5
    with pytest.raises(DataValidationError) as caught:
        parse_green_years([{**row, "population": "-1", "new_parks_cumulative": "1.5"}], "g.csv")
    assert {(p.row, p.field) for p in caught.value.problems} == {
        (1, "population"),
        (1, "new_parks_cumulative"),
    }
