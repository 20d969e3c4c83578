"""Sector pilot data by year: distributed PV, distributed gas energy, gas CHP, charging points,
hydrogen stations, NEV and hydrogen fleets, shore power and China-III diesel truck retirement.

The measures are data (``parks/data/sector_measures.csv``: unit, ``stock`` or ``flow``, pilot
group). A sector table has one row per measure, year and (optional) site and park:

    measure, year, site, park_id, value, unit, source

Values are converted to the measure's unit (pint; counts accept 个, 辆, 座, 台, 处). Rows
with a ``park_id`` belong to that park and feed its evaluation: its PV self-consumption is
on-site generation (:func:`onsite_attributes`). The territory's figure of a measure and year
(:func:`territory_sector`) feeds its indicator board and its pathways' actual years.

>>> import polars as pl
>>> from cityclimate.parks.sector import validate_sector
>>> validate_sector(pl.DataFrame({"measure": ["nev_fleet"], "year": [2020], "value": [8194.0],
...     "unit": ["辆"], "source": ["plan"]}))["value"].item()
8194.0
"""

from __future__ import annotations

import math
from importlib import resources

import polars as pl

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.parks.attributes import ATTRIBUTE_COLUMNS
from cityclimate.refdata.tables import Column, TableSchema, read_csv_table
from cityclimate.text import Text
from cityclimate.units import conversion_factor

__all__ = [
    "SECTOR_COLUMNS",
    "onsite_attributes",
    "sector_by_year",
    "sector_measures",
    "territory_sector",
    "validate_sector",
]

MEASURES = TableSchema(
    "sector_measures",
    (
        Column("measure"),
        Column("name_zh"),
        Column("name_en"),
        Column("unit"),
        Column("kind", allowed=frozenset({"stock", "flow"})),
        Column("pilot"),
        # The pathway lever the measure is the actual quantity of (empty: none).
        Column("lever", required=False),
        Column("source"),
    ),
    key=("measure",),
)
#: Columns of a validated sector table.
SECTOR_COLUMNS: dict[str, type[pl.DataType]] = {
    "measure": pl.String,
    "year": pl.Int64,
    "site": pl.String,
    "park_id": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "source": pl.String,
}
_COUNT_WORDS = frozenset({"1", "个", "辆", "座", "台", "处", "count", "number"})
_YEARS = (1990, 2100)


def sector_measures(text: str | None = None) -> pl.DataFrame:
    """The sector measures: unit, stock or flow, pilot group, source."""
    if text is None:
        text = (
            resources.files("cityclimate.parks")
            .joinpath("data", "sector_measures.csv")
            .read_text("utf-8")
        )
        return read_csv_table(text, MEASURES, "parks/data/sector_measures.csv")
    return read_csv_table(text, MEASURES, "sector_measures.csv")


def _scale(unit: str, target: str) -> float:
    if target == "1":
        if unit.strip() in _COUNT_WORDS:
            return 1.0
        raise UnitError(f"“{unit}”不是计数单位", f"'{unit}' is not a count")
    return conversion_factor(unit, target)


def validate_sector(frame: pl.DataFrame, *, where: str = "sector data") -> pl.DataFrame:
    """Check a sector table and convert every value to its measure's unit.

    Every problem is listed (row numbers count data rows from 1) and nothing is returned when
    there is one: an unknown measure, a year outside 1990–2100, a negative or missing value,
    a unit that does not fit the measure, two rows for the same measure, year, site and park.

    Returns
    -------
    polars.DataFrame
        :data:`SECTOR_COLUMNS`, values in the measure's unit.
    """
    measures = {r["measure"]: r for r in sector_measures().iter_rows(named=True)}
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    seen: dict[tuple[object, ...], int] = {}
    for column in ("measure", "year", "value", "unit"):
        if column not in frame.columns:
            raise DataValidationError(
                [
                    Problem(
                        where,
                        None,
                        column,
                        "",
                        message=Text(
                            f"缺少“{column}”列：请按模板填写 measure, year, value, unit 列",
                            f"the column '{column}' is missing: give measure, year, value, unit",
                        ),
                    )
                ]
            )
    for i, raw in enumerate(frame.iter_rows(named=True), start=1):

        def bad(field: str, value: object, zh: str, en: str, row_no: int = i) -> None:
            problems.append(Problem(where, row_no, field, str(value), message=Text(zh, en)))

        measure = raw.get("measure")
        spec = measures.get(str(measure))
        if spec is None:
            bad(
                "measure",
                measure,
                "未知的指标项：请使用 sector_measures.csv 中的名称（如 pv_capacity_mw、nev_fleet）",
                "unknown measure: use a name of sector_measures.csv (e.g. pv_capacity_mw, nev_fleet)",
            )
            continue
        try:
            year = int(str(raw.get("year")))
        except ValueError:
            year = None
        if year is None or not _YEARS[0] <= year <= _YEARS[1]:
            bad(
                "year",
                raw.get("year"),
                "年份应为 1990–2100 的整数",
                "the year must be a whole number 1990–2100",
            )
        try:
            value = float(str(raw.get("value")))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            bad(
                "value",
                raw.get("value"),
                "数值应为非负数",
                "the value must be a number, zero or more",
            )
        unit = str(raw.get("unit") or "")
        try:
            scale = _scale(unit, spec["unit"])
        except UnitError:
            bad(
                "unit",
                unit,
                f"单位与“{spec['name_zh']}”不符：请使用 {spec['unit']} 或可换算的单位",
                f"the unit does not fit '{spec['name_en']}': use {spec['unit']} or a convertible unit",
            )
            scale = math.nan
        site = raw.get("site") or None
        park = raw.get("park_id") or None
        key = (measure, year, site, park)
        if key in seen:
            bad(
                "measure",
                measure,
                f"与第 {seen[key]} 行重复（同一指标项、年份、地点和园区）：请合并",
                f"repeats row {seen[key]} (same measure, year, site and park): merge them",
            )
        seen.setdefault(key, i)
        rows.append(
            {
                "measure": measure,
                "year": year,
                "site": site,
                "park_id": park,
                "value": value * scale,
                "unit": spec["unit"],
                "source": raw.get("source") or "",
            }
        )
    if problems:
        raise DataValidationError(problems)
    return pl.DataFrame(rows, schema=SECTOR_COLUMNS, orient="row")


def sector_by_year(sector: pl.DataFrame, *, park_id: str | None = None) -> pl.DataFrame:
    """Each measure by year: the sum over sites (and over parks, unless ``park_id`` is given).

    Returns
    -------
    polars.DataFrame
        measure, name_zh, name_en, unit, kind, pilot, year, value.
    """
    rows = sector if park_id is None else sector.filter(pl.col("park_id") == park_id)
    totals = rows.group_by("measure", "year").agg(pl.col("value").sum())
    return (
        totals.join(sector_measures().drop("source", "unit"), on="measure", how="left")
        .join(rows.select("measure", "unit").unique("measure"), on="measure", how="left")
        .select("measure", "name_zh", "name_en", "unit", "kind", "pilot", "year", "value")
        .sort("pilot", "measure", "year")
    )


def territory_sector(sector: pl.DataFrame) -> pl.DataFrame:
    """A territory's figure of each measure and year, with where it comes from.

    A district row (no park) is the territory's own figure, parks included: the parks' rows of
    the same measure and year are parts of it and are not added (adding them would count a
    park's PV twice). A measure and year with park rows only is the sum of those parks, marked
    ``coverage = "parks"``: a lower bound of the territory, said so wherever it is shown.

    Returns
    -------
    polars.DataFrame
        measure, name_zh, name_en, unit, kind, pilot, lever, year, value (the measure's unit),
        coverage (``district`` | ``parks``), rows (how many stored rows), source (their
        sources, distinct, joined by "; ").
    """
    columns = ["measure", "name_zh", "name_en", "unit", "kind", "pilot", "lever", "year"]
    if sector.is_empty():
        return pl.DataFrame(
            schema={
                **{c: pl.String for c in columns},
                "year": pl.Int64,
                "value": pl.Float64,
                "coverage": pl.String,
                "rows": pl.UInt32,
                "source": pl.String,
            }
        )
    totals = (
        sector.with_columns(
            coverage=pl.when(pl.col("park_id").is_null())
            .then(pl.lit("district"))
            .otherwise(pl.lit("parks"))
        )
        .group_by("measure", "year", "coverage")
        .agg(
            pl.col("value").sum(),
            rows=pl.len(),
            source=pl.col("source").unique().sort().str.join("; "),
        )
        # "district" sorts before "parks": the first row of a measure and year is the figure.
        .sort("measure", "year", "coverage")
        .unique(["measure", "year"], keep="first", maintain_order=True)
    )
    return (
        totals.join(sector_measures().drop("source"), on="measure", how="left")
        .with_columns(pl.col("lever").fill_null(""))
        .select(*columns, "value", "coverage", "rows", "source")
        .sort("pilot", "measure", "year")
    )


def onsite_attributes(sector: pl.DataFrame, park_id: str) -> pl.DataFrame:
    """The park's on-site generation as electricity-attribute rows (one per year).

    ``pv_self_consumption_mwh`` of the park's rows is the on-site generation consumed, and
    ``pv_certificates_sold_mwh`` the part whose certificates were sold; the id is
    ``sector:{park}:{year}:pv`` so the same year cannot be declared twice.
    """
    mine = sector.filter(pl.col("park_id") == park_id)
    used = (
        mine.filter(measure="pv_self_consumption_mwh")
        .group_by("year")
        .agg(mwh=pl.col("value").sum())
    )
    sold = (
        mine.filter(measure="pv_certificates_sold_mwh")
        .group_by("year")
        .agg(certificates_sold_mwh=pl.col("value").sum())
    )
    joined = used.join(sold, on="year", how="left").sort("year")
    return pl.DataFrame(
        [
            {
                "attribute_id": f"sector:{park_id}:{r['year']}:pv",
                "holder": "park",
                "year": r["year"],
                "instrument": "onsite_generation",
                "mwh": r["mwh"],
                "certificates_sold_mwh": r["certificates_sold_mwh"] or 0.0,
                "source": "sector data: pv_self_consumption_mwh",
            }
            for r in joined.iter_rows(named=True)
        ],
        schema=ATTRIBUTE_COLUMNS,
        orient="row",
    )
