"""Validation of activity records: every problem found, located by row and field, at once.

Checks are vectorised (one pass per rule over the columns), so millions of rows validate in
seconds. Nothing is computed when any check fails (:class:`~cityclimate.errors.DataValidationError`).
"""

from __future__ import annotations

import polars as pl

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.inventory.model import (
    ACTIVITY_COLUMNS,
    ACTIVITY_HEADERS_ZH,
    REQUIRED_ACTIVITY_COLUMNS,
)
from cityclimate.units import parse_unit

#: The most problems of one rule that are listed (the count of all is always given).
MAX_LISTED_PER_RULE = 200


def validate_activities(
    activities: pl.DataFrame,
    *,
    categories: pl.DataFrame,
    territories: pl.DataFrame,
    where: str = "activities",
    first_row: int = 1,
) -> pl.DataFrame:
    """Check activity records and return them typed, with ``_row`` and a ``record_id``.

    Parameters
    ----------
    activities:
        Activity records (columns of :data:`~cityclimate.inventory.model.ACTIVITY_COLUMNS`;
        Chinese headers of the import template are accepted too).
    categories, territories:
        Reference tables the ``category`` and ``territory`` values must come from.
    where:
        The file or data-set name used in messages.
    first_row:
        The row number of the first data row as the user sees it (2 for a CSV with a header).

    Returns
    -------
    polars.DataFrame
        All known columns, typed; missing optional columns filled with nulls; ``_row`` (the
        row number as the user sees it) and ``record_id`` (``row-N`` when not given).

    Raises
    ------
    DataValidationError
        Listing every problem: missing columns or values, text in number fields, NaN or
        infinite or negative quantities, unknown categories, territories or units,
        abatement shares outside 0–1, duplicate record ids.
    """
    frame = activities.rename({k: v for k, v in ACTIVITY_HEADERS_ZH.items() if k in activities.columns})
    missing = [c for c in REQUIRED_ACTIVITY_COLUMNS if c not in frame.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(where, None, c, "", f"缺少必需的列“{c}”：请按模板添加该列",
                        f"required column '{c}' is missing: add it as in the template")
                for c in missing
            ]
        )
    frame = frame.with_row_index("_row", offset=first_row).with_columns(pl.col("_row").cast(pl.Int64))
    for name in ACTIVITY_COLUMNS:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, ACTIVITY_COLUMNS[name]).alias(name))
    problems: list[Problem] = []
    typed = []
    for name, dtype in ACTIVITY_COLUMNS.items():
        column = pl.col(name)
        if dtype == pl.String:
            typed.append(column.cast(pl.String).str.strip_chars().replace("", None).alias(name))
            continue
        original = column.cast(pl.String).str.strip_chars().replace("", None)
        cast = original.cast(dtype, strict=False)
        typed.append(cast.alias(name))
        bad = frame.filter(original.is_not_null() & cast.is_null())
        word = ("整数", "a whole number") if dtype == pl.Int32 else ("数字", "a number")
        problems += _located(bad, where, name, f"应为{word[0]}", f"must be {word[1]}")
    frame = frame.select("_row", *typed)
    frame = frame.with_columns(
        pl.coalesce("record_id", pl.format("row-{}", pl.col("_row"))).alias("record_id")
    )
    for name in REQUIRED_ACTIVITY_COLUMNS:
        bad = frame.filter(pl.col(name).is_null())
        # A null from a failed cast is already reported as a type problem.
        if name in ("year", "quantity"):
            bad = bad.join(pl.DataFrame({"_row": [p.row for p in problems if p.field == name]},
                                        schema={"_row": pl.Int64}), on="_row", how="anti")
        problems += _located(bad, where, name, "必填项为空", "required value is empty")
    quantity = pl.col("quantity")
    problems += _located(frame.filter(quantity.is_nan() | quantity.is_infinite()), where, "quantity",
                         "活动水平不是有限数字（NaN 或无穷大）：请填写实际数值",
                         "quantity is not a finite number (NaN or infinity): give the real value")
    problems += _located(frame.filter(quantity < 0), where, "quantity",
                         "活动水平为负数：活动水平应≥0（碳汇按面积填写正数，系统自动记为清除量）",
                         "quantity is negative: quantities must be ≥ 0 (give sink areas as "
                         "positive numbers; they are counted as removals)")
    share = pl.col("abatement_fraction")
    problems += _located(frame.filter((share < 0) | (share > 1) | share.is_nan()), where,
                         "abatement_fraction", "减排设备处理比例应在 0 到 1 之间",
                         "the abated share must be between 0 and 1")
    problems += _located(
        frame.filter(pl.col("measured_factor").is_not_null() & pl.col("measured_factor_unit").is_null()),
        where, "measured_factor_unit", "填写了实测因子但缺少其单位（如 t/t、t/10⁴Nm³）",
        "a measured factor is given without its unit (e.g. t/t, t/10⁴Nm³)",
    )
    problems += _unknown(frame, "category", categories["code"], where,
                         "未知的排放类别：请使用类别表中的代码", "unknown category: use a code from the category table")
    problems += _unknown(frame, "territory", territories["code"], where,
                         "未知的地区：请使用地区表中的代码，或先添加该地区",
                         "unknown territory: use a code from the territory table, or add it first")
    problems += _bad_units(frame, "unit", where)
    problems += _bad_units(frame, "measured_factor_unit", where)
    duplicated = frame.filter(pl.col("record_id").is_duplicated())
    problems += _located(duplicated, where, "record_id", "记录编号重复：每条记录的编号应唯一",
                         "duplicate record id: every record needs its own id")
    if problems:
        raise DataValidationError(sorted(problems, key=lambda p: (p.row or 0, p.field or "")))
    return frame


def _located(rows: pl.DataFrame, where: str, field: str, zh: str, en: str) -> list[Problem]:
    """One problem per offending row (at most MAX_LISTED_PER_RULE, then a count)."""
    listed = rows.head(MAX_LISTED_PER_RULE).select("_row", pl.col(field).cast(pl.String))
    problems = [
        Problem(where, row, field, "" if value is None else value, zh, en)
        for row, value in listed.iter_rows()
    ]
    extra = rows.height - listed.height
    if extra > 0:
        problems.append(Problem(where, None, field, "", f"同类问题另有 {extra} 行",
                                f"{extra} more rows have the same problem"))
    return problems


def _unknown(frame: pl.DataFrame, field: str, known: pl.Series, where: str, zh: str, en: str) -> list[Problem]:
    rows = frame.filter(pl.col(field).is_not_null() & ~pl.col(field).is_in(known.implode()))
    return _located(rows, where, field, zh, en)


def _bad_units(frame: pl.DataFrame, field: str, where: str) -> list[Problem]:
    problems: list[Problem] = []
    for unit in frame[field].drop_nulls().unique().to_list():
        try:
            parse_unit(unit)
        except UnitError as exc:
            problems += _located(frame.filter(pl.col(field) == unit), where, field,
                                 exc.message_zh, exc.message_en)
    return problems
