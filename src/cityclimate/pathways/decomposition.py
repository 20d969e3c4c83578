"""LMDI-I additive decomposition of the change in emissions between two years.

Identity (sector i, fuel j; Ang 2005, "The LMDI approach to decomposition analysis: a practical
guide", Energy Policy 33(7): 867–871, Table 1, additive LMDI-I):

    C = Σ_ij Q · (Q_i/Q) · (E_i/Q_i) · (E_ij/E_i) · (C_ij/E_ij) = Σ_ij Q S_i I_i M_ij U_ij

with Q total activity (value added, 万元), S_i structure, I_i energy intensity (tce/万元), M_ij
fuel mix and U_ij emission factor (t CO2e/tce). Between years 0 and T:

    ΔC_x = Σ_ij L(C_ij^T, C_ij^0) · ln(x_ij^T / x_ij^0),   L(a, b) = (a − b)/(ln a − ln b), L(a, a) = a

for x ∈ {Q, S, I, M, U}. The decomposition is perfect: Σ_x ΔC_x = C^T − C^0 with no residual.

Zero values (a fuel appearing or disappearing, a zero emission factor): Ang & Liu (2007),
"Handling zero values in the logarithmic mean Divisia index decomposition approach", Energy
Policy 35(1): 238–246, replace zeros by a small δ and let δ → 0. We use the limits of that
small-value strategy directly (the analytical limits recommended by Wood & Lenzen 2006, "Zero-value
problems of the logarithmic mean Divisia index decomposition method", Energy Policy 34(12):
1326–1331), which keeps the sum exact: if C_ij^0 = C_ij^T = 0 every effect of
the cell is 0; if exactly one of them is 0, the whole C_ij^T − C_ij^0 goes to the first factor
(in the order Q, S, I, M, U) that is zero in that year (e.g. a new fuel: its mix effect), and
the other effects of the cell are 0.

Energy-related emissions only: process and waste emissions (no energy) are reported as a
separate ``non_energy`` term so that the total change is still reconciled exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.pathways.model import NON_ENERGY, FloatArray, PathwayResult, PathwayStructure
from cityclimate.text import Text

#: The effects, in the order of the identity.
EFFECTS = ("activity", "structure", "intensity", "fuel_mix", "emission_factor")
#: Names of the effects (and of the non-energy change shown beside them).
EFFECT_NAMES = {
    "activity": Text("经济规模效应", "Activity"),
    "structure": Text("产业结构效应", "Structure"),
    "intensity": Text("能源强度效应", "Energy intensity"),
    "fuel_mix": Text("能源结构效应", "Fuel mix"),
    "emission_factor": Text("排放因子效应", "Emission factor"),
    "non_energy": Text("非能源排放变化", "Non-energy emissions"),
}

#: Columns of a decomposition input: one row per sector and fuel.
INPUT_COLUMNS = ("sector", "fuel", "activity", "energy_tce", "co2e_t")


def logarithmic_mean(a: FloatArray, b: FloatArray) -> FloatArray:
    """L(a, b) = (a − b)/(ln a − ln b), with L(a, a) = a (a, b > 0)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    same = np.isclose(a, b, rtol=1e-12, atol=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(same, a, (a - b) / (np.log(a) - np.log(b)))
    result: FloatArray = out
    return result


def lmdi_effects(
    activity0: FloatArray,
    energy0: FloatArray,
    emissions0: FloatArray,
    activity1: FloatArray,
    energy1: FloatArray,
    emissions1: FloatArray,
) -> FloatArray:
    """The five LMDI-I effects (t CO2e), ``[effect, sector, fuel]``.

    Parameters
    ----------
    activity0, activity1:
        ``[sector]`` activity Q_i (万元) in the two years (≥ 0).
    energy0, energy1:
        ``[sector, fuel]`` energy E_ij (tce, ≥ 0).
    emissions0, emissions1:
        ``[sector, fuel]`` emissions C_ij (t CO2e, ≥ 0).

    Returns
    -------
    numpy.ndarray
        Effects in the order of :data:`EFFECTS`; summed over effects they equal C¹ − C⁰ cell by
        cell (zero handling in the module docstring).
    """
    factors = [
        _factors(activity0, energy0, emissions0),
        _factors(activity1, energy1, emissions1),
    ]
    c0 = np.asarray(emissions0, dtype=np.float64)
    c1 = np.asarray(emissions1, dtype=np.float64)
    out = np.zeros((len(EFFECTS), *c0.shape))
    both = (c0 > 0) & (c1 > 0)
    weight = np.where(both, logarithmic_mean(np.where(both, c1, 1.0), np.where(both, c0, 1.0)), 0.0)
    for k in range(len(EFFECTS)):
        x0, x1 = factors[0][k], factors[1][k]
        ok = both & (x0 > 0) & (x1 > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.log(np.where(ok, x1, 1.0)) - np.log(np.where(ok, x0, 1.0))
            out[k] = np.where(ok, weight * log_ratio, 0.0)
    # Small-value limits (Ang & Liu 2007): the change goes to the first vanishing factor.
    for zero_year, change in ((0, c1), (1, -c0)):
        cells = (c0 == 0) != (c1 == 0)
        cells &= (c0 == 0) if zero_year == 0 else (c1 == 0)
        assigned = np.zeros(c0.shape, dtype=bool)
        for k in range(len(EFFECTS)):
            first = cells & ~assigned & ~(factors[zero_year][k] > 0)
            out[k] = np.where(first, change, out[k])
            assigned |= first
        # A zero product with every factor positive cannot happen; guard for rounding.
        out[-1] = np.where(cells & ~assigned, change, out[-1])
    return out


def _factors(activity: FloatArray, energy: FloatArray, emissions: FloatArray) -> list[FloatArray]:
    """Q, S_i, I_i, M_ij, U_ij broadcast to ``[sector, fuel]`` (0 where undefined)."""
    q_i = np.asarray(activity, dtype=np.float64)
    e_ij = np.asarray(energy, dtype=np.float64)
    c_ij = np.asarray(emissions, dtype=np.float64)
    shape = e_ij.shape
    q = np.full(shape, q_i.sum())
    e_i = e_ij.sum(axis=1)

    def ratio(a: FloatArray, b: FloatArray) -> FloatArray:
        result: FloatArray = np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b > 0)
        return result

    s = np.broadcast_to(ratio(q_i, q_i.sum() * np.ones_like(q_i))[:, None], shape)
    i = np.broadcast_to(ratio(e_i, q_i)[:, None], shape)
    m = ratio(e_ij, np.broadcast_to(e_i[:, None], shape))
    u = ratio(c_ij, e_ij)
    return [q, s, i, m, u]


@dataclass(frozen=True)
class Decomposition:
    """An LMDI-I decomposition between two years.

    Attributes
    ----------
    start_year, end_year:
        The two years.
    start_co2e_t, end_co2e_t:
        Gross emissions (energy and non-energy, t CO2e).
    effects:
        ``effect, effect_zh, co2e_t``: the five effects and ``non_energy``; they sum to
        ``end_co2e_t − start_co2e_t``.
    by_sector:
        ``sector, effect, co2e_t``.
    """

    start_year: int
    end_year: int
    start_co2e_t: float
    end_co2e_t: float
    effects: pl.DataFrame
    by_sector: pl.DataFrame


def decompose(
    start: pl.DataFrame,
    end: pl.DataFrame,
    *,
    start_year: int,
    end_year: int,
    non_energy_start_t: float = 0.0,
    non_energy_end_t: float = 0.0,
) -> Decomposition:
    """Decompose the change of energy-related emissions from ``start`` to ``end`` (LMDI-I).

    Parameters
    ----------
    start, end:
        Frames with :data:`INPUT_COLUMNS`: ``activity`` is the sector's value added (万元, the
        same on every row of a sector), ``energy_tce`` and ``co2e_t`` per sector and fuel.
    start_year, end_year:
        Labels of the two years.
    non_energy_start_t, non_energy_end_t:
        Process and waste emissions (t CO2e), reported as the ``non_energy`` term.

    Raises
    ------
    DataValidationError
        When a column is missing, or a value is negative.
    """
    problems = [
        Problem(where, None, column, "", "缺少该列", "column missing")
        for where, frame in (("start", start), ("end", end))
        for column in INPUT_COLUMNS
        if column not in frame.columns
    ]
    for where, frame in (("start", start), ("end", end)):
        for column in ("activity", "energy_tce", "co2e_t"):
            if column in frame.columns and (frame[column] < 0).any():
                problems.append(
                    Problem(
                        where,
                        None,
                        column,
                        str(frame[column].min()),
                        "LMDI 输入须非负（碳汇请单列）",
                        "LMDI inputs must not be negative (report sinks separately)",
                    )
                )
    if not problems:
        for where, frame in (("start", start), ("end", end)):
            if (frame.filter((pl.col("co2e_t") > 0) & (pl.col("energy_tce") <= 0))).height:
                problems.append(
                    Problem(
                        where,
                        None,
                        "co2e_t",
                        "",
                        "无能源消费的排放须作为非能源排放单列（non_energy）",
                        "emissions without energy use belong in the non_energy term",
                    )
                )
            if (frame.filter((pl.col("energy_tce") > 0) & (pl.col("activity") <= 0))).height:
                problems.append(
                    Problem(
                        where,
                        None,
                        "activity",
                        "",
                        "有能源消费的部门须有正的活动水平（增加值）",
                        "a sector that uses energy needs a positive activity (value added)",
                    )
                )
    if problems:
        raise DataValidationError(problems)
    sectors = sorted(set(start["sector"]) | set(end["sector"]))
    fuels = sorted(set(start["fuel"]) | set(end["fuel"]))
    arrays = [_arrays(frame, sectors, fuels) for frame in (start, end)]
    effects = lmdi_effects(*arrays[0], *arrays[1])
    non_energy = non_energy_end_t - non_energy_start_t
    totals = effects.sum(axis=(1, 2))
    effect_rows = pl.DataFrame(
        {
            "effect": [*EFFECTS, "non_energy"],
            "effect_zh": [EFFECT_NAMES[e].zh for e in (*EFFECTS, "non_energy")],
            "co2e_t": [*totals.tolist(), non_energy],
        }
    )
    by_sector = pl.DataFrame(
        {
            "sector": np.tile(np.asarray(sectors), len(EFFECTS)),
            "effect": np.repeat(np.asarray(EFFECTS), len(sectors)),
            "co2e_t": effects.sum(axis=2).ravel(),
        }
    )
    return Decomposition(
        start_year=start_year,
        end_year=end_year,
        start_co2e_t=float(arrays[0][2].sum()) + non_energy_start_t,
        end_co2e_t=float(arrays[1][2].sum()) + non_energy_end_t,
        effects=effect_rows,
        by_sector=by_sector,
    )


def _arrays(
    frame: pl.DataFrame, sectors: list[str], fuels: list[str]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    si = {s: i for i, s in enumerate(sectors)}
    fi = {f: i for i, f in enumerate(fuels)}
    activity = np.zeros(len(sectors))
    energy = np.zeros((len(sectors), len(fuels)))
    emissions = np.zeros((len(sectors), len(fuels)))
    for row in frame.iter_rows(named=True):
        i, j = si[row["sector"]], fi[row["fuel"]]
        activity[i] = row["activity"]
        energy[i, j] += row["energy_tce"]
        emissions[i, j] += row["co2e_t"]
    return activity, energy, emissions


def inventory_input(
    emissions: pl.DataFrame, sector_value_added: pl.DataFrame, year: int
) -> tuple[pl.DataFrame, float]:
    """Decomposition input of one inventory year, and its non-energy emissions (t CO2e).

    Parameters
    ----------
    emissions:
        Record-level emissions of :func:`cityclimate.inventory.compute_emissions`.
    sector_value_added:
        ``year, sector, value_added_10k_yuan`` (e.g.
        :func:`cityclimate.pathways.structure.load_sector_value_added`).
    year:
        The inventory year.

    Raises
    ------
    DataValidationError
        When a sector with energy use has no value added for ``year``.
    """
    rows = emissions.filter((pl.col("year") == year) & (pl.col("sector") != "sinks"))
    energy_rows = rows.filter(pl.col("category").str.starts_with("energy."))
    non_energy = float(rows["co2e_t"].sum()) - float(energy_rows["co2e_t"].sum())
    grouped = energy_rows.group_by("sector", "fuel").agg(
        energy_tce=pl.col("energy_tce").fill_null(0.0).sum(), co2e_t=pl.col("co2e_t").sum()
    )
    added = sector_value_added.filter(pl.col("year") == year).select(
        "sector", activity=pl.col("value_added_10k_yuan").cast(pl.Float64)
    )
    frame = grouped.join(added, on="sector", how="left")
    missing = frame.filter(pl.col("activity").is_null())["sector"].unique().sort().to_list()
    if missing:
        raise DataValidationError(
            [
                Problem(
                    "sector_value_added",
                    None,
                    "sector",
                    sector,
                    f"缺少该部门 {year} 年的增加值",
                    f"value added of this sector in {year} is missing",
                )
                for sector in missing
            ]
        )
    return frame.select(INPUT_COLUMNS), non_energy


def pathway_input(
    result: PathwayResult, structure: PathwayStructure, year: int
) -> tuple[pl.DataFrame, float]:
    """Decomposition input of one modelled year, and its non-energy emissions (t CO2e).

    Sector activity = value-added driver × share (``sectors.csv`` of the structure).
    """
    emissions = result.emissions.filter(pl.col("year") == year)
    non_energy = float(emissions.filter(pl.col("fuel") == NON_ENERGY)["co2e_t"].sum())
    co2e = (
        emissions.filter(pl.col("fuel") != NON_ENERGY)
        .group_by("sector", "fuel")
        .agg(pl.col("co2e_t").sum())
    )
    energy = (
        result.energy.filter(pl.col("year") == year)
        .group_by("sector", "fuel")
        .agg(pl.col("energy_tce").sum())
    )
    values = dict(
        result.drivers.filter(pl.col("year") == year).select("driver", "value").iter_rows()
    )
    added = structure.sector_value_added.select(
        "sector",
        activity=pl.col("value_added_driver").replace_strict(values, return_dtype=pl.Float64)
        * pl.col("share_of_driver"),
    )
    frame = (
        energy.join(co2e, on=["sector", "fuel"], how="full", coalesce=True)
        .fill_null(0.0)
        .join(added, on="sector", how="inner")
        .filter((pl.col("energy_tce") > 0) | (pl.col("co2e_t") > 0))
    )
    return frame.select(INPUT_COLUMNS), non_energy
