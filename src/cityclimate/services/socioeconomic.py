"""Socio-economic inputs per territory and year: entered, imported, validated, read by figures.

GDP and value added by sector (万元 at the constant prices of a stated base year), industrial
value added, resident population (persons), building floor area (万m²) and vehicles. They are
the denominators of every intensity and per-capita figure: :func:`figures_for` gives them to the
inventory dashboard at read time, so entering or correcting a year's GDP changes the intensity
shown for every stored inventory of that year, published ones included (the inventory itself,
its emissions, stays as published).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.territories import get_territory
from cityclimate.storage.models import Socioeconomic

YEARS = (1949, 2100)


@dataclass(frozen=True)
class Field:
    """One socio-economic input: its column, unit, names and plausible range."""

    name: str
    unit: str
    name_zh: str
    name_en: str
    low: float
    high: float
    money: bool = False


#: The inputs, their units and plausible ranges (China's 2024 GDP is about 1.35 × 10¹⁰ 万元,
#: its population 1.41 × 10⁹, its building floor area about 7 × 10⁶ 万m²: a territory's value
#: above these is a unit mistake).
FIELDS = (
    Field("gdp_10k_yuan", "万元", "地区生产总值", "GDP", 1.0, 2e10, money=True),
    Field("value_added_primary_10k_yuan", "万元", "第一产业增加值", "primary", 0.0, 2e10, True),
    Field("value_added_secondary_10k_yuan", "万元", "第二产业增加值", "secondary", 0.0, 2e10, True),
    Field("value_added_tertiary_10k_yuan", "万元", "第三产业增加值", "tertiary", 0.0, 2e10, True),
    Field("industrial_value_added_10k_yuan", "万元", "工业增加值", "industry VA", 0.0, 2e10, True),
    Field("population", "人", "常住人口", "resident population", 1.0, 1.5e9),
    Field("floor_area_10k_m2", "万m²", "建筑面积", "building floor area", 0.0, 1e7),
    Field("vehicles", "辆", "机动车保有量", "motor vehicles", 0.0, 5e8),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
#: Kinds of territory whose population below this is a unit mistake (万人 given for 人).
MIN_PEOPLE = {"province": 10_000, "city": 1_000, "district": 1_000}


def socioeconomic_view(r: Socioeconomic) -> dict[str, Any]:
    return {
        "territory_code": r.territory_code,
        "year": r.year,
        "gdp_price_base_year": r.gdp_price_base_year,
        **{name: getattr(r, name) for name in FIELD_NAMES},
        "source": r.source,
        "illustrative": r.illustrative,
    }


def check_year(
    values: dict[str, Any],
    *,
    year: int,
    kind: str = "district",
    where: str = "socioeconomic",
    row: int | None = None,
) -> list[Problem]:
    """Every problem of one year's inputs: range, units, price base, sums of value added."""
    problems: list[Problem] = []

    def bad(name: str, value: object, zh: str, en: str) -> None:
        problems.append(Problem(where, row, name, "" if value is None else str(value), zh, en))

    if not YEARS[0] <= year <= YEARS[1]:
        bad("year", year, f"年份应在 {YEARS[0]}–{YEARS[1]} 之间", f"the year must lie in {YEARS}")
    for f in FIELDS:
        v = values.get(f.name)
        if v is None:
            continue
        if not isinstance(v, int | float) or not math.isfinite(v) or not f.low <= v <= f.high:
            bad(
                f.name,
                v,
                f"{f.name_zh}应在 {f.low:g}–{f.high:g} {f.unit} 之间：请检查单位",
                f"{f.name_en} must lie in {f.low:g}–{f.high:g} {f.unit}: check the unit",
            )
    money = [f.name for f in FIELDS if f.money and values.get(f.name) is not None]
    base = values.get("gdp_price_base_year")
    if money and base is None:
        bad(
            "gdp_price_base_year",
            None,
            "填写了地区生产总值或增加值时，须注明不变价基年",
            "GDP and value added need their constant-price base year",
        )
    # A year before the base year is often restated at the base year's constant prices
    # (the Liangjiang plan's 2019 GDP at 2020 prices), so only a base year in the future is
    # wrong.
    if base is not None and not (1952 <= base <= max(year, date.today().year)):
        bad(
            "gdp_price_base_year",
            base,
            "不变价基年应在 1952 年与今年之间",
            "the price base year must lie between 1952 and this year",
        )
    people = values.get("population")
    if isinstance(people, int | float) and people < MIN_PEOPLE.get(kind, 0):
        bad(
            "population",
            people,
            "人口以“人”为单位（不是万人）：请乘以 10000",
            "population is in persons (not 10⁴ persons): multiply by 10,000",
        )
    gdp = values.get("gdp_10k_yuan")
    parts = [values.get(f"value_added_{s}_10k_yuan") for s in ("primary", "secondary", "tertiary")]
    if gdp and all(isinstance(p, int | float) for p in parts):
        total = sum(p for p in parts if p is not None)
        if abs(total - gdp) > 0.02 * gdp:
            bad(
                "gdp_10k_yuan",
                gdp,
                f"三次产业增加值之和 {total:g} 与地区生产总值相差超过 2%",
                f"the three sectors' value added ({total:g}) differ from GDP by more than 2 %",
            )
    industry, secondary = (
        values.get("industrial_value_added_10k_yuan"),
        values.get("value_added_secondary_10k_yuan"),
    )
    if industry is not None and secondary is not None and industry > secondary * 1.0001:
        bad(
            "industrial_value_added_10k_yuan",
            industry,
            "工业增加值不能大于第二产业增加值",
            "industrial value added cannot exceed the secondary sector's",
        )
    return problems


def put_year(
    session: Session,
    actor: Actor,
    code: str,
    year: int,
    values: dict[str, Any],
    *,
    source: str = "",
    illustrative: bool = False,
) -> Socioeconomic:
    """Store (replace) one territory-year of inputs, audited; refused whole if any is wrong."""
    territory = get_territory(session, code)
    problems = check_year(values, year=year, kind=territory.level)
    if problems:
        raise DataValidationError(problems)
    return _store(session, actor, code, year, values, source=source, illustrative=illustrative)


def _store(
    session: Session,
    actor: Actor,
    code: str,
    year: int,
    values: dict[str, Any],
    *,
    source: str,
    illustrative: bool,
) -> Socioeconomic:
    row = session.scalar(
        select(Socioeconomic).where(
            Socioeconomic.territory_code == code, Socioeconomic.year == year
        )
    )
    before = socioeconomic_view(row) if row is not None else None
    if row is None:
        row = Socioeconomic(territory_code=code, year=year)
        session.add(row)
    for name in FIELD_NAMES:
        setattr(row, name, values.get(name))
    row.gdp_price_base_year = values.get("gdp_price_base_year")
    row.source, row.illustrative = source, illustrative
    session.flush()
    audit.record(
        session,
        actor,
        "update" if before else "create",
        "socioeconomic",
        f"{code}/{year}",
        before=before,
        after=socioeconomic_view(row),
    )
    return row


def import_table(
    session: Session, actor: Actor, code: str, frame: pl.DataFrame, *, where: str
) -> list[Socioeconomic]:
    """Store every row of an imported sheet (``year`` and field columns), all or none.

    ``frame`` has a ``_row`` column (the row number in the file) when the reader knows it.
    """
    territory = get_territory(session, code)
    problems: list[Problem] = []
    rows = frame.to_dicts()
    years = [r.get("year") for r in rows]
    for i, r in enumerate(rows, start=2):
        line = int(r.get("_row") or i)
        year = r.get("year")
        if not isinstance(year, int):
            problems.append(
                Problem(where, line, "year", str(year), "年份必填且为整数", "the year is required")
            )
            continue
        if years.count(year) > 1:
            problems.append(
                Problem(where, line, "year", str(year), "同一年份只能有一行", "one row per year")
            )
        problems += check_year(r, year=year, kind=territory.level, where=where, row=line)
    if not rows:
        problems.append(
            Problem(where, None, None, "", "文件中没有数据行", "the file has no data rows")
        )
    if problems:
        raise DataValidationError(problems)
    return [
        _store(
            session,
            actor,
            code,
            int(r["year"]),
            r,
            source=str(r.get("source") or where),
            illustrative=False,
        )
        for r in rows
    ]


def list_years(session: Session, code: str) -> list[Socioeconomic]:
    get_territory(session, code)
    return list(
        session.scalars(
            select(Socioeconomic)
            .where(Socioeconomic.territory_code == code)
            .order_by(Socioeconomic.year)
        ).all()
    )


def table(session: Session, code: str) -> pl.DataFrame | None:
    """The territory's inputs as the core's socio-economic table (None when it has none)."""
    rows = session.scalars(select(Socioeconomic).where(Socioeconomic.territory_code == code)).all()
    if not rows:
        return None
    return pl.DataFrame(
        [
            {
                "territory": r.territory_code,
                "year": r.year,
                "gdp_10k_yuan": r.gdp_10k_yuan,
                "gdp_price_base_year": r.gdp_price_base_year,
                "population": r.population,
            }
            for r in rows
        ],
        schema={
            "territory": pl.String,
            "year": pl.Int32,
            "gdp_10k_yuan": pl.Float64,
            "gdp_price_base_year": pl.Int64,
            "population": pl.Float64,
        },
    )


def figures_for(session: Session, code: str, year: int, gross_co2e_t: float) -> dict[str, Any]:
    """Intensity and per-capita figures of an inventory from the stored inputs of its year.

    ``intensity_t_per_10k_yuan`` = gross / GDP (t CO2e per 万元 at ``gdp_price_base_year``
    prices) and ``per_capita_t`` = gross / population; ``None`` where the input is not reported.
    """
    row = session.scalar(
        select(Socioeconomic).where(
            Socioeconomic.territory_code == code, Socioeconomic.year == year
        )
    )
    return figures_of(row, gross_co2e_t)


class YearInputs(Protocol):
    """What the figures read of a year's inputs: a stored row, or those columns read alone."""

    @property
    def gdp_10k_yuan(self) -> float | None: ...
    @property
    def gdp_price_base_year(self) -> int | None: ...
    @property
    def population(self) -> float | None: ...
    @property
    def source(self) -> str: ...


#: The columns of :class:`YearInputs`, to read them alone (cheaper than whole rows).
YEAR_INPUT_COLUMNS = (
    Socioeconomic.gdp_10k_yuan,
    Socioeconomic.gdp_price_base_year,
    Socioeconomic.population,
    Socioeconomic.source,
)


def figures_of(row: YearInputs | None, gross_co2e_t: float) -> dict[str, Any]:
    """:func:`figures_for` from the stored inputs of the year (``row``), already read."""
    gdp = row.gdp_10k_yuan if row is not None else None
    people = row.population if row is not None else None
    return {
        "intensity_t_per_10k_yuan": gross_co2e_t / gdp if gdp else None,
        "per_capita_t": gross_co2e_t / people if people else None,
        "gdp_10k_yuan": gdp,
        "gdp_price_base_year": row.gdp_price_base_year if row is not None else None,
        "population": people,
        "socioeconomic_source": row.source if row is not None else None,
    }
