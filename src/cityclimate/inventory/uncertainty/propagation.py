"""IPCC Approach 1: combining uncertainties by error propagation (Vol. 1 Ch. 3, Eq. 3.1, 3.2)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from cityclimate.inventory.uncertainty.defaults import DEFAULT_UNCERTAINTY
from cityclimate.inventory.uncertainty.inputs import _prepare
from cityclimate.inventory.uncertainty.results import Approach1Result, _rel_pct, _share_pct


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
