"""Activity normalisation: each record's quantity in its factor's activity unit, and energy in tce.

The multipliers from a record's unit to the unit its factor is stated in (once per distinct unit
pair; a fuel may be given in an energy unit through the factor's NCV), a record's measured CO2
factor in t per activity unit, and the energy use (tce) reported on fuel, electricity and heat
rows. Used by the emissions computation, the unit checks before it and the FOD records.
"""

from __future__ import annotations

import polars as pl

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.inventory.model import Method
from cityclimate.units import GJ_PER_TCE, conversion_factor, parse_unit


def apply_measured(rows: pl.DataFrame, where: str) -> pl.DataFrame:
    """Add ``measured_t_per_unit``: a record's measured CO2 factor in t per activity unit."""
    if rows["measured_factor"].null_count() == rows.height:  # none measured (null counts are kept)
        return rows.with_columns(measured_t_per_unit=pl.lit(None, pl.Float64))
    pairs = rows.filter(pl.col("measured_factor").is_not_null()).select(
        "measured_factor_unit", "activity_unit", "_row"
    )
    conversions: dict[tuple[str, str], float] = {}
    problems: list[Problem] = []
    for (unit, activity_unit), group in pairs.group_by(["measured_factor_unit", "activity_unit"]):
        numerator, _, denominator = str(unit).partition("/")
        try:
            # t of CO2 per measured denominator, times measured denominators per activity unit.
            conversions[(str(unit), str(activity_unit))] = conversion_factor(
                numerator or "t", "t"
            ) * conversion_factor(str(activity_unit), denominator or str(activity_unit))
        except UnitError as exc:
            problems += [
                Problem(
                    where, int(r), "measured_factor_unit", str(unit), exc.message_zh, exc.message_en
                )
                for r in group["_row"].head(200)
            ]
    if problems:
        raise DataValidationError(problems)
    table = pl.DataFrame(
        [(u, a, c) for (u, a), c in conversions.items()],
        schema={"measured_factor_unit": pl.String, "activity_unit": pl.String, "_conv": pl.Float64},
        orient="row",
    )
    return (
        rows.join(table, on=["measured_factor_unit", "activity_unit"], how="left", nulls_equal=True)
        .with_columns(measured_t_per_unit=pl.col("measured_factor") * pl.col("_conv"))
        .drop("_conv")
    )


def unit_multipliers(rows: pl.DataFrame, where: str, unit: str, target: str) -> pl.DataFrame:
    """Multiplier from each record's unit to its factor's activity unit, once per distinct pair.

    A fuel given in an energy unit (GJ, tce, …) while its factor is per physical unit is
    converted through the factor's NCV. Any other dimension mismatch is an error naming rows.
    """
    pairs = rows.select(unit, target, "ncv_gj_per_unit").unique()
    out = []
    problems: list[Problem] = []
    for from_unit, to_unit, ncv in pairs.iter_rows():
        try:
            if (
                ncv is not None
                and not same_dimension(from_unit, to_unit)
                and is_fuel_energy(from_unit)
            ):
                multiplier = conversion_factor(from_unit, "GJ") / ncv
            else:
                multiplier = conversion_factor(from_unit, to_unit)
        except UnitError as exc:
            bad = (
                rows.filter((pl.col(unit) == from_unit) & (pl.col(target) == to_unit))
                .unique("_row")
                .sort("_row")
            )
            problems += [
                Problem(
                    where,
                    r["_row"],
                    "unit",
                    from_unit,
                    f"{exc.message_zh}（{r['category']} / {r['fuel']} 的因子按 {to_unit} 计）",
                    f"{exc.message_en} ({r['category']} / {r['fuel']} has factors per {to_unit})",
                )
                for r in bad.head(200).iter_rows(named=True)
            ]
            continue
        out.append((from_unit, to_unit, ncv, multiplier))
    if problems:
        raise DataValidationError(problems)
    return pl.DataFrame(
        out,
        schema={
            unit: pl.String,
            target: pl.String,
            "ncv_gj_per_unit": pl.Float64,
            "multiplier": pl.Float64,
        },
        orient="row",
    )


def is_fuel_energy(unit: str) -> bool:
    """Whether a fuel may be given in this energy unit (J, kgce, tce and their multiples).

    Electricity units (Wh, kWh, MWh …) are refused for fuels on purpose: a kWh figure on a fuel
    row is almost always electricity put on the wrong row.
    """
    return (
        same_dimension(unit, "GJ")
        and "Wh" not in unit
        and "千瓦时" not in unit
        and "度" not in unit
    )


def same_dimension(unit_a: str, unit_b: str) -> bool:
    return bool(parse_unit(unit_a).dimensionality == parse_unit(unit_b).dimensionality)


def energy_tce(result: pl.DataFrame, method: Method) -> pl.Expr:
    """Energy use in tce on the CO2 row of fuel, electricity and heat records.

    Fuels: activity × NCV / 29.3076 GJ/tce (GB/T 2589). Electricity: calorific equivalent
    0.1229 kgce/kWh, or the year's generation equivalent (``method.electricity_basis``). Heat:
    GJ / 29.3076.
    """
    conv = refdata.energy_conversion()
    calorific = conv.filter(parameter="electricity_calorific")["value"].item()
    generation = dict(
        conv.filter(parameter="electricity_generation").select("year", "value").iter_rows()
    )
    if method.electricity_basis == "calorific":
        kgce_per_kwh = pl.lit(calorific)
    else:
        missing = set(
            result.filter(pl.col("category").str.starts_with("energy.electricity"))["year"]
        ) - set(generation)
        if missing:
            raise DataValidationError(
                [
                    Problem(
                        "refdata/data/energy_conversion.csv",
                        None,
                        "year",
                        ", ".join(map(str, sorted(missing))),
                        "缺少这些年份的发电煤耗（等价值）",
                        "no generation-equivalent coefficient for these years",
                    )
                ]
            )
        kgce_per_kwh = pl.col("year").replace_strict(
            generation, default=None, return_dtype=pl.Float64
        )
    category = pl.col("category")
    co2 = pl.col("gas") == "CO2"
    units = result["activity_unit"].unique().drop_nulls().to_list()
    to_kwh = {u: conversion_factor(u, "kWh") for u in units if same_dimension(u, "kWh")}
    to_gj = {u: kwh * 0.0036 for u, kwh in to_kwh.items()}  # 1 kWh = 3.6 MJ
    in_kwh = pl.col("activity_value") * pl.col("activity_unit").replace_strict(
        to_kwh, default=None, return_dtype=pl.Float64
    )
    in_gj = pl.col("activity_value") * pl.col("activity_unit").replace_strict(
        to_gj, default=None, return_dtype=pl.Float64
    )
    return (
        pl.when(co2 & category.str.starts_with("energy.electricity"))
        .then(in_kwh * kgce_per_kwh / 1000)
        .when(co2 & category.str.starts_with("energy.heat"))
        .then(in_gj / GJ_PER_TCE)
        .when(co2 & category.str.starts_with("energy.") & pl.col("ncv_gj_per_unit").is_not_null())
        .then(pl.col("activity_value") * pl.col("ncv_gj_per_unit") / GJ_PER_TCE)
        .otherwise(None)
    )
