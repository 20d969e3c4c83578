"""Uncertainty of an inventory: IPCC Approach 1 (error propagation) and Approach 2 (Monte Carlo).

Both approaches take the engine's record-level emissions table (one row per activity record and
gas) and return tables by category and for the total.

Input columns
-------------
``record_id`` (str), ``category`` (str), ``gas`` (str), ``factor_id`` (str), ``co2e_t``
(float, t CO2e, negative for sinks) are required. Optional: ``quality_tier`` (str, e.g.
``"measured"``, ``"statistics"``, ``"estimated"``; selects the default activity uncertainty),
``factor_kind`` (str, e.g. ``"grid_electricity"``; selects the default factor uncertainty
instead of ``gas``; when absent, ``fuel`` ``"electricity"`` means ``"grid_electricity"`` and
``"heat"``/``"steam"`` mean ``"purchased_heat"``), ``activity_unc_pct`` and ``factor_unc_pct`` (half-width of the 95 %
confidence interval in % of the value; null means "use the default"), ``activity_dist`` and
``factor_dist`` (``"normal"``, ``"lognormal"``, ``"triangular"``, ``"uniform"``; null means
the default's distribution). Other columns (``activity_value``, ``factor_value``, ``gwp`` …) are
ignored: the uncertain quantities enter as multipliers of mean 1 on ``co2e_t``, so
``co2e_t = activity_value * factor_value * gwp`` need not be recomputed.

Correlation model
-----------------
Every activity record is an independent input. Every distinct ``factor_id`` is ONE input shared
by all records that use it: in Approach 2 it is sampled once per iteration and multiplies all of
those records (fully correlated); in Approach 1 (``correlated_factors=True``) records that share
a factor are summed before the factor's uncertainty is applied. GWPs are taken as exact.

Default uncertainties
---------------------
:data:`DEFAULT_UNCERTAINTY` is a data table (one row per default, each with its ``source`` and a
``confidence`` flag H/M/L as in the project's reference page). Users override it per record
with the ``*_unc_pct`` columns, or pass their own table with the same columns.

Sources
-------
IPCC (2006) *2006 IPCC Guidelines for National Greenhouse Gas Inventories*, Vol. 1, Ch. 3
"Uncertainties" (Eq. 3.1, 3.2, section 3.2.3 Approach 1, section 3.2.3.2 Approach 2) and Vol. 2,
Ch. 2 "Stationary Combustion" (Table 2.2, Table 2.15).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

__all__ = [
    "DEFAULT_UNCERTAINTY",
    "DISTRIBUTIONS",
    "Approach1Result",
    "MonteCarloResult",
    "error_propagation",
    "monte_carlo",
    "resolve_uncertainty",
]

#: Distributions an input may have, by the name users write in ``*_dist`` columns.
DISTRIBUTIONS: tuple[str, ...] = ("normal", "lognormal", "triangular", "uniform")

_DEFAULT_SCHEMA: dict[str, Any] = {
    "input": pl.String,
    "key": pl.String,
    "unc_pct": pl.Float64,
    "distribution": pl.String,
    "source": pl.String,
    "confidence": pl.String,
}

#: Default uncertainties (95 % half-width, % of the value) when a record gives none.
#:
#: ``input == "activity"`` rows are keyed by ``quality_tier`` (``"unknown"`` is used when the
#: tier is null); ``input == "factor"`` rows by ``factor_kind`` when the record has one, else by
#: ``gas``, else ``"other"``. Confidence flags as in docs/reference: H checked against the
#: publisher's text, M consistent across secondary sources, L to be confirmed.
DEFAULT_UNCERTAINTY: pl.DataFrame = pl.DataFrame(
    [
        (
            "activity",
            "measured",
            2.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 Table 2.15: metered/surveyed fuel use of large plants in "
            "well-developed statistical systems, about 1-3 %; 2 % taken",
            "L",
        ),
        (
            "activity",
            "statistics",
            5.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 s.2.4.2 (as IPCC GPG 2000 s.2.1.1.5): default +/-5 % for fuel "
            "combustion data from national energy statistics when nothing better is known "
            "(seen in a secondary transcription of the GPG text; 2006 wording not checked)",
            "L",
        ),
        (
            "activity",
            "estimated",
            25.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 Table 2.15: extrapolated data in less-developed statistical "
            "systems, up to about 15-25 %; upper end taken",
            "L",
        ),
        (
            "activity",
            "unknown",
            25.0,
            "normal",
            "cityclimate choice, not an IPCC value: a record without a quality tier is treated "
            "as 'estimated' (conservative)",
            "L",
        ),
        (
            "factor",
            "CO2",
            5.0,
            "normal",
            "IPCC 2006 Vol.2 Ch.2 Table 2.2: 95 % ranges of default CO2 factors, mostly within "
            "about +/-2-7 % (e.g. other bituminous coal 94,600 kg/TJ, 89,500-99,700)",
            "L",
        ),
        (
            "factor",
            "CH4",
            150.0,
            "lognormal",
            "IPCC 2006 Vol.2 Ch.2 Tables 2.2-2.5: default CH4 factors span about a factor of "
            "3 either way (e.g. natural gas 1 kg/TJ, 0.3-3); +150 % taken, lognormal",
            "L",
        ),
        (
            "factor",
            "N2O",
            150.0,
            "lognormal",
            "IPCC 2006 Vol.2 Ch.2 Tables 2.2-2.5: default N2O factors span about a factor of "
            "3 either way (e.g. other bituminous coal 1.5 kg/TJ, 0.5-5); +150 % taken, "
            "lognormal",
            "L",
        ),
        (
            "factor",
            "grid_electricity",
            10.0,
            "normal",
            "placeholder: IPCC 2006 gives no default for grid (scope 2) factors and the MEE/NBS "
            "announcements state none; to be replaced by a published figure",
            "L",
        ),
        (
            "factor",
            "purchased_heat",
            10.0,
            "normal",
            "placeholder: no IPCC 2006 default for purchased heat (0.11 t CO2/GJ, ETS "
            "guidelines, states no range)",
            "L",
        ),
        (
            "factor",
            "other",
            30.0,
            "normal",
            "placeholder for other gases and process factors: IPCC 2006 Vol.3 gives "
            "category-specific ranges, often 10-50 %",
            "L",
        ),
    ],
    schema=_DEFAULT_SCHEMA,
    orient="row",
)

# The 95 % half-width U (fraction of the mean) -> parameter of each distribution.
_Z95 = 1.959963984540054  # standard normal 97.5 % quantile
#: Symmetric triangular on [m - a, m + a]: P(|X - m| > h) = (1 - h/a)^2 = 0.05.
_TRIANGULAR_95 = 1.0 - math.sqrt(0.05)
#: Uniform on [m - a, m + a]: the central 95 % is m +/- 0.95 a.
_UNIFORM_95 = 0.95

_REQUIRED = ("record_id", "category", "gas", "factor_id", "co2e_t")
#: ``fuel`` values whose factor is a grid factor rather than a fuel's (when no factor_kind).
_FUEL_KIND = {
    "electricity": "grid_electricity",
    "heat": "purchased_heat",
    "steam": "purchased_heat",
}
_WHERE = "emissions"

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approach1Result:
    """Result of :func:`error_propagation` (IPCC Approach 1).

    Attributes
    ----------
    by_category:
        ``category``, ``co2e_t`` (t CO2e), ``uncertainty_pct`` (95 % half-width as % of
        ``|co2e_t|``; null when the category sums to zero), ``half_width_t`` (t CO2e),
        ``contribution_to_variance_pct`` (share of the total's variance, %; sums to 100).
    total:
        One row: ``co2e_t``, ``uncertainty_pct``, ``half_width_t``.
    by_input:
        One row per uncertain input: ``input`` (``"activity"``/``"factor"``), ``id``
        (record_id or factor_id), ``unc_pct``, ``contribution_to_variance_pct``; sorted by
        contribution, largest first.
    """

    by_category: pl.DataFrame
    total: pl.DataFrame
    by_input: pl.DataFrame


@dataclass(frozen=True)
class MonteCarloResult:
    """Result of :func:`monte_carlo` (IPCC Approach 2).

    Attributes
    ----------
    by_category:
        ``category``, ``co2e_t`` (the point estimate, t CO2e), ``mean_t``, ``median_t``,
        ``p2_5_t``, ``p97_5_t``, ``sd_t`` (t CO2e), ``lower_pct`` and ``upper_pct`` (the 2.5 %
        and 97.5 % percentiles relative to the point estimate, % of ``|co2e_t|``).
    total:
        One row with the same columns except ``category``.
    sensitivity:
        One row per uncertain input: ``input`` (``"activity"``/``"factor"``), ``id``,
        ``distribution``, ``unc_pct``, ``correlation_with_total`` (Pearson correlation of the
        sampled input with the simulated total), ``contribution_to_variance_pct``
        (correlation squared, normalised to 100 %: the share of the total's variance each input
        explains when the model is close to linear); sorted, largest first.
    category_samples_t:
        Simulated category totals, shape (iterations, categories), t CO2e, columns in the
        order of ``by_category``.
    total_samples_t:
        Simulated totals, shape (iterations,), t CO2e.
    iterations, seed, chunk_size, dtype:
        How the run was made; the same values give the same numbers.
    """

    by_category: pl.DataFrame
    total: pl.DataFrame
    sensitivity: pl.DataFrame
    category_samples_t: FloatArray
    total_samples_t: FloatArray
    iterations: int
    seed: int
    chunk_size: int
    dtype: str


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def resolve_uncertainty(
    emissions: pl.DataFrame, defaults: pl.DataFrame = DEFAULT_UNCERTAINTY
) -> pl.DataFrame:
    """Fill every record's activity and factor uncertainty, from the user or the defaults.

    Parameters
    ----------
    emissions:
        The engine's record-level emissions table (see the module docstring for columns).
    defaults:
        Table of default uncertainties with the columns of :data:`DEFAULT_UNCERTAINTY`.

    Returns
    -------
    polars.DataFrame
        ``emissions`` with ``activity_unc_pct``, ``factor_unc_pct`` (95 % half-width, % of the
        value), ``activity_dist``, ``factor_dist`` all filled, and ``activity_unc_source``,
        ``factor_unc_source`` saying where each value came from (``"user"`` or the default's
        ``source``).

    Raises
    ------
    DataValidationError
        Missing columns; null or non-finite ``co2e_t``; a null ``record_id``, ``category`` or
        ``factor_id``; a negative or non-finite uncertainty; an unknown distribution; an
        unknown quality tier; or one ``factor_id`` given two different uncertainties. Every
        problem names its row (1-based) and field.
    """
    _check_defaults(defaults)
    problems: list[Problem] = []
    missing = [c for c in _REQUIRED if c not in emissions.columns]
    for col in missing:
        problems.append(
            Problem(
                _WHERE,
                None,
                col,
                "",
                f"缺少必需的列 '{col}'",
                f"required column '{col}' is missing; the engine's emissions table has it",
            )
        )
    if emissions.height == 0:
        problems.append(
            Problem(_WHERE, None, None, "", "排放表没有记录", "the emissions table has no records")
        )
    if problems:
        raise DataValidationError(problems)

    df = emissions
    for col, dtype in (
        ("quality_tier", pl.String),
        ("factor_kind", pl.String),
        ("activity_unc_pct", pl.Float64),
        ("factor_unc_pct", pl.Float64),
        ("activity_dist", pl.String),
        ("factor_dist", pl.String),
    ):
        if col not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=dtype).alias(col))

    n = df.height
    record_id = df["record_id"].cast(pl.String).to_list()
    for col in ("record_id", "category", "factor_id", "gas"):
        for i, v in enumerate(df[col].to_list()):
            if v is None or str(v) == "":
                problems.append(
                    _problem(i, col, "", record_id[i], Text("不能为空", "must not be empty"))
                )
    co2e = _float_column(df, "co2e_t", problems, record_id)
    for i in range(n):
        if not math.isnan(co2e[i]) and not math.isfinite(co2e[i]):
            problems.append(
                _problem(
                    i, "co2e_t", str(co2e[i]), record_id[i], Text("不是有限数", "is not finite")
                )
            )
        elif math.isnan(co2e[i]):
            problems.append(
                _problem(
                    i, "co2e_t", "", record_id[i], Text("缺少排放量", "emission value missing")
                )
            )

    act_defaults = {
        r["key"]: r for r in defaults.filter(pl.col("input") == "activity").iter_rows(named=True)
    }
    fac_defaults = {
        r["key"]: r for r in defaults.filter(pl.col("input") == "factor").iter_rows(named=True)
    }

    tiers = df["quality_tier"].cast(pl.String).to_list()
    kinds = df["factor_kind"].cast(pl.String).to_list()
    if "fuel" in df.columns:  # the engine's column: purchased electricity/heat use grid factors
        fuels = df["fuel"].cast(pl.String).to_list()
        kinds = [
            k if k is not None else _FUEL_KIND.get(str(f))
            for k, f in zip(kinds, fuels, strict=True)
        ]
    gases = df["gas"].cast(pl.String).to_list()
    act_unc = _float_column(df, "activity_unc_pct", problems, record_id)
    fac_unc = _float_column(df, "factor_unc_pct", problems, record_id)
    act_dist_in = df["activity_dist"].cast(pl.String).to_list()
    fac_dist_in = df["factor_dist"].cast(pl.String).to_list()

    act_unc_out: list[float] = []
    fac_unc_out: list[float] = []
    act_dist_out: list[str] = []
    fac_dist_out: list[str] = []
    act_src: list[str] = []
    fac_src: list[str] = []
    for i in range(n):
        tier = tiers[i] if tiers[i] is not None else "unknown"
        a_def = act_defaults.get(tier)
        if a_def is None and math.isnan(act_unc[i]):
            known = ", ".join(sorted(act_defaults))
            problems.append(
                _problem(
                    i,
                    "quality_tier",
                    tier,
                    record_id[i],
                    Text(
                        f"未知的数据质量等级；可用：{known}，或填写 activity_unc_pct",
                        f"unknown quality tier; use one of {known}, or give activity_unc_pct",
                    ),
                )
            )
        kind = kinds[i]
        if kind is None or kind not in fac_defaults:
            kind = gases[i] if gases[i] in fac_defaults else "other"
        f_def = fac_defaults.get(kind)
        if f_def is None and math.isnan(fac_unc[i]):
            problems.append(
                _problem(
                    i,
                    "factor_unc_pct",
                    "",
                    record_id[i],
                    Text(
                        "没有默认的排放因子不确定性，请填写",
                        "no default factor uncertainty applies; give factor_unc_pct",
                    ),
                )
            )

        a_u, a_s = _pick_unc(act_unc[i], a_def)
        f_u, f_s = _pick_unc(fac_unc[i], f_def)
        for field, value in (("activity_unc_pct", act_unc[i]), ("factor_unc_pct", fac_unc[i])):
            if not math.isnan(value) and (value < 0.0 or not math.isfinite(value)):
                problems.append(
                    _problem(
                        i,
                        field,
                        repr(value),
                        record_id[i],
                        Text(
                            "不确定性必须是非负有限数（95%置信区间半宽，%）",
                            "uncertainty must be a finite number >= 0 "
                            "(half-width of the 95 % interval, in %)",
                        ),
                    )
                )
        a_d = _pick_dist(act_dist_in[i], a_def)
        f_d = _pick_dist(fac_dist_in[i], f_def)
        for field, dist in (("activity_dist", a_d), ("factor_dist", f_d)):
            if dist not in DISTRIBUTIONS:
                problems.append(
                    _problem(
                        i,
                        field,
                        dist,
                        record_id[i],
                        Text(
                            f"未知的分布；可用：{', '.join(DISTRIBUTIONS)}",
                            f"unknown distribution; use one of {', '.join(DISTRIBUTIONS)}",
                        ),
                    )
                )
        act_unc_out.append(a_u)
        fac_unc_out.append(f_u)
        act_dist_out.append(a_d)
        fac_dist_out.append(f_d)
        act_src.append(a_s)
        fac_src.append(f_s)

    # One factor_id is one input: its uncertainty and distribution must agree on every row.
    factor_ids = df["factor_id"].cast(pl.String).to_list()
    first_row: dict[str, int] = {}
    for i, fid in enumerate(factor_ids):
        if fid is None:
            continue
        j = first_row.setdefault(fid, i)
        if j == i:
            continue
        if not _same(fac_unc_out[i], fac_unc_out[j]) or fac_dist_out[i] != fac_dist_out[j]:
            problems.append(
                _problem(
                    i,
                    "factor_unc_pct",
                    f"{fac_unc_out[i]!r} {fac_dist_out[i]}",
                    record_id[i],
                    Text(
                        f"同一排放因子 '{fid}' 在第 {j + 1} 行的不确定性为 "
                        f"{fac_unc_out[j]!r} {fac_dist_out[j]}，两者必须一致",
                        f"factor '{fid}' has uncertainty {fac_unc_out[j]!r} {fac_dist_out[j]} "
                        f"on row {j + 1}; one factor must have one uncertainty",
                    ),
                )
            )

    if problems:
        raise DataValidationError(problems)

    return df.with_columns(
        pl.Series("activity_unc_pct", act_unc_out, dtype=pl.Float64),
        pl.Series("factor_unc_pct", fac_unc_out, dtype=pl.Float64),
        pl.Series("activity_dist", act_dist_out, dtype=pl.String),
        pl.Series("factor_dist", fac_dist_out, dtype=pl.String),
        pl.Series("activity_unc_source", act_src, dtype=pl.String),
        pl.Series("factor_unc_source", fac_src, dtype=pl.String),
    )


def error_propagation(
    emissions: pl.DataFrame,
    *,
    defaults: pl.DataFrame = DEFAULT_UNCERTAINTY,
    correlated_factors: bool = True,
) -> Approach1Result:
    """Combine uncertainties by error propagation (IPCC Approach 1), by category and in total.

    For one record, activity and factor combine as a product (IPCC 2006 Vol. 1 Ch. 3, s. 3.2.3.1,
    Eq. 3.1)::

        U_record = sqrt(U_activity**2 + U_factor**2)

    and uncertain quantities add up as (Eq. 3.2)::

        U_total = sqrt(sum((U_i * x_i)**2)) / |sum(x_i)|

    where ``U`` is the half-width of the 95 % interval in % and ``x_i`` the emission (t CO2e;
    negative for sinks). Eq. 3.2 assumes the summed quantities are **uncorrelated**. A factor
    shared by several records breaks that assumption; with ``correlated_factors=True`` (the
    default) the records are therefore first summed per factor, as Vol. 1 Ch. 3 advises for
    correlated inputs (aggregate to the level at which the correlation sits), which is the
    first-order variance::

        var = sum_records (U_a,i * x_i)**2 + sum_factors (U_f * sum_{i uses f} x_i)**2

    With ``correlated_factors=False`` every record is combined with Eq. 3.1 and summed with
    Eq. 3.2 as if independent (the textbook Table 3.2 calculation).

    Contribution to variance: IPCC Table 3.2 (column H) reports ``(U_c * x_c / sum x)**2``,
    which sums to ``U_total**2``; here it is given as a share of the total variance in %
    (sums to 100). When a factor spans several categories, its covariance is allocated in
    proportion to each category's part of the factor's emissions (Euler allocation), so the
    shares still add up.

    Parameters
    ----------
    emissions:
        Record-level emissions table (module docstring lists its columns).
    defaults:
        Default uncertainties; see :data:`DEFAULT_UNCERTAINTY`.
    correlated_factors:
        Treat records sharing a ``factor_id`` as sharing one uncertain factor.

    Returns
    -------
    Approach1Result
        Tables ``by_category``, ``total`` and ``by_input``.

    Raises
    ------
    DataValidationError
        As :func:`resolve_uncertainty`.

    Notes
    -----
    Approach 1 is exact only for sums of normal variables; for uncertainties above roughly
    50-100 % or skewed distributions use :func:`monte_carlo` (IPCC 2006 Vol. 1 Ch. 3, s. 3.2.3.1).
    """
    model = _prepare(emissions, defaults)
    x = model.co2e_t
    ua = model.activity_unc_pct[model.record_index]  # per row
    uf = model.factor_unc_pct[model.factor_index]
    n_cat = len(model.categories)
    cat_sum = np.bincount(model.category_index, weights=x, minlength=n_cat)
    # A record's rows (one per gas) share its activity: its variance is on their sum.
    n_records = len(model.record_ids)
    x_r = np.bincount(model.record_index, weights=x, minlength=n_records)
    record_var = (model.activity_unc_pct * x_r) ** 2  # (% * t)^2
    pairs, pair_of_row = np.unique(
        model.record_index * n_cat + model.category_index, return_inverse=True
    )
    x_pair = np.bincount(pair_of_row, weights=x, minlength=len(pairs))
    pair_record, pair_category = pairs // n_cat, pairs % n_cat
    u2_pair = model.activity_unc_pct[pair_record] ** 2
    act_cat_var = np.bincount(pair_category, weights=u2_pair * x_pair**2, minlength=n_cat)
    act_cat_contrib = np.bincount(
        pair_category, weights=u2_pair * x_pair * x_r[pair_record], minlength=n_cat
    )

    if correlated_factors:
        n_fac = len(model.factor_ids)
        # emission per (factor, category) pair and per factor
        pair = model.factor_index * n_cat + model.category_index
        x_fc = np.bincount(pair, weights=x, minlength=n_fac * n_cat).reshape(n_fac, n_cat)
        x_f = x_fc.sum(axis=1)
        uf2 = model.factor_unc_pct[:, None] ** 2
        cat_var = act_cat_var + (uf2 * x_fc**2).sum(axis=0)
        cat_contrib = act_cat_contrib + (uf2 * x_fc * x_f[:, None]).sum(axis=0)
        fac_var = model.factor_unc_pct**2 * x_f**2
        total_var = float(record_var.sum() + fac_var.sum())
        input_var = np.concatenate([record_var, fac_var])
        input_unc = np.concatenate([model.activity_unc_pct, model.factor_unc_pct])
        input_kind = ["activity"] * n_records + ["factor"] * n_fac
        input_id = list(model.record_ids) + list(model.factor_ids)
    else:
        rec_var = (ua**2 + uf**2) * x**2  # Eq. 3.1 then the square in Eq. 3.2
        cat_var = np.bincount(model.category_index, weights=rec_var, minlength=n_cat)
        cat_contrib = cat_var
        total_var = float(rec_var.sum())
        # split each record's variance between its activity and its factor
        input_var = np.concatenate([(ua * x) ** 2, uf**2 * x**2])
        input_unc = np.concatenate([ua, uf])
        input_kind = ["activity"] * len(x) + ["factor"] * len(x)
        input_id = [model.record_ids[r] for r in model.record_index] + [
            model.factor_ids[g] for g in model.factor_index
        ]

    total = float(x.sum())
    by_category = pl.DataFrame(
        {
            "category": list(model.categories),
            "co2e_t": cat_sum,
            "uncertainty_pct": [_rel_pct(v, s) for v, s in zip(cat_var, cat_sum, strict=True)],
            "half_width_t": np.sqrt(cat_var) / 100.0,
            "contribution_to_variance_pct": _share_pct(cat_contrib, total_var),
        },
        schema_overrides={"uncertainty_pct": pl.Float64},
    )
    total_df = pl.DataFrame(
        {
            "co2e_t": [total],
            "uncertainty_pct": [_rel_pct(total_var, total)],
            "half_width_t": [math.sqrt(total_var) / 100.0],
        },
        schema_overrides={"uncertainty_pct": pl.Float64},
    )
    by_input = (
        pl.DataFrame(
            {
                "input": input_kind,
                "id": input_id,
                "unc_pct": input_unc,
                "contribution_to_variance_pct": _share_pct(input_var, total_var),
            }
        )
        .filter(pl.col("unc_pct") > 0)
        .sort("contribution_to_variance_pct", descending=True, maintain_order=True)
    )
    return Approach1Result(by_category=by_category, total=total_df, by_input=by_input)


def monte_carlo(
    emissions: pl.DataFrame,
    *,
    iterations: int = 10_000,
    seed: int = 0,
    dtype: Literal["float64", "float32"] = "float64",
    chunk_size: int | None = None,
    workers: int | None = None,
    defaults: pl.DataFrame = DEFAULT_UNCERTAINTY,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarloResult:
    """Simulate the inventory's uncertainty by Monte Carlo (IPCC Approach 2).

    In every iteration each activity record ``i`` gets a multiplier ``a_i`` and each factor
    ``f`` (one per distinct ``factor_id``, shared by all its records) a multiplier ``m_f``,
    all with mean 1; the simulated emission is ``co2e_t_i * a_i * m_f(i)``, summed by category
    and in total (IPCC 2006 Vol. 1 Ch. 3, s. 3.2.3.2).

    Distributions from the 95 % half-width ``U`` (as a fraction of the value):

    * normal: mean 1, standard deviation ``U / 1.96``;
    * lognormal: matched to mean 1 and the same standard deviation ``s = U / 1.96``:
      ``sigma**2 = ln(1 + s**2)``, ``mu = -sigma**2 / 2`` (so its 95 % interval is skewed);
    * triangular: symmetric on ``[1 - c, 1 + c]`` with ``c = U / (1 - sqrt(0.05))``, so that
      the central 95 % is ``1 +/- U``; drawn as the sum of two uniforms;
    * uniform: on ``[1 - c, 1 + c]`` with ``c = U / 0.95``, central 95 % ``1 +/- U``.

    A normal or triangular/uniform input with ``U`` above about 100 % can draw negative
    multipliers; use lognormal for large, positive-only uncertainties.

    Parameters
    ----------
    emissions:
        Record-level emissions table (module docstring lists its columns).
    iterations:
        Number of Monte Carlo iterations (IPCC suggests enough for stable 2.5/97.5 percentiles;
        10,000 gives them to about 1 % of the half-width).
    seed:
        Seed of the PCG64 generator. The same ``seed`` and ``chunk_size`` give identical
        results on any machine and any number of ``workers``.
    dtype:
        ``"float64"`` (default) or ``"float32"``. float32 halves memory traffic and draws
        normals by the Box-Muller transform (numpy's float32 ziggurat is slower); percentiles
        agree with float64 to well within 0.5 % (tested).
    chunk_size:
        Iterations per chunk; working memory is about ``2 * records * chunk_size`` floats
        per worker, plus the kept samples (``iterations * categories`` float64). Default: about one million samples per chunk (so that a chunk stays in
        the CPU cache), between 64 and 65,536 iterations.
    workers:
        Threads drawing chunks in parallel (numpy releases the GIL while sampling). Default:
        the number of CPUs, at most 8. Does not change the results.
    defaults:
        Default uncertainties; see :data:`DEFAULT_UNCERTAINTY`.
    progress:
        Called as ``progress(done, iterations)`` after each chunk, in order, from the calling
        thread (e.g. to drive a progress bar). The core itself prints nothing.

    Returns
    -------
    MonteCarloResult
        Statistics by category and total, sensitivity of the total to each input, and the
        simulated samples.

    Raises
    ------
    DataValidationError
        As :func:`resolve_uncertainty`.
    ValueError
        ``iterations`` or ``chunk_size`` below 1, or an unknown ``dtype``.
    """
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    if dtype not in ("float64", "float32"):
        raise ValueError("dtype must be 'float64' or 'float32'")
    model = _prepare(emissions, defaults)
    n_rec = len(model.co2e_t)
    if chunk_size is None:
        chunk_size = min(65_536, max(64, (1 << 20) // max(n_rec, 1)))
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if workers is None:
        workers = min(8, os.cpu_count() or 1)
    workers = max(1, workers)

    kernel = _Kernel(model, np.dtype(dtype), chunk_size)
    n_chunks = -(-iterations // chunk_size)
    seeds = np.random.SeedSequence(seed).spawn(n_chunks)
    sizes = [min(chunk_size, iterations - c * chunk_size) for c in range(n_chunks)]

    n_cat = len(model.categories)
    cat_samples = np.empty((iterations, n_cat), dtype=np.float64)
    n_records = len(model.record_ids)
    sens_act = np.zeros(n_records, dtype=np.float64)
    sens_fac = np.zeros(len(model.factor_ids), dtype=np.float64)

    def run(c: int) -> _ChunkOut:
        return kernel.run(seeds[c], sizes[c])

    def outputs() -> Iterator[_ChunkOut]:
        if workers == 1 or n_chunks == 1:
            yield from map(run, range(n_chunks))
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                yield from pool.map(run, range(n_chunks))

    done = 0
    for out in outputs():
        cat_samples[done : done + out.size] = out.category_t.T
        sens_act += out.activity_cov
        sens_fac += out.factor_cov
        done += out.size
        if progress is not None:
            progress(done, iterations)

    total_samples = cat_samples.sum(axis=1)
    point_cat = np.asarray(
        np.bincount(model.category_index, weights=model.co2e_t, minlength=n_cat), dtype=np.float64
    )
    point_total = float(model.co2e_t.sum())

    # Pearson correlation of each input multiplier with the total. Each kernel chunk returns
    # sum_k a_ik (T_k - T0); the inputs' means (1) and sds are known exactly.
    shift = total_samples - point_total
    mean_shift = float(shift.mean())
    sd_total = float(total_samples.std())
    act_sd = _multiplier_sd(model.activity_unc_pct, model.activity_dist)
    fac_sd = _multiplier_sd(model.factor_unc_pct, model.factor_dist)
    cov_act = sens_act / iterations - mean_shift
    cov_fac = sens_fac / iterations - mean_shift
    scale = float(np.abs(model.co2e_t).sum())
    if sd_total <= 1e-12 * scale:  # no spread (all uncertainties zero or negligible)
        corr = np.zeros(n_records + len(model.factor_ids))
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            corr_act = np.where(act_sd > 0, cov_act / (act_sd * sd_total), 0.0)
            corr_fac = np.where(fac_sd > 0, cov_fac / (fac_sd * sd_total), 0.0)
        corr = np.clip(np.nan_to_num(np.concatenate([corr_act, corr_fac])), -1.0, 1.0)
    r2 = corr**2
    sensitivity = (
        pl.DataFrame(
            {
                "input": ["activity"] * n_records + ["factor"] * len(model.factor_ids),
                "id": list(model.record_ids) + list(model.factor_ids),
                "distribution": [DISTRIBUTIONS[d] for d in model.activity_dist]
                + [DISTRIBUTIONS[d] for d in model.factor_dist],
                "unc_pct": np.concatenate([model.activity_unc_pct, model.factor_unc_pct]),
                "correlation_with_total": corr,
                "contribution_to_variance_pct": _share_pct(r2, float(r2.sum())),
            }
        )
        .filter(pl.col("unc_pct") > 0)
        .sort("contribution_to_variance_pct", descending=True, maintain_order=True)
    )

    by_category = pl.concat(
        [
            pl.DataFrame({"category": list(model.categories)}),
            _stats(cat_samples, point_cat),
        ],
        how="horizontal",
    )
    total = _stats(total_samples[:, None], np.array([point_total], dtype=np.float64))
    return MonteCarloResult(
        by_category=by_category,
        total=total,
        sensitivity=sensitivity,
        category_samples_t=cat_samples,
        total_samples_t=total_samples,
        iterations=iterations,
        seed=seed,
        chunk_size=chunk_size,
        dtype=dtype,
    )


# --------------------------------------------------------------------------------------------
# Preparation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    """The emissions table reduced to arrays (records in input order)."""

    co2e_t: FloatArray  # per row (record and gas)
    activity_unc_pct: FloatArray  # per record
    activity_dist: IntArray  # per record
    category_index: IntArray
    categories: tuple[str, ...]
    record_index: IntArray  # row -> record
    record_ids: tuple[str, ...]  # distinct, in input order
    factor_index: IntArray
    factor_ids: tuple[str, ...]
    factor_unc_pct: FloatArray
    factor_dist: IntArray


def _prepare(emissions: pl.DataFrame, defaults: pl.DataFrame) -> _Model:
    df = resolve_uncertainty(emissions, defaults)
    categories = tuple(df["category"].cast(pl.String).unique(maintain_order=True).to_list())
    factor_ids = tuple(df["factor_id"].cast(pl.String).unique(maintain_order=True).to_list())
    cat_pos = {c: k for k, c in enumerate(categories)}
    fac_pos = {f: k for k, f in enumerate(factor_ids)}
    dist_pos = {d: k for k, d in enumerate(DISTRIBUTIONS)}
    cat_index = np.array([cat_pos[c] for c in df["category"].cast(pl.String)], dtype=np.intp)
    fac_index = np.array([fac_pos[f] for f in df["factor_id"].cast(pl.String)], dtype=np.intp)
    fac_unc = np.zeros(len(factor_ids))
    fac_dist = np.zeros(len(factor_ids), dtype=np.intp)
    fu = df["factor_unc_pct"].to_numpy()
    fd = df["factor_dist"].to_list()
    fac_unc[fac_index] = fu
    fac_dist[fac_index] = [dist_pos[d] for d in fd]
    # One record is one activity input, shared by its rows (one per gas).
    record_ids = tuple(df["record_id"].cast(pl.String).unique(maintain_order=True).to_list())
    rec_pos = {r: k for k, r in enumerate(record_ids)}
    rec_index = np.array([rec_pos[r] for r in df["record_id"].cast(pl.String)], dtype=np.intp)
    row_unc = df["activity_unc_pct"].to_numpy().astype(np.float64)
    row_dist = np.array([dist_pos[d] for d in df["activity_dist"]], dtype=np.intp)
    act_unc = np.zeros(len(record_ids))
    act_dist = np.zeros(len(record_ids), dtype=np.intp)
    act_unc[rec_index] = row_unc
    act_dist[rec_index] = row_dist
    differs = np.flatnonzero((act_unc[rec_index] != row_unc) | (act_dist[rec_index] != row_dist))
    if differs.size:
        raise DataValidationError(
            [
                _problem(
                    int(i),
                    "activity_unc_pct",
                    f"{row_unc[i]!r} {DISTRIBUTIONS[row_dist[i]]}",
                    record_ids[rec_index[i]],
                    Text(
                        "同一活动记录的各气体行的活动水平不确定性必须一致",
                        "the rows (gases) of one activity record must have one activity uncertainty",
                    ),
                )
                for i in differs[:200]
            ]
        )
    return _Model(
        co2e_t=df["co2e_t"].cast(pl.Float64).to_numpy().astype(np.float64),
        activity_unc_pct=act_unc.astype(np.float64),
        activity_dist=act_dist,
        category_index=cat_index,
        categories=categories,
        record_index=rec_index,
        record_ids=record_ids,
        factor_index=fac_index,
        factor_ids=factor_ids,
        factor_unc_pct=fac_unc.astype(np.float64),
        factor_dist=fac_dist,
    )


def _check_defaults(defaults: pl.DataFrame) -> None:
    problems = [
        Problem(
            "defaults",
            None,
            col,
            "",
            f"默认不确定性表缺少列 '{col}'",
            f"the default-uncertainty table lacks column '{col}'",
        )
        for col in _DEFAULT_SCHEMA
        if col not in defaults.columns
    ]
    if problems:
        raise DataValidationError(problems)
    for i, row in enumerate(defaults.iter_rows(named=True)):
        u = row["unc_pct"]
        if u is None or not math.isfinite(u) or u < 0:
            problems.append(
                Problem(
                    "defaults",
                    i + 1,
                    "unc_pct",
                    repr(u),
                    "必须是非负有限数",
                    "must be a finite number >= 0",
                )
            )
        if row["distribution"] not in DISTRIBUTIONS:
            problems.append(
                Problem(
                    "defaults",
                    i + 1,
                    "distribution",
                    str(row["distribution"]),
                    f"未知的分布；可用：{', '.join(DISTRIBUTIONS)}",
                    f"unknown distribution; use one of {', '.join(DISTRIBUTIONS)}",
                )
            )
    if problems:
        raise DataValidationError(problems)


def _problem(i: int, field: str, value: str, record_id: Any, message: Text) -> Problem:
    rid = "" if record_id is None else f"（记录 {record_id}）"
    rid_en = "" if record_id is None else f" (record {record_id})"
    return Problem(
        _WHERE,
        row=i + 1,
        field=field,
        value=value,
        message=Text(f"{field}{rid}：{message.zh}", f"{field}{rid_en}: {message.en}"),
    )


def _float_column(
    df: pl.DataFrame, col: str, problems: list[Problem], record_id: list[Any]
) -> list[float]:
    """The column as floats (NaN for null); text that is not a number is a problem."""
    out: list[float] = []
    for i, v in enumerate(df[col].to_list()):
        if v is None:
            out.append(math.nan)
            continue
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            problems.append(
                _problem(i, col, str(v), record_id[i], Text("不是数字", "is not a number"))
            )
            out.append(math.nan)
    return out


def _pick_unc(user: float, default: dict[str, Any] | None) -> tuple[float, str]:
    if not math.isnan(user):
        return user, "user"
    if default is None:
        return 0.0, ""
    return float(default["unc_pct"]), str(default["source"])


def _pick_dist(user: str | None, default: dict[str, Any] | None) -> str:
    if user is not None:
        return user.strip().lower()
    if default is None:
        return "normal"
    return str(default["distribution"])


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def _rel_pct(var: float, value: float) -> float | None:
    """95 % half-width as % of |value| from a variance in (% * t)^2; None when value is 0."""
    if value == 0.0:
        return None if var > 0 else 0.0
    return math.sqrt(var) / abs(value)


def _share_pct(part: FloatArray, whole: float) -> FloatArray:
    if whole <= 0.0:
        return np.zeros_like(part, dtype=np.float64)
    return np.asarray(100.0 * part / whole, dtype=np.float64)


def _multiplier_sd(unc_pct: FloatArray, dist: IntArray) -> FloatArray:
    """Standard deviation of a mean-1 multiplier with 95 % half-width ``unc_pct`` (%)."""
    u = unc_pct / 100.0
    sd = u / _Z95  # normal and lognormal (matched sd)
    tri = dist == DISTRIBUTIONS.index("triangular")
    uni = dist == DISTRIBUTIONS.index("uniform")
    sd = np.where(tri, u / _TRIANGULAR_95 / math.sqrt(6.0), sd)
    sd = np.where(uni, u / _UNIFORM_95 / math.sqrt(3.0), sd)
    return np.asarray(sd, dtype=np.float64)


def _stats(samples: FloatArray, point: FloatArray) -> pl.DataFrame:
    """Statistics of samples with shape (iterations, columns) against the point values."""
    p = np.percentile(samples, [2.5, 50.0, 97.5], axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(point != 0, 100.0 / np.abs(point), np.nan)
    return pl.DataFrame(
        {
            "co2e_t": point,
            "mean_t": samples.mean(axis=0),
            "median_t": p[1],
            "p2_5_t": p[0],
            "p97_5_t": p[2],
            "sd_t": samples.std(axis=0),
            "lower_pct": (p[0] - point) * scale,
            "upper_pct": (p[2] - point) * scale,
        }
    ).fill_nan(None)


# --------------------------------------------------------------------------------------------
# The Monte Carlo kernel
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ChunkOut:
    size: int
    category_t: FloatArray  # (categories, size)
    activity_cov: FloatArray  # (records,) sum_k a_ik (T_k - T0), a_i the unit-mean multiplier
    factor_cov: FloatArray  # (factors,)


@dataclass(frozen=True)
class _Block:
    """A run of inputs (rows of the sample matrix) sharing one distribution.

    Row ``i`` of the block is drawn as ``weight_i * multiplier_i`` where the multiplier has
    mean 1; ``scale`` and ``offset`` fold the weight into the distribution's affine map.
    """

    start: int
    stop: int
    dist: int
    scale: npt.NDArray[Any]  # (rows, 1)
    offset: npt.NDArray[Any]  # (rows, 1)
    weight: npt.NDArray[Any]  # (rows, 1)
    log_mu: npt.NDArray[Any]  # (rows, 1), lognormal only


_FIXED = -1


class _Kernel:
    """Draws one chunk of iterations; safe to call from several threads at once.

    Records are sorted by (distribution, category): each distribution is one contiguous block
    of rows (drawn with a few whole-block numpy calls) and each category one or a few
    contiguous runs (summed with ``ndarray.sum(axis=0)``). The kernel avoids BLAS on purpose:
    OpenBLAS's own threads fight the worker threads on a small machine.
    """

    def __init__(self, model: _Model, dtype: np.dtype[Any], chunk_size: int) -> None:
        self.dtype = dtype
        self.chunk_size = chunk_size
        self.n_records = len(model.record_ids)
        # Every row its own record (e.g. CO2-only data): the activity draw carries the row's
        # weight directly. Otherwise records are drawn once and taken to their rows.
        self.shared = self.n_records != len(model.co2e_t)
        row_dist = model.activity_dist[model.record_index]
        if self.shared:
            order = np.argsort(model.category_index, kind="stable")
        else:
            order = np.lexsort((model.category_index, row_dist))
        self.order = order
        self.n_rec = len(order)
        self.n_fac = len(model.factor_ids)
        self.n_cat = len(model.categories)
        weight = model.co2e_t[order]
        if self.shared:
            self.record_order, self.act_blocks, self.row_record = _shared_inputs(
                model.activity_unc_pct, model.activity_dist, model.record_index[order], dtype
            )
            self.weight = weight.astype(dtype)[:, None]
        else:
            self.act_blocks = _blocks(
                model.activity_unc_pct[model.record_index[order]], row_dist[order], weight, dtype
            )
            self.record_order = model.record_index[order]
        with np.errstate(divide="ignore", invalid="ignore"):
            self.inv_weight = np.where(weight != 0, 1.0 / weight, 0.0)
        cats = model.category_index[order]
        cuts = np.flatnonzero(np.diff(cats)) + 1
        starts = np.concatenate([[0], cuts]).astype(np.intp)
        stops = np.concatenate([cuts, [self.n_rec]]).astype(np.intp)
        self.category_runs = [
            (int(a), int(b), int(cats[a])) for a, b in zip(starts, stops, strict=True)
        ]
        self.factor_order, self.fac_blocks, self.record_factor = _shared_inputs(
            model.factor_unc_pct, model.factor_dist, model.factor_index[order], dtype
        )
        self.factor_fixed = all(b.dist == _FIXED for b in self.fac_blocks)
        self.point_total = float(model.co2e_t.sum())
        self._local = threading.local()

    def _workspace(self, rows: int, name: str) -> npt.NDArray[Any]:
        buf: npt.NDArray[Any] | None = getattr(self._local, name, None)
        if buf is None:
            buf = np.empty(rows * self.chunk_size, dtype=self.dtype)
            setattr(self._local, name, buf)
        return buf

    def run(self, seed: np.random.SeedSequence, k: int) -> _ChunkOut:
        rng = np.random.Generator(np.random.PCG64(seed))
        n, m = self.n_rec, self.n_fac
        a = self._workspace(n, "a")[: n * k].reshape(n, k)  # weight * activity multiplier
        x = self._workspace(n, "x")[: n * k].reshape(n, k)  # scratch, then a * factor
        f = self._workspace(m, "f")[: m * k].reshape(m, k)
        fs = self._workspace(m, "fs")[: m * k].reshape(m, k)
        r = self.n_records
        if self.shared:
            rec = self._workspace(r, "r")[: r * k].reshape(r, k)  # activity multipliers
            _draw(rng, rec, x[:r], self.act_blocks)  # shared implies fewer records than rows
            np.take(rec, self.row_record, axis=0, out=a)
            a *= self.weight
        else:
            _draw(rng, a, x, self.act_blocks)
        _draw(rng, f, fs, self.fac_blocks)
        if self.factor_fixed:
            x = a
        else:
            np.take(f, self.record_factor, axis=0, out=x)
            x *= a
        cat = np.zeros((self.n_cat, k), dtype=np.float64)
        for start, stop, c in self.category_runs:
            cat[c] += x[start:stop].sum(axis=0)
        d = (cat.sum(axis=0) - self.point_total).astype(self.dtype)
        act_cov = np.empty(r, dtype=np.float64)
        if self.shared:
            act_cov[self.record_order] = np.einsum("rk,k->r", rec, d)
        else:
            act_cov[self.record_order] = np.einsum("nk,k->n", a, d) * self.inv_weight
        fac_cov = np.empty(m, dtype=np.float64)
        fac_cov[self.factor_order] = np.einsum("mk,k->m", f, d)
        return _ChunkOut(size=k, category_t=cat, activity_cov=act_cov, factor_cov=fac_cov)


def _shared_inputs(
    unc_pct: FloatArray, dist: IntArray, input_of_row: IntArray, dtype: np.dtype[Any]
) -> tuple[IntArray, list[_Block], IntArray]:
    """Inputs shared by several rows (a factor, a record's activity) as unit-mean draws.

    Returns the inputs' order (sorted by distribution), their draw blocks, and for every row
    the position of its input in that order (for ``np.take``).
    """
    order = np.argsort(dist, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    blocks = _blocks(unc_pct[order], dist[order], np.ones(len(order)), dtype)
    return order, blocks, rank[input_of_row]


def _blocks(
    unc_pct: FloatArray, dist: IntArray, weight: FloatArray, dtype: np.dtype[Any]
) -> list[_Block]:
    """Contiguous runs of one distribution (inputs must be sorted by distribution)."""
    u = unc_pct / 100.0
    blocks: list[_Block] = []
    start = 0
    n = len(dist)
    while start < n:
        stop = start
        while stop < n and dist[stop] == dist[start]:
            stop += 1
        d = int(dist[start])
        uu = u[start:stop]
        w = weight[start:stop]
        name = DISTRIBUTIONS[d]
        log_mu = np.zeros_like(uu)
        offset = w
        if np.all(uu == 0):
            d = _FIXED
            scale = np.zeros_like(uu)
        elif name == "normal":  # w * (1 + s z)
            scale = w * uu / _Z95
        elif name == "lognormal":  # w * exp(mu + sigma z)
            sigma2 = np.log1p((uu / _Z95) ** 2)
            scale = np.sqrt(sigma2)
            log_mu = -sigma2 / 2.0
        elif name == "triangular":  # w * (1 + c (u1 + u2 - 1))
            scale = w * uu / _TRIANGULAR_95
            offset = w - scale
        else:  # uniform: w * (1 + c (2 u - 1))
            c = w * uu / _UNIFORM_95
            scale = 2.0 * c
            offset = w - c
        blocks.append(
            _Block(
                start,
                stop,
                d,
                scale.astype(dtype)[:, None],
                offset.astype(dtype)[:, None],
                w.astype(dtype)[:, None],
                log_mu.astype(dtype)[:, None],
            )
        )
        start = stop
    return blocks


def _draw(
    rng: np.random.Generator,
    out: npt.NDArray[Any],
    scratch: npt.NDArray[Any],
    blocks: list[_Block],
) -> None:
    """Fill ``out`` (inputs x iterations) with ``weight * multiplier``, block by block."""
    ftype = out.dtype.type
    for b in blocks:
        a = out[b.start : b.stop]
        s = scratch[b.start : b.stop]
        if b.dist == _FIXED:
            a[...] = b.weight
        elif b.dist == 0:  # normal
            _standard_normal(rng, a, s)
            a *= b.scale
            a += b.offset
        elif b.dist == 1:  # lognormal
            _standard_normal(rng, a, s)
            a *= b.scale
            a += b.log_mu
            np.exp(a, out=a)
            a *= b.weight
        elif b.dist == 2:  # triangular: u1 + u2 on [0, 2]
            rng.random(out=a, dtype=ftype)
            rng.random(out=s, dtype=ftype)
            a += s
            a *= b.scale
            a += b.offset
        else:  # uniform
            rng.random(out=a, dtype=ftype)
            a *= b.scale
            a += b.offset


def _standard_normal(
    rng: np.random.Generator, out: npt.NDArray[Any], scratch: npt.NDArray[Any]
) -> None:
    """Standard normal draws into ``out`` (2-D, C-contiguous rows).

    float64: numpy's ziggurat. float32: the Box-Muller transform on float32 uniforms, which
    vectorises (SIMD log/sin/cos) and is about 3x faster than numpy's float32 ziggurat; the
    24-bit uniforms cap |z| at about 5.8, far beyond the 2.5/97.5 % percentiles.
    """
    if out.dtype == np.float64:
        rng.standard_normal(out=out, dtype=np.float64)
        return
    rows = out.shape[0]
    h = (rows + 1) // 2
    radius = out[:h]
    theta = scratch[:h]
    rng.random(out=radius, dtype=np.float32)
    rng.random(out=theta, dtype=np.float32)
    np.subtract(1.0, radius, out=radius)  # (0, 1]
    np.log(radius, out=radius)
    radius *= -2.0
    np.sqrt(radius, out=radius)
    theta *= 2.0 * math.pi
    low = rows - h
    if low:
        np.sin(theta[:low], out=out[h:])
        out[h:] *= radius[:low]
    np.cos(theta, out=theta)
    radius *= theta
