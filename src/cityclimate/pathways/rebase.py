"""A plan's pathway model moved to another calibration year, and sector value added by year.

A plan pack states its drivers at the plan's calibration base year (``pathways.base_year``). A
climate office may calibrate to a later published inventory (e.g. 2024 instead of 2020); the
model then needs every driver at that year. :func:`rebase_structure` gives them:

- a driver that is a socio-economic input (:data:`SOCIOECONOMIC_DRIVERS`: GDP, industrial and
  tertiary value added, population) takes the territory's stored value of that year;
- any other driver (floor area, vehicle-km …, which the platform does not store) is carried
  from the plan's base year with the baseline scenario's growth rates:
  ``D(y) = D(y₀) × Π_{t=y₀+1}^{y} (1 + g_t)`` (and divided back for an earlier year).

Emissions of a line are ``D × I`` with ``I = E₀ / D₀`` calibrated at the same year, so the
level of a driver changes only what is shown of it (and GDP, the denominator of intensities),
never the calibrated base year.

:func:`sector_value_added` gives the LMDI's activity of each sector and inventory year from the
same inputs: ``VA(sector, y) = driver(y) × share_of_driver`` (``sectors.csv`` of the structure).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import polars as pl

from cityclimate.pathways.levers import ramp
from cityclimate.pathways.model import LeverSetting, PathwayStructure, Scenario

#: Drivers that are socio-economic inputs of a territory: driver id → stored input (the column
#: of the platform's socio-economic table, in the same unit as the driver: 万元, persons).
SOCIOECONOMIC_DRIVERS = {
    "gdp": "gdp_10k_yuan",
    "industrial_value_added": "industrial_value_added_10k_yuan",
    "services_value_added": "value_added_tertiary_10k_yuan",
    "population": "population",
}


def growth_factor(scenario: Scenario, driver: str, start: int, end: int) -> float:
    """Π (1 + g_t) over t = start+1 … end of a driver's growth in ``scenario`` (1 when equal;
    the inverse when ``end < start``). A rate applies from its year until the next one."""
    path = scenario.drivers.get(driver)
    if path is None or start == end:
        return 1.0
    keys = sorted(path.growth_pct)
    factor = 1.0
    for year in range(min(start, end) + 1, max(start, end) + 1):
        applicable = [k for k in keys if k <= year]
        factor *= 1.0 + (path.growth_pct[applicable[-1]] / 100.0 if applicable else 0.0)
    return factor if end >= start else 1.0 / factor


def rebase_structure(
    structure: PathwayStructure,
    year: int,
    inputs: Mapping[str, float | None],
    baseline: Scenario,
) -> PathwayStructure:
    """The structure with every driver stated at ``year`` (module docstring).

    Parameters
    ----------
    structure:
        The plan's structure (drivers at the plan's base year).
    year:
        The calibration year wanted.
    inputs:
        The territory's socio-economic inputs of ``year`` (column → value or None).
    baseline:
        The plan's baseline scenario (growth of drivers that are not stored inputs).
    """
    drivers = {}
    for driver_id, driver in structure.drivers.items():
        stored = inputs.get(SOCIOECONOMIC_DRIVERS.get(driver_id, ""))
        if driver.base_year == year and stored is None:
            value = driver.base_value
        elif stored is not None:
            value = float(stored)
        else:
            value = driver.base_value * growth_factor(baseline, driver_id, driver.base_year, year)
        drivers[driver_id] = dataclasses.replace(driver, base_year=year, base_value=value)
    return dataclasses.replace(structure, drivers=drivers)


def rebase_scenario(scenario: Scenario, year: int) -> Scenario:
    """The scenario starting at ``year`` (same horizon, growth rates and targets).

    A lever that had started by a later calibration year is partly in that year's inventory
    already; only what remains of it acts: with ramp ``ρ(y) = clip((y − s + 1) / r)`` and
    ``ρ_B`` its value at the new base year B, the remaining effect ``ρ(y) − ρ_B`` is the same
    linear ramp from ``B + 1`` over ``r' = r·(1 − ρ_B)`` years at strength ``strength·(1 − ρ_B)``
    (0 when the lever was complete by B). So the model's base year reproduces the inventory.
    """
    if year <= scenario.base_year:
        return dataclasses.replace(scenario, base_year=year)
    levers = {}
    for lever_id, setting in scenario.levers.items():
        if setting.start_year > year:
            levers[lever_id] = setting
            continue
        reached = float(ramp([year], setting.start_year, setting.ramp_years)[0])
        remaining_years = setting.ramp_years - (year - setting.start_year + 1)
        if reached >= 1.0 or remaining_years <= 0:
            levers[lever_id] = LeverSetting(0.0, year + 1, 0)
        else:
            levers[lever_id] = LeverSetting(
                setting.strength * (1.0 - reached), year + 1, remaining_years
            )
    return dataclasses.replace(scenario, base_year=year, levers=levers)


def sector_value_added(
    structure: PathwayStructure, inputs: Mapping[int, Mapping[str, float | None]]
) -> pl.DataFrame:
    """Value added of each sector (万元) in each year whose inputs give all its drivers.

    Parameters
    ----------
    structure:
        Gives each sector's value-added driver and its share (``sectors.csv``).
    inputs:
        Year → the territory's socio-economic inputs of that year.

    Returns
    -------
    pl.DataFrame
        ``year, sector, value_added_10k_yuan``; a sector whose driver is not a stored input (or
        not reported that year) has no row for that year.
    """
    rows = []
    for year, values in sorted(inputs.items()):
        for sector, driver, share in structure.sector_value_added.select(
            "sector", "value_added_driver", "share_of_driver"
        ).iter_rows():
            stored = values.get(SOCIOECONOMIC_DRIVERS.get(driver, ""))
            if stored is not None:
                rows.append((year, sector, float(stored) * float(share)))
    return pl.DataFrame(
        rows,
        schema={"year": pl.Int32, "sector": pl.String, "value_added_10k_yuan": pl.Float64},
        orient="row",
    )
