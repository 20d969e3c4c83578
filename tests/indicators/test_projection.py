"""Tests of cityclimate.indicators.projection."""

from __future__ import annotations

import math

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.indicators.definitions import definitions_by_id, load_liangjiang_indicators
from cityclimate.indicators.model import IndicatorValue
from cityclimate.indicators.projection import project_indicator

DEFS = definitions_by_id(load_liangjiang_indicators())
ENERGY = DEFS["energy_intensity_reduction"]
SEI = DEFS["strategic_emerging_industry_share"]


def _reductions(rate: float, years: range) -> list[IndicatorValue]:
    return [IndicatorValue(ENERGY.id, y, 100 * (1 - (1 - rate) ** (y - 2020)), "%") for y in years]


def test_constant_decline_is_recovered_and_meets_target() -> None:
    # 3 %/yr: 2025 reduction = 1 - 0.97**5 = 14.127 % ≥ 13.5 %; 2024: 11.47 % < 13.5 %
    projection = project_indicator(ENERGY, _reductions(0.03, range(2021, 2024)), target_value=13.5)
    assert projection.annual_rate == pytest.approx(3.0, abs=1e-9)
    values = dict(zip(projection.values["year"], projection.values["projected_value"], strict=True))
    assert values[2025] == pytest.approx(100 * (1 - 0.97**5), abs=1e-9)
    assert projection.year_target_met == 2025
    assert projection.met_by_target_year is True
    assert projection.fitted_years == (2020, 2021, 2022, 2023)


def test_slow_decline_meets_target_after_the_plan() -> None:
    # 2 %/yr: 1 - 0.98**t ≥ 0.135 ⇔ t ≥ ln 0.865 / ln 0.98 = 7.18 → t = 8 → 2028
    assert math.log(0.865) / math.log(0.98) == pytest.approx(7.18, abs=0.01)
    projection = project_indicator(ENERGY, _reductions(0.02, range(2021, 2024)), target_value=13.5)
    assert projection.year_target_met == 2028
    assert projection.met_by_target_year is False


def test_linear_level_trend() -> None:
    # 57.4, 59.0, 60.6: +1.6 /yr → 2025: 65.4; 57.4 + 1.6 t ≥ 70 ⇔ t ≥ 7.875 → 2028
    history = [IndicatorValue(SEI.id, 2021, 59.0, "%"), IndicatorValue(SEI.id, 2022, 60.6, "%")]
    projection = project_indicator(SEI, history)
    assert projection.method == "linear"
    assert projection.annual_rate == pytest.approx(1.6)
    values = dict(zip(projection.values["year"], projection.values["projected_value"], strict=True))
    assert values[2025] == pytest.approx(65.4)
    assert projection.year_target_met == 2028


def test_falling_level_never_meets_an_increase_target() -> None:
    history = [IndicatorValue(SEI.id, 2021, 57.0, "%"), IndicatorValue(SEI.id, 2022, 56.0, "%")]
    projection = project_indicator(SEI, history, horizon_year=2040)
    assert projection.year_target_met is None
    assert projection.met_by_target_year is False


def test_last_years_restricts_the_fit() -> None:
    history = [
        IndicatorValue(SEI.id, 2021, 65.0, "%"),
        IndicatorValue(SEI.id, 2022, 66.0, "%"),
        IndicatorValue(SEI.id, 2023, 67.0, "%"),
    ]
    projection = project_indicator(SEI, history, last_years=2)
    assert projection.fitted_years == (2022, 2023)
    assert projection.annual_rate == pytest.approx(1.0)


def test_one_point_is_not_a_trend() -> None:
    pct = DEFS["public_transport_share_of_motorised_trips"]  # no base value
    with pytest.raises(DataValidationError) as caught:
        project_indicator(pct, [IndicatorValue(pct.id, 2022, 50.0, "%")])
    assert caught.value.problems[0].field == "history"


def test_log_method_refuses_non_positive_levels() -> None:
    history = [IndicatorValue(SEI.id, 2021, 0.0, "%"), IndicatorValue(SEI.id, 2022, 1.0, "%")]
    with pytest.raises(DataValidationError) as caught:
        project_indicator(SEI, history, method="compound", base_value=None, last_years=2)
    assert caught.value.problems[0].field == "value"
