"""The Liangjiang indicator demo, 2021–2023: ILLUSTRATIVE values, not statistics.

The plan ends its figures in 2020. To show the indicator system working over the plan
period, the demo ships illustrative inputs for 2021–2023 in ``data/liangjiang/indicators/``
(every row says ``示例数据 ILLUSTRATIVE`` in its ``source``); ``cityclimate demo load``
(:mod:`cityclimate.demo.load`) writes them through the services, like any office's data:

``activity_scaling.csv``
    Factors applied to the 2020 demo activity records (:mod:`cityclimate.demo.liangjiang`)
    to build illustrative 2021–2023 activity data (:func:`scale_activities`); they are imported,
    computed and published as inventories, and the platform derives rows 1, 2 and 4 from them
    and the stored GDP and industrial value added (``socioeconomic.csv``).
``series.csv``
    Public-institution energy / staff / floor area, built-up, green-covered, sponge-city and
    park areas (the platform has no store for these series yet).
``datacentre_facilities.csv``
    Facility energy records (total and IT energy) for the energy-weighted PUE.
``indicator_values.csv``
    What cannot be derived, entered by hand in the format of
    :mod:`cityclimate.indicators.inputs`: base values the plan gives as '–', the values of
    rows 3, 6, 7, 8, and the reductions of rows 1 and 2 as a statistics communiqué would
    publish them, kept beside the derived ones so that the two can be compared. The city's
    targets are the plan pack's (``plan/targets.csv``), their one source.

:func:`derived_rows` derives, from ``series.csv`` and the facility records, row 5, rows 9 and
10, rows 11 and 13 (shares of areas), row 12 (per person) and the base values of rows 5 and 13,
as rows of the indicator-values table with provenance ``derived_from_data``: the loader stores
them as entered figures with that provenance. :func:`liangjiang_inputs` assembles everything in
memory for ``--demo`` in the CLI.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import polars as pl

from cityclimate.demo import liangjiang
from cityclimate.indicators.derived import (
    datacentre_pue_values,
    intensity_reduction,
    per_person_values,
    share_values,
)
from cityclimate.indicators.from_inventory import (
    intensity_values_from_inventory,
    inventory_series,
)
from cityclimate.indicators.inputs import parse_annual_series, parse_indicator_inputs
from cityclimate.indicators.model import (
    AnnualSeries,
    IndicatorDefinition,
    IndicatorInputs,
    IndicatorValue,
)
from cityclimate.inventory import compute_emissions

#: Years the demo has indicator values for.
DEMO_YEARS = (2021, 2022, 2023)
#: Base year of the plan (and of the demo's constant prices).
BASE_YEAR = 2020
NOTICE_ZH = (
    "示例数据：两江新区2021–2023年指标数值、市级下达目标、部门分工与任务进展均为示意性数据，"
    "并非统计数据或正式文件；" + liangjiang.NOTICE_ZH.removeprefix("示例数据：")
)
NOTICE_EN = (
    "ILLUSTRATIVE DATA: the Liangjiang 2021-2023 indicator values, city targets, department "
    "assignments and task progress are illustrative, not statistics or official documents; "
    + liangjiang.NOTICE_EN.removeprefix("ILLUSTRATIVE DATA: ")
)


def read_demo_text(file_name: str) -> str:
    """Text of a file shipped in ``cityclimate/demo/data/liangjiang/indicators``."""
    return (
        resources.files("cityclimate.demo")
        .joinpath("data", "liangjiang", "indicators", file_name)
        .read_text(encoding="utf-8")
    )


def definitions() -> list[IndicatorDefinition]:
    """The indicator definitions of the demo's plan pack."""
    return list(liangjiang.plan_pack().indicators)


def read_demo_rows(file_name: str) -> list[dict[str, str]]:
    """Rows of a shipped demo CSV file, as text."""
    return list(csv.DictReader(io.StringIO(read_demo_text(file_name))))


def activity_scaling() -> pl.DataFrame:
    """The illustrative scaling factors (``year``, ``category_prefix``, ``fuel``, ``factor``)."""
    return pl.read_csv(
        io.StringIO(read_demo_text("activity_scaling.csv")),
        schema_overrides={"year": pl.Int32, "factor": pl.Float64},
    )


def scale_activities(
    activities: pl.DataFrame, scaling: pl.DataFrame, *, from_year: int
) -> pl.DataFrame:
    """ILLUSTRATIVE activity data for later years: the records of ``from_year`` × factors.

    For each year of ``scaling`` every record of ``from_year`` is copied with
    quantity × factor, where the factor is that of the most specific matching rule: the
    longest ``category_prefix`` the record's category starts with, a rule naming the
    record's ``fuel`` before one with ``fuel = *``; records no rule matches keep their
    quantity (factor 1). Record ids ``…-{from_year}-…`` become ``…-{year}-…``. Not a
    forecast: a way to give a demo plausible data to compute.

    Parameters
    ----------
    activities:
        Activity records (columns of :data:`cityclimate.inventory.ACTIVITY_COLUMNS`).
    scaling:
        ``year``, ``category_prefix``, ``fuel`` (``*`` = any), ``factor`` (dimensionless).
    from_year:
        Year whose records are scaled.

    Returns
    -------
    polars.DataFrame
        The new records only (columns as ``activities``), in year and record order.
    """
    base = activities.filter(pl.col("year") == from_year).with_row_index("_order")
    rules = scaling.select(
        pl.col("year").cast(pl.Int32).alias("_year"),
        pl.col("category_prefix").cast(pl.String),
        pl.col("fuel").cast(pl.String).alias("_fuel"),
        pl.col("factor").cast(pl.Float64),
    )
    matched = (
        base.select("_order", "category", "fuel")
        .join(rules, how="cross")
        .filter(
            pl.col("category").str.starts_with(pl.col("category_prefix"))
            & ((pl.col("_fuel") == "*") | (pl.col("_fuel") == pl.col("fuel")))
        )
        .with_columns(
            _specificity=pl.col("category_prefix").str.len_chars() * 2
            + (pl.col("_fuel") != "*").cast(pl.Int64)
        )
        .sort("_specificity", descending=True)
        .group_by("_order", "_year", maintain_order=True)
        .first()
        .select("_order", "_year", "factor")
    )
    years = rules.select("_year").unique().sort("_year")
    dtype = activities.schema["year"]
    return (
        base.join(years, how="cross")
        .join(matched, on=["_order", "_year"], how="left")
        .with_columns(
            quantity=pl.col("quantity") * pl.col("factor").fill_null(1.0),
            record_id=pl.col("record_id").str.replace(
                f"-{from_year}-", pl.format("-{}-", pl.col("_year")), literal=True
            ),
            year=pl.col("_year").cast(dtype),
        )
        .sort("_year", "_order")
        .select(activities.columns)
    )


def liangjiang_activities() -> pl.DataFrame:
    """Demo activity records: 2019–2020 (calibrated) and 2021–2023 (scaled, illustrative)."""
    shipped = liangjiang.activities()
    later = scale_activities(shipped, activity_scaling(), from_year=BASE_YEAR)
    return pl.concat([shipped, later])


@cache
def liangjiang_emissions() -> pl.DataFrame:
    """Record-level emissions of :func:`liangjiang_activities` with the demo's method."""
    return compute_emissions(liangjiang_activities(), liangjiang.method())


def liangjiang_series() -> dict[str, AnnualSeries]:
    """The demo's yearly series (``series.csv``; GDP, industrial value added and population
    from ``socioeconomic.csv``)."""
    rows = read_demo_rows("series.csv")
    for socio in liangjiang.socioeconomic().iter_rows(named=True):
        for quantity, column, unit in (
            ("gdp", "gdp_10k_yuan", "万元"),
            ("industrial_value_added", "industrial_value_added_10k_yuan", "万元"),
            ("population", "population", "person"),
        ):
            if socio[column] is None:
                continue
            rows.append(
                {
                    "quantity": quantity,
                    "year": str(socio["year"]),
                    "value": str(socio[column]),
                    "unit": unit,
                    "price_base_year": str(socio["gdp_price_base_year"]) if unit == "万元" else "",
                    "source": str(socio["source"]),
                }
            )
    return parse_annual_series(rows, "series.csv")


def liangjiang_facilities() -> pl.DataFrame:
    """The demo's data-centre facility records (one row per facility and year)."""
    return pl.read_csv(
        io.StringIO(read_demo_text("datacentre_facilities.csv")),
        schema_overrides={"year": pl.Int32},
    )


def series_derived_values(
    years: tuple[int, ...] = DEMO_YEARS,
) -> tuple[list[IndicatorValue], list[IndicatorValue]]:
    """Indicator values derived from the demo's series and facility records (not from the
    inventory): (values of ``years``, base values).

    Returns
    -------
    tuple of (list of IndicatorValue, list of IndicatorValue)
        Values of rows 5, 9–13 for each year; base-year values of the PUE sub-limits and the
        sponge-city share (the plan table gives '–' for them).
    """
    defs = definitions()
    series = liangjiang_series()
    facilities = liangjiang_facilities()
    values: list[IndicatorValue] = []
    pue_source = "datacentre_facilities.csv (ILLUSTRATIVE)"
    for year in years:
        values += datacentre_pue_values(
            facilities.filter(pl.col("year") == year), year, defs, source=pue_source
        )
        for indicator_id, denominator in (
            ("public_institution_energy_per_person_reduction", "public_institution_staff"),
            ("public_institution_energy_per_m2_reduction", "public_institution_floor_area"),
        ):
            values.append(
                intensity_reduction(
                    series["public_institution_energy"],
                    series[denominator],
                    indicator_id=indicator_id,
                    base_year=BASE_YEAR,
                    year=year,
                )
            )
    values += share_values(
        "built_up_green_coverage",
        series["green_covered_area"],
        series["built_up_area"],
        years=years,
    )
    values += share_values(
        "sponge_city_share_of_built_up",
        series["sponge_city_area"],
        series["built_up_area"],
        years=years,
    )
    values += per_person_values(
        "park_green_space_per_person",
        series["park_green_space"],
        series["population"],
        "m2/person",
        years=years,
    )
    bases = datacentre_pue_values(
        facilities.filter(pl.col("year") == BASE_YEAR), BASE_YEAR, defs, source=pue_source
    )
    bases += share_values(
        "sponge_city_share_of_built_up",
        series["sponge_city_area"],
        series["built_up_area"],
        years=(BASE_YEAR,),
    )
    return values, bases


def inventory_derived_values(years: tuple[int, ...] = DEMO_YEARS) -> list[IndicatorValue]:
    """Rows 1, 2 and 4 derived in memory from the demo inventory and socio-economic inputs
    (on the platform they come from the stored published inventories)."""
    series = liangjiang_series()
    return intensity_values_from_inventory(
        inventory_series(liangjiang_emissions(), territory=liangjiang.TERRITORY),
        series["gdp"],
        series["industrial_value_added"],
        base_year=BASE_YEAR,
        years=years,
    )


def _row(value: IndicatorValue, kind: str) -> dict[str, str]:
    return {
        "indicator_id": value.indicator_id,
        "year": str(value.year),
        "kind": kind,
        "value": repr(value.value),
        "unit": value.unit,
        "provenance": value.provenance.value,
        "source": "; ".join(t for t in (value.source, value.derivation) if t),
    }


def derived_rows() -> list[dict[str, str]]:
    """:func:`series_derived_values` as rows of the indicator-values table (what the loader
    stores)."""
    values, bases = series_derived_values()
    return [_row(v, "actual") for v in values] + [_row(b, "base") for b in bases]


def liangjiang_derived_values(
    years: tuple[int, ...] = DEMO_YEARS,
) -> tuple[list[IndicatorValue], list[IndicatorValue]]:
    """Every value the demo derives: (values of ``years``, base values)."""
    values, bases = series_derived_values(years)
    return inventory_derived_values(years) + values, bases


@cache
def liangjiang_inputs() -> IndicatorInputs:
    """All demo inputs: entered values and base values, the derived values, and the plan
    pack's city targets (in memory, for ``--demo``).

    The notice (:data:`NOTICE_ZH`, :data:`NOTICE_EN`) travels with them to every output.
    """
    entered = parse_indicator_inputs(
        read_demo_rows("indicator_values.csv"),
        "indicator_values.csv",
        definitions(),
        first_row=2,
    )
    derived, derived_bases = liangjiang_derived_values()
    return IndicatorInputs(
        values=(*entered.values, *derived),
        base_values=(*entered.base_values, *derived_bases),
        city_targets=liangjiang.plan_pack().city_targets,
        notice_zh=NOTICE_ZH,
        notice_en=NOTICE_EN,
    )
