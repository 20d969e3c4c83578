"""Indicator definitions as data: typed, validated loading of the shipped CSV files.

The Liangjiang indicator system (plan Table 1, 13 indicators; the data-centre PUE indicator
has three sub-limits, so 15 rows) ships as ``data/liangjiang_indicators.csv``; the figures the
plan states for them in its table and in its text as ``data/liangjiang_target_statements.csv``;
the Open SDG progress bands as ``data/progress_bands.csv``. Every row carries a ``source``.

Another city uses its own files with the same columns: read them (CSV → list of dicts) at the
edge and pass the rows to :func:`parse_indicator_definitions`.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from importlib import resources
from typing import TypeVar

from cityclimate.errors import Problem, ReferenceDataError, UnitError
from cityclimate.indicators.model import (
    Direction,
    IndicatorDefinition,
    Nature,
    ProgressBand,
    ProgressMethod,
    TargetKind,
    TargetRule,
    TargetStatement,
)
from cityclimate.units import parse_unit

#: File name of the shipped Liangjiang indicator definitions.
LIANGJIANG_INDICATORS = "liangjiang_indicators.csv"
#: File name of the shipped statements of base and target figures (table and text).
LIANGJIANG_TARGET_STATEMENTS = "liangjiang_target_statements.csv"
#: File name of the Open SDG progress bands.
PROGRESS_BANDS = "progress_bands.csv"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_E = TypeVar("_E", bound=StrEnum)


def read_shipped_rows(file_name: str) -> list[dict[str, str]]:
    """Return the rows of a CSV file shipped in ``cityclimate/indicators/data``.

    Parameters
    ----------
    file_name:
        File name inside the package's ``data`` folder.
    """
    text = (
        resources.files("cityclimate.indicators")
        .joinpath("data", file_name)
        .read_text(encoding="utf-8")
    )
    return list(csv.DictReader(io.StringIO(text)))


class RowReader:
    """Reads typed fields of one row of a table and collects located problems.

    Shared by every parser of tabular inputs in the indicator and plan packages, so that
    every message names the file (``where``), the row, the column and the value, in Chinese
    and English.

    Parameters
    ----------
    where:
        File or data-set name.
    row:
        Row number as the user sees it (1-based data row, or the spreadsheet row).
    data:
        Column → text of the row.
    """

    def __init__(self, where: str, row: int, data: Mapping[str, str | None]) -> None:
        self.where = where
        self.row = row
        self.data = data
        self.problems: list[Problem] = []
        if any(key is None for key in data):
            # csv.DictReader puts the fields beyond the header under the key None.
            self.problems.append(
                Problem(
                    where,
                    row,
                    None,
                    "",
                    "该行的字段多于表头（文本中的逗号须加引号）",
                    "the row has more fields than the header (quote text that holds a comma)",
                )
            )

    def problem(self, column: str, message_zh: str, message_en: str) -> None:
        """Record a problem with ``column`` of this row."""
        value = self.data.get(column)
        self.problems.append(
            Problem(self.where, self.row, column, value or "", message_zh, message_en)
        )

    def text(self, column: str, *, required: bool = True) -> str:
        """The stripped text of ``column``; a problem when required and empty."""
        value = (self.data.get(column) or "").strip()
        if required and not value:
            self.problem(column, f"“{column}”不能为空", f"'{column}' must not be empty")
        return value

    def number(self, column: str, *, required: bool) -> float | None:
        """The number in ``column`` (``None`` when empty or not a number)."""
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            self.problem(column, f"“{column}”应为数值", f"'{column}' must be a number")
            return None

    def integer(self, column: str) -> int:
        """The whole number in ``column`` (0 with a problem when missing or bad)."""
        value = self.text(column)
        if not value:
            return 0
        try:
            return int(value)
        except ValueError:
            self.problem(column, f"“{column}”应为整数", f"'{column}' must be a whole number")
            return 0

    def choice(self, column: str, enum: type[_E]) -> _E | None:
        """The member of ``enum`` named in ``column`` (``None`` with a problem if unknown)."""
        value = self.text(column)
        allowed = ", ".join(member.value for member in enum)
        try:
            return enum(value)
        except ValueError:
            if value:
                self.problem(
                    column,
                    f"“{column}”的取值应为：{allowed}",
                    f"'{column}' must be one of: {allowed}",
                )
            return None

    def unit(self, column: str) -> str:
        """The unit in ``column``, checked to parse."""
        value = self.text(column)
        if value:
            try:
                parse_unit(value)
            except UnitError as exc:
                self.problem(column, exc.message_zh, exc.message_en)
        return value


def parse_indicator_definitions(
    rows: Iterable[Mapping[str, str | None]], where: str
) -> list[IndicatorDefinition]:
    """Validate rows of an indicator-definition table and return typed definitions.

    Parameters
    ----------
    rows:
        One mapping per data row with the columns of ``liangjiang_indicators.csv``.
    where:
        File or data-set name, used in error messages.

    Returns
    -------
    list of IndicatorDefinition
        In file order.

    Raises
    ------
    ReferenceDataError
        Listing every bad field (file, 1-based data row, column, value, bilingual message);
        nothing is returned when any row is bad.
    """
    definitions: list[IndicatorDefinition] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, data in enumerate(rows, start=1):
        row = RowReader(where, number, data)
        definition = _definition(row, seen)
        problems.extend(row.problems)
        if definition is not None and not row.problems:
            definitions.append(definition)
    if problems:
        raise ReferenceDataError(problems)
    return definitions


def _definition(row: RowReader, seen: set[str]) -> IndicatorDefinition | None:
    number = row.integer("number")
    if number < 1 and not row.problems:
        row.problem("number", "“number”应为正整数", "'number' must be a positive whole number")
    indicator_id = row.text("id")
    if indicator_id and not _ID.match(indicator_id):
        row.problem(
            "id",
            "“id”只能包含小写字母、数字和下划线，并以字母开头",
            "'id' may contain lower-case letters, digits and '_' only, starting with a letter",
        )
    if indicator_id in seen:
        row.problem("id", "“id”重复", "'id' is used twice")
    seen.add(indicator_id)
    unit = row.unit("unit")
    nature = row.choice("nature", Nature)
    direction = row.choice("direction", Direction)
    kind = row.choice("target_kind", TargetKind)
    rule = row.choice("target_rule", TargetRule)
    base_year = row.integer("base_year")
    target_year = row.integer("target_year")
    if base_year and target_year and target_year <= base_year:
        row.problem(
            "target_year",
            "目标年应晚于基准年",
            "'target_year' must be later than 'base_year'",
        )
    base_value = row.number("base_value", required=False)
    target_value = row.number("target_value", required=rule is TargetRule.VALUE)
    if rule is TargetRule.SET_BY_CITY and target_value is not None:
        row.problem(
            "target_value",
            "目标由市级下达的指标不应在定义中填写目标值，请由用户输入",
            "a target set by the city must be left empty here and supplied as an input",
        )
    valid_min = row.number("valid_min", required=False)
    valid_max = row.number("valid_max", required=False)
    if valid_min is not None and valid_max is not None and valid_min >= valid_max:
        row.problem(
            "valid_max", "“valid_max”应大于“valid_min”", "'valid_max' must exceed 'valid_min'"
        )
    for column, value in (("base_value", base_value), ("target_value", target_value)):
        if value is not None and not _in_range(value, valid_min, valid_max):
            row.problem(
                column,
                f"“{column}”超出有效范围 [{valid_min}, {valid_max}]",
                f"'{column}' is outside the valid range [{valid_min}, {valid_max}]",
            )
    if kind is not None and direction is not None:
        _check_kind_direction(row, kind, direction)
    department = row.text("department_responsible")
    department_basis = row.text("department_basis")
    source = row.text("source")
    if nature is None or direction is None or kind is None or rule is None or row.problems:
        return None
    sub_limit = row.text("sub_limit", required=False) or None
    method = (
        row.choice("progress_method", ProgressMethod)
        if row.text("progress_method", required=False)
        else None
    )
    if row.problems:
        return None
    return IndicatorDefinition(
        number=number,
        id=indicator_id,
        sub_limit=sub_limit,
        category_zh=row.text("category_zh"),
        category_en=row.text("category_en"),
        name_zh=row.text("name_zh"),
        name_en=row.text("name_en"),
        unit=unit,
        nature=nature,
        direction=direction,
        base_year=base_year,
        base_value=base_value,
        target_year=target_year,
        target_value=target_value,
        target_rule=rule,
        target_kind=kind,
        valid_min=valid_min,
        valid_max=valid_max,
        department_responsible=department,
        department_basis=department_basis,
        source=source,
        progress_method=method,
    )


def _check_kind_direction(row: RowReader, kind: TargetKind, direction: Direction) -> None:
    expected = {
        TargetKind.CEILING: Direction.DECREASE,
        TargetKind.FLOOR: Direction.INCREASE,
        TargetKind.INTENSITY_REDUCTION: Direction.DECREASE,
        TargetKind.FIVE_YEAR_CUMULATIVE_REDUCTION: Direction.DECREASE,
    }.get(kind)
    if expected is not None and direction is not expected:
        row.problem(
            "direction",
            f"目标类型“{kind.value}”要求方向为“{expected.value}”",
            f"target kind '{kind.value}' requires direction '{expected.value}'",
        )


def _in_range(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def parse_target_statements(
    rows: Iterable[Mapping[str, str | None]], where: str, indicator_ids: Iterable[str]
) -> list[TargetStatement]:
    """Validate rows of a target-statement table and return typed statements.

    Parameters
    ----------
    rows:
        Mappings with the columns of ``liangjiang_target_statements.csv``.
    where:
        File or data-set name, for error messages.
    indicator_ids:
        The known indicator ids; a statement about another id is an error.

    Raises
    ------
    ReferenceDataError
        Listing every bad field.
    """
    known = set(indicator_ids)
    statements: list[TargetStatement] = []
    problems: list[Problem] = []
    for number, data in enumerate(rows, start=1):
        row = RowReader(where, number, data)
        indicator_id = row.text("indicator_id")
        if indicator_id and indicator_id not in known:
            row.problem("indicator_id", "未知的指标 id", "unknown indicator id")
        statement = row.text("statement")
        if statement and statement not in ("base", "target"):
            row.problem(
                "statement", "“statement”应为 base 或 target", "'statement' must be base or target"
            )
        comparator = row.text("comparator", required=False) or None
        if comparator is not None and comparator not in ("<=", ">=", "="):
            row.problem(
                "comparator", "“comparator”应为 <=、>= 或 =", "'comparator' must be <=, >= or ="
            )
        value = row.number("value", required=comparator is not None)
        statements.append(
            TargetStatement(
                indicator_id=indicator_id,
                statement=statement,
                year=row.integer("year"),
                comparator=comparator,
                value=value,
                unit=row.unit("unit"),
                scope_zh=row.text("scope_zh"),
                scope_en=row.text("scope_en"),
                source=row.text("source"),
            )
        )
        problems.extend(row.problems)
    if problems:
        raise ReferenceDataError(problems)
    return statements


def parse_progress_bands(
    rows: Iterable[Mapping[str, str | None]], where: str
) -> list[ProgressBand]:
    """Validate rows of a progress-band table; return bands ordered by rank, best first.

    Raises
    ------
    ReferenceDataError
        On a bad field, or when the bands leave a gap or overlap on the ratio axis.
    """
    bands: list[ProgressBand] = []
    problems: list[Problem] = []
    for number, data in enumerate(rows, start=1):
        row = RowReader(where, number, data)
        band = ProgressBand(
            status=row.text("status"),
            label_zh=row.text("label_zh"),
            label_en=row.text("label_en"),
            ratio_min=row.number("ratio_min", required=False),
            ratio_max=row.number("ratio_max", required=False),
            rank=row.integer("rank"),
            source=row.text("source"),
        )
        problems.extend(row.problems)
        bands.append(band)
    if problems:
        raise ReferenceDataError(problems)
    bands.sort(key=lambda band: band.rank, reverse=True)
    for upper, lower in itertools.pairwise(bands):
        if upper.ratio_min is None or upper.ratio_min != lower.ratio_max:
            raise ReferenceDataError(
                [
                    Problem(
                        where,
                        None,
                        "ratio_min",
                        str(upper.ratio_min),
                        f"进度区间“{upper.status}”与“{lower.status}”之间有空隙或重叠",
                        f"bands '{upper.status}' and '{lower.status}' leave a gap or overlap",
                    )
                ]
            )
    return bands


def load_liangjiang_indicators() -> list[IndicatorDefinition]:
    """Return the 15 shipped definitions of the Liangjiang indicator system (13 indicators).

    Source: plan Table 1 (seed text lines 60–195); each row's ``source`` names its row and
    the document in the table's notes.
    """
    return parse_indicator_definitions(
        read_shipped_rows(LIANGJIANG_INDICATORS), LIANGJIANG_INDICATORS
    )


def load_liangjiang_target_statements() -> list[TargetStatement]:
    """Return the base and target figures the plan states in its table and in its text."""
    ids = [definition.id for definition in load_liangjiang_indicators()]
    return parse_target_statements(
        read_shipped_rows(LIANGJIANG_TARGET_STATEMENTS), LIANGJIANG_TARGET_STATEMENTS, ids
    )


def load_progress_bands() -> list[ProgressBand]:
    """Return the Open SDG progress bands (``data/progress_bands.csv``), best first."""
    return parse_progress_bands(read_shipped_rows(PROGRESS_BANDS), PROGRESS_BANDS)


def definitions_by_id(definitions: Iterable[IndicatorDefinition]) -> dict[str, IndicatorDefinition]:
    """Return the definitions keyed by id."""
    return {definition.id: definition for definition in definitions}
