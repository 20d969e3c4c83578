"""The methodology registry: each behaviour's crediting method as versioned, sourced data.

The shipped table (``inclusion/data/methodologies.csv``) holds one row per method version with its
activity unit, baseline, emission factors, distance source, conservativeness deduction, caps,
validity and source. Several methods may exist for one behaviour (the Guangzhou metro paper's
mean-mix and substitution methods differ by about 5 %): exactly one per behaviour and date is
``selected`` for crediting; the others stay so any credit can be recomputed with either.

>>> methods = methodologies()
>>> from datetime import date
>>> in_force(methods, "metro", date(2025, 3, 1)).key
'metro_mean@1'
>>> by_key(methods)["metro_substitution@1"].reduction_g(1.0)  # 0.5419 kg x (1 - 0.1)
487
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from cityclimate.errors import Problem, ReferenceDataError
from cityclimate.inclusion.model import InclusionError, Methodology
from cityclimate.refdata.tables import Column, TableSchema, read_package_table
from cityclimate.text import Text

ACTIVITY_UNITS = frozenset({"trip", "pkm", "day", "action", "kg", "item", "kWh"})

METHODOLOGIES = TableSchema(
    "methodologies",
    (
        Column("method_id"),
        Column("version", "int"),
        Column("behaviour"),
        Column("name_zh"),
        Column("name_en"),
        Column("activity_unit", allowed=ACTIVITY_UNITS),
        Column("baseline"),
        Column("baseline_kg_per_unit", "float"),
        Column("project_kg_per_unit", "float"),
        Column("distance_source"),
        Column("location_derived", "bool"),
        Column("conservativeness", "float"),
        Column("points_per_kg", "float"),
        Column("daily_cap_points", "int"),
        Column("monthly_cap_points", "int"),
        Column("max_speed_kmh", "float", required=False),
        Column("max_distance_km", "float", required=False),
        Column("max_quantity", "float", required=False),
        Column("valid_from"),
        Column("valid_to", required=False),
        Column("selected", "bool"),
        Column("source"),
        Column("confidence", allowed=frozenset({"H", "M", "L"})),
    ),
    key=("method_id", "version"),
)
_WHERE = "inclusion/data/methodologies.csv"


def methodologies(text: str | None = None) -> list[Methodology]:
    """The methodology registry (the shipped table, or ``text`` as a district's own edition).

    Raises
    ------
    ReferenceDataError
        A bad row (type, allowed value, duplicate key), a deduction outside 0–1, a baseline
        factor below the project factor, or two selected methods of one behaviour valid on
        the same day; every problem names the file's line.
    """
    frame = read_package_table("cityclimate.inclusion", "methodologies.csv", METHODOLOGIES, text)
    where = _WHERE if text is None else "methodologies.csv"
    problems: list[Problem] = []
    methods: list[Methodology] = []
    for line, row in enumerate(frame.iter_rows(named=True), start=2):
        try:
            valid_from = date.fromisoformat(row["valid_from"])
            valid_to = date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        except ValueError:
            problems.append(Problem(where, line, "valid_from", str(row["valid_from"]),
                                    "日期应写作 YYYY-MM-DD", "dates are written YYYY-MM-DD"))  # fmt: skip
            continue
        if not 0.0 <= row["conservativeness"] < 1.0:
            problems.append(Problem(where, line, "conservativeness", str(row["conservativeness"]),
                                    "保守性扣减应在 0 到 1 之间", "the deduction must be from 0 to below 1"))  # fmt: skip
        if row["baseline_kg_per_unit"] < row["project_kg_per_unit"]:
            problems.append(Problem(where, line, "project_kg_per_unit", str(row["project_kg_per_unit"]),
                                    "项目排放因子高于基准线：该行为没有减排",
                                    "the project factor exceeds the baseline: no reduction"))  # fmt: skip
        methods.append(
            Methodology(
                method_id=row["method_id"],
                version=row["version"],
                behaviour=row["behaviour"],
                name=Text(row["name_zh"], row["name_en"]),
                activity_unit=row["activity_unit"],
                baseline=row["baseline"],
                baseline_kg_per_unit=row["baseline_kg_per_unit"],
                project_kg_per_unit=row["project_kg_per_unit"],
                distance_source=row["distance_source"],
                location_derived=row["location_derived"],
                conservativeness=row["conservativeness"],
                points_per_kg=row["points_per_kg"],
                daily_cap_points=row["daily_cap_points"],
                monthly_cap_points=row["monthly_cap_points"],
                max_speed_kmh=row["max_speed_kmh"],
                max_distance_km=row["max_distance_km"],
                max_quantity=row["max_quantity"],
                valid_from=valid_from,
                valid_to=valid_to,
                selected=row["selected"],
                source=row["source"],
                confidence=row["confidence"],
            )
        )
    problems.extend(_overlaps(methods, where))
    if problems:
        raise ReferenceDataError(problems)
    return methods


def _overlaps(methods: list[Methodology], where: str) -> Iterable[Problem]:
    chosen = [m for m in methods if m.selected]
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            if a.behaviour == b.behaviour and _valid_together(a, b):
                line = methods.index(b) + 2
                yield Problem(
                    where, line, "selected", b.key,
                    f"行为“{b.behaviour}”在同一天有两个选用的方法学（{a.key} 与 {b.key}）：只选用一个",
                    f"behaviour '{b.behaviour}' has two selected methods on one day "
                    f"({a.key} and {b.key}): select one",
                )  # fmt: skip


def _valid_together(a: Methodology, b: Methodology) -> bool:
    a_end = a.valid_to or date.max
    b_end = b.valid_to or date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def by_key(methods: Iterable[Methodology]) -> dict[str, Methodology]:
    """Methods by ``method_id@version``."""
    return {m.key: m for m in methods}


def in_force(methods: Iterable[Methodology], behaviour: str, on: date) -> Methodology:
    """The selected method of ``behaviour`` valid on ``on``.

    Raises
    ------
    InclusionError
        No selected method is valid for the behaviour on that day.
    """
    for m in methods:
        if (
            m.selected
            and m.behaviour == behaviour
            and m.valid_from <= on <= (m.valid_to or date.max)
        ):
            return m
    raise InclusionError(
        f"行为“{behaviour}”在 {on} 没有选用的有效方法学",
        f"no selected method for '{behaviour}' on {on}",
    )


def methods_frame(methods: Iterable[Methodology]) -> pl.DataFrame:
    """The selected methods as a frame the crediting job joins on (one row per method version)."""
    rows = [
        {
            "behaviour": m.behaviour,
            "method_id": m.method_id,
            "method_version": m.version,
            "activity_unit": m.activity_unit,
            "factor_kg_per_unit": m.baseline_kg_per_unit - m.project_kg_per_unit,
            "keep_fraction": 1.0 - m.conservativeness,
            "points_per_t": round(m.points_per_kg * 1000),
            "location_derived": m.location_derived,
            "daily_cap_points": m.daily_cap_points,
            "monthly_cap_points": m.monthly_cap_points,
            "max_speed_kmh": m.max_speed_kmh,
            "max_distance_km": m.max_distance_km,
            "max_quantity": m.max_quantity,
            "valid_from": m.valid_from,
            "valid_to": m.valid_to or date.max,
        }
        for m in methods
        if m.selected
    ]
    return pl.DataFrame(
        rows,
        schema={
            "behaviour": pl.String,
            "method_id": pl.String,
            "method_version": pl.Int64,
            "activity_unit": pl.String,
            "factor_kg_per_unit": pl.Float64,
            "keep_fraction": pl.Float64,
            "points_per_t": pl.Int64,
            "location_derived": pl.Boolean,
            "daily_cap_points": pl.Int64,
            "monthly_cap_points": pl.Int64,
            "max_speed_kmh": pl.Float64,
            "max_distance_km": pl.Float64,
            "max_quantity": pl.Float64,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
        },
    )
