"""Result tables of both approaches and the statistics they are built from."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from cityclimate.inventory.uncertainty.defaults import FloatArray


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


def _rel_pct(var: float, value: float) -> float | None:
    """95 % half-width as % of |value| from a variance in (% * t)^2; None when value is 0."""
    if value == 0.0:
        return None if var > 0 else 0.0
    return math.sqrt(var) / abs(value)


def _share_pct(part: FloatArray, whole: float) -> FloatArray:
    if whole <= 0.0:
        return np.zeros_like(part, dtype=np.float64)
    return np.asarray(100.0 * part / whole, dtype=np.float64)


#: The percentiles reported (2.5, 50, 97.5 %).
PERCENTILES = (2.5, 50.0, 97.5)

#: Percentiles (3, columns), means and standard deviations (columns,) of some samples.
ColumnStats = tuple[FloatArray, FloatArray, FloatArray]


def _column_stats(samples: FloatArray) -> ColumnStats:
    """The :data:`PERCENTILES`, means and standard deviations of samples (iterations, columns):
    shapes (3, columns), (columns,), (columns,).

    Each column is copied once into a contiguous row: its mean and standard deviation are
    reduced along that row (numpy's pairwise sum, several times faster than reducing down a
    strided column), then the row is sorted (numpy's vectorised sort) and the percentiles are
    read from it, the same numbers as ``np.percentile`` of the samples (they depend on each
    column's values only, not their order) in about half the time of its selection over a
    strided column. Every number depends on its own column only, so a block of columns gives
    those of the whole array bit for bit: blocks may be computed in threads.
    """
    rows = np.array(samples.T, dtype=np.float64, order="C", copy=True)  # never sort samples
    mean = np.asarray(rows.mean(axis=1), dtype=np.float64)
    sd = np.asarray(rows.std(axis=1), dtype=np.float64)
    rows.sort(axis=1)
    p = np.asarray(np.percentile(rows, PERCENTILES, axis=1, overwrite_input=True), np.float64)
    return p, mean, sd


def _stats(point: FloatArray, column_stats: ColumnStats) -> pl.DataFrame:
    """Statistics of the samples (:func:`_column_stats`) against the point
    values."""
    p, mean, sd = column_stats
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(point != 0, 100.0 / np.abs(point), np.nan)
    return pl.DataFrame(
        {
            "co2e_t": point,
            "mean_t": mean,
            "median_t": p[1],
            "p2_5_t": p[0],
            "p97_5_t": p[2],
            "sd_t": sd,
            "lower_pct": (p[0] - point) * scale,
            "upper_pct": (p[2] - point) * scale,
        }
    ).fill_nan(None)
