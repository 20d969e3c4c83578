"""Factor matching: the factor each (territory, sub-area, year, category, fuel) key gets, applied.

The compiled composite factors of a method (cached), the fuels and materials each calculator
knows, and the emissions of the records computed by factor × activity (every calculator but the
landfill first-order decay), with the factor's lineage on each row.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from cityclimate import refdata
from cityclimate.errors import Problem
from cityclimate.inventory.factors import compile_factors, select_factors
from cityclimate.inventory.model import Method
from cityclimate.inventory.unit_conversion import apply_measured, unit_multipliers

KEY_COLUMNS = ["territory", "sub_area", "year", "category", "fuel"]


@lru_cache(maxsize=32)
def compiled_factors(method: Method) -> pl.DataFrame:
    return compile_factors(method)


def known_materials(factors: pl.DataFrame, method: Method) -> dict[str, list[str]]:
    """The fuel and material codes each calculator has factors (or FOD parameters) for."""
    if factors is compiled_factors(method):  # the method's shipped factors: listed once
        return {calculator: list(codes) for calculator, codes in _shipped_known(method).items()}
    return _known(factors, method)


@lru_cache(maxsize=32)
def _shipped_known(method: Method) -> dict[str, list[str]]:
    return _known(compiled_factors(method), method)


def _known(factors: pl.DataFrame, method: Method) -> dict[str, list[str]]:
    known: dict[str, list[str]] = {
        str(calculator): sorted(set(group["material"].to_list()))
        for (calculator,), group in factors.group_by("calculator")
    }
    waste = refdata.waste_parameters().filter(factor_set=method.waste, parameter="doc")
    known["fod"] = sorted(set(waste["material"].to_list()))
    return known


def regular_emissions(
    acts: pl.DataFrame,
    factors: pl.DataFrame,
    chain: pl.DataFrame,
    categories: pl.DataFrame,
    method: Method,
    where: str,
    missing: list[Problem],
) -> pl.DataFrame:
    """Emissions of the non-FOD records; keys without a factor go to ``missing``."""
    keys = acts.group_by(KEY_COLUMNS).agg(
        first_row=pl.col("_row").min(), first_record=pl.col("record_id").first()
    )
    chosen = select_factors(
        keys,
        factors,
        chain,
        categories,
        nearest_year=method.nearest_year,
        where=where,
        problems=missing,
    )
    chosen = chosen.select(
        *KEY_COLUMNS,
        "gas",
        "factor_id",
        "factor_set",
        "value",
        "activity_unit",
        "ncv_gj_per_unit",
        "abatement_dre",
        "source",
        "factor_level",
        "selection_reason",
    )
    rows = acts.join(chosen, on=KEY_COLUMNS, how="inner", nulls_equal=True)
    multipliers = unit_multipliers(rows, where, "unit", "activity_unit")
    rows = rows.join(
        multipliers, on=["unit", "activity_unit", "ncv_gj_per_unit"], how="left", nulls_equal=True
    )
    measured = pl.col("measured_factor").is_not_null() & (pl.col("gas") == "CO2")
    rows = apply_measured(rows, where)
    activity_value = pl.col("quantity") * pl.col("multiplier")
    abated = 1 - pl.col("abatement_fraction").fill_null(0) * pl.col("abatement_dre").fill_null(0)
    return rows.with_columns(
        activity_value=activity_value,
        factor_value=pl.when(measured)
        .then(pl.col("measured_t_per_unit"))
        .otherwise(pl.col("value")),
        factor_id=pl.when(measured)
        .then(pl.format("measured:{}", pl.col("record_id")))
        .otherwise(pl.col("factor_id")),
        factor_level=pl.when(measured).then(pl.lit("measured")).otherwise(pl.col("factor_level")),
        factor_source=pl.when(measured)
        .then(pl.coalesce("data_source", pl.lit("measured")))
        .otherwise(pl.col("source")),
        selection_reason=pl.when(measured)
        .then(
            pl.format(
                "measured factor on the record ({} {})",
                pl.col("measured_factor"),
                pl.col("measured_factor_unit"),
            )
        )
        .otherwise(pl.col("selection_reason")),
    ).with_columns(emission_t=pl.col("activity_value") * pl.col("factor_value") * abated)
