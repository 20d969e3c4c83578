"""A series recomputed on another boundary version through a stated mapping of sub-areas.

When a territory's boundary changes (Liangjiang's plan territory LJ-2016 → the administrative
district LJ-2026 created in 2026), its past figures are restated on the new boundary: each part
of the old territory (a sub-area, or the territory itself) gives ``share`` of its value to a part
of the new one,

    value_new(to, year) = Σ_from share(from → to) × value_old(from, year)

(the IPCC 2006 GL Vol.1 Ch.5 principle of a time-series consistent with the current boundary).
Only additive quantities (emissions, energy, GDP) can be mapped this way; intensities are
recomputed from the mapped numerator and denominator.
"""

from __future__ import annotations

import math

import polars as pl

from cityclimate.errors import DataValidationError, Problem

MAPPING_COLUMNS = ("from_code", "to_code", "share")


def mapping_problems(mapping: pl.DataFrame, *, where: str = "boundary mapping") -> list[Problem]:
    """What is wrong with a mapping: shares outside (0, 1], or a part given away more than once.

    Returns one :class:`~cityclimate.errors.Problem` per bad line (1-based) or source part.
    """
    problems = []
    for i, (source, target, share) in enumerate(
        mapping.select(MAPPING_COLUMNS).iter_rows(), start=1
    ):
        if share is None or not math.isfinite(share) or not 0 < share <= 1:
            problems.append(
                Problem(
                    where,
                    i,
                    "share",
                    str(share),
                    f"{source} → {target} 的比例应在 (0, 1] 之间",
                    f"the share of {source} → {target} must be in (0, 1]",
                )
            )
    totals = mapping.group_by("from_code").agg(pl.col("share").sum()).sort("from_code")
    for source, total in totals.iter_rows():
        if total is not None and total > 1 + 1e-9:
            problems.append(
                Problem(
                    where,
                    None,
                    "share",
                    f"{source}: {total:g}",
                    f"{source} 分出的比例合计 {total:g} 超过 1：请改正比例",
                    f"the shares of {source} add up to {total:g} > 1: correct them",
                )
            )
    return problems


def recompute_on_boundary(
    series: pl.DataFrame, mapping: pl.DataFrame, *, value: str = "co2e_t"
) -> pl.DataFrame:
    """Restate a series of the old boundary's parts on the new boundary.

    Parameters
    ----------
    series:
        ``code`` (a part of the old territory), ``year`` and ``value`` (an additive quantity, in
        its unit).
    mapping:
        ``from_code``, ``to_code``, ``share`` (fraction of ``from_code`` in ``to_code``).
    value:
        Name of the value column (kept in the result).

    Returns
    -------
    polars.DataFrame
        ``to_code``, ``year``, ``value`` (Σ share × value), ``parts`` (how many mapped parts had
        a value that year), ``missing`` (the mapped parts without one, sorted) and ``complete``
        (no part missing). Years are those of ``series``.

    Raises
    ------
    DataValidationError
        A bad mapping (see :func:`mapping_problems`).
    """
    problems = mapping_problems(mapping)
    if problems:
        raise DataValidationError(problems)
    years = series.select("year").unique()
    expected = mapping.select("from_code", "to_code", "share").join(years, how="cross")
    joined = expected.join(
        series.select(pl.col("code").alias("from_code"), "year", value),
        on=["from_code", "year"],
        how="left",
    )
    have = pl.col(value).is_not_null()
    out = (
        joined.group_by("to_code", "year")
        .agg(
            (pl.col(value) * pl.col("share")).filter(have).sum().alias(value),
            have.sum().cast(pl.Int64).alias("parts"),
            pl.col("from_code").filter(~have).sort().alias("missing"),
        )
        .with_columns(complete=pl.col("missing").list.len() == 0)
        .sort("to_code", "year")
    )
    return out


def unmapped_parts(series: pl.DataFrame, mapping: pl.DataFrame) -> list[str]:
    """Codes in ``series`` that the mapping does not place anywhere (sorted)."""
    mapped = set(mapping["from_code"].to_list())
    return sorted(set(series["code"].drop_nulls().to_list()) - mapped)
