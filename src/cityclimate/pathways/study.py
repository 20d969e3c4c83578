"""A pathway study: several scenarios side by side, with wedges, Monte Carlo and a decomposition.

This is what the CLI and the pages show: for each scenario its pathway, peak and targets; for
each scenario but the first (the baseline) its wedges against the baseline; for each scenario a
Monte Carlo with the probability of peaking by the given years and of meeting each target; and
the LMDI decomposition of the inventory's change between two inventory years.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from cityclimate.indicators import IndicatorDefinition
from cityclimate.pathways.decomposition import Decomposition, decompose, inventory_input
from cityclimate.pathways.engine import PreparedModel, prepare_model, run_scenario
from cityclimate.pathways.model import Lever, PathwayResult, PathwayStructure, Scenario
from cityclimate.pathways.structure import calibrate
from cityclimate.pathways.uncertainty import MonteCarloResult, monte_carlo
from cityclimate.pathways.wedges import Wedges, compute_wedges


@dataclass(frozen=True)
class Study:
    """Scenarios compared (see the module docstring).

    Attributes
    ----------
    model, structure, levers:
        The prepared model and what it was built from.
    results:
        Scenario name → :class:`PathwayResult`, the baseline first.
    wedges:
        Scenario name → :class:`Wedges` against the baseline (not for the baseline).
    uncertainty:
        Scenario name → :class:`MonteCarloResult` (empty when ``runs`` was 0).
    decomposition:
        LMDI of the inventory between two years, or ``None``.
    illustrative:
        True when any scenario or the structure is illustrative.
    """

    model: PreparedModel
    structure: PathwayStructure
    levers: Mapping[str, Lever]
    results: Mapping[str, PathwayResult]
    wedges: Mapping[str, Wedges]
    uncertainty: Mapping[str, MonteCarloResult]
    decomposition: Decomposition | None
    illustrative: bool


def build_study(
    emissions: pl.DataFrame,
    structure: PathwayStructure,
    levers: Mapping[str, Lever],
    scenarios: Sequence[Scenario],
    definitions: Sequence[IndicatorDefinition],
    *,
    runs: int = 1000,
    seed: int = 20260125,
    peak_by: Sequence[int] = (2025, 2030),
    sector_value_added: pl.DataFrame | None = None,
    decomposition_years: tuple[int, int] | None = None,
) -> Study:
    """Run every scenario, the wedges against the first one, the Monte Carlo and the LMDI.

    Parameters
    ----------
    emissions:
        Record-level inventory (base year and, for the decomposition, its two years).
    structure, levers:
        Model structure and lever definitions.
    scenarios:
        The first is the baseline; all must have the same base year.
    definitions:
        Indicator definitions (targets are read from them).
    runs, seed, peak_by:
        Monte Carlo settings (``runs = 0`` skips it).
    sector_value_added, decomposition_years:
        For the inventory decomposition (skipped when either is ``None``).
    """
    base_year = scenarios[0].base_year
    extra = {lever.to_fuel for lever in levers.values() if lever.to_fuel}
    model = prepare_model(
        calibrate(emissions, structure, base_year, extra_fuels=extra), structure, levers
    )
    results = {s.name: run_scenario(model, structure, s, definitions) for s in scenarios}
    wedges = {s.name: compute_wedges(model, scenarios[0], s) for s in scenarios[1:]}
    uncertainty = (
        {
            s.name: monte_carlo(
                model,
                structure,
                s,
                runs=runs,
                seed=seed,
                peak_by=peak_by,
                targets=results[s.name].targets,
            )
            for s in scenarios
        }
        if runs > 0
        else {}
    )
    decomposition = None
    if sector_value_added is not None and decomposition_years is not None:
        start_year, end_year = decomposition_years
        start, start_other = inventory_input(emissions, sector_value_added, start_year)
        end, end_other = inventory_input(emissions, sector_value_added, end_year)
        decomposition = decompose(
            start,
            end,
            start_year=start_year,
            end_year=end_year,
            non_energy_start_t=start_other,
            non_energy_end_t=end_other,
        )
    return Study(
        model=model,
        structure=structure,
        levers=levers,
        results=results,
        wedges=wedges,
        uncertainty=uncertainty,
        decomposition=decomposition,
        illustrative=any(s.illustrative for s in scenarios)
        or any(d.illustrative for d in structure.drivers.values()),
    )
