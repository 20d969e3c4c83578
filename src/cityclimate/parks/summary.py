"""A park's evaluation as plain data (JSON-ready): what the CLI prints, the API answers and the
self-assessment workbook holds, so the three show the same figures.

Every figure carries its unit in its name (``co2_t``, ``energy_tce``) or in the indicator's
``unit``; missing values are ``None``, never zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import polars as pl

from cityclimate.errors import DataValidationError
from cityclimate.parks.inventory import ParkInventory
from cityclimate.parks.model import Park, boundary_for

__all__ = ["evaluation_summary", "inventory_totals"]


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def inventory_totals(inventory: ParkInventory) -> dict[str, Any]:
    """Totals of a park inventory (t CO2, t CO2e, tce, shares) and its completeness."""
    return {
        "boundary_version": inventory.boundary_version,
        "electricity_method": inventory.electricity_method.value,
        "complete": inventory.complete,
        "missing_members": list(inventory.missing_members),
        "co2_t": inventory.co2_t,
        "co2e_t": inventory.co2e_t,
        "energy_tce": inventory.energy_tce,
        "clean_energy_tce": inventory.clean_energy_tce,
        # a part of the park is not a figure of the park: no ratio while incomplete
        "carbon_per_energy_t_per_tce": inventory.carbon_per_energy if inventory.complete else None,
        "clean_energy_share": inventory.clean_energy_share if inventory.complete else None,
    }


def evaluation_summary(
    park: Park, table: pl.DataFrame, inventories: Mapping[int, ParkInventory]
) -> dict[str, Any]:
    """The park, and by year its inventory totals and indicators (core first).

    Returns
    -------
    dict
        ``park`` (id, names, kind, set, base and target year, method, illustrative) and
        ``years``: a list of {year, members, inventory (totals or None), indicators}.
    """
    years = []
    for year in sorted(set(table["year"].to_list())):
        rows = table.filter(pl.col("year") == year)
        inventory = inventories.get(year)
        try:
            members = list(boundary_for(park, year).enterprise_ids)
        except DataValidationError:  # a year before the first boundary version: no members
            members = []
        years.append(
            {
                "year": year,
                "members": members,
                "inventory": None if inventory is None else inventory_totals(inventory),
                "indicators": [
                    {k: _clean(v) for k, v in r.items() if k not in ("year", "energy_tce")}
                    for r in rows.iter_rows(named=True)
                ],
            }
        )
    return {
        "park": {
            "park_id": park.park_id,
            "name_zh": park.name_zh,
            "name_en": park.name_en,
            "kind": park.kind.value,
            "indicator_set": park.indicator_set,
            "base_year": park.base_year,
            "target_year": park.target_year,
            "electricity_method": park.electricity_method.value,
            "illustrative": park.illustrative,
        },
        "years": years,
    }
