"""The model structure of a territory and its calibration to the base-year inventory.

The structure (``data/<name>/``: ``drivers.csv``, ``lines.csv``, ``allocation.csv``,
``sectors.csv``) says which activity drives each line and how the inventory's records
(category × fuel) split over lines. :func:`calibrate` turns one inventory year into the model's
base year:

    E₀[l, f] = Σ energy_tce of the records allocated to line l and fuel f          (tce)
    EF[l, f, g] = C₀[l, f, g] / E₀[l, f]                                         (t CO2e/tce)
    I₀[l] = Σ_f E₀[l, f] / D₀[l]                        (tce per unit of the line's driver)

so the model's base year reproduces the inventory by sector, fuel and gas exactly (a test).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from importlib import resources

import numpy as np
import polars as pl

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.pathways.levers import load_hydrogen_factor
from cityclimate.pathways.model import (
    ELECTRICITY,
    NON_ENERGY,
    Calibration,
    Driver,
    Line,
    PathwayStructure,
)

SINKS = "sinks"
HYDROGEN = "hydrogen"


def _read_csv(name: str, folder: str) -> pl.DataFrame:
    text = resources.files("cityclimate.pathways").joinpath("data", folder, name).read_text("utf-8")
    return pl.read_csv(io.StringIO(text))


def load_structure(name: str = "liangjiang") -> PathwayStructure:
    """Return a shipped model structure (``data/<name>/``); the Liangjiang one is ILLUSTRATIVE."""
    drivers = {
        row["driver"]: Driver(
            id=row["driver"],
            unit=row["unit"],
            base_year=int(row["base_year"]),
            base_value=float(row["base_value"]),
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            illustrative=bool(row["illustrative"]),
            source=row["source"],
        )
        for row in _read_csv("drivers.csv", name).iter_rows(named=True)
    }
    lines = {
        row["line"]: Line(
            id=row["line"],
            sector=row["sector"],
            driver=row["driver"],
            energy=bool(row["energy"]),
            name_zh=row["name_zh"],
            name_en=row["name_en"],
        )
        for row in _read_csv("lines.csv", name).iter_rows(named=True)
    }
    hydrogen, hydrogen_source = load_hydrogen_factor()
    return PathwayStructure(
        name=name,
        drivers=drivers,
        lines=lines,
        allocation=_read_csv("allocation.csv", name),
        sector_value_added=_read_csv("sectors.csv", name),
        hydrogen_co2_t_per_tce=hydrogen,
        hydrogen_source=hydrogen_source,
    )


def load_sector_value_added(name: str = "liangjiang") -> pl.DataFrame:
    """Sector value added (万元) of inventory years shipped with a structure (for LMDI).

    Columns ``year, sector, value_added_10k_yuan, source``. The Liangjiang values are
    ILLUSTRATIVE (the plan publishes no sectoral value added).
    """
    return _read_csv("sector_value_added.csv", name).with_columns(pl.col("year").cast(pl.Int32))


def allocate(emissions: pl.DataFrame, structure: PathwayStructure) -> pl.DataFrame:
    """Split inventory rows over the structure's lines (columns ``line``, ``share`` added).

    The most specific allocation rule wins: exact category before a ``prefix*`` rule, exact fuel
    before ``*``. Quantities ``energy_tce`` and ``co2e_t`` are multiplied by the share.

    Raises
    ------
    DataValidationError
        When a category × fuel of the inventory has no rule, or its shares do not sum to 1.
    """
    rules = structure.allocation.with_columns(
        prefix=pl.col("category").str.ends_with("*"),
        stem=pl.col("category").str.strip_chars_end("*"),
    )
    keys = emissions.select("category", "fuel").unique()
    matched = (
        keys.join(rules.rename({"category": "rule", "fuel": "rule_fuel"}), how="cross")
        .filter(
            pl.when(pl.col("prefix"))
            .then(pl.col("category").str.starts_with(pl.col("stem")))
            .otherwise(pl.col("category") == pl.col("rule"))
            & ((pl.col("rule_fuel") == "*") | (pl.col("rule_fuel") == pl.col("fuel")))
        )
        .with_columns(
            priority=(~pl.col("prefix")).cast(pl.Int8) * 2
            + (pl.col("rule_fuel") != "*").cast(pl.Int8)
        )
    )
    best = matched.filter(pl.col("priority") == pl.col("priority").max().over("category", "fuel"))
    problems = [
        Problem(
            f"allocation.csv ({structure.name})",
            None,
            "category",
            f"{row['category']} / {row['fuel']}",
            "清单中该类别与燃料没有分配到任何模型行：请在 allocation.csv 中补充",
            "no rule allocates this inventory category and fuel to a model line: add one to "
            "allocation.csv",
        )
        for row in keys.join(best, on=["category", "fuel"], how="anti").iter_rows(named=True)
    ]
    sums = best.group_by("category", "fuel").agg(pl.col("share").sum())
    problems += [
        Problem(
            f"allocation.csv ({structure.name})",
            None,
            "share",
            f"{row['category']} / {row['fuel']}: {row['share']:g}",
            "同一类别与燃料的分配比例之和须为1",
            "the shares of one category and fuel must sum to 1",
        )
        for row in sums.filter((pl.col("share") - 1.0).abs() > 1e-9).iter_rows(named=True)
    ]
    unknown = set(best["line"].unique()) - set(structure.lines)
    problems += [
        Problem(
            f"allocation.csv ({structure.name})", None, "line", line, "未知的模型行", "unknown line"
        )
        for line in sorted(unknown)
    ]
    if problems:
        raise DataValidationError(problems)
    return emissions.join(best.select("category", "fuel", "line", "share"), on=["category", "fuel"])


def calibrate(
    emissions: pl.DataFrame,
    structure: PathwayStructure,
    year: int,
    *,
    extra_fuels: Iterable[str] = (),
) -> Calibration:
    """The model's base year from an inventory year (equations in the module docstring).

    Parameters
    ----------
    emissions:
        Record-level emissions of :func:`cityclimate.inventory.compute_emissions` (one
        territory).
    structure:
        The model structure.
    year:
        The inventory year to use as base year; every driver's base year must be this year.
    extra_fuels:
        Fuels levers switch to that the inventory may not have (e.g. hydrogen).

    Raises
    ------
    DataValidationError
        When the inventory has no rows for ``year``, a driver's base year differs, or the
        allocation does not cover the inventory.
    """
    rows = emissions.filter(pl.col("year") == year)
    problems = []
    if rows.is_empty():
        problems.append(
            Problem(
                "inventory",
                None,
                "year",
                str(year),
                "清单中没有该年的数据",
                "the inventory has no rows for this year",
            )
        )
    problems += [
        Problem(
            f"drivers.csv ({structure.name})",
            None,
            f"{d.id}.base_year",
            str(d.base_year),
            f"驱动因素的基年须为清单年份 {year}",
            f"the driver's base year must be the inventory year {year}",
        )
        for d in structure.drivers.values()
        if d.base_year != year
    ]
    if problems:
        raise DataValidationError(problems)
    allocated = allocate(rows, structure).with_columns(
        energy_tce=pl.col("energy_tce").fill_null(0.0) * pl.col("share"),
        co2e_t=pl.col("co2e_t") * pl.col("share"),
    )
    line_ids = tuple(structure.lines)
    energy_line = {lid: structure.lines[lid].energy for lid in line_ids}
    sink_line = {lid: structure.lines[lid].sector == SINKS for lid in line_ids}
    allocated = allocated.with_columns(
        fuel=pl.when(pl.col("line").replace_strict(energy_line, return_dtype=pl.Boolean))
        .then(pl.col("fuel"))
        .otherwise(pl.lit(NON_ENERGY))
    )
    is_sink = pl.col("line").replace_strict(sink_line, return_dtype=pl.Boolean)
    removals = float(allocated.filter(is_sink)["co2e_t"].sum())
    sources = allocated.filter(~is_sink)
    energy_fuels = sorted(
        set(sources.filter(pl.col("fuel") != NON_ENERGY)["fuel"].unique())
        | {ELECTRICITY, HYDROGEN}
        | set(extra_fuels)
    )
    fuels = (*energy_fuels, NON_ENERGY)
    gases = tuple(sorted(sources["gas"].unique()))
    li = {lid: i for i, lid in enumerate(line_ids)}
    fi = {f: i for i, f in enumerate(fuels)}
    gi = {g: i for i, g in enumerate(gases)}
    energy = np.zeros((len(line_ids), len(fuels)))
    co2e = np.zeros((len(line_ids), len(fuels), len(gases)))
    for row in (
        sources.group_by("line", "fuel", "gas")
        .agg(pl.col("energy_tce").sum(), pl.col("co2e_t").sum())
        .iter_rows(named=True)
    ):
        energy[li[row["line"]], fi[row["fuel"]]] += row["energy_tce"]
        co2e[li[row["line"]], fi[row["fuel"]], gi[row["gas"]]] += row["co2e_t"]
    factor = np.zeros_like(co2e)
    used = energy > 0
    factor[used] = co2e[used] / energy[used][:, None]
    fuel_energy = energy.sum(axis=0)
    average = np.divide(
        co2e.sum(axis=0),
        fuel_energy[:, None],
        out=np.zeros((len(fuels), len(gases))),
        where=fuel_energy[:, None] > 0,
    )
    if "CO2" in gi:
        average[fi[HYDROGEN], gi["CO2"]] = structure.hydrogen_co2_t_per_tce
    factor = np.where(used[:, :, None], factor, average[None, :, :])
    factor[:, fi[NON_ENERGY], :] = 0.0
    kgce_per_kwh = float(
        refdata.energy_conversion().filter(parameter="electricity_calorific")["value"].item()
    )
    return Calibration(
        base_year=year,
        lines=line_ids,
        fuels=fuels,
        gases=gases,
        line_sector=tuple(structure.lines[lid].sector for lid in line_ids),
        line_driver=tuple(structure.lines[lid].driver for lid in line_ids),
        driver_base=np.array(
            [structure.drivers[structure.lines[lid].driver].base_value for lid in line_ids]
        ),
        energy_tce=energy,
        emission_factor_t_per_tce=factor,
        process_co2e_t=co2e[:, fi[NON_ENERGY], :].copy(),
        removals_t=removals,
        kgce_per_kwh=kgce_per_kwh,
    )
