"""Indicator inputs from the GHG inventory: energy use and emissions by year, and the three
intensity indicators derived from them (plan Table 1 rows 1, 2 and 4).

The inventory engine (:func:`cityclimate.inventory.compute_emissions`) gives record-level
emissions; :func:`cityclimate.inventory.summary_figures` and
:func:`cityclimate.inventory.breakdown` sum them. From those:

- energy consumption = ``energy_tce`` of the summary (fuels, electricity and heat at the
  method's electricity basis), tce;
- CO2 emissions = gross emissions without removals, t CO2e (``basis="co2e"``, the plan's own
  headline: 724.42 万t "CO2" in 2020 is the gross CO2e of all sources), or the CO2 gas only
  (``basis="co2"``);
- industrial CO2 = the same for the ``industry`` sector (direct combustion, processes and the
  indirect emissions of the electricity industry buys).

GDP and industrial value added are inputs at constant prices
(:class:`~cityclimate.indicators.model.AnnualSeries` with ``price_base_year``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.derived import (
    co2_intensity_reduction,
    energy_intensity_reduction,
    industrial_co2_intensity_reduction,
)
from cityclimate.indicators.model import AnnualSeries, IndicatorValue
from cityclimate.inventory import breakdown, summary_figures

EmissionBasis = Literal["co2e", "co2"]

#: Sector of the inventory whose emissions are "industrial" (refdata ``categories.csv``).
INDUSTRY_SECTOR = "industry"


@dataclass(frozen=True)
class InventorySeries:
    """Yearly figures of one territory's inventory, as indicator inputs.

    Attributes
    ----------
    energy:
        Energy consumption, tce.
    co2:
        Gross emissions (without removals), t CO2e or t CO2 (see ``basis``).
    industrial_co2:
        Emissions of the industry sector, same unit.
    basis:
        ``co2e`` (all gases, GWP-weighted) or ``co2`` (CO2 only).
    """

    energy: AnnualSeries
    co2: AnnualSeries
    industrial_co2: AnnualSeries
    basis: EmissionBasis


def inventory_series(
    emissions: pl.DataFrame,
    *,
    territory: str | None = None,
    basis: EmissionBasis = "co2e",
    source: str = "cityclimate inventory",
) -> InventorySeries:
    """Energy use, gross and industrial emissions by year from the record-level emissions.

    Parameters
    ----------
    emissions:
        Output of :func:`cityclimate.inventory.compute_emissions`.
    territory:
        Territory code; required when the table holds several.
    basis:
        ``"co2e"`` (default: all gases in CO2e, as the plan reports its CO2 figures) or
        ``"co2"`` (the CO2 gas only).
    source:
        Text recorded as the series' source.

    Raises
    ------
    DataValidationError
        When the table holds several territories and none is chosen, or none matches.
    """
    territories = sorted(set(emissions["territory"].to_list()))
    chosen = territory if territory is not None else (territories[0] if territories else "")
    if (territory is None and len(territories) != 1) or chosen not in territories:
        raise DataValidationError(
            [
                Problem(
                    "emissions",
                    None,
                    "territory",
                    str(territory or ""),
                    f"请指定一个地区（数据中有：{territories}）",
                    f"choose one territory (the data hold: {territories})",
                )
            ]
        )
    rows = emissions.filter(pl.col("territory") == chosen)
    if basis == "co2":
        rows = rows.filter(pl.col("gas") == "CO2")
    unit = "tCO2e" if basis == "co2e" else "tCO2"
    summary = summary_figures(rows)
    energy_rows = summary_figures(emissions.filter(pl.col("territory") == chosen))
    industry = breakdown(rows, "sector").filter(pl.col("sector") == INDUSTRY_SECTOR)
    label = "GHG" if basis == "co2e" else "CO2"
    return InventorySeries(
        energy=AnnualSeries(
            "energy consumption",
            "tce",
            dict(
                zip(energy_rows["year"].to_list(), energy_rows["energy_tce"].to_list(), strict=True)
            ),
            source=source,
        ),
        co2=AnnualSeries(
            f"gross {label} emissions",
            unit,
            dict(zip(summary["year"].to_list(), summary["gross_co2e_t"].to_list(), strict=True)),
            source=source,
        ),
        industrial_co2=AnnualSeries(
            f"industrial {label} emissions",
            unit,
            dict(zip(industry["year"].to_list(), industry["co2e_t"].to_list(), strict=True)),
            source=source,
        ),
        basis=basis,
    )


def intensity_values_from_inventory(
    series: InventorySeries,
    gdp: AnnualSeries,
    industrial_value_added: AnnualSeries,
    *,
    base_year: int,
    years: Iterable[int],
) -> list[IndicatorValue]:
    """Rows 1, 2 and 4 of the plan's Table 1 for each year, derived from the inventory.

    energy_intensity_reduction = (1 − (E_y/GDP_y) / (E_0/GDP_0)) × 100 %, likewise CO2 / GDP
    and industrial CO2 / industrial value added (:mod:`cityclimate.indicators.derived`).

    Returns
    -------
    list of IndicatorValue
        Three per year, provenance ``derived_from_data``.

    Raises
    ------
    DataValidationError
        When a year is missing in a series, or GDP / value added has no price base year.
    """
    values: list[IndicatorValue] = []
    for year in sorted(years):
        values += [
            energy_intensity_reduction(series.energy, gdp, base_year=base_year, year=year),
            co2_intensity_reduction(series.co2, gdp, base_year=base_year, year=year),
            industrial_co2_intensity_reduction(
                series.industrial_co2, industrial_value_added, base_year=base_year, year=year
            ),
        ]
    return values
