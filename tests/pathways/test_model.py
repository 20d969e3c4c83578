"""Tests of the pathway types."""

from __future__ import annotations

import pytest

from cityclimate.pathways import Lever, LeverKind, Scenario


def test_fraction_kinds_are_the_ones_capped_at_one() -> None:
    assert LeverKind.FUEL_SWITCH.is_fraction and LeverKind.PUE_LIMIT.is_fraction
    assert not LeverKind.LOCAL_GENERATION.is_fraction and not LeverKind.SINK.is_fraction


def test_pue_limit_effect_is_one_minus_limit_over_before(levers: dict[str, Lever]) -> None:
    pue = levers["datacentre_pue_limit"]
    # 1 - 1.3 / 1.6 = 0.1875
    assert pue.effect_at_full == pytest.approx(0.1875)
    assert pue.max_strength == pytest.approx(1 / 0.1875)


def test_fraction_lever_strength_is_capped_so_the_share_stays_below_one(
    levers: dict[str, Lever],
) -> None:
    # NEV cars switch 30 % at strength 1, so at most 1 / 0.3.
    assert levers["nev_cars"].max_strength == pytest.approx(1 / 0.3)
    assert levers["distributed_pv"].max_strength == 10.0


def test_scenario_years_run_from_base_to_horizon(scenarios: dict[str, Scenario]) -> None:
    years = scenarios["baseline"].years
    assert years[0] == 2020 and years[-1] == 2035 and len(years) == 16
