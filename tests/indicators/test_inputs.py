"""Tests of cityclimate.indicators.inputs: the indicator-values and yearly-series tables."""

from __future__ import annotations

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.indicators.definitions import load_liangjiang_indicators
from cityclimate.indicators.inputs import parse_annual_series, parse_indicator_inputs
from cityclimate.indicators.model import Provenance

DEFINITIONS = load_liangjiang_indicators()


def row(**overrides: str) -> dict[str, str | None]:
    data: dict[str, str | None] = {
        "indicator_id": "prefabricated_building_share",
        "year": "2022",
        "kind": "actual",
        "value": "40",
        "unit": "%",
        "provenance": "",
        "source": "建设管理部门",
    }
    data.update(overrides)
    return data


def test_actual_base_and_target_rows_are_sorted_into_inputs() -> None:
    inputs = parse_indicator_inputs(
        [
            row(),
            row(indicator_id="public_transport_share_of_motorised_trips", year="2020", kind="base"),
            row(indicator_id="co2_intensity_reduction", year="2025", kind="target", value="18"),
            row(value="0.41", unit="dimensionless", provenance="derived_from_data"),
        ],
        "values.csv",
        DEFINITIONS,
    )
    assert [v.value for v in inputs.values] == [40.0, 0.41]
    assert inputs.values[0].provenance is Provenance.ENTERED_BY_HAND
    assert inputs.values[1].provenance is Provenance.DERIVED_FROM_DATA
    assert inputs.base_values[0].indicator_id == "public_transport_share_of_motorised_trips"
    assert inputs.city_targets[0].value == 18.0
    assert not inputs.illustrative


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"indicator_id": "no_such_indicator"}, "indicator_id"),
        ({"year": "2019"}, "year"),
        ({"year": "2030"}, "year"),
        ({"value": "120"}, "value"),
        ({"value": "abc"}, "value"),
        ({"unit": "tce"}, "unit"),
        ({"kind": "forecast"}, "kind"),
        ({"provenance": "guessed"}, "provenance"),
        ({"kind": "target", "year": "2025"}, "indicator_id"),
        ({"kind": "base", "year": "2020"}, "kind"),
        (
            {"indicator_id": "co2_intensity_reduction", "kind": "target", "year": "2024"},
            "year",
        ),
        (
            {
                "indicator_id": "co2_intensity_reduction",
                "kind": "target",
                "year": "2025",
                "source": "",
            },
            "source",
        ),
    ],
)
def test_bad_rows_name_the_row_and_field(overrides: dict[str, str], field: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_indicator_inputs(
            [row(indicator_id="strategic_emerging_industry_share"), row(**overrides)],
            "values.csv",
            DEFINITIONS,
            first_row=2,
        )
    problem = caught.value.problems[0]
    assert (problem.where, problem.row, problem.field) == ("values.csv", 3, field)
    assert problem.message_zh and problem.message_en


def test_the_same_figure_twice_is_refused() -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_indicator_inputs([row(), row(value="41")], "values.csv", DEFINITIONS)
    assert "row 1" in caught.value.problems[0].message_en


def test_missing_columns_are_listed() -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_indicator_inputs([{"indicator_id": "x", "year": "2021"}], "v.csv", DEFINITIONS)
    assert "kind" in caught.value.problems[0].message_en


def test_series_are_grouped_with_unit_and_price_base() -> None:
    series = parse_annual_series(
        [
            {"quantity": "gdp", "year": "2020", "value": "100", "unit": "亿元",
             "price_base_year": "2020", "source": "NBS"},
            {"quantity": "gdp", "year": "2021", "value": "108", "unit": "亿元",
             "price_base_year": "2020", "source": "NBS"},
            {"quantity": "population", "year": "2021", "value": "2", "unit": "万person",
             "price_base_year": "", "source": ""},
        ],
        "series.csv",
    )  # fmt: skip
    assert series["gdp"].values == {2020: 100.0, 2021: 108.0}
    assert series["gdp"].price_base_year == 2020
    assert series["population"].unit == "万person"


@pytest.mark.parametrize(
    ("second", "field"),
    [
        ({"unit": "万元", "price_base_year": "2020"}, "unit"),
        ({"price_base_year": ""}, "price_base_year"),
        ({"year": "2020"}, "year"),
        ({"unit": "furlongs"}, "unit"),
    ],
)
def test_bad_series_rows(second: dict[str, str], field: str) -> None:
    first = {"quantity": "gdp", "year": "2020", "value": "100", "unit": "亿元",
             "price_base_year": "2020", "source": ""}  # fmt: skip
    with pytest.raises(DataValidationError) as caught:
        parse_annual_series([first, {**first, "year": "2021", **second}], "series.csv")
    assert caught.value.problems[0].field == field
    assert caught.value.problems[0].row == 2


def test_a_row_with_more_fields_than_the_header_is_refused() -> None:
    ragged: dict[str | None, str | None] = {**row(), None: "extra"}  # as csv.DictReader gives it
    with pytest.raises(DataValidationError) as caught:
        parse_indicator_inputs([ragged], "values.csv", DEFINITIONS)  # type: ignore[list-item]
    assert "more fields than the header" in caught.value.problems[0].message_en
