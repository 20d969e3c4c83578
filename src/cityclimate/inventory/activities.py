"""Validation of activity records: every problem found, located by row and field, at once.

Checks are vectorised (one pass per rule over the columns), so millions of rows validate in
seconds. Nothing is computed when any check fails (:class:`~cityclimate.errors.DataValidationError`).
"""

from __future__ import annotations

import difflib
from functools import cache

import polars as pl

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.inventory.model import (
    ACTIVITY_COLUMNS,
    ACTIVITY_HEADERS_ZH,
    ACTIVITY_TEXT_MAX_CHARS,
    ACTIVITY_YEARS,
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
    """Check activity records and return them typed, or raise listing every problem.

    See :func:`check_activities` for the rules; this raises
    :class:`~cityclimate.errors.DataValidationError` when it finds any problem.
    """
    frame, problems = check_activities(
        activities,
        categories=categories,
        territories=territories,
        where=where,
        first_row=first_row,
    )
    if problems:
        raise DataValidationError(problems)
    return frame


def check_activities(
    activities: pl.DataFrame,
    *,
    categories: pl.DataFrame,
    territories: pl.DataFrame,
    where: str = "activities",
    first_row: int = 1,
) -> tuple[pl.DataFrame, list[Problem]]:
    """Check activity records and return them typed, with ``_row``, and every problem found.

    Fuel names from the fuel table (Chinese ``天然气``, ``柴油`` …, English names, codes in any
    case) are replaced by their codes, and common unit spellings (``kwh``, ``万方``, ``标煤`` …,
    ``refdata/data/unit_aliases.csv``) by the units they mean, before the checks.

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
    (polars.DataFrame, list of Problem)
        All known columns, typed; missing optional columns filled with nulls; ``_row`` (the
        row number as the user sees it). ``record_id`` stays null where none was given (fill it
        with :data:`RECORD_ID` when needed: making millions of ids costs time). The problems,
        sorted by row: missing values, text in number fields, NaN or infinite or negative
        quantities, unknown categories, territories or units, abatement shares outside 0–1,
        duplicate record ids.

    Raises
    ------
    DataValidationError
        Only when required columns are missing (nothing else can then be checked).
    """
    frame = activities.rename(
        {k: v for k, v in ACTIVITY_HEADERS_ZH.items() if k in activities.columns}
    )
    missing = [c for c in REQUIRED_ACTIVITY_COLUMNS if c not in frame.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    c,
                    "",
                    f"缺少必需的列“{c}”：请按模板添加该列",
                    f"required column '{c}' is missing: add it as in the template",
                )
                for c in missing
            ]
        )
    if "_row" not in frame.columns:  # given by readers that know each row's place in the file
        frame = frame.with_row_index("_row", offset=first_row)
    frame = frame.with_columns(pl.col("_row").cast(pl.Int64))
    absent = [name for name in ACTIVITY_COLUMNS if name not in frame.columns]
    if absent:  # one pass for all of them
        frame = frame.with_columns(pl.lit(None, ACTIVITY_COLUMNS[n]).alias(n) for n in absent)
    problems: list[Problem] = []
    typed: list[pl.Expr] = []
    text_columns: dict[str, pl.Expr] = {}
    for name, dtype in ACTIVITY_COLUMNS.items():
        column = pl.col(name)
        if frame.schema[name] == dtype and dtype != pl.String:
            typed.append(column)  # already typed: nothing to parse
            continue
        cleaned = column.cast(pl.String).str.strip_chars().replace("", None)
        if dtype == pl.String:
            typed.append(cleaned.alias(name))
        else:
            typed.append(cleaned.cast(dtype, strict=False).alias(name))
            text_columns[name] = cleaned
    parsed = frame.select("_row", *typed)
    # Text that did not parse as a number (found only where input columns were text).
    for name, cleaned in text_columns.items():
        failed = frame.select("_row", cleaned.alias(name)).filter(
            pl.col(name).is_not_null() & parsed[name].is_null()
        )
        word = (
            ("整数", "a whole number")
            if ACTIVITY_COLUMNS[name] == pl.Int32
            else ("数字", "a number")
        )
        problems += _located(failed, where, name, f"应为{word[0]}", f"must be {word[1]}")
    frame = _with_aliases(parsed)
    unparsed = {name: [p.row for p in problems if p.field == name] for name in ACTIVITY_COLUMNS}
    quantity = pl.col("quantity")
    share = pl.col("abatement_fraction")
    # Every row rule, as (field, condition, zh, en); evaluated in one pass, listed if it fires.
    rules: list[tuple[str, pl.Expr, str, str]] = [
        (
            name,
            pl.col(name).is_null() & ~pl.col("_row").is_in(unparsed[name]),
            "必填项为空",
            "required value is empty",
        )
        for name in REQUIRED_ACTIVITY_COLUMNS
    ]
    rules += [
        (
            "quantity",
            quantity.is_nan() | quantity.is_infinite(),
            "活动水平不是有限数字（NaN 或无穷大）：请填写实际数值",
            "quantity is not a finite number (NaN or infinity): give the real value",
        ),
        (
            "quantity",
            quantity < 0,
            "活动水平为负数：活动水平应≥0（碳汇按面积填写正数，系统自动记为清除量）",
            "quantity is negative: quantities must be ≥ 0 (give sink areas as positive numbers; "
            "they are counted as removals)",
        ),
        (
            "abatement_fraction",
            (share < 0) | (share > 1) | share.is_nan(),
            "减排设备处理比例应在 0 到 1 之间",
            "the abated share must be between 0 and 1",
        ),
        (
            "measured_factor_unit",
            pl.col("measured_factor").is_not_null() & pl.col("measured_factor_unit").is_null(),
            "填写了实测因子但缺少其单位（如 t/t、t/10⁴Nm³）",
            "a measured factor is given without its unit (e.g. t/t, t/10⁴Nm³)",
        ),
        (
            "category",
            pl.col("category").is_not_null()
            & ~pl.col("category").is_in(categories["code"].implode()),
            "未知的排放类别：请使用类别表中的代码",
            "unknown category: use a code from the category table",
        ),
        (
            "territory",
            pl.col("territory").is_not_null()
            & ~pl.col("territory").is_in(territories["code"].implode()),
            "未知的地区：请使用地区表中的代码，或先添加该地区",
            "unknown territory: use a code from the territory table, or add it first",
        ),
        (
            "record_id",
            pl.col("record_id").is_not_null() & pl.col("record_id").is_duplicated(),
            "记录编号重复：每条记录的编号应唯一",
            "duplicate record id: every record needs its own id",
        ),
        (
            "year",
            pl.col("year").is_not_null() & ~pl.col("year").is_between(*ACTIVITY_YEARS),
            f"年份应在 {ACTIVITY_YEARS[0]}–{ACTIVITY_YEARS[1]} 之间",
            f"the year must be between {ACTIVITY_YEARS[0]} and {ACTIVITY_YEARS[1]}",
        ),
    ]
    rules += [
        (
            name,
            pl.col(name).str.len_chars() > limit,
            f"文字过长：最多 {limit} 个字符，请缩短",
            f"text too long: at most {limit} characters; shorten it",
        )
        for name, limit in ACTIVITY_TEXT_MAX_CHARS.items()
    ]
    rules += [
        (
            name,
            pl.col(name).str.contains("\x00", literal=True),
            "文字中含有空字符（NUL，\\x00）：请删除该字符（常见于从其他系统导出的文件）",
            "the text holds a NUL character (\\x00): remove it (often left by exports from "
            "other systems)",
        )
        for name, dtype in ACTIVITY_COLUMNS.items()
        if dtype == pl.String
    ]
    fired = frame.select(
        [
            condition.fill_null(False).any().alias(str(i))
            for i, (_, condition, _, _) in enumerate(rules)
        ]
    ).row(0)
    for hit, (field, condition, zh, en) in zip(fired, rules, strict=True):
        if hit:
            problems += _located(frame.filter(condition), where, field, zh, en)
    problems += _bad_units(frame, "unit", where)
    problems += _bad_units(frame, "measured_factor_unit", where)
    return frame, sorted(problems, key=lambda p: (p.row or 0, p.field or ""))


def _with_aliases(frame: pl.DataFrame) -> pl.DataFrame:
    """Fuel names and unit spellings users write, replaced by the codes and units they mean."""
    names, units = _aliases()
    fuel, unit = pl.col("fuel"), pl.col("unit")
    return frame.with_columns(
        fuel=fuel.str.to_lowercase()
        .replace_strict(names, default=None, return_dtype=pl.String)
        .fill_null(fuel),
        unit=unit.str.to_lowercase()
        .str.replace_all(" ", "")
        .replace_strict(units, default=None, return_dtype=pl.String)
        .fill_null(unit),
    )


@cache
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    """Fuel names (code, Chinese, English) to codes, and unit spellings to units, read once
    from the shipped tables."""
    names: dict[str, str] = {}
    for code, zh, en in refdata.fuels().select("fuel", "name_zh", "name_en").iter_rows():
        names.update({code.lower(): code, zh: code, en.lower(): code})
    units = {a.lower(): u for a, u in refdata.unit_aliases().select("alias", "unit").iter_rows()}
    return names, units


def unknown_fuels(
    frame: pl.DataFrame,
    known: dict[str, list[str]],
    where: str,
) -> list[Problem]:
    """One "unknown fuel" problem per row whose fuel or material its category's calculator does
    not know, naming the closest known names (``difflib``) instead of a missing factor per gas.

    Parameters
    ----------
    frame:
        Checked activity rows with ``_row``, ``category``, ``fuel`` and ``calculator``.
    known:
        The fuel and material codes each calculator has factors for.
    where:
        The file or data-set name used in messages.
    """
    rows = frame.filter(pl.col("fuel").is_not_null() & pl.col("calculator").is_not_null())
    names = dict(refdata.fuels().select("fuel", "name_zh").iter_rows())
    problems: list[Problem] = []
    pairs = pl.DataFrame(
        [(c, f) for c, fuels in known.items() for f in fuels],
        schema={"calculator": pl.String, "fuel": pl.String},
        orient="row",
    )
    bad = rows.join(pairs, on=["calculator", "fuel"], how="anti").sort("_row")
    for (category, calculator, fuel), group in bad.group_by(
        ["category", "calculator", "fuel"], maintain_order=True
    ):
        choices = known.get(str(calculator), [])
        spelled = {c: c for c in choices} | {names[c]: c for c in choices if c in names}
        close = difflib.get_close_matches(str(fuel), list(spelled), n=3, cutoff=0.4)
        suggested = list(dict.fromkeys(spelled[c] for c in close)) or choices[:12]
        shown = ", ".join(f"{c}（{names[c]}）" if c in names else c for c in suggested)
        word = ("最接近的名称", "closest known names") if close else ("可用的名称", "known names")
        problems += _located(
            group,
            where,
            "fuel",
            f"未知的燃料/物料“{fuel}”（类别 {category}）。{word[0]}：{shown}",
            f"unknown fuel or material '{fuel}' for category {category}; {word[1]}: {shown}",
        )
    return problems


#: The record id, or ``row-N`` (N = the row as the user sees it) when none was given.
RECORD_ID = pl.coalesce("record_id", pl.format("row-{}", pl.col("_row"))).alias("record_id")


def _located(rows: pl.DataFrame, where: str, field: str, zh: str, en: str) -> list[Problem]:
    """One problem per offending row (at most MAX_LISTED_PER_RULE, then a count)."""
    listed = rows.head(MAX_LISTED_PER_RULE).select("_row", pl.col(field).cast(pl.String))
    problems = [
        Problem(where, row, field, "" if value is None else value, zh, en)
        for row, value in listed.iter_rows()
    ]
    extra = rows.height - listed.height
    if extra > 0:
        problems.append(
            Problem(
                where,
                None,
                field,
                "",
                f"同类问题另有 {extra} 行",
                f"{extra} more rows have the same problem",
            )
        )
    return problems


def _unknown(
    frame: pl.DataFrame, field: str, known: pl.Series, where: str, zh: str, en: str
) -> list[Problem]:
    rows = frame.filter(pl.col(field).is_not_null() & ~pl.col(field).is_in(known.implode()))
    return _located(rows, where, field, zh, en)


def _bad_units(frame: pl.DataFrame, field: str, where: str) -> list[Problem]:
    problems: list[Problem] = []
    for unit in frame[field].drop_nulls().unique().to_list():
        try:
            parse_unit(unit)
        except UnitError as exc:
            problems += _located(
                frame.filter(pl.col(field) == unit), where, field, exc.message_zh, exc.message_en
            )
    return problems
