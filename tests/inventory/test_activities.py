"""Tests of activity checks: errors that help (issue 13).

An unknown or misspelt fuel is one "unknown fuel" problem naming the closest known names, not
a missing factor per gas; Chinese fuel names and common unit spellings are accepted; one pass
lists every mistake (row rules, units and dimensions, factor availability) at once, located by
the row numbers and file name the caller passes.
"""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError, MissingFactorError
from cityclimate.inventory import compute_emissions
from tests.conftest import activity, frame


def _problems(rows: pl.DataFrame, **kwargs: object) -> list:  # type: ignore[type-arg]
    with pytest.raises(DataValidationError) as caught:
        compute_emissions(rows, **kwargs)  # type: ignore[arg-type]
    return caught.value.problems


def test_a_misspelt_fuel_is_one_problem_naming_the_closest_names() -> None:
    problems = _problems(frame(activity(fuel="natrual_gas")), where="fuels.csv", first_row=2)
    assert len(problems) == 1  # not one missing factor per gas (CO2, CH4, N2O)
    (p,) = problems
    assert (p.where, p.row, p.field, p.value) == ("fuels.csv", 2, "fuel", "natrual_gas")
    assert "unknown fuel" in p.message_en and "natural_gas" in p.message_en
    assert "未知的燃料" in p.message_zh and "天然气" in p.message_zh
    assert "nearest year" not in p.message_en


def test_a_misspelt_chinese_fuel_is_matched_to_its_chinese_name() -> None:
    (p,) = _problems(frame(activity(fuel="柴由", unit="t")))
    assert "diesel" in p.message_en and "柴油" in p.message_zh


def test_a_fuel_of_another_calculator_lists_what_the_category_knows() -> None:
    # "food" is a landfill waste type, not a fuel: the combustion fuels are listed.
    (p,) = _problems(frame(activity(fuel="food", unit="t")))
    assert "food" in p.message_en and "natural_gas" in p.message_en


def test_chinese_fuel_names_and_unit_spellings_are_aliases() -> None:
    coded = compute_emissions(
        frame(
            activity(record_id="a", fuel="natural_gas", unit="10⁴Nm³"),
            activity(record_id="b", fuel="diesel", unit="t", quantity=2.0),
            activity(
                record_id="c",
                category="energy.electricity.industry",
                fuel="electricity",
                unit="kWh",
                quantity=1000.0,
            ),
        )
    )
    aliased = compute_emissions(
        frame(
            activity(record_id="a", fuel="天然气", unit="万方"),
            activity(record_id="b", fuel="柴油", unit="tons", quantity=2.0),
            activity(
                record_id="c",
                category="energy.electricity.industry",
                fuel="电力",
                unit="KWH",
                quantity=1000.0,
            ),
        )
    )
    assert aliased["fuel"].to_list() == coded["fuel"].to_list()
    assert aliased["emission_t"].to_list() == pytest.approx(coded["emission_t"].to_list())


def test_one_pass_lists_every_mistake() -> None:
    rows = frame(
        activity(record_id="ok"),
        activity(record_id="neg", quantity=-1.0),  # row rule
        activity(record_id="dim", unit="kWh"),  # unit of the wrong dimension for a fuel
        activity(record_id="fuel", fuel="cole"),  # unknown fuel
        activity(  # no factor: no grid factor for 1995
            record_id="year",
            category="energy.electricity.industry",
            fuel="electricity",
            unit="kWh",
            year=1995,
        ),
        activity(record_id="unit", unit="furlong"),  # unknown unit
    )
    problems = _problems(rows, where="activities.csv", first_row=2)
    by_row = {p.row: p for p in problems}
    assert set(by_row) == {3, 4, 5, 6, 7}
    assert by_row[3].field == "quantity"
    assert by_row[4].field == "unit" and "kWh" in by_row[4].value
    assert by_row[5].field == "fuel" and "unknown fuel" in by_row[5].message_en
    assert "no emission factor" in by_row[6].message_en
    assert by_row[7].field == "unit"
    # Only rows whose own checks failed are named; the missing factor names the years that
    # exist, so the nearest-year hint is concrete.
    assert "factors exist for 2021-2023" in by_row[6].message_en


def test_missing_factors_alone_stay_a_missing_factor_error() -> None:
    rows = frame(
        activity(category="energy.electricity.industry", fuel="electricity", unit="kWh", year=1995)
    )
    with pytest.raises(MissingFactorError) as caught:
        compute_emissions(rows, where="sheet 电力", first_row=5)
    (p,) = caught.value.problems
    assert (p.where, p.row) == ("sheet 电力", 5)
