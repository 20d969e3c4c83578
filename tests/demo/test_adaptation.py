"""The adaptation demo: the simulated summer raises the warnings its storms and heat wave were
made for; its zones and green years agree with the indicator demo's series; shapes are
schematic and say so."""

from __future__ import annotations

import datetime as dt

from cityclimate.adaptation import Action, Level, evaluate, shipped_catalogue
from cityclimate.adaptation.feeds import parse_feed
from cityclimate.adaptation.sponge import evaluate_zones, share_meeting
from cityclimate.demo import adaptation as demo
from cityclimate.demo.indicators import liangjiang_series

CST = dt.timezone(dt.timedelta(hours=8))


def events():
    observations = parse_feed(demo.summer_feed_rows(), "demo", timezone=demo.TIMEZONE)
    return evaluate(observations, shipped_catalogue(), ("CN-CQ", "CN"), timezone=demo.TIMEZONE)


def test_the_storms_raise_the_colours_they_were_made_for():
    rain = [(e.site, e.time, e.action, e.level) for e in events() if e.hazard == "rainstorm"]
    # 5 mm/h from 20:00 on 18 June: the 10th hour (05:00) brings 50 mm in 12 h → blue.
    assert rain[0] == ("S-YL", dt.datetime(2024, 6, 19, 5, tzinfo=CST), Action.ISSUE, Level.BLUE)
    # 10, 30, 40, 35 mm from 02:00 on 8 July: 80 mm in 3 h at 04:00 (orange), 105 at 05:00 (red).
    assert ("S-JBZ", dt.datetime(2024, 7, 8, 4, tzinfo=CST), Action.ISSUE, Level.ORANGE) in rain
    assert ("S-JBZ", dt.datetime(2024, 7, 8, 5, tzinfo=CST), Action.UPGRADE, Level.RED) in rain
    # 8, 9, 9, 9, 8, 9 mm from 01:00 on 12 August: 52 mm in 6 h at 06:00 → yellow.
    assert ("G-ST-01", dt.datetime(2024, 8, 12, 6, tzinfo=CST), Action.ISSUE, Level.YELLOW) in rain


def test_the_heat_wave_raises_yellow_orange_and_red_then_all_is_cancelled():
    heat = [e for e in events() if e.hazard == "heat"]
    raised = {(e.site, e.level) for e in heat if e.action in (Action.ISSUE, Action.UPGRADE)}
    # Daily maxima 35.2, 35.8, 36.4 (21-23 July): yellow; 37.6 on the 24th: orange; 40.3 on
    # the 26th: red at S-YL (offset 0) and S-JBZ (+0.4), not at G-ST-01 (-0.6 → 39.7).
    assert ("S-YL", Level.RED) in raised and ("S-JBZ", Level.RED) in raised
    assert ("G-ST-01", Level.RED) not in raised and ("G-ST-01", Level.ORANGE) in raised
    last = {e.site: e.action for e in heat}
    assert set(last.values()) == {Action.CANCEL}


def test_zones_and_green_years_agree_with_the_indicator_series():
    series = liangjiang_series()
    for year in (2021, 2022, 2023):
        zones, evaluations = demo.zone_tables(year)
        meeting, total, _ = share_meeting(evaluate_zones(zones, evaluations))
        assert total == series["built_up_area"].values[year]
        assert meeting == series["sponge_city_area"].values[year]


def test_shapes_are_schematic_rectangles():
    shapes = demo.schematic_shapes()
    assert len(shapes["sub_area"]["features"]) == 9
    assert len(shapes["drainage_zone"]["features"]) == 6
    assert "SCHEMATIC" in demo.SCHEMATIC
