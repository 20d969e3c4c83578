"""CAP 1.2 export: valid against the OASIS schema, chains, and an exact round trip."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from cityclimate.adaptation import Observation, evaluate, shipped_catalogue
from cityclimate.adaptation.cap import alerts_from_events, events_from_alerts
from cityclimate.errors import DataValidationError
from cityclimate.io.cap import (
    alert_from_xml,
    alert_to_xml,
    alerts_from_xml,
    alerts_to_xml,
    validate,
)
from cityclimate.text import Text

CST = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2024, 7, 1, 0, tzinfo=CST)


def events():
    rain = [0, 10, 20, 20] + [0] * 16
    feed = [
        Observation("S1", START + dt.timedelta(hours=h), "precipitation", v)
        for h, v in enumerate(rain)
    ]
    return evaluate(feed, shipped_catalogue(), ("CN-CQ", "CN"))


def alerts():
    return alerts_from_events(
        events(),
        sender="warnings.example.cn",
        sender_name=Text("示例气象台", "Example observatory"),
        region_code="500112",
        area_names={"S1": "礼嘉站"},
        status="Exercise",
        note="示例数据 ILLUSTRATIVE",
    )


def test_every_exported_alert_validates_against_the_cap_schema():
    for alert in alerts():
        validate(alert_to_xml(alert))  # raises on any schema error


def test_update_and_cancel_chains_reference_the_previous_alert():
    made = alerts()
    assert [a.msg_type for a in made] == ["Alert", "Update", "Update", "Cancel"]
    assert made[0].references == ()
    for before, after in itertools.pairwise(made):
        sent = before.sent.isoformat()
        assert after.references == (f"warnings.example.cn,{before.identifier},{sent}",)
    # GB/T 35965.1 form: 6-digit region code, 8 more digits, _YYYYMMDDhhmmss_N
    assert made[0].identifier == "50011200000000_20240701030000_1"
    assert [i.severity for i in made[0].infos] == ["Severe", "Severe"]  # orange
    assert made[0].infos[0].areas[0].geocodes == (("GB/T 2260", "500112"),)


def test_export_reimports_unchanged():
    made = alerts()
    text = alerts_to_xml(made)
    back = alerts_from_xml(text)
    assert back == made
    assert alerts_to_xml(back) == text  # byte for byte
    assert events_from_alerts(back) == events()


def test_sent_has_a_numeric_offset_and_no_fraction():
    xml = alert_to_xml(alerts()[0])
    assert "<sent>2024-07-01T03:00:00+08:00</sent>" in xml
    assert 'xmlns="urn:oasis:names:tc:emergency:cap:1.2"' in xml


def test_an_invalid_alert_is_refused_with_the_element_named():
    xml = alert_to_xml(alerts()[0]).replace(
        "<severity>Severe</severity>", "<severity>Bad</severity>", 1
    )
    with pytest.raises(DataValidationError) as caught:
        alert_from_xml(xml, "upload.xml")
    problem = caught.value.problems[0]
    assert problem.where == "upload.xml"
    assert "severity" in (problem.field or "")


def test_entities_are_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xx">]>'
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&x;</alert>'
    )
    with pytest.raises(DataValidationError) as caught:
        alert_from_xml(bomb)
    assert caught.value.problems[0].field == "DTD"


def test_not_xml_is_refused():
    with pytest.raises(DataValidationError) as caught:
        alert_from_xml("<alert")
    assert caught.value.problems[0].field == "xml"
