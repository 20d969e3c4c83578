"""The Monte Carlo kernel: drawing unit-mean multipliers of every input, chunk by chunk.

Pure numpy, thread-safe (one workspace per thread), deterministic for a given seed sequence and
chunk size. Used only by :func:`cityclimate.inventory.uncertainty.monte_carlo`.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from cityclimate.inventory.uncertainty.defaults import (
    _TRIANGULAR_95,
    _UNIFORM_95,
    _Z95,
    DISTRIBUTIONS,
    FloatArray,
    IntArray,
)
from cityclimate.inventory.uncertainty.inputs import _Model


def _multiplier_sd(unc_pct: FloatArray, dist: IntArray) -> FloatArray:
    """Standard deviation of a mean-1 multiplier with 95 % half-width ``unc_pct`` (%)."""
    u = unc_pct / 100.0
    sd = u / _Z95  # normal and lognormal (matched sd)
    tri = dist == DISTRIBUTIONS.index("triangular")
    uni = dist == DISTRIBUTIONS.index("uniform")
    sd = np.where(tri, u / _TRIANGULAR_95 / math.sqrt(6.0), sd)
    sd = np.where(uni, u / _UNIFORM_95 / math.sqrt(3.0), sd)
    return np.asarray(sd, dtype=np.float64)


@dataclass(frozen=True)
class _ChunkOut:
    size: int
    category_t: FloatArray  # (categories, size)
    total_t: FloatArray  # (size,) the categories' sum
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
            np.take(rec, self.row_record, axis=0, out=a, mode="clip")
            a *= self.weight
        else:
            _draw(rng, a, x, self.act_blocks)
        _draw(rng, f, fs, self.fac_blocks)
        if self.factor_fixed:
            x = a
        else:
            # mode="clip": the indices are valid by construction, and numpy buffers ``out``
            # (an extra copy of the whole block) in the default mode="raise".
            np.take(f, self.record_factor, axis=0, out=x, mode="clip")
            x *= a
        cat = np.zeros((self.n_cat, k), dtype=np.float64)
        for start, stop, c in self.category_runs:
            cat[c] += x[start:stop].sum(axis=0)
        total = cat.sum(axis=0)
        d = (total - self.point_total).astype(self.dtype)
        act_cov = np.empty(r, dtype=np.float64)
        if self.shared:
            act_cov[self.record_order] = np.einsum("rk,k->r", rec, d)
        else:
            act_cov[self.record_order] = np.einsum("nk,k->n", a, d) * self.inv_weight
        fac_cov = np.empty(m, dtype=np.float64)
        fac_cov[self.factor_order] = np.einsum("mk,k->m", f, d)
        return _ChunkOut(k, cat, total, act_cov, fac_cov)


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
