"""Indicator sets of zero-carbon parks and near-zero-carbon pilots, as dated data.

Three tables in ``parks/data`` (each row with its source and whether the value was confirmed
from the text itself):

``indicator_sets.csv``
    One row per set: who issued it, the document, from which year it applies, the park kinds
    it is for.
``indicators.csv``
    The indicators of each set: core or guiding, unit, direction (``at_most``, ``at_least``)
    and how the platform gets the value (``measure``: ``carbon_per_energy`` and
    ``clean_energy_share`` are computed from the park inventory, ``entered`` values are given
    by the park).
``thresholds.csv``
    Thresholds by size tier (a range of the park's annual comprehensive energy use, tce,
    ``[energy_min_tce, energy_max_tce)``) and, for staged sets, by milestone year (empty:
    at acceptance, any year).

The national set (发改环资〔2025〕910号) has one core indicator, carbon emissions per unit of
energy use in t CO2/tce, with two size tiers, and five guiding indicators (21世纪经济研究院,
2026-01-14). Its thresholds are taken from a blog summary and marked unconfirmed.

>>> from cityclimate.parks import sets
>>> sets.tier_for("national_zcp_2025", "carbon_per_energy", 350_000).threshold
0.2
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.refdata.tables import Column, TableSchema, read_csv_table
from cityclimate.text import Text

__all__ = [
    "Threshold",
    "indicator_sets",
    "indicators",
    "set_indicators",
    "thresholds",
    "tier_for",
]

_SOURCE = Column("source")
_CONFIRMED = Column("confirmed", "bool")

SETS = TableSchema(
    "indicator_sets",
    (
        Column("set_id"),
        Column("name_zh"),
        Column("name_en"),
        Column("park_kinds"),
        Column("issuer_zh"),
        Column("issuer_en"),
        Column("document"),
        Column("issued"),
        Column("valid_from", "int"),
        _CONFIRMED,
        Column("note_zh", required=False),
        Column("note_en", required=False),
        _SOURCE,
    ),
    key=("set_id",),
)
INDICATORS = TableSchema(
    "indicators",
    (
        Column("set_id"),
        Column("indicator_id"),
        Column("role", allowed=frozenset({"core", "guiding"})),
        Column("name_zh"),
        Column("name_en"),
        Column("unit"),
        Column("direction", allowed=frozenset({"at_most", "at_least"})),
        Column(
            "measure", allowed=frozenset({"carbon_per_energy", "clean_energy_share", "entered"})
        ),
        _CONFIRMED,
        _SOURCE,
    ),
    key=("set_id", "indicator_id"),
)
THRESHOLDS = TableSchema(
    "thresholds",
    (
        Column("set_id"),
        Column("indicator_id"),
        Column("tier_id"),
        Column("tier_zh"),
        Column("tier_en"),
        Column("energy_min_tce", "float"),
        Column("energy_max_tce", "float", required=False),
        Column("year", "int", required=False),
        Column("threshold", "float"),
        _CONFIRMED,
        _SOURCE,
    ),
    key=("set_id", "indicator_id", "tier_id", "year"),
)


def _table(name: str, schema: TableSchema, text: str | None) -> pl.DataFrame:
    if text is None:
        text = resources.files("cityclimate.parks").joinpath("data", name).read_text("utf-8")
        return read_csv_table(text, schema, f"parks/data/{name}")
    return read_csv_table(text, schema, name)


def indicator_sets(text: str | None = None) -> pl.DataFrame:
    """The indicator sets (one row each; see the module docstring)."""
    return _table("indicator_sets.csv", SETS, text)


def indicators(text: str | None = None) -> pl.DataFrame:
    """The indicators of every set."""
    return _table("indicators.csv", INDICATORS, text)


def thresholds(text: str | None = None) -> pl.DataFrame:
    """The thresholds of every set by indicator, size tier and milestone year."""
    return _table("thresholds.csv", THRESHOLDS, text)


def set_indicators(set_id: str, table: pl.DataFrame | None = None) -> pl.DataFrame:
    """The indicators of one set, core first.

    Raises
    ------
    DataValidationError
        When the set is unknown (the message lists the known sets).
    """
    table = indicators() if table is None else table
    chosen = table.filter(pl.col("set_id") == set_id)
    if chosen.is_empty():
        known = ", ".join(sorted(set(table["set_id"].to_list())))
        raise DataValidationError(
            [
                Problem(
                    "parks/data/indicators.csv",
                    None,
                    "set_id",
                    set_id,
                    message=Text(
                        f"没有指标体系“{set_id}”：请从 {known} 中选择",
                        f"there is no indicator set '{set_id}': choose one of {known}",
                    ),
                )
            ]
        )
    return chosen.sort(pl.col("role") != "core", "indicator_id")


@dataclass(frozen=True)
class Threshold:
    """The threshold that applies to a park: tier chosen by its energy use, and milestone.

    Attributes
    ----------
    tier_id, tier:
        The size tier and its name (``all`` for indicators without tiers).
    threshold:
        The value to reach (unit of the indicator).
    year:
        Milestone year of a staged set; ``None`` when the threshold applies at acceptance.
    confirmed:
        Whether the value was confirmed from the set's own text.
    source:
        Where the value comes from.
    """

    tier_id: str
    tier: Text
    threshold: float
    year: int | None
    confirmed: bool
    source: str


def tier_for(
    set_id: str,
    indicator_id: str,
    energy_tce: float,
    *,
    year: int | None = None,
    table: pl.DataFrame | None = None,
) -> Threshold | None:
    """The threshold of an indicator for a park using ``energy_tce`` a year.

    The size tier is the row with ``energy_min_tce ≤ energy_tce < energy_max_tce`` (no upper
    bound when empty). For a staged set, the milestone is the earliest with year ≥ ``year``
    (the target still ahead); after the last milestone, the last. ``year=None`` picks the
    last milestone (the set's final target).

    Returns
    -------
    Threshold or None
        ``None`` when the set gives no threshold for this indicator and size (a park below
        the smallest tier, or an indicator without a threshold in the text).
    """
    table = thresholds() if table is None else table
    rows = table.filter(
        (pl.col("set_id") == set_id)
        & (pl.col("indicator_id") == indicator_id)
        & (pl.col("energy_min_tce") <= energy_tce)
        & (pl.col("energy_max_tce").is_null() | (pl.col("energy_max_tce") > energy_tce))
    )
    if rows.is_empty():
        return None
    staged = rows.filter(pl.col("year").is_not_null())
    if staged.height:
        ahead = staged.filter(pl.col("year") >= year) if year is not None else staged.head(0)
        row = (ahead.sort("year").head(1) if ahead.height else staged.sort("year").tail(1)).row(
            0, named=True
        )
    else:
        row = rows.row(0, named=True)
    return Threshold(
        tier_id=row["tier_id"],
        tier=Text(row["tier_zh"], row["tier_en"]),
        threshold=float(row["threshold"]),
        year=row["year"],
        confirmed=bool(row["confirmed"]),
        source=row["source"],
    )
