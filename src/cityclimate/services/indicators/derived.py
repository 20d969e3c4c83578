"""Indicators derived from a territory's stored data (issue 12).

The energy-, CO2- and industrial-CO2-intensity reductions (plan Table 1 rows 1, 2 and 4 in the
Liangjiang plan; any plan whose indicators carry these ids) of territory T in year Y are
computed by the core (:func:`cityclimate.indicators.from_inventory.inventory_series`,
:mod:`cityclimate.indicators.derived`) from T's stored PUBLISHED inventories of the base year
and of Y and from T's stored socio-economic inputs (GDP and industrial value added at constant
prices) of those years. Nothing is read from a shipped file: publishing an inventory or
correcting a year's GDP changes the derived values at once.

A year whose inventory is not published, or whose GDP or value added is not reported, simply
has no derived value for that indicator: the board shows it as not yet reported, per
indicator, never as an error of the whole board.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.indicators.derived import (
    co2_intensity_reduction,
    energy_intensity_reduction,
    industrial_co2_intensity_reduction,
)
from cityclimate.indicators.from_inventory import InventorySeries, inventory_series
from cityclimate.indicators.model import AnnualSeries, IndicatorDefinition, IndicatorValue
from cityclimate.services.adaptation import assessments as adaptation
from cityclimate.services.inventories import results_frame
from cityclimate.storage.models import InventoryVersion, Socioeconomic

#: The indicators derived from the inventory: id → (inventory series, denominator column).
FROM_INVENTORY: dict[str, tuple[str, str]] = {
    "energy_intensity_reduction": ("energy", "gdp_10k_yuan"),
    "co2_intensity_reduction": ("co2", "gdp_10k_yuan"),
    "industrial_co2_intensity_reduction": ("industrial_co2", "industrial_value_added_10k_yuan"),
}
#: Plan indicators 11-13 (green coverage, park space per person, sponge-city share) come from
#: the adaptation module's stored green-space years and drainage-zone evaluations (issue 17).
FROM_ADAPTATION = frozenset(
    {"built_up_green_coverage", "park_green_space_per_person", "sponge_city_share_of_built_up"}
)
_FUNCTIONS: dict[str, Callable[..., IndicatorValue]] = {
    "energy_intensity_reduction": energy_intensity_reduction,
    "co2_intensity_reduction": co2_intensity_reduction,
    "industrial_co2_intensity_reduction": industrial_co2_intensity_reduction,
}

# A published version never changes: its yearly figures are kept per database and version.
_SERIES: dict[tuple[str, int], InventorySeries] = {}
_SERIES_LOCK = threading.Lock()


def published_versions(session: Session, territory: str) -> dict[int, InventoryVersion]:
    """The published inventory version of each year of ``territory``."""
    query = select(InventoryVersion).where(
        InventoryVersion.territory_code == territory, InventoryVersion.status == "published"
    )
    return {v.year: v for v in session.scalars(query.order_by(InventoryVersion.year))}


def _version_series(session: Session, version: InventoryVersion) -> InventorySeries:
    key = (session.get_bind().engine.url.render_as_string(hide_password=True), version.id)
    with _SERIES_LOCK:
        cached = _SERIES.get(key)
    if cached is not None:
        return cached
    rows = results_frame(session, version.id).with_columns(
        year=pl.lit(version.year, pl.Int32), territory=pl.lit(version.territory_code)
    )
    series = inventory_series(
        rows,
        territory=version.territory_code,
        source=f"published inventory {version.territory_code} {version.year} "
        f"(version {version.id})",
    )
    with _SERIES_LOCK:
        _SERIES[key] = series
    return series


def socioeconomic_rows(session: Session, territory: str) -> dict[int, Socioeconomic]:
    query = select(Socioeconomic).where(Socioeconomic.territory_code == territory)
    return {r.year: r for r in session.scalars(query)}


def stamp(session: Session, territory: str) -> tuple[object, ...]:
    """What the derived values depend on (for caches): published versions and the inputs."""
    versions = tuple(sorted((y, v.id) for y, v in published_versions(session, territory).items()))
    inputs = tuple(
        sorted(
            (
                r.year,
                r.gdp_10k_yuan,
                r.industrial_value_added_10k_yuan,
                r.gdp_price_base_year,
                r.source,
            )
            for r in socioeconomic_rows(session, territory).values()
        )
    )
    return versions, inputs, adaptation.stamp(session, territory)


def _input_series(
    rows: dict[int, Socioeconomic], column: str, years: Sequence[int]
) -> AnnualSeries:
    values = {y: getattr(rows[y], column) for y in years if y in rows}
    present = {y: float(v) for y, v in values.items() if v is not None}
    bases = {rows[y].gdp_price_base_year for y in present}
    return AnnualSeries(
        column,
        "万元",
        present,
        # Two price bases cannot be compared: the core refuses a series without one.
        price_base_year=bases.pop() if len(bases) == 1 else None,
        source="; ".join(sorted({rows[y].source for y in present if rows[y].source})),
    )


def derived_values(
    session: Session, territory: str, definitions: Sequence[IndicatorDefinition]
) -> list[IndicatorValue]:
    """Every value of the plan's inventory-derived indicators that T's stored data give.

    For each such indicator and each year after its base year (up to its target year) with a
    published inventory, the reduction since the base year; a year (or base year) without a
    published inventory, GDP or value added at one price base gives no value.
    """
    versions = published_versions(session, territory)
    rows = socioeconomic_rows(session, territory)
    values: list[IndicatorValue] = []
    for definition in definitions:
        if definition.id not in FROM_INVENTORY or definition.base_year not in versions:
            continue
        field, column = FROM_INVENTORY[definition.id]
        base = definition.base_year
        for year in sorted(versions):
            if not base < year <= definition.target_year:
                continue
            by_year = {
                y: getattr(_version_series(session, versions[y]), field) for y in (base, year)
            }
            emissions = AnnualSeries(
                by_year[base].quantity,
                by_year[base].unit,
                {y: s.values[y] for y, s in by_year.items() if y in s.values},
                source=f"published inventories of {territory} {base} and {year}",
            )
            try:
                values.append(
                    _FUNCTIONS[definition.id](
                        emissions,
                        _input_series(rows, column, (base, year)),
                        base_year=base,
                        year=year,
                    )
                )
            except DataValidationError:
                continue  # an input not reported: not yet reported for this year
    wanted = {d.id: d for d in definitions if d.id in FROM_ADAPTATION}
    if wanted:
        values += [
            v
            for v in adaptation.indicator_values(session, territory)
            if v.indicator_id in wanted
            and wanted[v.indicator_id].base_year < v.year <= wanted[v.indicator_id].target_year
        ]
    return values
