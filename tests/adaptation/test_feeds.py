"""Feeds from CSV and JSON files, with time zones; located errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cityclimate.adaptation import Level, evaluate, shipped_catalogue
from cityclimate.adaptation.feeds import parse_feed
from cityclimate.errors import DataValidationError
from cityclimate.io.adaptation_feeds import read_feed

CSV = """site,site_kind,time,variable,value,unit
S1,station,2024-07-01T01:00,precipitation,1,cm
S1,station,2024-07-01T02:00,precipitation,20,mm
S1,station,2024-07-01T03:00,precipitation,20,mm
G7,grid_cell,2024-06-30T19:00:00+00:00,air_temperature,313.15,K
"""


def test_csv_feed_in_the_stated_zone_raises_orange_rain():
    rows, zone = read_feed("feed.csv", CSV.encode("utf-8-sig"))
    assert zone is None
    observations = parse_feed(rows, "feed.csv", timezone="Asia/Shanghai")
    assert observations[0].value == 10.0  # 1 cm
    assert observations[3].value == pytest.approx(40.0)  # 313.15 K
    assert observations[0].time == dt.datetime(2024, 6, 30, 17, tzinfo=dt.UTC)
    events = evaluate(observations, shipped_catalogue(), ("CN",))
    by_site = {e.site: e.level for e in events}
    assert by_site == {"S1": Level.ORANGE, "G7": Level.RED}


def test_gbk_csv_is_read():
    rows, _ = read_feed("feed.csv", CSV.replace("S1", "礼嘉").encode("gbk"))
    assert rows[0]["site"] == "礼嘉"


def test_json_feed_states_its_zone():
    data = {
        "timezone": "UTC",
        "observations": [
            {
                "site": "S1",
                "time": "2024-07-01T00:00",
                "variable": "precipitation",
                "value": 50,
                "unit": "mm",
            }
        ],
    }
    rows, zone = read_feed("feed.json", json.dumps(data).encode())
    assert zone == "UTC"
    observations = parse_feed(rows, "feed.json", timezone=zone)
    assert observations[0].time == dt.datetime(2024, 7, 1, tzinfo=dt.UTC)


def test_every_bad_row_is_named():
    text = """site,time,variable,value,unit
S1,2024-07-01T01:00,precipitation,-1,mm
S1,yesterday,precipitation,1,mm
S1,2024-07-01T02:00,snow,1,mm
S1,2024-07-01T02:00,air_temperature,30,F
S1,2024-07-01T03:00,precipitation,1,mm
S1,2024-07-01T03:00,precipitation,2,mm
"""
    rows, _ = read_feed("bad.csv", text.encode())
    with pytest.raises(DataValidationError) as caught:
        parse_feed(rows, "bad.csv", timezone="Asia/Shanghai")
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (1, "value"),
        (2, "time"),
        (3, "variable"),
        (4, "unit"),
        (6, "time"),
    ]
    assert all(p.where == "bad.csv" for p in caught.value.problems)


def test_a_time_without_offset_needs_a_zone():
    rows, _ = read_feed(
        "f.csv", b"site,time,variable,value,unit\nS1,2024-07-01T01:00,precipitation,1,mm\n"
    )
    with pytest.raises(DataValidationError) as caught:
        parse_feed(rows, "f.csv")
    assert caught.value.problems[0].field == "time"
    with pytest.raises(DataValidationError) as caught:
        parse_feed(rows, "f.csv", timezone="Mars/Olympus")
    assert caught.value.problems[0].field == "timezone"


def test_missing_columns_and_bad_json_are_named():
    rows, _ = read_feed("f.csv", b"site,time\nS1,2024-07-01T01:00\n")
    with pytest.raises(DataValidationError) as caught:
        parse_feed(rows, "f.csv", timezone="UTC")
    assert caught.value.problems[0].field == "variable"
    with pytest.raises(DataValidationError):
        read_feed("f.json", b'{"observations": 3}')
    with pytest.raises(DataValidationError):
        read_feed("f.json", b'{"observations": [')


def test_a_json_row_missing_fields_is_located_not_a_crash():
    rows = [
        {
            "site": "S1",
            "time": "2024-07-01T00:00",
            "variable": "precipitation",
            "value": 1,
            "unit": "mm",
        },
        {"time": "2024-07-01T01:00", "variable": "precipitation", "value": 1, "unit": "mm"},
    ]
    with pytest.raises(DataValidationError) as caught:
        parse_feed(rows, "f.json", timezone="UTC")
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "site")]
