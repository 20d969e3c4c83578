"""Summary figures of an inventory: totals, breakdowns, energy use, intensity, per capita, fossil mix.

All functions take the record-level emissions table of
:func:`~cityclimate.inventory.engine.compute_emissions` and return Polars DataFrames with the
unit in each column name (``co2e_t`` in t CO2e, ``energy_tce`` in tce, ``gdp_10k_yuan`` in 万元).
*Gross* emissions exclude removals by sinks; *net* adds them (removals are negative).
"""

from __future__ import annotations

import polars as pl

from cityclimate import refdata

_IS_SINK = pl.col("sector") == "sinks"

#: Columns of the socio-economic input: GDP at constant prices of ``gdp_price_base_year``.
SOCIOECONOMIC_COLUMNS = ("territory", "year", "gdp_10k_yuan", "gdp_price_base_year", "population")


def breakdown(
    emissions: pl.DataFrame, by: str | list[str], *, include_sinks: bool = False
) -> pl.DataFrame:
    """Emissions in t CO2e by territory, year and the given column(s), largest first.

    Parameters
    ----------
    by:
        Any column(s) of the emissions table: ``sector``, ``sub_area``, ``gas``, ``fuel``,
        ``scope``, ``category`` …
    include_sinks:
        Whether removals are included (as negative values).
    """
    columns = [by] if isinstance(by, str) else list(by)
    rows = emissions if include_sinks else emissions.filter(~_IS_SINK)
    return (
        rows.group_by(["territory", "year", *columns])
        .agg(co2e_t=pl.col("co2e_t").sum(), emission_t=pl.col("emission_t").sum())
        .sort(["territory", "year", "co2e_t"], descending=[False, False, True])
    )


def energy_use(emissions: pl.DataFrame) -> pl.DataFrame:
    """Energy use in tce by territory, year, fuel and fossil group (coal, oil, gas, electricity, heat).

    Computed from the activity of fuel, electricity and heat records (``energy_tce``), not from
    emissions. Electricity is in the basis the method chose (calorific or generation equivalent).
    """
    groups = refdata.fuels().select("fuel", "fossil_group")
    return (
        emissions.filter(pl.col("energy_tce").is_not_null())
        .join(groups, on="fuel", how="left")
        .group_by(["territory", "year", "fossil_group", "fuel"])
        .agg(energy_tce=pl.col("energy_tce").sum())
        .sort(["territory", "year", "energy_tce"], descending=[False, False, True])
    )


def summary_figures(
    emissions: pl.DataFrame, socioeconomic: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The headline figures per territory and year.

    Returns
    -------
    polars.DataFrame
        ``gross_co2e_t`` (all sources, without removals), ``removals_co2e_t`` (≤ 0),
        ``net_co2e_t``, ``scope1_co2e_t``, ``scope2_co2e_t``, ``energy_tce``, ``fossil_tce``,
        ``fossil_share`` (fossil / total energy), ``coal_share``, ``oil_share``, ``gas_share``
        (of fossil energy), ``electricity_co2e_share`` (share of gross from purchased
        electricity) and, when ``socioeconomic`` is given,
        ``intensity_t_per_10k_yuan`` = gross / GDP (t CO2e per 万元 at constant prices of
        ``gdp_price_base_year``) and ``per_capita_t`` = gross / population (t CO2e/person).
    """
    gross = (
        emissions.group_by(["territory", "year"])
        .agg(
            gross_co2e_t=pl.col("co2e_t").filter(~_IS_SINK).sum(),
            removals_co2e_t=pl.col("co2e_t").filter(_IS_SINK).sum(),
            scope1_co2e_t=pl.col("co2e_t").filter(~_IS_SINK & (pl.col("scope") == 1)).sum(),
            scope2_co2e_t=pl.col("co2e_t").filter(pl.col("scope") == 2).sum(),
            electricity_co2e_t=pl.col("co2e_t")
            .filter(pl.col("category").str.starts_with("energy.electricity"))
            .sum(),
        )
        .with_columns(net_co2e_t=pl.col("gross_co2e_t") + pl.col("removals_co2e_t"))
    )
    energy = energy_use(emissions)
    fossil = pl.col("fossil_group").is_in(["coal", "oil", "gas"])
    mix = energy.group_by(["territory", "year"]).agg(
        energy_tce=pl.col("energy_tce").sum(),
        fossil_tce=pl.col("energy_tce").filter(fossil).sum(),
        coal_tce=pl.col("energy_tce").filter(pl.col("fossil_group") == "coal").sum(),
        oil_tce=pl.col("energy_tce").filter(pl.col("fossil_group") == "oil").sum(),
        gas_tce=pl.col("energy_tce").filter(pl.col("fossil_group") == "gas").sum(),
    )
    out = gross.join(mix, on=["territory", "year"], how="left").with_columns(
        fossil_share=pl.col("fossil_tce") / pl.col("energy_tce"),
        coal_share=pl.col("coal_tce") / pl.col("fossil_tce"),
        oil_share=pl.col("oil_tce") / pl.col("fossil_tce"),
        gas_share=pl.col("gas_tce") / pl.col("fossil_tce"),
        electricity_co2e_share=pl.col("electricity_co2e_t") / pl.col("gross_co2e_t"),
    )
    if socioeconomic is not None:
        socio = socioeconomic.select(SOCIOECONOMIC_COLUMNS).with_columns(
            pl.col("year").cast(pl.Int32)
        )
        out = out.join(socio, on=["territory", "year"], how="left").with_columns(
            intensity_t_per_10k_yuan=pl.col("gross_co2e_t") / pl.col("gdp_10k_yuan"),
            per_capita_t=pl.col("gross_co2e_t") / pl.col("population"),
        )
    return out.sort(["territory", "year"])
