"""Tests of the Monte Carlo: seeded, consistent with the deterministic run, probabilities."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from cityclimate.indicators import IndicatorDefinition
from cityclimate.pathways import (
    PathwayStructure,
    PreparedModel,
    Scenario,
    monte_carlo,
    run_scenario,
)
from cityclimate.pathways import uncertainty as mc_module
from cityclimate.pathways.model import DriverPath


def test_same_seed_same_result_and_batch_size_does_not_matter(
    model: PreparedModel,
    structure: PathwayStructure,
    scenarios: dict[str, Scenario],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = monte_carlo(model, structure, scenarios["plan"], runs=300, seed=7)
    monkeypatch.setattr(mc_module, "BATCH", 64)
    b = monte_carlo(model, structure, scenarios["plan"], runs=300, seed=7)
    c = monte_carlo(model, structure, scenarios["plan"], runs=300, seed=8)
    assert np.array_equal(a.gross_t, b.gross_t) and not np.array_equal(a.gross_t, c.gross_t)


def test_without_uncertainty_every_run_is_the_deterministic_one(
    model: PreparedModel,
    structure: PathwayStructure,
    scenarios: dict[str, Scenario],
    definitions: list[IndicatorDefinition],
) -> None:
    plan = scenarios["plan"]
    certain = dataclasses.replace(
        plan,
        drivers={k: DriverPath(v.growth_pct, 0.0) for k, v in plan.drivers.items()},
        intensity_uncertainty_pp=0.0,
        grid_uncertainty_pp=0.0,
    )
    no_outcome_sd = dataclasses.replace(
        model, levers=tuple(dataclasses.replace(lever, outcome_sd=0.0) for lever in model.levers)
    )
    result = run_scenario(no_outcome_sd, structure, certain, definitions)
    mc = monte_carlo(no_outcome_sd, structure, certain, runs=50, seed=1, targets=result.targets)
    assert np.allclose(mc.gross_t, result.totals["gross_co2e_t"].to_numpy(), rtol=1e-12)
    assert mc.probability_of_peaking_by(2025) == float(result.peak.year <= 2025)
    met = dict(mc.target_probability.select("indicator_id", "probability_met").iter_rows())
    assert met == {t.indicator_id: float(t.met) for t in result.targets}


def test_fan_chart_percentiles_are_ordered_and_probabilities_valid(
    model: PreparedModel,
    structure: PathwayStructure,
    scenarios: dict[str, Scenario],
    definitions: list[IndicatorDefinition],
) -> None:
    plan = scenarios["plan"]
    result = run_scenario(model, structure, plan, definitions)
    mc = monte_carlo(model, structure, plan, runs=500, seed=3, targets=result.targets)
    fan = mc.fan.drop("year").to_numpy()
    assert np.all(np.diff(fan, axis=1) >= 0)
    p = mc.peak_probability["probability"].to_list()
    assert 0 <= p[0] <= p[1] <= 1
    assert mc.target_probability.height == 2
    assert mc.target_probability["probability_met"].is_between(0, 1).all()
