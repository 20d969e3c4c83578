"""Tests of cityclimate.indicators.evaluation: hand-worked cases, properties, bad input."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cityclimate.errors import DataValidationError
from cityclimate.indicators.definitions import definitions_by_id, load_liangjiang_indicators
from cityclimate.indicators.evaluation import (
    evaluate_indicator,
    evaluate_indicators,
    evaluations_frame,
)
from cityclimate.indicators.model import (
    CityTarget,
    Direction,
    IndicatorDefinition,
    IndicatorValue,
    Provenance,
    TargetKind,
)
from cityclimate.indicators.progress import (
    ProgressStatus,
    annual_rate_for_reduction,
    status_for_ratio,
    target_path,
    target_path_value,
    time_proportional_progress,
)

DEFS = definitions_by_id(load_liangjiang_indicators())
ENERGY = DEFS["energy_intensity_reduction"]
SEI = DEFS["strategic_emerging_industry_share"]
GREEN = DEFS["built_up_green_coverage"]
PUE_NEW = DEFS["datacentre_pue_new"]
TARGET_13_5 = CityTarget("energy_intensity_reduction", 13.5, "%", "city notice (test)")


# --- hand-worked cases --------------------------------------------------------------------
# 0.865 ** 0.2: ln 0.865 = -0.1450258, /5 = -0.0290052, exp = 0.9714114 → r = 0.0285886.
# 0.865 ** 0.6: exp(-0.0870155) = 1 - 0.0870155 + 0.0037858 - 0.0001098 + 0.0000024
#   = 0.9166629 → p3 = 0.0833371 (≈ 8.33 %).
# Tolerance 1e-6: six digits of the hand calculation.


def test_even_annual_rate_of_a_13_5_percent_five_year_reduction() -> None:
    assert annual_rate_for_reduction(0.135, 5) == pytest.approx(0.0285886, abs=1e-6)


def test_time_proportional_progress_after_three_years() -> None:
    r = annual_rate_for_reduction(0.135, 5)
    assert time_proportional_progress(r, 3) == pytest.approx(0.0833371, abs=1e-6)
    assert time_proportional_progress(r, 5) == pytest.approx(0.135, abs=1e-12)


def test_reduction_path_in_percent() -> None:
    path = target_path_value(ENERGY, 2023, target_value=13.5, base_value=None)
    assert path == pytest.approx(8.33371, abs=1e-4)


def test_linear_level_path() -> None:
    # 57.4 + (70 - 57.4) * 3 / 5 = 64.96
    assert target_path_value(SEI, 2023, target_value=70, base_value=57.4) == pytest.approx(64.96)
    frame = target_path(SEI, target_value=70, base_value=57.4)
    assert frame["year"].to_list() == [2020, 2021, 2022, 2023, 2024, 2025]
    assert frame["path_value"].to_list()[0] == 57.4
    assert frame["path_value"].to_list()[-1] == pytest.approx(70)


def test_reduction_behind_its_path() -> None:
    # 5 % after 3 years: r_a = 1 - 0.95**(1/3) = 0.0169518; ratio = 0.0169518/0.0285886 = 0.59296
    result = evaluate_indicator(
        ENERGY, 2023, IndicatorValue(ENERGY.id, 2023, 5.0, "%"), city_target=TARGET_13_5
    )
    assert result.actual_rate == pytest.approx(1.69518, abs=1e-4)
    assert result.required_rate == pytest.approx(2.85886, abs=1e-4)
    assert result.progress_ratio == pytest.approx(0.59296, abs=1e-4)
    assert result.status is ProgressStatus.LIMITED_PROGRESS
    assert result.binding_met is False
    assert result.veto
    assert result.gap_to_path == pytest.approx(5.0 - 8.33371, abs=1e-4)
    assert result.score is None  # binding: met / not met, not scored


def test_expected_level_scored_by_completion() -> None:
    # 62 in 2023: completion (62 - 57.4) / (64.96 - 57.4) = 0.608466; ratio the same (linear)
    result = evaluate_indicator(SEI, 2023, IndicatorValue(SEI.id, 2023, 62, "%"))
    assert result.score == pytest.approx(60.8466, abs=1e-3)
    assert result.progress_ratio == pytest.approx(0.608466, abs=1e-5)
    assert result.status is ProgressStatus.NEEDS_ACCELERATION
    assert result.binding_met is None
    assert not result.veto


def test_binding_level_behind_path_is_vetoed() -> None:
    # path 2023 = 45.14 + 0.36 * 3/5 = 45.356; 45.2 is behind
    result = evaluate_indicator(GREEN, 2023, IndicatorValue(GREEN.id, 2023, 45.2, "%"))
    assert result.path_value == pytest.approx(45.356)
    assert result.binding_met is False
    assert result.veto


def test_value_converted_to_the_indicator_unit() -> None:
    result = evaluate_indicator(SEI, 2023, IndicatorValue(SEI.id, 2023, 0.62, "dimensionless"))
    assert result.actual == pytest.approx(62)


def test_ceiling_without_base_checks_the_limit() -> None:
    ok = evaluate_indicator(PUE_NEW, 2023, IndicatorValue(PUE_NEW.id, 2023, 1.2, "dimensionless"))
    assert ok.status is ProgressStatus.TARGET_MET
    assert ok.binding_met is True
    bad = evaluate_indicator(PUE_NEW, 2023, IndicatorValue(PUE_NEW.id, 2023, 1.3, "dimensionless"))
    assert bad.status is ProgressStatus.NOT_ASSESSABLE
    assert bad.binding_met is False
    assert bad.veto
    assert "base" in bad.note_en


def test_target_set_by_city_missing_is_not_assessable() -> None:
    result = evaluate_indicator(ENERGY, 2023, IndicatorValue(ENERGY.id, 2023, 9.0, "%"))
    assert result.status is ProgressStatus.NOT_ASSESSABLE
    assert result.binding_met is None
    assert "target" in result.note_en


def test_target_met_early() -> None:
    result = evaluate_indicator(
        ENERGY, 2022, IndicatorValue(ENERGY.id, 2022, 14.0, "%"), city_target=TARGET_13_5
    )
    assert result.status is ProgressStatus.TARGET_MET


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (1.2, ProgressStatus.ON_TRACK),
        (0.95, ProgressStatus.ON_TRACK),
        (0.9499, ProgressStatus.NEEDS_ACCELERATION),
        (0.6, ProgressStatus.NEEDS_ACCELERATION),
        (0.5999, ProgressStatus.LIMITED_PROGRESS),
        (0.0, ProgressStatus.LIMITED_PROGRESS),
        (-0.01, ProgressStatus.MOVING_AWAY),
    ],
)
def test_open_sdg_bands(ratio: float, status: ProgressStatus) -> None:
    assert status_for_ratio(ratio) is status


def test_compound_level_path_and_rate() -> None:
    # path 2023 = 57.4 * (70/57.4)**0.6 = 64.7135...; on the path the ratio is 1
    path = target_path_value(SEI, 2023, target_value=70, base_value=57.4, level_path="compound")
    assert path == pytest.approx(57.4 * (70 / 57.4) ** 0.6)
    assert path is not None
    result = evaluate_indicator(
        SEI, 2023, IndicatorValue(SEI.id, 2023, path, "%"), level_path="compound"
    )
    assert result.progress_ratio == pytest.approx(1.0)
    assert "compound" in result.rate_unit


# --- bad input ----------------------------------------------------------------------------


def test_wrong_unit_names_the_field() -> None:
    with pytest.raises(DataValidationError) as caught:
        evaluate_indicator(SEI, 2023, IndicatorValue(SEI.id, 2023, 62, "m2"))
    problem = caught.value.problems[0]
    assert problem.field == "unit"
    assert problem.value == "m2"
    assert "%" in problem.message_zh and "%" in problem.message_en


@pytest.mark.parametrize("year", [2020, 2026, 1999])
def test_year_outside_the_plan_names_the_field(year: int) -> None:
    with pytest.raises(DataValidationError) as caught:
        evaluate_indicator(SEI, year, IndicatorValue(SEI.id, year, 62, "%"))
    problem = caught.value.problems[0]
    assert problem.field == "year"
    assert "2021" in problem.message_en and "2025" in problem.message_en
    assert "规划期" in problem.message_zh


@pytest.mark.parametrize(("value", "unit"), [(100.5, "%"), (1.2, "dimensionless"), (-1, "%")])
def test_share_outside_0_to_100_names_the_field(value: float, unit: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        evaluate_indicator(SEI, 2023, IndicatorValue(SEI.id, 2023, value, unit))
    problem = caught.value.problems[0]
    assert problem.field == "value"
    assert "100" in problem.message_zh and "100" in problem.message_en


def test_city_target_for_a_fixed_target_is_refused() -> None:
    with pytest.raises(DataValidationError) as caught:
        evaluate_indicator(
            SEI, 2023, None, city_target=CityTarget(SEI.id, 75, "%", "some document")
        )
    assert caught.value.problems[0].field == "indicator_id"


@pytest.mark.parametrize(
    ("target", "field"),
    [
        (CityTarget(ENERGY.id, 13.5, "%", ""), "source"),
        (CityTarget(ENERGY.id, 13.5, "tce", "doc"), "unit"),
        (CityTarget(ENERGY.id, 120, "%", "doc"), "value"),
    ],
)
def test_bad_city_target(target: CityTarget, field: str) -> None:
    with pytest.raises(DataValidationError) as caught:
        evaluate_indicator(ENERGY, 2023, None, city_target=target)
    assert caught.value.problems[0].field == field


def test_value_of_another_indicator_is_refused() -> None:
    with pytest.raises(DataValidationError) as caught:
        evaluate_indicator(SEI, 2023, IndicatorValue(GREEN.id, 2023, 45, "%"))
    assert caught.value.problems[0].field == "indicator_id"


# --- many indicators ----------------------------------------------------------------------


def test_evaluate_all_prefers_derived_and_builds_a_frame() -> None:
    values = [
        IndicatorValue(SEI.id, 2023, 62, "%", Provenance.ENTERED_BY_HAND),
        IndicatorValue(SEI.id, 2023, 66, "%", Provenance.DERIVED_FROM_DATA),
        IndicatorValue(SEI.id, 2022, 60, "%"),
    ]
    evaluations = evaluate_indicators(
        list(DEFS.values()),
        values,
        2023,
        city_targets=[TARGET_13_5],
        base_values=[IndicatorValue("sponge_city_share_of_built_up", 2020, 31.12, "%")],
    )
    assert len(evaluations) == 15
    sei = next(e for e in evaluations if e.indicator_id == SEI.id)
    assert sei.actual == 66
    assert sei.provenance is Provenance.DERIVED_FROM_DATA
    sponge = next(e for e in evaluations if e.indicator_id == "sponge_city_share_of_built_up")
    assert sponge.base_value == pytest.approx(31.12)
    frame = evaluations_frame(evaluations)
    assert frame.height == 15
    assert frame.filter(frame["indicator_id"] == SEI.id)["status"].item() == "on_track"
    assert frame.schema["score"].is_float()


# --- properties ---------------------------------------------------------------------------

years = st.integers(min_value=2021, max_value=2025)


def _level(
    direction: Direction, base: float, target: float, kind: TargetKind
) -> IndicatorDefinition:
    return dataclasses.replace(
        SEI,
        id="test_level",
        direction=direction,
        base_value=base,
        target_value=target,
        target_kind=kind,
        valid_min=0.0,
        valid_max=None,
    )


@st.composite
def levels(draw: st.DrawFn) -> IndicatorDefinition:
    base = draw(st.floats(min_value=1.0, max_value=1000.0))
    factor = draw(st.floats(min_value=1.05, max_value=3.0))
    if draw(st.booleans()):
        return _level(Direction.INCREASE, base, base * factor, TargetKind.FLOOR)
    return _level(Direction.DECREASE, base, base / factor, TargetKind.CEILING)


@settings(max_examples=60, deadline=None)
@given(reduction=st.floats(min_value=0.5, max_value=40.0), year=years)
def test_reduction_exactly_on_its_path_is_on_track(reduction: float, year: int) -> None:
    target = CityTarget(ENERGY.id, reduction, "%", "doc")
    path = target_path_value(ENERGY, year, target_value=reduction, base_value=None)
    assert path is not None
    result = evaluate_indicator(
        ENERGY, year, IndicatorValue(ENERGY.id, year, path, "%"), city_target=target
    )
    assert result.status in (ProgressStatus.ON_TRACK, ProgressStatus.TARGET_MET)
    assert result.binding_met is True
    assert result.progress_ratio == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(definition=levels(), year=years, path_kind=st.sampled_from(["linear", "compound"]))
def test_level_exactly_on_its_path_is_on_track(
    definition: IndicatorDefinition, year: int, path_kind: str
) -> None:
    assert definition.target_value is not None
    path = target_path_value(
        definition,
        year,
        target_value=definition.target_value,
        base_value=definition.base_value,
        level_path="compound" if path_kind == "compound" else "linear",
    )
    assert path is not None
    result = evaluate_indicator(
        definition,
        year,
        IndicatorValue(definition.id, year, path, "%"),
        level_path="compound" if path_kind == "compound" else "linear",
    )
    assert result.status in (ProgressStatus.ON_TRACK, ProgressStatus.TARGET_MET)
    assert result.progress_ratio is None or math.isclose(result.progress_ratio, 1.0, rel_tol=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    definition=levels(),
    year=years,
    position=st.floats(min_value=-1.0, max_value=2.0),
    step=st.floats(min_value=0.0, max_value=2.0),
)
def test_moving_a_level_away_never_improves_its_status(
    definition: IndicatorDefinition, year: int, position: float, step: float
) -> None:
    assert definition.base_value is not None and definition.target_value is not None
    span = definition.target_value - definition.base_value
    better = definition.base_value + position * span
    worse = better - step * span  # further from the target, in the target's direction
    assume(better >= 0 and worse >= 0)
    first = evaluate_indicator(definition, year, IndicatorValue(definition.id, year, better, "%"))
    second = evaluate_indicator(definition, year, IndicatorValue(definition.id, year, worse, "%"))
    assert second.status.rank <= first.status.rank
    assert (second.score or 0.0) <= (first.score or 0.0) + 1e-9


@settings(max_examples=100, deadline=None)
@given(
    reduction=st.floats(min_value=1.0, max_value=40.0),
    year=years,
    actual=st.floats(min_value=-30.0, max_value=60.0),
    step=st.floats(min_value=0.0, max_value=30.0),
)
def test_moving_a_reduction_away_never_improves_its_status(
    reduction: float, year: int, actual: float, step: float
) -> None:
    target = CityTarget(ENERGY.id, reduction, "%", "doc")
    first = evaluate_indicator(
        ENERGY, year, IndicatorValue(ENERGY.id, year, actual, "%"), city_target=target
    )
    second = evaluate_indicator(
        ENERGY, year, IndicatorValue(ENERGY.id, year, actual - step, "%"), city_target=target
    )
    assert second.status.rank <= first.status.rank
    assert not (first.binding_met is False and second.binding_met is True)
