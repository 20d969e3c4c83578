"""The same results in three reporting frameworks: China's provincial guideline, IPCC 2006, GPC.

Each category of the inventory maps to exactly one code in each framework
(``refdata/data/categories.csv``), so every framework's rows add up to the same total.
Purchased electricity and heat (scope 2) sit in IPCC's memo items (M.1, M.2): IPCC territorial
totals exclude them, and the table marks such rows with ``in_framework_total = False``.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from cityclimate import refdata

Framework = Literal["cn", "ipcc", "gpc"]
FRAMEWORKS: tuple[Framework, ...] = ("cn", "ipcc", "gpc")


def by_framework(
    emissions: pl.DataFrame, framework: Framework, categories: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Emissions in t CO2e by territory, year and the framework's category code, with names.

    Columns: ``territory, year, code, name, gas, co2e_t, in_framework_total``. For GPC,
    ``in_framework_total`` follows BASIC (``gpc_basic``); for IPCC, memo items are excluded;
    for China's guideline every row counts.
    """
    cats = refdata.categories() if categories is None else categories
    code, name = f"{framework}_code", f"{framework}_name"
    if framework == "gpc":
        counted = pl.col("gpc_basic")
    elif framework == "ipcc":
        counted = ~pl.col("ipcc_code").str.starts_with("M.")
    else:
        counted = pl.lit(True)
    mapping = cats.select(
        pl.col("code").alias("category"),
        pl.col(code).alias("code"),
        pl.col(name).alias("name"),
        counted.alias("in_framework_total"),
    )
    return (
        emissions.join(mapping, on="category", how="left")
        .group_by(["territory", "year", "code", "name", "gas", "in_framework_total"])
        .agg(co2e_t=pl.col("co2e_t").sum())
        .sort(["territory", "year", "code", "gas"])
    )
