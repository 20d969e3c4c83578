"""Key category analysis (IPCC 2006 Vol. 1 Ch. 4, Approach 1 and Approach 2).

A key category is one whose emissions or removals have a significant influence on the
inventory's level, trend or uncertainty. Approach 1 ranks categories by their contribution to
the level (Eq. 4.1) and to the trend (Eq. 4.2) and calls key those that together make up 95 %.
Approach 2 weights the same contributions by each category's uncertainty (Eq. 4.4 and 4.5) and
uses a 90 % threshold. All contributions use absolute values, so sinks (negative ``co2e_t``)
count by their size.

Inputs are polars DataFrames with columns ``category`` (str) and ``co2e_t`` (float, t CO2e,
negative for removals); rows with the same category are summed first. The analysis is as fine
as the categories given: to follow IPCC practice (category and gas), pass e.g.
``"1.A.1 CO2"`` as the category.

Source: IPCC (2006) *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Vol. 1,
Ch. 4 "Methodological Choice and Identification of Key Categories", s. 4.3.1 (Approach 1,
Eq. 4.1 and 4.2, Tables 4.2 and 4.3) and s. 4.3.2 (Approach 2, Eq. 4.4 and 4.5).
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from cityclimate.errors import DataValidationError, Problem

__all__ = [
    "APPROACH1_THRESHOLD",
    "APPROACH2_THRESHOLD",
    "key_categories",
    "level_assessment",
    "trend_assessment",
]

#: Cumulative share that Approach 1 key categories reach (IPCC 2006 Vol. 1 Ch. 4, s. 4.3.1).
APPROACH1_THRESHOLD = 0.95
#: Cumulative share that Approach 2 key categories reach (IPCC 2006 Vol. 1 Ch. 4, s. 4.3.2).
APPROACH2_THRESHOLD = 0.90

_REASONS: tuple[tuple[str, str, str], ...] = (
    ("key_level_a1", "水平评估（方法1）", "level (Approach 1)"),
    ("key_trend_a1", "趋势评估（方法1）", "trend (Approach 1)"),
    ("key_level_a2", "水平评估（方法2，按不确定性加权）", "level (Approach 2)"),
    ("key_trend_a2", "趋势评估（方法2，按不确定性加权）", "trend (Approach 2)"),
)


def level_assessment(
    emissions: pl.DataFrame, *, threshold: float = APPROACH1_THRESHOLD
) -> pl.DataFrame:
    """Approach 1 level assessment (IPCC 2006 Vol. 1 Ch. 4, s. 4.3.1, Eq. 4.1).

    ``L_x = |E_x| / sum_y |E_y|``, categories sorted by ``L_x`` from largest, cumulated; the
    categories up to and including the one at which the cumulative share first reaches
    ``threshold`` are key (Table 4.2).

    Parameters
    ----------
    emissions:
        ``category`` and ``co2e_t`` (t CO2e, negative for removals) for one year.
    threshold:
        Cumulative share (fraction) that key categories reach; 0.95 in Approach 1.

    Returns
    -------
    polars.DataFrame
        ``category``, ``co2e_t``, ``level_pct`` (``100 * L_x``), ``level_cumulative_pct``,
        ``is_key``; sorted by ``level_pct`` (largest first, ties by category).

    Raises
    ------
    DataValidationError
        Missing columns, null category, or a null/non-finite ``co2e_t``.
    """
    df = _totals(emissions, "emissions")
    total_abs = float(df["co2e_t"].abs().sum())
    level = _safe_div(df["co2e_t"].abs(), total_abs)
    return _rank(df.with_columns((100.0 * level).alias("level_pct")), "level_pct", threshold)


def trend_assessment(
    base: pl.DataFrame, current: pl.DataFrame, *, threshold: float = APPROACH1_THRESHOLD
) -> pl.DataFrame:
    """Approach 1 trend assessment (IPCC 2006 Vol. 1 Ch. 4, s. 4.3.1, Eq. 4.2).

    The 2006 Guidelines' Eq. 4.2, which admits removals::

        T_x = (|E_x,0| / sum_y |E_y,0|) * | (E_x,t - E_x,0) / |E_x,0|
                                            - (sum_y E_y,t - sum_y E_y,0) / |sum_y E_y,0| |

    is computed in the algebraically identical form::

        T_x = | (E_x,t - E_x,0) / sum_y |E_y,0|  -  L_x,0 * total_trend |

    with ``L_x,0 = |E_x,0| / sum_y |E_y,0|`` and ``total_trend = (sum E_t - sum E_0) /
    |sum E_0|``, which stays defined for a category that is zero in the base year (the
    Guidelines treat such categories separately). Absolute values are in the denominators as in
    the 2006 text: ``sum_y |E_y,0|`` for the category terms and ``|sum_y E_y,0|`` (net total)
    for the total trend. Note: the 2019 Refinement (Vol. 1 Ch. 4) revised the presentation of
    Eq. 4.2; this function follows the 2006 text, and the two were not compared here.

    Each category's share of the trend is ``T_x / sum_y T_y``; sorted descending and cumulated,
    those up to ``threshold`` are key (Table 4.3).

    Parameters
    ----------
    base, current:
        ``category`` and ``co2e_t`` (t CO2e) for the base year (0) and the current year (t).
        A category missing from one year counts as 0 there.
    threshold:
        Cumulative share (fraction) that key categories reach; 0.95 in Approach 1.

    Returns
    -------
    polars.DataFrame
        ``category``, ``co2e_t_base``, ``co2e_t``, ``trend_assessment`` (``T_x``, a
        fraction), ``trend_pct`` (share of ``sum T``, %), ``trend_cumulative_pct``, ``is_key``.

    Raises
    ------
    DataValidationError
        Bad input columns or values, or a base year whose net total is zero (the total trend
        is undefined).
    """
    joined = _join_years(base, current)
    base_abs = float(joined["co2e_t_base"].abs().sum())
    base_net = float(joined["co2e_t_base"].sum())
    current_net = float(joined["co2e_t"].sum())
    if base_abs == 0.0 or base_net == 0.0:
        raise DataValidationError(
            [
                Problem(
                    "base",
                    None,
                    "co2e_t",
                    str(base_net),
                    "基准年净排放为零，无法计算趋势评估（IPCC 2006 第1卷第4章 公式4.2）",
                    "the base year's net total is zero, so the trend assessment "
                    "(IPCC 2006 Vol. 1 Ch. 4 Eq. 4.2) is undefined",
                )
            ]
        )
    total_trend = (current_net - base_net) / abs(base_net)
    trend = (
        (pl.col("co2e_t") - pl.col("co2e_t_base")) / base_abs
        - pl.col("co2e_t_base").abs() / base_abs * total_trend
    ).abs()
    df = joined.with_columns(trend.alias("trend_assessment"))
    t_sum = float(df["trend_assessment"].sum())
    df = df.with_columns((100.0 * _safe_div(df["trend_assessment"], t_sum)).alias("trend_pct"))
    return _rank(df, "trend_pct", threshold)


def key_categories(
    current: pl.DataFrame,
    base: pl.DataFrame | None = None,
    uncertainty_pct: pl.DataFrame | None = None,
    *,
    approach1_threshold: float = APPROACH1_THRESHOLD,
    approach2_threshold: float = APPROACH2_THRESHOLD,
) -> pl.DataFrame:
    """Identify key categories by level and trend, Approach 1 and (with uncertainties) 2.

    Approach 1: :func:`level_assessment` and, when ``base`` is given,
    :func:`trend_assessment`, at 95 %. Approach 2 (when ``uncertainty_pct`` is given),
    IPCC 2006 Vol. 1 Ch. 4 s. 4.3.2::

        LU_x = L_x * U_x        (level, Eq. 4.4)
        TU_x = T_x * U_x        (trend, Eq. 4.5)

    (equation numbers as we read the 2006 text; to be checked against it)

    with ``U_x`` the category's combined uncertainty in the current year (%), e.g. the
    ``uncertainty_pct`` of :func:`cityclimate.inventory.uncertainty.error_propagation`;
    each normalised to a share, sorted and cumulated to 90 %. A category is key if any of
    the assessments makes it key.

    Parameters
    ----------
    current:
        ``category``, ``co2e_t`` (t CO2e, negative for removals) for the current year.
    base:
        The same for the base year, or None to skip the trend assessment.
    uncertainty_pct:
        ``category``, ``uncertainty_pct`` (95 % half-width, %), or None to skip Approach 2.
    approach1_threshold, approach2_threshold:
        Cumulative shares (fractions); defaults 0.95 and 0.90 as in the Guidelines.

    Returns
    -------
    polars.DataFrame
        One row per category, sorted by level: ``category``, ``co2e_t_base`` (if ``base``),
        ``co2e_t``, ``level_pct``, ``level_cumulative_pct``, ``trend_assessment``,
        ``trend_pct``, ``trend_cumulative_pct`` (if ``base``), ``uncertainty_pct``,
        ``level_u_pct``, ``level_u_cumulative_pct``, ``trend_u_pct``,
        ``trend_u_cumulative_pct`` (if uncertainties), then ``key_level_a1``,
        ``key_trend_a1``, ``key_level_a2``, ``key_trend_a2`` (bool; false when not assessed),
        ``is_key``, ``reason_zh`` and ``reason_en`` (the assessments that made the category
        key, joined by ``"；"`` / ``"; "``; empty when not key).

    Raises
    ------
    DataValidationError
        Bad input, or a category without an uncertainty when ``uncertainty_pct`` is given.
    """
    level = level_assessment(current, threshold=approach1_threshold).rename(
        {"is_key": "key_level_a1"}
    )
    table = level
    if base is not None:
        trend = trend_assessment(base, current, threshold=approach1_threshold).rename(
            {"is_key": "key_trend_a1"}
        )
        table = table.join(trend.drop("co2e_t"), on="category", how="full", coalesce=True)
        # a category only in the base year: no current level
        table = table.with_columns(
            pl.col("co2e_t").fill_null(0.0),
            pl.col("level_pct").fill_null(0.0),
            pl.col("level_cumulative_pct").fill_null(100.0),
            pl.col("key_level_a1").fill_null(False),
        )
    else:
        table = table.with_columns(pl.lit(False).alias("key_trend_a1"))

    if uncertainty_pct is not None:
        u = _uncertainties(uncertainty_pct, table["category"].to_list())
        table = table.join(u, on="category", how="left")
        lu = table.select("category", (pl.col("level_pct") * pl.col("uncertainty_pct")).alias("lu"))
        lu_total = float(lu["lu"].sum())
        lu = lu.with_columns((100.0 * _safe_div(lu["lu"], lu_total)).alias("level_u_pct"))
        lu = _rank(lu.drop("lu"), "level_u_pct", approach2_threshold).rename(
            {"is_key": "key_level_a2"}
        )
        table = table.join(lu, on="category", how="left")
        if base is not None:
            tu = table.select(
                "category",
                (pl.col("trend_assessment") * pl.col("uncertainty_pct")).alias("tu"),
            )
            tu_total = float(tu["tu"].sum())
            tu = tu.with_columns((100.0 * _safe_div(tu["tu"], tu_total)).alias("trend_u_pct"))
            tu = _rank(tu.drop("tu"), "trend_u_pct", approach2_threshold).rename(
                {"is_key": "key_trend_a2"}
            )
            table = table.join(tu, on="category", how="left")
        else:
            table = table.with_columns(pl.lit(False).alias("key_trend_a2"))
    else:
        table = table.with_columns(
            pl.lit(False).alias("key_level_a2"), pl.lit(False).alias("key_trend_a2")
        )

    flags = [name for name, _, _ in _REASONS]
    reasons_zh: list[str] = []
    reasons_en: list[str] = []
    for row in table.select(flags).iter_rows(named=True):
        reasons_zh.append("；".join(zh for name, zh, _ in _REASONS if row[name]))
        reasons_en.append("; ".join(en for name, _, en in _REASONS if row[name]))
    table = table.with_columns(
        pl.any_horizontal(flags).alias("is_key"),
        pl.Series("reason_zh", reasons_zh, dtype=pl.String),
        pl.Series("reason_en", reasons_en, dtype=pl.String),
    )
    ordered = [c for c in _COLUMN_ORDER if c in table.columns]
    return table.select(ordered).sort(["level_pct", "category"], descending=[True, False])


_COLUMN_ORDER = (
    "category",
    "co2e_t_base",
    "co2e_t",
    "level_pct",
    "level_cumulative_pct",
    "trend_assessment",
    "trend_pct",
    "trend_cumulative_pct",
    "uncertainty_pct",
    "level_u_pct",
    "level_u_cumulative_pct",
    "trend_u_pct",
    "trend_u_cumulative_pct",
    "key_level_a1",
    "key_trend_a1",
    "key_level_a2",
    "key_trend_a2",
    "is_key",
    "reason_zh",
    "reason_en",
)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _totals(emissions: pl.DataFrame, where: str) -> pl.DataFrame:
    """Validate a (category, co2e_t) table and sum it by category."""
    problems: list[Problem] = []
    for col in ("category", "co2e_t"):
        if col not in emissions.columns:
            problems.append(
                Problem(
                    where,
                    None,
                    col,
                    "",
                    f"缺少必需的列 '{col}'",
                    f"required column '{col}' is missing",
                )
            )
    if problems:
        raise DataValidationError(problems)
    cats = emissions["category"].to_list()
    values = emissions["co2e_t"].to_list()
    for i, (c, v) in enumerate(zip(cats, values, strict=True)):
        if c is None or str(c) == "":
            problems.append(
                Problem(where, i + 1, "category", "", "类别不能为空", "category must not be empty")
            )
        if not _is_finite(v):
            problems.append(
                Problem(
                    where,
                    i + 1,
                    "co2e_t",
                    "" if v is None else str(v),
                    "排放量必须是有限数（吸收为负）",
                    "co2e_t must be a finite number (negative for removals)",
                )
            )
    if problems:
        raise DataValidationError(problems)
    return (
        emissions.select(pl.col("category").cast(pl.String), pl.col("co2e_t").cast(pl.Float64))
        .group_by("category", maintain_order=True)
        .agg(pl.col("co2e_t").sum())
    )


def _join_years(base: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    b = _totals(base, "base").rename({"co2e_t": "co2e_t_base"})
    c = _totals(current, "current")
    return b.join(c, on="category", how="full", coalesce=True).with_columns(
        pl.col("co2e_t_base").fill_null(0.0), pl.col("co2e_t").fill_null(0.0)
    )


def _uncertainties(uncertainty_pct: pl.DataFrame, categories: list[str]) -> pl.DataFrame:
    problems: list[Problem] = []
    for col in ("category", "uncertainty_pct"):
        if col not in uncertainty_pct.columns:
            problems.append(
                Problem(
                    "uncertainty",
                    None,
                    col,
                    "",
                    f"缺少必需的列 '{col}'",
                    f"required column '{col}' is missing",
                )
            )
    if problems:
        raise DataValidationError(problems)
    u = uncertainty_pct.select(
        pl.col("category").cast(pl.String), pl.col("uncertainty_pct").cast(pl.Float64)
    )
    given = dict(zip(u["category"].to_list(), u["uncertainty_pct"].to_list(), strict=True))
    for i, (c, v) in enumerate(zip(u["category"].to_list(), u["uncertainty_pct"], strict=True)):
        if not _is_finite(v) or v < 0:
            problems.append(
                Problem(
                    "uncertainty",
                    i + 1,
                    "uncertainty_pct",
                    "" if v is None else str(v),
                    f"类别 '{c}' 的不确定性必须是非负有限数（%）",
                    f"uncertainty of category '{c}' must be a finite number >= 0 (%)",
                )
            )
    for c in categories:
        if c not in given:
            problems.append(
                Problem(
                    "uncertainty",
                    None,
                    "uncertainty_pct",
                    "",
                    f"类别 '{c}' 没有不确定性，方法2需要每个类别的不确定性",
                    f"category '{c}' has no uncertainty; Approach 2 needs one for every category",
                )
            )
    if problems:
        raise DataValidationError(problems)
    return u.unique("category", keep="first", maintain_order=True)


def _rank(df: pl.DataFrame, share_col: str, threshold: float) -> pl.DataFrame:
    """Sort by ``share_col`` (%, largest first), cumulate, and mark the key categories.

    A category is key when the cumulative share *before* it is below the threshold, so the key
    set is the shortest prefix whose cumulative share reaches the threshold. Categories with a
    zero share are never key.
    """
    cum_col = share_col.removesuffix("_pct") + "_cumulative_pct"
    ranked = df.sort([share_col, "category"], descending=[True, False])
    cumulative = ranked[share_col].cum_sum()
    before = cumulative - ranked[share_col]
    limit = 100.0 * threshold
    # tolerate rounding in the cumulative sum (e.g. 94.99999999 for an exact 95)
    is_key = (before < limit - 1e-9) & (ranked[share_col] > 0.0)
    return ranked.with_columns(cumulative.alias(cum_col), is_key.alias("is_key"))


def _safe_div(values: pl.Series, total: float) -> pl.Series:
    if total == 0.0:
        return pl.Series(values.name, [0.0] * len(values), dtype=pl.Float64)
    return values / total


def _is_finite(v: Any) -> bool:
    try:
        return v is not None and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False
