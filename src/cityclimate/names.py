"""Names of the codes a person sees, in Chinese and English, from the data files.

A page or a report never shows ``energy.transport.road``, ``ipcc_default`` or ``m2/person``
alone: it shows the name the code has in the data — the category table, the sector and fuel
tables, the ETS sectors, the progress bands — and, for codes that have no table of their own
(factor levels, data-quality tiers, materials that are not fuels, units as people write them,
the actions and objects of the audit log), ``refdata/data/labels.csv``. Each row there has its source like every other
reference table.

>>> name("category", "energy.transport.road").zh
'道路交通'
>>> name("unit", "m2/person")
Text(zh='m²/人', en='m²/person')
>>> name("factor_level", "no_such_level")  # an unknown code is shown as itself
Text(zh='no_such_level', en='no_such_level')
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

import polars as pl

from cityclimate import refdata
from cityclimate.refdata import read_shipped
from cityclimate.refdata.tables import Column, TableSchema
from cityclimate.text import Text

__all__ = ["KINDS", "labels", "name", "name_of", "names"]

LABELS = TableSchema(
    "labels",
    (
        Column("kind"),
        Column("code"),
        Column("name_zh", required=False),
        Column("name_en", required=False),
        Column("source"),
    ),
    key=("kind", "code"),
)


@cache
def labels() -> pl.DataFrame:
    """Names of the codes that have no table of their own (``refdata/data/labels.csv``)."""
    return read_shipped("labels.csv", LABELS)


def _table(
    frame: pl.DataFrame, code: str, zh: str = "name_zh", en: str = "name_en"
) -> dict[str, Text]:
    rows = frame.select(code, zh, en).unique(code, keep="first", maintain_order=True)
    return {str(c): Text(z or "", e or "") for c, z, e in rows.iter_rows()}


def _labels(kind: str) -> dict[str, Text]:
    return _table(labels().filter(pl.col("kind") == kind), "code")


def _ets_sectors() -> dict[str, Text]:
    from cityclimate.enterprises.rules import ets_sectors

    return _table(ets_sectors(), "sector")


def _progress() -> dict[str, Text]:
    from cityclimate.indicators.definitions import load_progress_bands

    bands = {b.status: Text(b.label_zh, b.label_en) for b in load_progress_bands()}
    return bands | _labels("progress")


#: Every kind of code with a name, and where its names come from.
KINDS: dict[str, Callable[[], dict[str, Text]]] = {
    "category": lambda: _table(refdata.categories(), "code"),
    "sector": lambda: _table(refdata.sectors(), "code"),
    "fuel": lambda: _table(refdata.fuels(), "fuel") | _labels("fuel"),
    "territory": lambda: _table(refdata.territories(), "code"),
    "ets_sector": _ets_sectors,
    "progress": _progress,
    **{
        kind: partial(_labels, kind)
        for kind in (
            "factor_level",
            "quality_tier",
            "basis",
            "unit",
            "audit_action",
            "audit_entity",
            "territory_kind",
            "climate_zone",
            "method",
            "grid_region",
            "grid_edition",
            "hazard",
            "pilot_catalogue",
        )
    },
}


@cache
def names(kind: str) -> dict[str, Text]:
    """code → name of every code of ``kind`` (a key of :data:`KINDS`)."""
    return KINDS[kind]()


def name_of(kind: str, code: str) -> Text | None:
    """The name of ``code`` of ``kind``, or ``None`` when the data do not name it."""
    return names(kind).get(code)


def name(kind: str, code: str) -> Text:
    """The name of ``code`` of ``kind``; the code itself when the data do not name it."""
    found = name_of(kind, code)
    return Text(code, code) if found is None else found
