"""IPCC Approach 2: the inventory's uncertainty by Monte Carlo simulation (Vol. 1 Ch. 3, s. 3.2.3.2).

:func:`monte_carlo` runs the chunks (in threads), gathers the category samples and derives the
statistics and the sensitivity of the total to each input; the drawing itself is in
:mod:`cityclimate.inventory.uncertainty.sampling`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import Literal

import numpy as np
import polars as pl

from cityclimate.inventory.uncertainty.defaults import (
    DEFAULT_UNCERTAINTY,
    DISTRIBUTIONS,
    FloatArray,
)
from cityclimate.inventory.uncertainty.inputs import _prepare
from cityclimate.inventory.uncertainty.results import (
    ColumnStats,
    MonteCarloResult,
    _column_stats,
    _share_pct,
    _stats,
)
from cityclimate.inventory.uncertainty.sampling import _ChunkOut, _Kernel, _multiplier_sd


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
    total_samples = np.empty(iterations, dtype=np.float64)
    n_records = len(model.record_ids)
    sens_act = np.zeros(n_records, dtype=np.float64)
    sens_fac = np.zeros(len(model.factor_ids), dtype=np.float64)

    def run(c: int) -> _ChunkOut:
        return kernel.run(seeds[c], sizes[c])

    with ThreadPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        done = 0
        for out in pool.map(run, range(n_chunks)) if pool else map(run, range(n_chunks)):
            cat_samples[done : done + out.size] = out.category_t.T
            total_samples[done : done + out.size] = out.total_t  # summed in the threads
            sens_act += out.activity_cov
            sens_fac += out.factor_cov
            done += out.size
            if progress is not None:
                progress(done, iterations)
        cat_stats, total_stats = _statistics(pool, workers, cat_samples, total_samples)

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
            _stats(point_cat, cat_stats),
        ],
        how="horizontal",
    )
    total = _stats(np.array([point_total], dtype=np.float64), total_stats)
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


def _statistics(
    pool: ThreadPoolExecutor | None,
    workers: int,
    cat_samples: FloatArray,
    total_samples: FloatArray,
) -> tuple[ColumnStats, ColumnStats]:
    """Percentiles, means and standard deviations of the categories and of the total, as
    tasks of the worker threads: the categories in blocks of columns (the same numbers as
    one call on all columns, see :func:`_column_stats`) and the total."""
    total = total_samples[:, None]
    if pool is None:
        return _column_stats(cat_samples), _column_stats(total)
    bounds = np.linspace(0, cat_samples.shape[1], workers + 1).astype(int)
    blocks = [cat_samples[:, a:b] for a, b in itertools.pairwise(bounds) if b > a]
    total_stats = pool.submit(_column_stats, total)
    parts = list(pool.map(_column_stats, blocks))
    p, mean, sd = (np.concatenate([part[i] for part in parts], axis=-1) for i in range(3))
    return (p, mean, sd), total_stats.result()
