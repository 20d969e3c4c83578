"""Typed, validated reading of tabular reference data (CSV text).

A table's columns, types and allowed values are declared once as a :class:`TableSchema`; reading
checks every row and raises :class:`~cityclimate.errors.ReferenceDataError` listing each bad
row by file and line (the header is line 1), field, value and the fix, in Chinese and English.
Nothing half-read is ever returned.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

import polars as pl

from cityclimate.errors import Problem, ReferenceDataError, UnitError
from cityclimate.units import parse_unit

ColumnType = Literal["str", "float", "int", "bool", "unit"]

_POLARS_TYPES: dict[ColumnType, type[pl.DataType]] = {
    "str": pl.String,
    "float": pl.Float64,
    "int": pl.Int64,
    "bool": pl.Boolean,
    "unit": pl.String,
}
_TYPE_WORDS: dict[ColumnType, tuple[str, str]] = {
    "str": ("文本", "text"),
    "float": ("数字", "a number"),
    "int": ("整数", "a whole number"),
    "bool": ("true 或 false", "true or false"),
    "unit": ("计量单位", "a unit"),
}


@dataclass(frozen=True)
class Column:
    """One column of a reference table: name, type, whether it may be empty, allowed values."""

    name: str
    type: ColumnType = "str"
    required: bool = True
    allowed: frozenset[str] | None = None
    #: Added to the layout after files were made: a file without the column reads it as empty
    #: (only for a column that may be empty); any other declared column must be in the header.
    added_later: bool = False

    def __post_init__(self) -> None:
        if self.added_later and self.required:
            raise ValueError(f"column {self.name}: a column added later must be allowed empty")


@dataclass(frozen=True)
class TableSchema:
    """The declared shape of a reference table."""

    name: str
    columns: tuple[Column, ...]
    #: Columns whose combination must be unique (a duplicate is an error, not a silent override).
    key: tuple[str, ...] = field(default=())


def read_package_table(
    package: str, file_name: str, schema: TableSchema, text: str | None = None
) -> pl.DataFrame:
    """A table shipped in ``package``'s ``data/`` folder, or ``text`` in its place (a district's
    own edition), read with :func:`read_csv_table` and named by where it came from."""
    if text is None:
        shipped = resources.files(package).joinpath("data", file_name).read_text("utf-8")
        return read_csv_table(shipped, schema, f"{package.rsplit('.', 1)[-1]}/data/{file_name}")
    return read_csv_table(text, schema, file_name)


def read_csv_table(text: str, schema: TableSchema, where: str) -> pl.DataFrame:
    """Read CSV text into a DataFrame typed by ``schema``, or raise listing every bad row.

    Parameters
    ----------
    text:
        The CSV text, with a header line.
    schema:
        The declared columns.
    where:
        The file name used in error messages.

    Raises
    ------
    ReferenceDataError
        Missing columns, empty required cells, values of the wrong type, values outside the
        allowed set, unknown units, or duplicate keys. Every problem is listed.
    """
    raw = pl.read_csv(io.StringIO(text), infer_schema=False)
    older = [c.name for c in schema.columns if c.added_later and c.name not in raw.columns]
    raw = raw.with_columns(pl.lit(None, pl.String).alias(name) for name in older)
    missing = [c.name for c in schema.columns if c.name not in raw.columns]
    if missing:
        raise ReferenceDataError(
            [
                Problem(
                    where,
                    1,
                    name,
                    "",
                    f"缺少列“{name}”：请在表头添加该列",
                    f"column '{name}' is missing: add it to the header line",
                )
                for name in missing
            ]
        )
    problems: list[Problem] = []
    typed: dict[str, pl.Series] = {}
    for column in schema.columns:
        values = raw[column.name].str.strip_chars()
        values = pl.select(pl.when(values != "").then(values)).to_series().alias(column.name)
        cast = _cast(values, column.type)
        zh_type, en_type = _TYPE_WORDS[column.type]
        for index, (text_value, typed_value) in enumerate(zip(values, cast, strict=True)):
            line = index + 2
            if text_value is None:
                if column.required:
                    problems.append(
                        Problem(
                            where,
                            line,
                            column.name,
                            "",
                            f"必填项为空：请填写{zh_type}",
                            f"required value is empty: give {en_type}",
                        )
                    )
                continue
            if typed_value is None:
                problems.append(
                    Problem(
                        where, line, column.name, text_value, f"应为{zh_type}", f"must be {en_type}"
                    )
                )
            elif column.allowed is not None and text_value not in column.allowed:
                allowed = ", ".join(sorted(column.allowed))
                problems.append(
                    Problem(
                        where,
                        line,
                        column.name,
                        text_value,
                        f"不在允许的取值内：{allowed}",
                        f"not an allowed value; use one of: {allowed}",
                    )
                )
        if column.type == "unit":
            problems.extend(_check_units(values, where, column.name))
        typed[column.name] = cast
    frame = pl.DataFrame(typed)
    if schema.key:
        # Every repeat after the first is named (the first stays valid).
        duplicated = frame.select(~pl.struct(list(schema.key)).is_first_distinct()).to_series()
        for index in duplicated.arg_true().to_list():
            key_text = ", ".join(f"{k}={frame[k][index]}" for k in schema.key)
            problems.append(
                Problem(
                    where,
                    index + 2,
                    None,
                    key_text,
                    "重复的行：同一键值只能出现一次",
                    "duplicate row: this key may appear only once",
                )
            )
    if problems:
        raise ReferenceDataError(sorted(problems, key=lambda p: (p.row or 0, p.field or "")))
    return frame


def _cast(values: pl.Series, column_type: ColumnType) -> pl.Series:
    if column_type == "bool":
        lowered = values.str.to_lowercase()
        return pl.select(
            pl.when(lowered.is_in(["true", "1", "yes", "是"]))
            .then(True)
            .when(lowered.is_in(["false", "0", "no", "否"]))
            .then(False)
            .otherwise(None)
            .alias(values.name)
        ).to_series()
    return values.cast(_POLARS_TYPES[column_type], strict=False)


def _check_units(values: pl.Series, where: str, name: str) -> list[Problem]:
    problems = []
    for index, text in enumerate(values):
        if text is None:
            continue
        try:
            parse_unit(text)
        except UnitError as exc:
            problems.append(Problem(where, index + 2, name, text, exc.message_zh, exc.message_en))
    return problems
