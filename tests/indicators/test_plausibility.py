"""Plausibility bounds on entered indicator values (issue 20: a PUE of 1e308 was stored).

The oracle is the bound written out here from its sources (PUE ≥ 1 by definition; 3 is about
twice the industry average), not read from the table under test."""

from __future__ import annotations

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.indicators import load_liangjiang_indicators
from cityclimate.indicators.inputs import parse_indicator_inputs
from cityclimate.indicators.plausibility import plausible_ranges

DEFS = load_liangjiang_indicators()
IDS = {d.id for d in DEFS}


def rows(indicator: str, value: str, unit: str, kind: str = "actual") -> list[dict[str, str]]:
    return [{"indicator_id": indicator, "year": "2023", "kind": kind, "value": value, "unit": unit}]


@pytest.mark.parametrize("value", ["1e308", "3.01", "1000"])
def test_an_implausible_pue_is_refused_naming_the_bound(value: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_indicator_inputs(rows("datacentre_pue_new", value, "dimensionless"), "v.csv", DEFS)
    problem = caught.value.problems[0]
    assert (problem.where, problem.row, problem.field) == ("v.csv", 1, "value")
    assert "[1, 3]" in problem.message_en and "[1, 3]" in problem.message_zh
    assert "GB 40879-2021" in problem.message_en


@pytest.mark.parametrize("value", ["1", "1.25", "3"])
def test_a_plausible_pue_is_accepted(value: str) -> None:
    parsed = parse_indicator_inputs(rows("datacentre_pue_new", value, "dimensionless"), "v", DEFS)
    assert parsed.values[0].value == float(value)


def test_bounds_are_unit_aware() -> None:
    # 120 m²/person is refused; the same area per person given in hectares per 10^4 persons…
    # 0.012 ha/person = 120 m²/person: refused too; 0.0015 ha/person = 15 m²/person is fine.
    for value, unit in (("120", "m2/person"), ("0.012", "ha/person")):
        with pytest.raises(DataValidationError):
            parse_indicator_inputs(rows("park_green_space_per_person", value, unit), "v", DEFS)
    ok = parse_indicator_inputs(
        rows("park_green_space_per_person", "0.0015", "ha/person"), "v", DEFS
    )
    assert ok.values[0].value == pytest.approx(0.0015)


def test_a_reduction_below_minus_100_percent_is_refused() -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_indicator_inputs(rows("co2_intensity_reduction", "-250", "%"), "v", DEFS)
    assert "[-100, 100] %" in caught.value.problems[0].message_en


def test_stored_values_are_read_back_without_the_bounds() -> None:
    parsed = parse_indicator_inputs(
        rows("datacentre_pue_new", "1e308", "dimensionless"), "v", DEFS, plausible=False
    )
    assert parsed.values[0].value == 1e308


def test_every_bound_names_a_shipped_indicator_a_source_and_both_rationales() -> None:
    for bound in plausible_ranges().values():
        assert bound.indicator_id in IDS
        assert bound.low < bound.high and bound.source
        assert bound.rationale.zh and bound.rationale.en
