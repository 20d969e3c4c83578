"""Monte Carlo over uncertain drivers and lever outcomes: fan charts and probabilities.

Each run draws, once for the whole horizon (persistent shocks, standard normal z):

    growth_d   = scenario growth_d + uncertainty_pp_d / 100 × z_d          (each driver)
    a_l        = scenario intensity change_l + intensity uncertainty_pp / 100 × z_l
    r_grid     = scenario grid change + grid uncertainty_pp / 100 × z
    x_k        = planned effect_k × max(0, 1 + outcome_sd_k × z_k)         (each lever)

and runs the same kernel as the deterministic model (:func:`cityclimate.pathways.engine.simulate`)
in batches. Draws are independent (no correlation between drivers: a simplification). All
draws come from one ``numpy.random.Generator(PCG64(seed))`` before any batch runs, so the result
depends on the seed and the number of runs only, not on the batch size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from cityclimate.pathways.engine import (
    INTENSITY_NUMERATORS,
    KernelInputs,
    PreparedModel,
    energy_co2,
    energy_use,
    gdp,
    gross_emissions,
    scenario_inputs,
    simulate,
)
from cityclimate.pathways.model import FloatArray, PathwayStructure, Scenario, TargetOutcome

#: Percentiles of the fan chart.
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
#: Runs per kernel batch.
BATCH = 1000


@dataclass(frozen=True)
class MonteCarloResult:
    """Result of :func:`monte_carlo`.

    Attributes
    ----------
    runs, seed:
        Number of runs and the seed.
    years:
        The modelled years.
    gross_t:
        ``[run, year]`` gross emissions (t CO2e).
    fan:
        ``year, p5_t … p95_t`` percentiles of gross emissions (t CO2e).
    peak_years:
        ``[run]`` peak year of each run.
    peak_probability:
        ``by_year, probability``: share of runs that peak in or before the year.
    target_probability:
        ``indicator_id, target_year, target_pct, probability_met``.
    """

    runs: int
    seed: int
    years: tuple[int, ...]
    gross_t: FloatArray
    fan: pl.DataFrame
    peak_years: np.ndarray[tuple[int], np.dtype[np.int64]]
    peak_probability: pl.DataFrame
    target_probability: pl.DataFrame

    def probability_of_peaking_by(self, year: int) -> float:
        """Share of runs whose peak year is ``year`` or earlier."""
        return float(np.mean(self.peak_years <= year))


def draw_inputs(model: PreparedModel, scenario: Scenario, runs: int, seed: int) -> KernelInputs:
    """Kernel inputs of ``runs`` Monte Carlo draws (equations in the module docstring)."""
    base = scenario_inputs(model, scenario)
    rng = np.random.Generator(np.random.PCG64(seed))
    n_drivers = len(model.drivers)
    n_lines = len(model.calibration.lines)
    z = rng.standard_normal((runs, n_drivers + n_lines + 1 + len(model.levers)))
    driver_sd = np.array([scenario.drivers[d].uncertainty_pp / 100.0 for d in model.drivers])
    lever_sd = np.array([lever.outcome_sd for lever in model.levers])
    growth = base.growth + (z[:, :n_drivers] * driver_sd)[:, None, :]
    intensity = base.intensity_rate + (
        z[:, n_drivers : n_drivers + n_lines] * scenario.intensity_uncertainty_pp / 100.0
    )
    grid = base.grid_rate + z[:, n_drivers + n_lines] * scenario.grid_uncertainty_pp / 100.0
    outcome = np.maximum(0.0, 1.0 + z[:, n_drivers + n_lines + 1 :] * lever_sd)
    return KernelInputs(
        growth=growth,
        intensity_rate=intensity,
        grid_rate=grid,
        effects=base.effects * outcome[:, None, :],
    )


def monte_carlo(
    model: PreparedModel,
    structure: PathwayStructure,
    scenario: Scenario,
    *,
    runs: int = 1000,
    seed: int = 20260125,
    peak_by: Sequence[int] = (2025, 2030),
    targets: Sequence[TargetOutcome] = (),
) -> MonteCarloResult:
    """Monte Carlo of a scenario: fan chart, probability of peaking and of meeting targets.

    Parameters
    ----------
    model, structure, scenario:
        As for :func:`cityclimate.pathways.engine.run_scenario`.
    runs, seed:
        Number of runs and the seed of the generator.
    peak_by:
        Years for which the probability of peaking in or before them is reported.
    targets:
        Target outcomes of the deterministic run (their base year, target year and value);
        a run meets a target when its cumulative intensity reduction in the target year is at
        least the target.
    """
    inputs = draw_inputs(model, scenario, runs, seed)
    years = tuple(scenario.years)
    gross = np.empty((runs, len(years)))
    numerators = {
        "energy_tce": np.empty((runs, len(years))),
        "energy_co2_t": np.empty((runs, len(years))),
    }
    gdp_values = np.empty((runs, len(years)))
    for start in range(0, runs, BATCH):
        part = slice(start, min(start + BATCH, runs))
        batch = KernelInputs(
            growth=inputs.growth[part],
            intensity_rate=inputs.intensity_rate[part],
            grid_rate=inputs.grid_rate[part],
            effects=inputs.effects[part],
        )
        out = simulate(model, batch)
        gross[part] = gross_emissions(model, out)
        numerators["energy_tce"][part] = energy_use(model, out)
        numerators["energy_co2_t"][part] = energy_co2(model, out)
        gdp_values[part] = gdp(model, out, structure)
    fan = pl.DataFrame(
        {"year": list(years)} | {f"p{p}_t": np.percentile(gross, p, axis=0) for p in PERCENTILES},
        schema_overrides={"year": pl.Int32},
    )
    peak_years = np.asarray(years)[np.argmax(gross, axis=1)]
    peak_probability = pl.DataFrame(
        {
            "by_year": list(peak_by),
            "probability": [float(np.mean(peak_years <= y)) for y in peak_by],
        }
    )
    rows = []
    for target in targets:
        intensity = numerators[INTENSITY_NUMERATORS[target.indicator_id]] / gdp_values
        base = intensity[:, years.index(target.base_year)]
        reduction = (1.0 - intensity[:, years.index(target.target_year)] / base) * 100.0
        rows.append(
            {
                "indicator_id": target.indicator_id,
                "target_year": target.target_year,
                "target_pct": target.target_pct,
                "probability_met": float(np.mean(reduction >= target.target_pct)),
            }
        )
    target_probability = pl.DataFrame(
        rows,
        schema={
            "indicator_id": pl.String,
            "target_year": pl.Int64,
            "target_pct": pl.Float64,
            "probability_met": pl.Float64,
        },
    )
    return MonteCarloResult(
        runs=runs,
        seed=seed,
        years=years,
        gross_t=gross,
        fan=fan,
        peak_years=peak_years,
        peak_probability=peak_probability,
        target_probability=target_probability,
    )
