"""Tests of the wedges (Shapley value): exact sums, zero wedges, order independence."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityclimate.pathways import LeverSetting, PreparedModel, Scenario, compute_wedges
from cityclimate.pathways.wedges import ASSUMPTIONS, shapley_values


def test_scenario_identical_to_baseline_has_zero_wedges(
    model: PreparedModel, scenarios: dict[str, Scenario]
) -> None:
    base = scenarios["baseline"]
    wedges = compute_wedges(model, base, dataclasses.replace(base, name="copy"))
    assert wedges.players == () and wedges.reduction_t.shape == (0, 16)
    assert np.array_equal(wedges.baseline_t, wedges.scenario_t)


def test_wedges_sum_exactly_to_the_scenario_difference(
    model: PreparedModel, scenarios: dict[str, Scenario]
) -> None:
    wedges = compute_wedges(model, scenarios["baseline"], scenarios["enhanced"])
    assert ASSUMPTIONS in wedges.players and len(wedges.players) == 15
    difference = wedges.baseline_t - wedges.scenario_t
    assert np.allclose(wedges.reduction_t.sum(axis=0), difference, rtol=1e-12, atol=1e-6)
    assert np.all(wedges.reduction_t[:, 0] == 0)  # nothing changes in the base year


def test_wedges_do_not_depend_on_the_order_of_the_levers(
    model: PreparedModel, scenarios: dict[str, Scenario]
) -> None:
    base, plan = scenarios["baseline"], scenarios["plan"]
    reordered = dataclasses.replace(
        model,
        levers=model.levers[::-1],
        lever_lines=model.lever_lines[::-1],
        lever_from_fuels=model.lever_from_fuels[::-1],
        lever_to=model.lever_to[::-1],
    )
    a = compute_wedges(model, base, plan).frame().sort("lever", "year")
    b = compute_wedges(reordered, base, plan).frame().sort("lever", "year")
    assert np.allclose(a["reduction_co2e_t"], b["reduction_co2e_t"], rtol=1e-9, atol=1e-6)


def test_shapley_splits_an_interaction_equally() -> None:
    # v(∅)=0, v({0})=1, v({1})=2, v({0,1})=6: the interaction 6-1-2=3 is split 1.5/1.5,
    # so φ0 = 1 + 1.5 = 2.5 and φ1 = 2 + 1.5 = 3.5; φ0 + φ1 = 6 = v(N) - v(∅).
    values = np.array([[0.0], [1.0], [2.0], [6.0]])
    assert shapley_values(values, 2)[:, 0].tolist() == pytest.approx([2.5, 3.5])


@settings(max_examples=15, deadline=None)
@given(
    strengths=st.lists(st.floats(0.0, 1.0), min_size=5, max_size=5),
    grid=st.floats(-5.0, 0.0),
)
def test_wedges_sum_exactly_for_any_lever_mix(
    model: PreparedModel, scenarios: dict[str, Scenario], strengths: list[float], grid: float
) -> None:
    base = scenarios["baseline"]
    chosen = [
        "nev_cars",
        "distributed_pv",
        "green_buildings",
        "fgas_abatement",
        "parks_green_space",
    ]
    levers = {
        **base.levers,
        **{k: LeverSetting(s, 2022, 3) for k, s in zip(chosen, strengths, strict=True)},
    }
    scenario = dataclasses.replace(base, levers=levers, grid_factor_change_pct=grid)
    wedges = compute_wedges(model, base, scenario)
    difference = wedges.baseline_t - wedges.scenario_t
    assert np.allclose(wedges.reduction_t.sum(axis=0), difference, rtol=1e-12, atol=1e-6)


def test_sector_wedges_add_up_and_fall_where_the_lever_acts(
    model: PreparedModel, scenarios: dict[str, Scenario]
) -> None:
    wedges = compute_wedges(model, scenarios["baseline"], scenarios["plan"])
    assert wedges.reduction_by_sector_t is not None
    assert np.allclose(wedges.reduction_by_sector_t.sum(axis=2), wedges.reduction_t, rtol=1e-12)
    frame = wedges.sector_frame().filter(pl.col("year") == 2030)
    by = {(r["lever"], r["sector"]): r["reduction_co2e_t"] for r in frame.iter_rows(named=True)}
    assert by[("fgas_abatement", "industry")] > 0 and by[("parks_green_space", "sinks")] > 0
    assert by[("fgas_abatement", "transport")] == 0.0
    assert by[("nev_cars", "transport")] > 0
