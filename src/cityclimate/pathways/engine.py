"""The year-by-year pathway model: a vectorised kernel and one scenario's results.

For each run *n*, year *t* (0 = base year), line *l*, fuel *f* and gas *g*:

    D[n,t,l]  = D₀[l] × Π_{τ≤t} (1 + growth[n,τ,driver(l)])          activity (driver units)
    I[n,t,l]  = I₀[l] × (1 + a[n,l])^t × Π_intensity levers (1 − x)     tce per unit
    mode shift k (line l → l'):  D[l] ← D[l](1 − x),  D[l'] += x D[l] × activity_ratio
    E[n,t,l,f] = D × I × S₀[l,f]                                       tce (S₀: base fuel shares)
    fuel switch k (fuels F → f'):  E[l,F] ← E[l,F](1 − x),  E[l,f'] += x E[l,F] × energy_ratio
    gas generation k:  E[gas line, natural gas] += x × hours × heat rate;  G_gas += x × hours
    local generation k:  G_local += x × hours                          (MWh)
    m_elec[n,t] = (1 + r_grid[n])^t × (1 − min(1, (G_local + G_gas) / electricity demand))
    C[n,t,l,f,g] = E × EF₀[l,f,g] × (m_elec if f is electricity else 1)
    P[n,t,l,g]  = P₀[l,g] × D[l]/D₀[l] × Π_abatement levers (1 − x)      process emissions
    R[n,t]      = R₀ − Σ_sink levers x × removal rate                   sinks (≤ 0)

with lever effects x from :func:`cityclimate.pathways.levers.lever_effects` (fractions clipped
to [0, 1]). Energy use for the energy-intensity indicator counts locally generated gas-fired
electricity once (E − G_gas × 0.1229 tce/MWh). The same kernel runs one scenario (n = 1), the
2ᴺ lever subsets of the wedges and the Monte Carlo draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators import IndicatorDefinition, IndicatorValue, evaluate_indicator
from cityclimate.indicators.progress import cumulative_reduction_pct
from cityclimate.pathways.levers import lever_effects
from cityclimate.pathways.model import (
    ELECTRICITY,
    NON_ENERGY,
    Calibration,
    FloatArray,
    Lever,
    LeverKind,
    PathwayResult,
    PathwayStructure,
    Peak,
    Scenario,
    TargetOutcome,
)
from cityclimate.pathways.reach import lever_reach
from cityclimate.text import Text

#: Intensity indicators the model can evaluate → the column of ``totals`` that is their numerator.
INTENSITY_NUMERATORS = {
    "energy_intensity_reduction": "energy_tce",
    "co2_intensity_reduction": "energy_co2_t",
}
#: The intensity column of a pathway's totals for each intensity-reduction indicator.
INTENSITY_COLUMNS = {
    "energy_intensity_reduction": "energy_intensity_tce_per_10k_yuan",
    "co2_intensity_reduction": "co2_intensity_t_per_10k_yuan",
}
GDP_DRIVER = "gdp"
#: Sector of removals by sinks.
SINKS = "sinks"


@dataclass(frozen=True)
class PreparedModel:
    """A calibration and the levers turned into index arrays for :func:`simulate`.

    Built once by :func:`prepare_model`; it never changes afterwards. ``idle_levers``: the
    levers that reach nothing in this territory's calibration (empty ``lever_lines``), each
    with a note saying why (:mod:`cityclimate.pathways.reach`).
    """

    calibration: Calibration
    levers: tuple[Lever, ...]
    drivers: tuple[str, ...]
    line_driver_index: np.ndarray[tuple[int], np.dtype[np.intp]]
    intensity0: FloatArray
    fuel_share0: FloatArray
    factor_total: FloatArray
    process_total: FloatArray
    electricity: int
    natural_gas: int
    co2: int | None
    lever_lines: tuple[tuple[int, ...], ...]
    lever_from_fuels: tuple[tuple[int, ...], ...]
    lever_to: tuple[int, ...]
    sectors: tuple[str, ...]
    line_in_sector: FloatArray
    idle_levers: Mapping[str, Text] = field(default_factory=dict)


def prepare_model(
    calibration: Calibration, structure: PathwayStructure, levers: Mapping[str, Lever]
) -> PreparedModel:
    """Index arrays of the model (see :class:`PreparedModel`).

    Raises
    ------
    DataValidationError
        When a lever names a line the structure does not have or a fuel the reference data
        does not know; a lever on fuels or lines absent from the calibration reaches nothing
        and is noted in ``idle_levers`` instead (:func:`cityclimate.pathways.reach.lever_reach`).
    """
    cal = calibration
    drivers = tuple(structure.drivers)
    fi = {fuel: i for i, fuel in enumerate(cal.fuels)}
    reach = lever_reach(cal, levers)
    line_energy = cal.energy_tce.sum(axis=1)
    intensity0 = np.divide(
        line_energy, cal.driver_base, out=np.zeros_like(line_energy), where=cal.driver_base > 0
    )
    share0 = np.divide(
        cal.energy_tce,
        line_energy[:, None],
        out=np.zeros_like(cal.energy_tce),
        where=line_energy[:, None] > 0,
    )
    sectors = tuple(dict.fromkeys((*cal.line_sector, SINKS)))
    line_in_sector = np.array(
        [[1.0 if sector == s else 0.0 for s in sectors] for sector in cal.line_sector]
    )
    return PreparedModel(
        calibration=cal,
        levers=tuple(levers.values()),
        drivers=drivers,
        line_driver_index=np.array([drivers.index(d) for d in cal.line_driver], dtype=np.intp),
        intensity0=intensity0,
        fuel_share0=share0,
        factor_total=cal.emission_factor_t_per_tce.sum(axis=2),
        process_total=cal.process_co2e_t.sum(axis=1),
        electricity=fi[ELECTRICITY],
        natural_gas=fi.get("natural_gas", fi[NON_ENERGY]),
        co2=cal.gases.index("CO2") if "CO2" in cal.gases else None,
        lever_lines=reach.lines,
        lever_from_fuels=reach.from_fuels,
        lever_to=reach.to,
        sectors=sectors,
        line_in_sector=line_in_sector,
        idle_levers=reach.idle,
    )


@dataclass(frozen=True)
class KernelInputs:
    """Inputs of :func:`simulate` for *n* runs over *T* years.

    Attributes
    ----------
    growth:
        ``[n, T, driver]`` growth as a fraction per year (year 0 is ignored).
    intensity_rate:
        ``[n, line]`` autonomous intensity change, fraction per year.
    grid_rate:
        ``[n]`` change of the imported grid factor, fraction per year.
    effects:
        ``[n, T, lever]`` lever effects x.
    """

    growth: FloatArray
    intensity_rate: FloatArray
    grid_rate: FloatArray
    effects: FloatArray


@dataclass(frozen=True)
class KernelOutput:
    """Outputs of :func:`simulate` (equations in the module docstring).

    Attributes
    ----------
    activity:
        ``[n, T, line]`` D after mode shifts.
    energy_tce:
        ``[n, T, line, fuel]`` E.
    electricity_multiplier:
        ``[n, T]`` m_elec.
    process_scale:
        ``[n, T, line]`` P / P₀.
    removals_t:
        ``[n, T]`` R (t CO2, ≤ 0).
    gas_generation_mwh, local_generation_mwh:
        ``[n, T]`` G_gas and G_local.
    driver_index:
        ``[n, T, driver]`` Π (1 + growth).
    """

    activity: FloatArray
    energy_tce: FloatArray
    electricity_multiplier: FloatArray
    process_scale: FloatArray
    removals_t: FloatArray
    gas_generation_mwh: FloatArray
    local_generation_mwh: FloatArray
    driver_index: FloatArray


def simulate(model: PreparedModel, inputs: KernelInputs) -> KernelOutput:
    """Run the model for *n* parameter sets at once (equations in the module docstring)."""
    cal = model.calibration
    n, years, _ = inputs.effects.shape
    growth = inputs.growth.copy()
    growth[:, 0, :] = 0.0
    driver_index: FloatArray = np.cumprod(1.0 + growth, axis=1, dtype=np.float64)
    line_index: FloatArray = driver_index[:, :, model.line_driver_index]
    activity = cal.driver_base * line_index
    t = np.arange(years, dtype=np.float64)
    intensity = model.intensity0 * np.exp(
        np.log1p(inputs.intensity_rate)[:, None, :] * t[None, :, None]
    )
    process: FloatArray = line_index.copy()
    removals = np.full((n, years), cal.removals_t)
    gas_mwh = np.zeros((n, years))
    local_mwh = np.zeros((n, years))
    fuel_switches = []
    for k, lever in enumerate(model.levers):
        x = inputs.effects[:, :, k]
        if lever.kind.is_fraction:
            x = np.clip(x, 0.0, 1.0)
        lines = model.lever_lines[k]
        kind = lever.kind
        if kind is LeverKind.MODE_SHIFT:
            for line in lines:
                moved = activity[:, :, line] * x
                activity[:, :, line] -= moved
                activity[:, :, model.lever_to[k]] += moved * lever.parameters["activity_ratio"]
        elif kind in (LeverKind.INTENSITY, LeverKind.PUE_LIMIT):
            for line in lines:
                intensity[:, :, line] *= 1.0 - x
        elif kind is LeverKind.PROCESS_ABATEMENT:
            for line in lines:
                process[:, :, line] *= 1.0 - x
        elif kind is LeverKind.SINK:
            removals -= x * lever.parameters["removal_t_per_ha"]
        elif kind is LeverKind.LOCAL_GENERATION:
            local_mwh += x * lever.parameters["full_load_hours"]
        elif kind is LeverKind.GAS_GENERATION:
            if lines:  # no lines: no natural gas to burn here (reach.py), it generates nothing
                gas_mwh += x * lever.parameters["full_load_hours"]
        else:
            fuel_switches.append((k, x))
    energy = (activity * intensity)[:, :, :, None] * model.fuel_share0
    for k, lever in enumerate(model.levers):
        if lever.kind is LeverKind.GAS_GENERATION and model.lever_lines[k]:
            generated = inputs.effects[:, :, k] * lever.parameters["full_load_hours"]
            energy[:, :, model.lever_lines[k][0], model.natural_gas] += (
                generated * lever.parameters["heat_rate_tce_per_mwh"]
            )
    for k, x in fuel_switches:
        lever = model.levers[k]
        ratio = lever.parameters["energy_ratio"]
        for line in model.lever_lines[k]:
            for fuel in model.lever_from_fuels[k]:
                moved = energy[:, :, line, fuel] * x
                energy[:, :, line, fuel] -= moved
                energy[:, :, line, model.lever_to[k]] += moved * ratio
    demand_mwh = energy[:, :, :, model.electricity].sum(axis=2) / cal.kgce_per_kwh
    local_share = np.minimum(
        np.divide(
            gas_mwh + local_mwh, demand_mwh, out=np.zeros_like(demand_mwh), where=demand_mwh > 0
        ),
        1.0,
    )
    multiplier = np.exp(np.log1p(inputs.grid_rate)[:, None] * t[None, :]) * (1.0 - local_share)
    return KernelOutput(
        activity=activity,
        energy_tce=energy,
        electricity_multiplier=multiplier,
        process_scale=process,
        removals_t=removals,
        gas_generation_mwh=gas_mwh,
        local_generation_mwh=local_mwh,
        driver_index=driver_index,
    )


def gross_emissions(model: PreparedModel, out: KernelOutput) -> FloatArray:
    """Gross emissions ``[n, T]`` in t CO2e (all gases, without sinks)."""
    by_fuel = np.einsum("ntlf,lf->ntf", out.energy_tce, model.factor_total)
    by_fuel[:, :, model.electricity] *= out.electricity_multiplier
    result: FloatArray = by_fuel.sum(axis=2) + out.process_scale @ model.process_total
    return result


def net_by_sector(model: PreparedModel, out: KernelOutput) -> FloatArray:
    """Net emissions ``[n, T, sector]`` in t CO2e (sectors of :attr:`PreparedModel.sectors`;
    removals in ``sinks``); summed over sectors it is gross emissions + removals."""
    e = model.electricity
    factor = model.factor_total.copy()
    factor[:, e] = 0.0
    by_line = np.einsum("ntlf,lf->ntl", out.energy_tce, factor)
    by_line += (
        out.energy_tce[:, :, :, e]
        * model.factor_total[:, e]
        * out.electricity_multiplier[:, :, None]
    )
    by_line += out.process_scale * model.process_total
    result: FloatArray = by_line @ model.line_in_sector
    result[:, :, model.sectors.index(SINKS)] += out.removals_t
    return result


def energy_co2(model: PreparedModel, out: KernelOutput) -> FloatArray:
    """CO2 of energy use ``[n, T]`` in t (fuels and purchased electricity, no process)."""
    if model.co2 is None:
        return np.zeros(out.electricity_multiplier.shape)
    factor = model.calibration.emission_factor_t_per_tce[:, :, model.co2]
    by_fuel = np.einsum("ntlf,lf->ntf", out.energy_tce, factor)
    by_fuel[:, :, model.electricity] *= out.electricity_multiplier
    result: FloatArray = by_fuel.sum(axis=2)
    return result


def energy_use(model: PreparedModel, out: KernelOutput) -> FloatArray:
    """Energy use ``[n, T]`` in tce, gas-fired local electricity counted once."""
    result: FloatArray = (
        out.energy_tce.sum(axis=(2, 3)) - out.gas_generation_mwh * model.calibration.kgce_per_kwh
    )
    return result


def gdp(model: PreparedModel, out: KernelOutput, structure: PathwayStructure) -> FloatArray:
    """GDP ``[n, T]`` in 万元 at the base year's prices (the ``gdp`` driver)."""
    base = structure.drivers[GDP_DRIVER].base_value
    result: FloatArray = base * out.driver_index[:, :, model.drivers.index(GDP_DRIVER)]
    return result


def scenario_inputs(model: PreparedModel, scenario: Scenario) -> KernelInputs:
    """Kernel inputs (n = 1) of a scenario: growth by year, intensity and grid rates, levers."""
    years = list(scenario.years)
    growth = np.zeros((1, len(years), len(model.drivers)))
    for d, driver in enumerate(model.drivers):
        path = scenario.drivers[driver].growth_pct
        keys = sorted(path)
        for t, year in enumerate(years[1:], start=1):
            applicable = [k for k in keys if k <= year]
            growth[0, t, d] = path[applicable[-1]] / 100.0 if applicable else 0.0
    rates = np.array(
        [[scenario.intensity_change_pct.get(line, 0.0) / 100.0 for line in model.calibration.lines]]
    )
    return KernelInputs(
        growth=growth,
        intensity_rate=rates,
        grid_rate=np.array([scenario.grid_factor_change_pct / 100.0]),
        effects=lever_effects(model.levers, [scenario.levers], years),
    )


def find_peak(years: Sequence[int], gross_co2e_t: Sequence[float] | FloatArray) -> Peak:
    """Year and value of the highest gross emissions (the first if tied)."""
    values = np.asarray(gross_co2e_t, dtype=np.float64)
    i = int(np.argmax(values))
    return Peak(year=int(years[i]), co2e_t=float(values[i]), within_horizon=i < len(values) - 1)


def sector_peaks(emissions: pl.DataFrame) -> pl.DataFrame:
    """Peak of each sector's gross emissions: ``sector, peak_year, peak_co2e_t, within_horizon``.

    Parameters
    ----------
    emissions:
        ``year, sector, co2e_t`` rows (e.g. :attr:`PathwayResult.emissions`).
    """
    by_year = emissions.group_by("sector", "year").agg(pl.col("co2e_t").sum()).sort("year")
    rows = []
    for (sector,), part in by_year.group_by("sector", maintain_order=True):
        peak = find_peak(part["year"].to_list(), part["co2e_t"].to_numpy())
        rows.append(
            {
                "sector": sector,
                "peak_year": peak.year,
                "peak_co2e_t": peak.co2e_t,
                "within_horizon": peak.within_horizon,
            }
        )
    return pl.DataFrame(rows).sort("sector")


def target_outcomes(
    totals: pl.DataFrame, scenario: Scenario, definitions: Sequence[IndicatorDefinition]
) -> tuple[TargetOutcome, ...]:
    """When each intensity target is met, reading the indicator definitions.

    For each definition whose id is in :data:`INTENSITY_NUMERATORS` and which has a target (in
    the definition, or a city target in the scenario): reduction(y) = (1 − (N/GDP)_y /
    (N/GDP)_base) × 100 % with the definition's base year, evaluated and checked by
    :func:`cityclimate.indicators.evaluate_indicator` in the target year.
    """
    years = totals["year"].to_list()
    targets = {t.indicator_id: t for t in scenario.city_targets}
    out = []
    for definition in definitions:
        column = INTENSITY_NUMERATORS.get(definition.id)
        if column is None or not (
            definition.base_year in years and definition.target_year in years
        ):
            continue
        intensity = (totals[column] / totals["gdp_10k_yuan"]).to_list()
        reduction = cumulative_reduction_pct(
            dict(zip(years, intensity, strict=True)), definition.base_year
        )
        if not reduction:
            continue
        at_target = reduction[definition.target_year]
        evaluation = evaluate_indicator(
            definition,
            definition.target_year,
            IndicatorValue(definition.id, definition.target_year, at_target, "%"),
            city_target=targets.get(definition.id),
        )
        if evaluation.target_value is None:
            continue
        target = float(evaluation.target_value)
        met_years = [y for y, r in reduction.items() if y > definition.base_year and r >= target]
        out.append(
            TargetOutcome(
                indicator_id=definition.id,
                name_zh=definition.name_zh,
                name_en=definition.name_en,
                base_year=definition.base_year,
                target_year=definition.target_year,
                target_pct=target,
                target_source=evaluation.target_source,
                reduction_at_target_year_pct=at_target,
                met=at_target >= target,
                first_year_met=met_years[0] if met_years else None,
            )
        )
    return tuple(out)


def run_scenario(
    model: PreparedModel,
    structure: PathwayStructure,
    scenario: Scenario,
    definitions: Sequence[IndicatorDefinition] = (),
) -> PathwayResult:
    """Run one scenario: emissions by sector, line, fuel and gas per year, peak and targets.

    Parameters
    ----------
    model:
        From :func:`prepare_model`.
    structure:
        The model structure (GDP driver, line names).
    scenario:
        A validated scenario whose base year is the calibration year.
    definitions:
        Indicator definitions (:func:`cityclimate.indicators.load_liangjiang_indicators`); the
        energy- and CO2-intensity ones are evaluated.
    """
    cal = model.calibration
    if scenario.base_year != cal.base_year:
        raise DataValidationError(
            [
                Problem(
                    scenario.name,
                    None,
                    "horizon.base_year",
                    str(scenario.base_year),
                    f"基年须为清单年份 {cal.base_year}",
                    f"the base year must be the inventory year {cal.base_year}",
                )
            ]
        )
    out = simulate(model, scenario_inputs(model, scenario))
    years = list(scenario.years)
    emissions = _emissions_frame(model, out, years)
    energy = _long_frame(
        out.energy_tce[0], years, cal.lines, cal.fuels, cal.line_sector, "energy_tce"
    ).filter(pl.col("fuel") != NON_ENERGY)
    gross = gross_emissions(model, out)[0]
    totals = pl.DataFrame(
        {
            "year": years,
            "gross_co2e_t": gross,
            "removals_t": out.removals_t[0],
            "net_co2e_t": gross + out.removals_t[0],
            "energy_tce": energy_use(model, out)[0],
            "energy_co2_t": energy_co2(model, out)[0],
            "gdp_10k_yuan": gdp(model, out, structure)[0],
        },
        schema_overrides={"year": pl.Int32},
    ).with_columns(
        co2_intensity_t_per_10k_yuan=pl.col("energy_co2_t") / pl.col("gdp_10k_yuan"),
        energy_intensity_tce_per_10k_yuan=pl.col("energy_tce") / pl.col("gdp_10k_yuan"),
    )
    activity = pl.DataFrame(
        {
            "year": np.repeat(years, len(cal.lines)),
            "line": list(cal.lines) * len(years),
            "driver": list(cal.line_driver) * len(years),
            "activity": out.activity[0].ravel(),
        },
        schema_overrides={"year": pl.Int32},
    )
    base = np.array([structure.drivers[d].base_value for d in model.drivers])
    drivers = pl.DataFrame(
        {
            "year": np.repeat(years, len(model.drivers)),
            "driver": list(model.drivers) * len(years),
            "value": (out.driver_index[0] * base).ravel(),
        },
        schema_overrides={"year": pl.Int32},
    )
    return PathwayResult(
        scenario=scenario,
        emissions=emissions,
        energy=energy,
        totals=totals,
        drivers=drivers,
        activity=activity,
        peak=find_peak(years, gross),
        sector_peaks=sector_peaks(emissions),
        targets=target_outcomes(totals, scenario, definitions),
        idle_levers={
            lever_id: note
            for lever_id, note in model.idle_levers.items()
            if lever_id in scenario.levers and scenario.levers[lever_id].strength != 0.0
        },
    )


def _long_frame(
    values: FloatArray,
    years: Sequence[int],
    lines: Sequence[str],
    fuels: Sequence[str],
    sectors: Sequence[str],
    name: str,
) -> pl.DataFrame:
    """``[T, line, fuel]`` values as a long frame ``year, sector, line, fuel, <name>``."""
    t, nl, nf = values.shape
    return pl.DataFrame(
        {
            "year": np.repeat(np.asarray(years), nl * nf),
            "sector": np.tile(np.repeat(np.asarray(sectors), nf), t),
            "line": np.tile(np.repeat(np.asarray(lines), nf), t),
            "fuel": np.tile(np.asarray(fuels), t * nl),
            name: values.ravel(),
        },
        schema_overrides={"year": pl.Int32},
    )


def emissions_by_gas(model: PreparedModel, out: KernelOutput, run: int = 0) -> FloatArray:
    """Emissions ``[T, line, fuel, gas]`` of one run (t CO2e); process emissions in the
    :data:`~cityclimate.pathways.model.NON_ENERGY` fuel slot."""
    cal = model.calibration
    factor = np.broadcast_to(
        cal.emission_factor_t_per_tce,
        (out.energy_tce.shape[1], *cal.emission_factor_t_per_tce.shape),
    ).copy()
    factor[:, :, model.electricity, :] *= out.electricity_multiplier[run][:, None, None]
    c: FloatArray = out.energy_tce[run][:, :, :, None] * factor
    c[:, :, cal.fuels.index(NON_ENERGY), :] = (
        out.process_scale[run][:, :, None] * cal.process_co2e_t[None, :, :]
    )
    return c


def _emissions_frame(model: PreparedModel, out: KernelOutput, years: Sequence[int]) -> pl.DataFrame:
    cal = model.calibration
    c = emissions_by_gas(model, out)
    t, nl, nf, ng = c.shape
    frame = pl.DataFrame(
        {
            "year": np.repeat(np.asarray(years), nl * nf * ng),
            "sector": np.tile(np.repeat(np.asarray(cal.line_sector), nf * ng), t),
            "line": np.tile(np.repeat(np.asarray(cal.lines), nf * ng), t),
            "fuel": np.tile(np.repeat(np.asarray(cal.fuels), ng), t * nl),
            "gas": np.tile(np.asarray(cal.gases), t * nl * nf),
            "co2e_t": c.ravel(),
        },
        schema_overrides={"year": pl.Int32},
    )
    return frame.filter(pl.col("co2e_t") != 0.0)
