"""Tables a city fills in for its indicators: values, base values, city targets, yearly series.

Indicator-values table (one row per figure; CSV or the first sheet of an .xlsx)
    =============  ==========================================================================
    column         meaning
    =============  ==========================================================================
    indicator_id   id of the indicator (``liangjiang_indicators.csv``), e.g.
                   ``co2_intensity_reduction``
    year           the year the figure is for
    kind           ``actual`` (observed value of ``year``), ``base`` (base-year value where
                   the definition has none; ``year`` = base year) or ``target`` (target set
                   by the city for a ``set_by_city`` indicator; ``year`` = target year)
    value          the figure; reductions as the cumulative % reduction since the base year
    unit           its unit, convertible to the indicator's (``%``, ``dimensionless``,
                   ``m2/person``)
    provenance     ``entered_by_hand`` (default when empty) or ``derived_from_data``
    source         where it comes from; required for ``target`` (the city's document)
    =============  ==========================================================================

Yearly-series table (inputs of derived indicators)
    ``quantity, year, value, unit, price_base_year, source``: e.g. ``gdp`` in ``万元`` with
    ``price_base_year`` 2020 (constant prices; required for money), ``population`` in
    ``person``, ``built_up_area`` in ``km2``. One unit and one price base per quantity.

Parsers collect every problem and raise one :class:`~cityclimate.errors.DataValidationError`
naming file, row, column and value in Chinese and English; nothing is returned half-read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.indicators.definitions import RowReader, definitions_by_id
from cityclimate.indicators.evaluation import resolve_target, value_in_unit
from cityclimate.indicators.model import (
    AnnualSeries,
    CityTarget,
    IndicatorDefinition,
    IndicatorInputs,
    IndicatorValue,
    Provenance,
)
from cityclimate.indicators.plausibility import check_plausible
from cityclimate.text import Text
from cityclimate.units import conversion_factor, parse_unit

#: Columns of the indicator-values table (``provenance`` and ``source`` may be empty).
INDICATOR_VALUE_COLUMNS = ("indicator_id", "year", "kind", "value", "unit", "provenance", "source")
#: Allowed values of its ``kind`` column.
VALUE_KINDS = ("actual", "base", "target")
#: Columns of the yearly-series table.
SERIES_COLUMNS = ("quantity", "year", "value", "unit", "price_base_year", "source")


def missing_columns(
    columns: Iterable[str], required: Sequence[str], where: str
) -> DataValidationError | None:
    """An error naming the required columns a table lacks, or ``None`` when it has them all."""
    present = set(columns)
    missing = [column for column in required if column not in present]
    if not missing:
        return None
    listing = ", ".join(missing)
    return DataValidationError(
        [
            Problem(
                where,
                None,
                missing[0],
                "",
                f"缺少列：{listing}（应有列：{', '.join(required)}）",
                f"missing column(s): {listing} (expected: {', '.join(required)})",
            )
        ]
    )


def _relocated(row: RowReader, error: DataValidationError) -> None:
    for problem in error.problems:
        row.problems.append(
            Problem(
                row.where,
                row.row,
                problem.field,
                problem.value,
                problem.message_zh,
                problem.message_en,
            )
        )


def parse_indicator_inputs(
    rows: Sequence[Mapping[str, str | None]],
    where: str,
    definitions: Sequence[IndicatorDefinition],
    *,
    first_row: int = 1,
    notice_zh: str = "",
    notice_en: str = "",
    plausible: bool = True,
) -> IndicatorInputs:
    """Validate an indicator-values table (format in the module docstring).

    Parameters
    ----------
    rows:
        One mapping per data row (column → text).
    where:
        File name, for messages.
    definitions:
        The indicator system the values are for.
    first_row:
        Number the user sees for the first data row (2 for a spreadsheet with a header).
    notice_zh, notice_en:
        Notice carried to every output (e.g. that the values are illustrative).
    plausible:
        Also refuse actual and base values outside the indicator's plausible range
        (:mod:`cityclimate.indicators.plausibility`); ``False`` to read back stored values.

    Returns
    -------
    IndicatorInputs

    Raises
    ------
    DataValidationError
        Listing every bad field: missing column, unknown indicator, year outside the plan
        period or not the base / target year, a unit that does not convert, a value out of
        range (a share above 100 %), a city target for an indicator whose target is fixed,
        a target without source, or the same figure given twice.
    """
    error = missing_columns(rows[0].keys() if rows else (), INDICATOR_VALUE_COLUMNS[:5], where)
    if error is not None:
        raise error
    by_id = definitions_by_id(definitions)
    values: list[IndicatorValue] = []
    bases: list[IndicatorValue] = []
    targets: list[CityTarget] = []
    seen: dict[tuple[str, int, str, str], int] = {}
    problems: list[Problem] = []
    for index, data in enumerate(rows):
        row = RowReader(where, first_row + index, data)
        indicator_id = row.text("indicator_id")
        definition = by_id.get(indicator_id)
        if indicator_id and definition is None:
            row.problem(
                "indicator_id",
                "未知的指标 id（见指标定义表）",
                "unknown indicator id (see the indicator definitions)",
            )
        year = row.integer("year")
        kind = row.text("kind")
        if kind and kind not in VALUE_KINDS:
            row.problem(
                "kind",
                "“kind”应为 actual（实际值）、base（基准值）或 target（市级下达目标）",
                "'kind' must be actual, base or target",
            )
        value = row.number("value", required=True)
        unit = row.unit("unit")
        provenance = Provenance.ENTERED_BY_HAND
        if row.text("provenance", required=False):
            chosen = row.choice("provenance", Provenance)
            provenance = chosen if chosen is not None else provenance
        source = row.text("source", required=kind == "target")
        key = (indicator_id, year, kind, provenance.value)
        if key in seen:
            row.problem(
                "indicator_id",
                f"同一数值重复填报（另见第 {seen[key]} 行）",
                f"the same figure is given twice (see also row {seen[key]})",
            )
        seen[key] = row.row
        if definition is not None and value is not None and not row.problems:
            try:
                _add(
                    definition, kind, year, value, unit, provenance, source, values, bases, targets
                )
                if plausible and kind != "target":
                    check_plausible(
                        definition,
                        value * conversion_factor(unit, definition.unit),
                        where=row.where,
                    )
            except DataValidationError as exc:
                _relocated(row, exc)
        problems.extend(row.problems)
    if problems:
        raise DataValidationError(problems)
    return IndicatorInputs(
        values=tuple(values),
        base_values=tuple(bases),
        city_targets=tuple(targets),
        notice_zh=notice_zh,
        notice_en=notice_en,
    )


def _add(
    definition: IndicatorDefinition,
    kind: str,
    year: int,
    value: float,
    unit: str,
    provenance: Provenance,
    source: str,
    values: list[IndicatorValue],
    bases: list[IndicatorValue],
    targets: list[CityTarget],
) -> None:
    where = f"{kind} {definition.id} {year}"
    if kind == "target":
        if year != definition.target_year:
            raise _year_problem(where, year, definition.target_year, Text("目标年", "target year"))
        target = CityTarget(definition.id, value, unit, source)
        resolve_target(definition, target)
        targets.append(target)
        return
    observed = IndicatorValue(definition.id, year, value, unit, provenance, source)
    if kind == "base":
        if year != definition.base_year:
            raise _year_problem(where, year, definition.base_year, Text("基准年", "base year"))
        if definition.base_value is not None:
            raise DataValidationError(
                [
                    Problem(
                        where,
                        None,
                        "kind",
                        kind,
                        f"指标定义已给出基准值 {definition.base_value:g}，无需再填",
                        f"the definition already gives the base value {definition.base_value:g}",
                    )
                ]
            )
        try:
            conversion_factor(unit, definition.unit)
        except UnitError as exc:
            raise DataValidationError(
                [Problem(where, None, "unit", unit, exc.message_zh, exc.message_en)]
            ) from exc
        bases.append(observed)
        return
    value_in_unit(definition, observed)
    values.append(observed)


def _year_problem(where: str, year: int, wanted: int, which: Text) -> DataValidationError:
    message = Text(
        f"年份应为该指标的{which.zh} {wanted}",
        f"the year must be the indicator's {which.en}, {wanted}",
    )
    return DataValidationError([Problem(where, field="year", value=str(year), message=message)])


def parse_annual_series(
    rows: Sequence[Mapping[str, str | None]], where: str, *, first_row: int = 1
) -> dict[str, AnnualSeries]:
    """Validate a yearly-series table (format in the module docstring).

    Returns
    -------
    dict of str to AnnualSeries
        Keyed by ``quantity``.

    Raises
    ------
    DataValidationError
        On a missing column, a bad number or unit, a money series without
        ``price_base_year``, a quantity given in two units or price bases, or a year twice.
    """
    error = missing_columns(rows[0].keys() if rows else (), SERIES_COLUMNS[:4], where)
    if error is not None:
        raise error
    collected: dict[str, dict[int, float]] = {}
    meta: dict[str, tuple[str, int | None, str]] = {}
    problems: list[Problem] = []
    for index, data in enumerate(rows):
        row = RowReader(where, first_row + index, data)
        quantity = row.text("quantity")
        year = row.integer("year")
        value = row.number("value", required=True)
        unit = row.unit("unit")
        price_base = row.number("price_base_year", required=False)
        price_base_year = None if price_base is None else int(price_base)
        source = row.text("source", required=False)
        if unit and not row.problems:
            money = "[currency]" in str(parse_unit(unit).dimensionality)
            if money and price_base_year is None:
                row.problem(
                    "price_base_year",
                    "货币量须为可比价（不变价）：请填写价格基年",
                    "a money series must be at constant prices: give its price base year",
                )
        known = meta.setdefault(quantity, (unit, price_base_year, source))
        if (known[0], known[1]) != (unit, price_base_year):
            row.problem(
                "unit",
                f"“{quantity}”的单位或价格基年与前面的行不一致",
                f"'{quantity}' has another unit or price base year than in earlier rows",
            )
        series = collected.setdefault(quantity, {})
        if year in series:
            row.problem("year", f"“{quantity}”的 {year} 年重复", f"'{quantity}' {year} is twice")
        if value is not None:
            series[year] = value
        problems.extend(row.problems)
    if problems:
        raise DataValidationError(problems)
    return {
        quantity: AnnualSeries(
            quantity=quantity,
            unit=meta[quantity][0],
            values=values,
            price_base_year=meta[quantity][1],
            source=meta[quantity][2],
        )
        for quantity, values in collected.items()
    }
