"""A park evaluated against its indicator set, year by year, with the path to its target year.

For each year and indicator of the park's set:

1. the value: ``carbon_per_energy`` and ``clean_energy_share`` from the park's inventory of
   the year (:mod:`cityclimate.parks.inventory`), other indicators as entered by the park;
2. the size tier, chosen by the park's energy use of that year (tce), and the threshold of
   that tier (for a staged set, the next milestone; :func:`~cityclimate.parks.sets.tier_for`);
3. ``meets``: value ≤ threshold (``at_most``) or ≥ threshold (``at_least``);
4. the path to the target year: a straight line from the value of the first evaluated year
   ``y0`` (the base year when it has a value) to the threshold at the target year ``T``::

       path(y) = v(y0) + (threshold(T) − v(y0)) × (y − y0) / (T − y0)

   and ``on_path``: the value is at or better than the path that year.

A value that is missing is shown as missing, never as zero; a threshold the set does not give
(a park below the smallest tier, the Chongqing sets whose thresholds were not found) is shown
as such and nothing is judged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from cityclimate.parks import sets
from cityclimate.parks.inventory import ParkInventory
from cityclimate.parks.model import Park

__all__ = ["EVALUATION_COLUMNS", "evaluate_park", "indicator_values"]

#: Columns of an evaluation.
EVALUATION_COLUMNS: dict[str, type[pl.DataType]] = {
    "year": pl.Int64,
    "indicator_id": pl.String,
    "role": pl.String,
    "name_zh": pl.String,
    "name_en": pl.String,
    "unit": pl.String,
    "direction": pl.String,
    "value": pl.Float64,
    "value_source": pl.String,
    "energy_tce": pl.Float64,
    "tier_id": pl.String,
    "tier_zh": pl.String,
    "tier_en": pl.String,
    "threshold": pl.Float64,
    "threshold_year": pl.Int64,
    "threshold_confirmed": pl.Boolean,
    "threshold_source": pl.String,
    "meets": pl.Boolean,
    "path_value": pl.Float64,
    "on_path": pl.Boolean,
    "complete": pl.Boolean,
}
_TOLERANCE = 1e-9


def indicator_values(
    inventory: ParkInventory | None, entered: Mapping[str, float]
) -> dict[str, tuple[float | None, str]]:
    """Values of a year by measure/indicator id, with where each came from.

    ``carbon_per_energy`` and ``clean_energy_share`` come from the inventory (``inventory``),
    every other id from ``entered`` (``entered``); an entered value of a computed indicator
    is ignored (the inventory is the one source). While a member's accepted report is missing
    the computed values are ``None`` with source ``incomplete``: a part of the park is not a
    figure of the park.
    """
    values: dict[str, tuple[float | None, str]] = {k: (v, "entered") for k, v in entered.items()}
    computed = {
        "carbon_per_energy": inventory.carbon_per_energy if inventory else None,
        "clean_energy_share": inventory.clean_energy_share if inventory else None,
    }
    for key, value in computed.items():
        if inventory is not None and not inventory.complete:
            values[key] = (None, "incomplete")  # a member's report is missing: no figure
        else:
            values[key] = (value, "inventory" if value is not None else "missing")
    return values


def _better_or_equal(value: float, bound: float, direction: str) -> bool:
    if direction == "at_most":
        return value <= bound + _TOLERANCE
    return value >= bound - _TOLERANCE


def evaluate_park(
    park: Park,
    inventories: Mapping[int, ParkInventory],
    entered: pl.DataFrame | None = None,
    *,
    years: list[int] | None = None,
    indicator_table: pl.DataFrame | None = None,
    threshold_table: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Evaluate a park against its indicator set for each year.

    Parameters
    ----------
    park:
        The park (its ``indicator_set``, ``base_year`` and ``target_year``).
    inventories:
        The park's inventory by year (:func:`~cityclimate.parks.inventory.park_inventory`).
    entered:
        Values the park entered: columns year, indicator_id, value.
    years:
        The years to evaluate (default: every year with an inventory or an entered value).
    indicator_table, threshold_table:
        The sets' tables (default: the shipped ones).

    Returns
    -------
    polars.DataFrame
        :data:`EVALUATION_COLUMNS`, one row per year and indicator, core indicator first.
    """
    defs = sets.set_indicators(park.indicator_set, indicator_table)
    entered = (
        pl.DataFrame(schema={"year": pl.Int64, "indicator_id": pl.String, "value": pl.Float64})
        if entered is None
        else entered
    )
    if years is None:
        years = sorted(set(inventories) | set(entered["year"].to_list()))
    starts: dict[str, tuple[int, float]] = {}
    out: list[dict[str, object]] = []
    for year in years:
        inventory = inventories.get(year)
        mine = entered.filter(pl.col("year") == year)
        values = indicator_values(
            inventory, dict(zip(mine["indicator_id"], mine["value"], strict=True))
        )
        energy = inventory.energy_tce if inventory is not None else None
        for d in defs.iter_rows(named=True):
            key = d["indicator_id"] if d["measure"] == "entered" else d["measure"]
            value, origin = values.get(key, (None, "missing"))
            row: dict[str, object] = {
                "year": year,
                "indicator_id": d["indicator_id"],
                "role": d["role"],
                "name_zh": d["name_zh"],
                "name_en": d["name_en"],
                "unit": d["unit"],
                "direction": d["direction"],
                "value": value,
                "value_source": origin,
                "energy_tce": energy,
                "complete": inventory.complete if inventory is not None else False,
            }
            if (
                value is not None
                and d["indicator_id"] not in starts
                and park.base_year <= year <= park.target_year
            ):
                starts[d["indicator_id"]] = (year, value)
            if energy is not None:
                row.update(_judged(park, d, energy, year, value, threshold_table))
                row.update(
                    _path(
                        park, d, energy, year, value, starts.get(d["indicator_id"]), threshold_table
                    )
                )
            out.append(row)
    return pl.DataFrame(
        [{k: r.get(k) for k in EVALUATION_COLUMNS} for r in out],
        schema=EVALUATION_COLUMNS,
        orient="row",
    )


def _judged(
    park: Park,
    definition: dict[str, Any],
    energy_tce: float,
    year: int,
    value: float | None,
    table: pl.DataFrame | None,
) -> dict[str, object]:
    """The tier and threshold of a year (by the park's energy use) and whether it is met."""
    threshold = sets.tier_for(
        park.indicator_set, definition["indicator_id"], energy_tce, year=year, table=table
    )
    if threshold is None:
        return {}
    return {
        "tier_id": threshold.tier_id,
        "tier_zh": threshold.tier.zh,
        "tier_en": threshold.tier.en,
        "threshold": threshold.threshold,
        "threshold_year": threshold.year,
        "threshold_confirmed": threshold.confirmed,
        "threshold_source": threshold.source,
        "meets": None
        if value is None
        else _better_or_equal(value, threshold.threshold, definition["direction"]),
    }


def _path(
    park: Park,
    definition: dict[str, Any],
    energy_tce: float,
    year: int,
    value: float | None,
    start: tuple[int, float] | None,
    table: pl.DataFrame | None,
) -> dict[str, object]:
    """The path value of a year: from the start value to the target-year threshold."""
    target = sets.tier_for(
        park.indicator_set,
        definition["indicator_id"],
        energy_tce,
        year=park.target_year,
        table=table,
    )
    if target is None or start is None or value is None or year < start[0]:
        return {}
    y0, v0 = start
    span = park.target_year - y0
    path = (
        target.threshold
        if span <= 0 or year >= park.target_year
        else v0 + (target.threshold - v0) * (year - y0) / span
    )
    return {"path_value": path, "on_path": _better_or_equal(value, path, definition["direction"])}
