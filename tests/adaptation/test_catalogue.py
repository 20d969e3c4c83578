"""The warning-signal catalogue: dated data, sources, overrides, located errors."""

from __future__ import annotations

import datetime as dt

import pytest

from cityclimate.adaptation import Level, parse_catalogue, rules_in_force, shipped_catalogue
from cityclimate.adaptation.catalogue import chain, shipped_jurisdictions, shipped_text
from cityclimate.errors import DataValidationError

HEADER = shipped_text("warning_signals.csv").splitlines()[0]


def test_the_national_rules_are_the_cma_thresholds():
    rules = {
        (r.hazard, r.level): r
        for r in rules_in_force(shipped_catalogue(), ("CN",), dt.date(2024, 7, 1))
    }
    assert {(k, r.threshold, r.window_hours, r.days) for k, r in rules.items()} == {
        (("rainstorm", Level.BLUE), 50, 12, 0),
        (("rainstorm", Level.YELLOW), 50, 6, 0),
        (("rainstorm", Level.ORANGE), 50, 3, 0),
        (("rainstorm", Level.RED), 100, 3, 0),
        (("heat", Level.YELLOW), 35, 0, 3),
        (("heat", Level.ORANGE), 37, 24, 0),
        (("heat", Level.RED), 40, 24, 0),
    }


def test_every_row_states_a_source_and_unconfirmed_rows_are_marked():
    catalogue = shipped_catalogue()
    assert all(r.source for r in catalogue)
    chongqing = [r for r in catalogue if r.jurisdiction == "CN-CQ"]
    assert chongqing and all(not r.confirmed and "[U]" in r.source for r in chongqing)


def test_chongqing_takes_its_rows_and_the_national_rest():
    codes = chain("CN-CQ", shipped_jurisdictions())
    assert codes == ("CN-CQ", "CN")
    rules = rules_in_force(shipped_catalogue(), codes, dt.date(2024, 7, 1))
    by_key = {(r.hazard, r.level): r.jurisdiction for r in rules}
    assert by_key[("rainstorm", Level.BLUE)] == "CN-CQ"
    assert by_key[("rainstorm", Level.YELLOW)] == "CN"
    assert len(rules) == 7


def test_rules_are_dated():
    assert rules_in_force(shipped_catalogue(), ("CN",), dt.date(2007, 6, 10)) == ()
    ended = (
        HEADER
        + "\nCN,heat,高温,heat,red,air_temperature,max,24,0,40,degC,a,b,2010-01-01,2019-12-31,yes,s"
    )
    rules = parse_catalogue(ended)
    assert len(rules_in_force(rules, ("CN",), dt.date(2019, 12, 31))) == 1
    assert rules_in_force(rules, ("CN",), dt.date(2020, 1, 1)) == ()


def test_bad_rows_are_all_named_with_row_and_field():
    bad = (
        HEADER
        + "\nCN,heat,高温,heat,purple,air_temperature,max,24,0,40,degC,a,b,2010-01-01,,yes,s"
        + "\nCN,heat,高温,heat,red,air_temperature,max,0,0,40,K,a,b,2010-13-01,,maybe,"
    )
    with pytest.raises(DataValidationError) as caught:
        parse_catalogue(bad, "signals.csv")
    found = {(p.where, p.row, p.field) for p in caught.value.problems}
    assert found == {
        ("signals.csv", 1, "level"),
        ("signals.csv", 2, "unit"),
        ("signals.csv", 2, "window_hours"),
        ("signals.csv", 2, "confirmed"),
        ("signals.csv", 2, "source"),
        ("signals.csv", 2, "valid_from"),
    }
    assert all(p.message.zh and p.message.en for p in caught.value.problems)


def test_a_missing_column_is_named():
    with pytest.raises(DataValidationError) as caught:
        parse_catalogue("jurisdiction,hazard\nCN,heat\n")
    assert caught.value.problems[0].field == "hazard_zh"
