"""Indicators derived from data: intensity reductions, data-centre PUE, shares, per-person values.

Every function here returns values whose :class:`~cityclimate.indicators.model.Provenance` is
``derived_from_data`` (or plain numbers for the building blocks), so a derived value and a
value entered by hand for the same indicator and year can be kept side by side and compared
(:func:`cityclimate.indicators.quality.check_entered_vs_derived`).

Intensity reductions use GDP (or industrial value added) at **constant prices** of one stated
price base year (``AnnualSeries.price_base_year``), as Chinese intensity targets require
(shared/reference/factors-and-rules.md, "GDP for intensity indicators is at constant prices").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import polars as pl

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.indicators.model import (
    AnnualSeries,
    IndicatorDefinition,
    IndicatorValue,
    Provenance,
)
from cityclimate.text import Text
from cityclimate.units import conversion_factor, parse_unit

#: Columns of the facility records for :func:`datacentre_pue`.
FACILITY_COLUMNS = (
    "facility_id",
    "category",
    "total_facility_energy",
    "it_equipment_energy",
    "energy_unit",
)


def _fail(where: str, field: str, value: object, message: Text) -> DataValidationError:
    return DataValidationError([Problem(where, field=field, value=str(value), message=message)])


def _dimension_check(series: AnnualSeries, reference_unit: str, what_zh: str, what_en: str) -> None:
    try:
        conversion_factor(series.unit, reference_unit)
    except UnitError as exc:
        raise _fail(
            series.quantity,
            "unit",
            series.unit,
            Text(
                f"{what_zh}的单位应可换算为 {reference_unit}：{exc.message_zh}",
                f"{what_en} must be in a unit convertible to {reference_unit}: {exc.message_en}",
            ),
        ) from exc


def _value(series: AnnualSeries, year: int) -> float:
    if year not in series.values:
        raise _fail(
            series.quantity,
            "year",
            year,
            Text(
                f"“{series.quantity}”缺少 {year} 年的数值",
                f"'{series.quantity}' has no value for {year}",
            ),
        )
    value = float(series.values[year])
    if not math.isfinite(value) or value <= 0:
        raise _fail(
            series.quantity,
            "value",
            value,
            Text(
                f"“{series.quantity}” {year} 年的数值应为正数",
                f"the {year} value of '{series.quantity}' must be positive",
            ),
        )
    return value


def intensity(
    amount: float, amount_unit: str, denominator: float, denominator_unit: str, result_unit: str
) -> float:
    """An intensity, e.g. energy per unit GDP, in the requested unit.

    intensity = amount / denominator, converted to ``result_unit`` with the units' registry.

    Parameters
    ----------
    amount, amount_unit:
        Numerator, e.g. ``724.42`` ``"万tCO2"``.
    denominator, denominator_unit:
        Denominator, e.g. GDP ``2069.8`` ``"亿元"``.
    result_unit:
        Unit of the result, e.g. ``"tCO2/万元"``.

    Raises
    ------
    UnitError
        When ``result_unit`` does not have the dimension of amount / denominator.
    DataValidationError
        When the denominator is not positive (field ``denominator``).
    """
    if not denominator > 0:
        raise _fail(
            "intensity",
            "denominator",
            denominator,
            Text("分母应为正数", "the denominator must be positive"),
        )
    ratio = parse_unit(amount_unit) / parse_unit(denominator_unit)
    wanted = parse_unit(result_unit)
    if ratio.dimensionality != wanted.dimensionality:
        raise UnitError(
            f"单位“{amount_unit}/{denominator_unit}”不能换算为“{result_unit}”",
            f"'{amount_unit}/{denominator_unit}' cannot be converted to '{result_unit}'",
        )
    factor = float((ratio / wanted).to("dimensionless").magnitude)
    return amount / denominator * factor


def intensity_reduction(
    numerator: AnnualSeries,
    denominator: AnnualSeries,
    *,
    indicator_id: str,
    base_year: int,
    year: int,
) -> IndicatorValue:
    """Cumulative reduction of an intensity since the base year, in %.

    reduction = (1 − (N_y / D_y) / (N_y₀ / D_y₀)) × 100 %

    Parameters
    ----------
    numerator:
        E.g. energy consumption (tce) or CO2 emissions (t CO2) by year.
    denominator:
        E.g. GDP or industrial value added at constant prices (``price_base_year`` set), or
        persons, or floor area (m²).
    indicator_id:
        Indicator the value is for.
    base_year, year:
        y₀ and y.

    Returns
    -------
    IndicatorValue
        In %, provenance ``derived_from_data``, with the derivation stated.

    Raises
    ------
    DataValidationError
        When a money denominator has no ``price_base_year`` (field ``price_base_year``), or
        a year is missing or a value not positive (fields ``year`` / ``value``).
    """
    money = "[currency]" in str(parse_unit(denominator.unit).dimensionality)
    if money and denominator.price_base_year is None:
        raise _fail(
            denominator.quantity,
            "price_base_year",
            "",
            Text(
                f"“{denominator.quantity}”须为可比价（不变价）序列：请注明价格基年",
                f"'{denominator.quantity}' must be at constant prices: state its price base year",
            ),
        )
    ratio_base = _value(numerator, base_year) / _value(denominator, base_year)
    ratio_year = _value(numerator, year) / _value(denominator, year)
    reduction = (1.0 - ratio_year / ratio_base) * 100.0
    prices = f" at constant {denominator.price_base_year} prices" if money else ""
    derivation = (
        f"(1 - ({numerator.quantity}/{denominator.quantity})_{year} / "
        f"({numerator.quantity}/{denominator.quantity})_{base_year}) x 100; "
        f"{numerator.quantity} in {numerator.unit}, {denominator.quantity} in "
        f"{denominator.unit}{prices}"
    )
    sources = "; ".join(s for s in (numerator.source, denominator.source) if s)
    return IndicatorValue(
        indicator_id=indicator_id,
        year=year,
        value=reduction,
        unit="%",
        provenance=Provenance.DERIVED_FROM_DATA,
        source=sources,
        derivation=derivation,
    )


def energy_intensity_reduction(
    energy: AnnualSeries,
    gdp: AnnualSeries,
    *,
    base_year: int,
    year: int,
    indicator_id: str = "energy_intensity_reduction",
) -> IndicatorValue:
    """Reduction of energy consumption per unit GDP since the base year (Table 1 row 1), %.

    ``energy`` in an energy unit (tce, 万tce, GJ); ``gdp`` in money at constant prices.
    Equation as :func:`intensity_reduction`.
    """
    _dimension_check(energy, "tce", "能源消费量", "energy consumption")
    _dimension_check(gdp, "万元", "地区生产总值", "GDP")
    return intensity_reduction(
        energy, gdp, indicator_id=indicator_id, base_year=base_year, year=year
    )


def co2_intensity_reduction(
    co2: AnnualSeries,
    gdp: AnnualSeries,
    *,
    base_year: int,
    year: int,
    indicator_id: str = "co2_intensity_reduction",
) -> IndicatorValue:
    """Reduction of CO2 per unit GDP since the base year (Table 1 row 2), %.

    ``co2`` in a CO2 mass unit (tCO2, 万tCO2e), e.g. from the inventory; ``gdp`` at constant
    prices. Equation as :func:`intensity_reduction`.
    """
    _dimension_check(co2, "tCO2", "二氧化碳排放量", "CO2 emissions")
    _dimension_check(gdp, "万元", "地区生产总值", "GDP")
    return intensity_reduction(co2, gdp, indicator_id=indicator_id, base_year=base_year, year=year)


def industrial_co2_intensity_reduction(
    industrial_co2: AnnualSeries,
    industrial_value_added: AnnualSeries,
    *,
    base_year: int,
    year: int,
    indicator_id: str = "industrial_co2_intensity_reduction",
) -> IndicatorValue:
    """Reduction of CO2 per unit industrial value added since the base year (row 4), %.

    ``industrial_co2`` is the industry sector's CO2 (tCO2); ``industrial_value_added`` at
    constant prices. Equation as :func:`intensity_reduction`.
    """
    _dimension_check(industrial_co2, "tCO2", "工业二氧化碳排放量", "industrial CO2")
    _dimension_check(industrial_value_added, "万元", "工业增加值", "industrial value added")
    return intensity_reduction(
        industrial_co2,
        industrial_value_added,
        indicator_id=indicator_id,
        base_year=base_year,
        year=year,
    )


def datacentre_pue(facilities: pl.DataFrame) -> pl.DataFrame:
    """Energy-weighted average PUE of data centres, per category.

    PUE_category = Σ total facility energy / Σ IT equipment energy over the category's
    facilities (GB 40879-2021 definition of PUE, aggregated by energy, not by averaging the
    facilities' PUEs).

    Parameters
    ----------
    facilities:
        One row per facility and year with columns ``facility_id``, ``category`` (e.g.
        ``new``, ``existing``, ``national_hub``: the ``sub_limit`` of the PUE definitions),
        ``total_facility_energy``, ``it_equipment_energy`` and ``energy_unit`` (kWh, MWh,
        万kWh, tce …).

    Returns
    -------
    polars.DataFrame
        Columns ``category``, ``facilities``, ``total_facility_energy_kwh``,
        ``it_equipment_energy_kwh``, ``pue`` (dimensionless), sorted by category.

    Raises
    ------
    DataValidationError
        Listing every bad row (1-based): missing column, unknown energy unit, IT energy not
        positive, or IT energy above total facility energy (PUE < 1).
    """
    missing = [column for column in FACILITY_COLUMNS if column not in facilities.columns]
    if missing:
        raise _fail(
            "facility records",
            missing[0],
            "",
            Text(f"缺少列：{', '.join(missing)}", f"missing column(s): {', '.join(missing)}"),
        )
    factors: dict[str, float] = {}
    problems: list[Problem] = []
    totals: list[float] = []
    its: list[float] = []
    for number, row in enumerate(facilities.iter_rows(named=True), start=1):
        unit = str(row["energy_unit"])
        if unit not in factors:
            try:
                factors[unit] = conversion_factor(unit, "kWh")
            except UnitError as exc:
                problems.append(
                    Problem(
                        "facility records",
                        number,
                        "energy_unit",
                        unit,
                        exc.message_zh,
                        exc.message_en,
                    )
                )
                factors[unit] = math.nan
        total = float(row["total_facility_energy"]) * factors[unit]
        it = float(row["it_equipment_energy"]) * factors[unit]
        if not it > 0:
            problems.append(
                Problem(
                    "facility records",
                    number,
                    "it_equipment_energy",
                    str(row["it_equipment_energy"]),
                    "IT设备能耗应为正数",
                    "IT equipment energy must be positive",
                )
            )
        elif total < it:
            problems.append(
                Problem(
                    "facility records",
                    number,
                    "total_facility_energy",
                    str(row["total_facility_energy"]),
                    "总能耗不能小于IT设备能耗（PUE不能小于1）",
                    "total facility energy cannot be below IT energy (PUE < 1)",
                )
            )
        totals.append(total)
        its.append(it)
    if problems:
        raise DataValidationError(problems)
    frame = pl.DataFrame(
        {
            "category": facilities["category"].cast(pl.String),
            "total_facility_energy_kwh": totals,
            "it_equipment_energy_kwh": its,
        }
    )
    return (
        frame.group_by("category")
        .agg(
            pl.len().alias("facilities"),
            pl.col("total_facility_energy_kwh").sum(),
            pl.col("it_equipment_energy_kwh").sum(),
        )
        .with_columns(
            (pl.col("total_facility_energy_kwh") / pl.col("it_equipment_energy_kwh")).alias("pue")
        )
        .sort("category")
    )


def datacentre_pue_values(
    facilities: pl.DataFrame,
    year: int,
    definitions: Iterable[IndicatorDefinition],
    *,
    source: str = "",
) -> list[IndicatorValue]:
    """PUE indicator values for ``year``, one per sub-limit that has facilities.

    The category of each facility is matched to the ``sub_limit`` of the PUE definitions
    (``new``, ``existing``, ``national_hub``). Equation as :func:`datacentre_pue`.

    Raises
    ------
    DataValidationError
        When a category matches no definition's ``sub_limit`` (field ``category``).
    """
    by_sub_limit = {d.sub_limit: d for d in definitions if d.sub_limit is not None}
    values = []
    for row in datacentre_pue(facilities).iter_rows(named=True):
        definition = by_sub_limit.get(row["category"])
        if definition is None:
            known = ", ".join(sorted(str(key) for key in by_sub_limit))
            raise _fail(
                "facility records",
                "category",
                row["category"],
                Text(
                    f"未知的数据中心类别，应为：{known}",
                    f"unknown data-centre category; use one of: {known}",
                ),
            )
        values.append(
            IndicatorValue(
                indicator_id=definition.id,
                year=year,
                value=float(row["pue"]),
                unit="dimensionless",
                provenance=Provenance.DERIVED_FROM_DATA,
                source=source,
                derivation=(
                    f"sum(total facility energy) / sum(IT equipment energy) over "
                    f"{row['facilities']} facilities = {row['total_facility_energy_kwh']:.6g} kWh"
                    f" / {row['it_equipment_energy_kwh']:.6g} kWh"
                ),
            )
        )
    return values


def share_percent(part: float, part_unit: str, whole: float, whole_unit: str) -> float:
    """A share in %: part / whole × 100, after converting both to the same unit.

    Parameters
    ----------
    part, part_unit:
        E.g. green-building floor area, ``"万m2"``.
    whole, whole_unit:
        E.g. all new floor area, ``"m2"``.

    Raises
    ------
    UnitError
        When the two units measure different things.
    DataValidationError
        When the whole is not positive (field ``whole``), or the part is negative or larger
        than the whole (field ``part``: a share cannot exceed 100 %).
    """
    part_in_whole_unit = part * conversion_factor(part_unit, whole_unit)
    if not whole > 0:
        raise _fail("share", "whole", whole, Text("总量应为正数", "the whole must be positive"))
    if part_in_whole_unit < 0 or part_in_whole_unit > whole:
        raise _fail(
            "share",
            "part",
            part,
            Text(
                "部分量应在0与总量之间（比例不能超过100%）",
                "the part must lie between 0 and the whole (a share cannot exceed 100 %)",
            ),
        )
    return part_in_whole_unit / whole * 100.0


def per_person(amount: float, amount_unit: str, population: float, result_unit: str) -> float:
    """A value per person, e.g. park green space (m² per person) or emissions (t CO2/person).

    value = amount / population, converted to ``result_unit`` (e.g. ``"m2/person"``).

    Raises
    ------
    DataValidationError
        When the population is not positive (field ``population``).
    UnitError
        When ``result_unit`` is not ``amount_unit`` per person.
    """
    if not population > 0:
        raise _fail(
            "per person",
            "population",
            population,
            Text("人口应为正数", "the population must be positive"),
        )
    return intensity(amount, amount_unit, population, "person", result_unit)


def _ratio_values(
    indicator_id: str,
    numerator: AnnualSeries,
    denominator: AnnualSeries,
    years: Iterable[int] | None,
    result_unit: str,
    ratio: Callable[[float, float], float],
    operator: str,
) -> list[IndicatorValue]:
    """``ratio(numerator_y, denominator_y)`` for each year, as derived indicator values."""
    if years is None:
        chosen = sorted(set(numerator.values) & set(denominator.values))
    else:
        chosen = sorted(years)
    values = []
    for year in chosen:
        top, bottom = _value(numerator, year), _value(denominator, year)
        values.append(
            IndicatorValue(
                indicator_id=indicator_id,
                year=year,
                value=ratio(top, bottom),
                unit=result_unit,
                provenance=Provenance.DERIVED_FROM_DATA,
                source="; ".join(s for s in (numerator.source, denominator.source) if s),
                derivation=(
                    f"{numerator.quantity} / {denominator.quantity}{operator} = {top:g} "
                    f"{numerator.unit} / {bottom:g} {denominator.unit}{operator}"
                ),
            )
        )
    return values


def share_values(
    indicator_id: str,
    part: AnnualSeries,
    whole: AnnualSeries,
    *,
    years: Iterable[int] | None = None,
) -> list[IndicatorValue]:
    """A share indicator (%) for each year from two series, e.g. sponge-city area / built-up area.

    value_y = part_y / whole_y × 100 % (:func:`share_percent`, units converted).

    Parameters
    ----------
    indicator_id:
        The share indicator, e.g. ``"sponge_city_share_of_built_up"``.
    part, whole:
        Yearly series in units of the same dimension (``km2`` and ``m2`` …).
    years:
        Years to compute; default every year both series have.

    Raises
    ------
    DataValidationError
        When a year is missing, the whole is not positive or the part exceeds it.
    """
    return _ratio_values(
        indicator_id,
        part,
        whole,
        years,
        "%",
        lambda top, bottom: share_percent(top, part.unit, bottom, whole.unit),
        " x 100",
    )


def per_person_values(
    indicator_id: str,
    amount: AnnualSeries,
    population: AnnualSeries,
    result_unit: str,
    *,
    years: Iterable[int] | None = None,
) -> list[IndicatorValue]:
    """A per-person indicator for each year, e.g. park green space (m²/person).

    value_y = amount_y / population_y in ``result_unit`` (:func:`per_person`); the
    population may be in ``person`` or ``万person``.

    Raises
    ------
    DataValidationError
        When a year is missing or the population is not positive.
    UnitError
        When ``result_unit`` is not the amount's unit per person.
    """
    people = conversion_factor(population.unit, "person")
    return _ratio_values(
        indicator_id,
        amount,
        population,
        years,
        result_unit,
        lambda top, bottom: per_person(top, amount.unit, bottom * people, result_unit),
        "",
    )
