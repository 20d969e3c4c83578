"""Benchmark: pathway Monte Carlo (10,000 runs, 5 sectors, 15 years, all levers) and recompute.

Measures, in one run on this machine:

* cityclimate's Monte Carlo (:func:`cityclimate.pathways.monte_carlo`, draws included) of the
  Liangjiang plan scenario (every lever on): 10,000 runs x 2021-2035;
* a bare numpy implementation of the same arithmetic (the same draws; growth, intensity,
  levers, electricity factor, totals written out inline for these lines and levers, no
  dataclasses or generic loops), checked to give the same totals;
* one scenario recompute (:func:`cityclimate.pathways.run_scenario`, with its result tables),
  the interactive lever edit of the issue, and the wedges (Shapley, 2^15 runs);

and prints the ratios (goal: Monte Carlo <= 2x the bare kernel; recompute < 100 ms).
Run with ``python -m benchmarks.pathways`` or through ``python -m benchmarks``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from benchmarks.machine import describe
from benchmarks.timing import interleaved
from cityclimate.demo import liangjiang
from cityclimate.demo.pathways import liangjiang_scenarios
from cityclimate.indicators import load_liangjiang_indicators
from cityclimate.inventory import compute_emissions
from cityclimate.pathways import (
    LeverKind,
    LeverSetting,
    calibrate,
    compute_wedges,
    load_levers,
    load_structure,
    monte_carlo,
    prepare_model,
    run_scenario,
)
from cityclimate.pathways.engine import PreparedModel
from cityclimate.pathways.uncertainty import draw_inputs

RUNS = 10_000
SEED = 20_260_125


def _bare(model: PreparedModel, x: Any) -> np.ndarray[Any, Any]:
    """The same arithmetic as the model, inline, on all 10,000 runs at once; returns gross t."""
    cal = model.calibration
    n, years, _ = x.effects.shape
    g = x.growth.copy()
    g[:, 0, :] = 0.0
    idx = np.cumprod(1.0 + g, axis=1)[:, :, model.line_driver_index]
    act = cal.driver_base * idx
    t = np.arange(years, dtype=np.float64)
    inten = model.intensity0 * (1.0 + x.intensity_rate)[:, None, :] ** t[None, :, None]
    proc = idx.copy()
    eff = x.effects
    local = np.zeros((n, years))
    for k, lever in enumerate(model.levers):
        xk = np.clip(eff[:, :, k], 0, 1) if lever.kind.is_fraction else eff[:, :, k]
        lines = model.lever_lines[k]
        if lever.kind is LeverKind.MODE_SHIFT:
            moved = act[:, :, lines[0]] * xk
            act[:, :, lines[0]] -= moved
            act[:, :, model.lever_to[k]] += moved * lever.parameters["activity_ratio"]
        elif lever.kind in (LeverKind.INTENSITY, LeverKind.PUE_LIMIT):
            inten[:, :, list(lines)] *= (1.0 - xk)[:, :, None]
        elif lever.kind is LeverKind.PROCESS_ABATEMENT:
            proc[:, :, lines[0]] *= 1.0 - xk
        elif lever.kind in (LeverKind.LOCAL_GENERATION, LeverKind.GAS_GENERATION):
            local += xk * lever.parameters["full_load_hours"]
    energy = (act * inten)[:, :, :, None] * model.fuel_share0
    for k, lever in enumerate(model.levers):
        xk = np.clip(eff[:, :, k], 0, 1) if lever.kind.is_fraction else eff[:, :, k]
        if lever.kind is LeverKind.GAS_GENERATION:
            energy[:, :, model.lever_lines[k][0], model.natural_gas] += (
                xk * lever.parameters["full_load_hours"] * lever.parameters["heat_rate_tce_per_mwh"]
            )
        elif lever.kind is LeverKind.FUEL_SWITCH:
            for line in model.lever_lines[k]:
                for f in model.lever_from_fuels[k]:
                    moved = energy[:, :, line, f] * xk
                    energy[:, :, line, f] -= moved
                    energy[:, :, line, model.lever_to[k]] += (
                        moved * lever.parameters["energy_ratio"]
                    )
    demand = energy[:, :, :, model.electricity].sum(axis=2) / cal.kgce_per_kwh
    share = np.minimum(np.divide(local, demand, out=np.zeros_like(demand), where=demand > 0), 1)
    mult = (1.0 + x.grid_rate)[:, None] ** t[None, :] * (1.0 - share)
    by_fuel = np.einsum("ntlf,lf->ntf", energy, model.factor_total)
    by_fuel[:, :, model.electricity] *= mult
    gross: np.ndarray[Any, Any] = by_fuel.sum(axis=2) + proc @ model.process_total
    return gross


def run() -> None:
    """Run the benchmark and print its results (about half a minute on 2 cores)."""
    structure, levers = load_structure("liangjiang"), load_levers()
    emissions = compute_emissions(liangjiang.activities(), liangjiang.method())
    model = prepare_model(calibrate(emissions, structure, 2020), structure, levers)
    baseline, plan, _ = liangjiang_scenarios(structure, levers)
    definitions = load_liangjiang_indicators()
    result = run_scenario(model, structure, plan, definitions)
    sectors = sorted(
        set(model.calibration.line_sector)
        & {"industry", "energy", "buildings", "transport", "new_infrastructure"}
    )
    print(
        f"Pathways: {RUNS:,} Monte Carlo runs x {len(plan.years) - 1} years "
        f"({plan.base_year + 1}-{plan.end_year}), {len(sectors)} sectors, "
        f"{len(model.calibration.lines)} lines, {len(model.levers)} levers (all on)"
    )
    print(f"  machine: {describe()}")
    inputs = draw_inputs(model, plan, RUNS, SEED)

    names = (
        "cityclimate monte_carlo (draws + kernel + percentiles)",
        "  of which drawing the inputs",
        "bare numpy kernel (same draws, same arithmetic)",
    )
    kernel = interleaved(
        {
            names[0]: lambda: monte_carlo(
                model, structure, plan, runs=RUNS, seed=SEED, targets=result.targets
            ),
            names[1]: lambda: draw_inputs(model, plan, RUNS, SEED),
            names[2]: lambda: _bare(model, inputs),
        },
        rounds=2,
    )
    ours, bare = kernel[names[0]].best, kernel[names[2]].best
    mc = monte_carlo(model, structure, plan, runs=RUNS, seed=SEED)
    check = _bare(model, inputs)
    worst = float(np.max(np.abs(check - mc.gross_t) / mc.gross_t))
    edited = dataclasses.replace(
        plan, levers={**plan.levers, "nev_cars": LeverSetting(2.0, 2021, 8)}
    )
    quick = interleaved(
        {
            "one scenario recompute (run_scenario, tables)": lambda: run_scenario(
                model, structure, plan, definitions
            ),
            "one lever edit recompute (nev_cars strength 2)": lambda: run_scenario(
                model, structure, edited, definitions
            ),
        },
        rounds=10,
    )
    recompute = quick["one scenario recompute (run_scenario, tables)"].best
    interleaved(
        {"wedges of the plan (Shapley, 2^15 runs)": lambda: compute_wedges(model, baseline, plan)},
        rounds=2,
        warm_up=False,
    )
    print()
    print(f"  cityclimate / bare kernel: {ours / bare:.2f}x (goal <= 2x)")
    print(f"  one scenario recompute: {recompute * 1000:.1f} ms (goal < 100 ms)")
    print(f"  bare vs cityclimate totals: max relative difference {worst:.1e}")
    p = dict(mc.peak_probability.iter_rows())
    print(
        f"  plan: P(peak by 2025) = {p[2025]:.1%}, P(peak by 2030) = {p[2030]:.1%} (ILLUSTRATIVE)"
    )


if __name__ == "__main__":
    run()
