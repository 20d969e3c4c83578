"""Benchmark: IPCC Approach 2 Monte Carlo, 1,000 sources x 100,000 iterations.

Reports source-samples per second (sources x iterations / seconds) for

* cityclimate's :func:`cityclimate.inventory.uncertainty.monte_carlo` (float32 and float64,
  from the emissions DataFrame to the result tables, sensitivity included);
* the fastest bare vectorised numpy kernels of the same sums we could write (category totals
  with 50 factors shared across the 1,000 sources, chunked): float64 ziggurat + BLAS, and
  float32 Box-Muller with contiguous category sums, single- and two-threaded;
* a pure-Python loop, timed on a slice of iterations and extrapolated (said so in the output);

then the ratios, the float32-vs-float64 percentile agreement and the machine. Run with
``python -m benchmarks.monte_carlo`` or through ``python -m benchmarks``.
"""

from __future__ import annotations

import itertools
import math
import os
import platform
import random
import resource
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np
import polars as pl

from benchmarks.timing import Timing, interleaved, load
from cityclimate.inventory.uncertainty import monte_carlo

N_SOURCES = 1_000
N_ITERATIONS = 100_000
N_FACTORS = 50
N_CATEGORIES = 12
CHUNK = 1_024  # iterations per chunk: 1,000 x 1,024 floats stay in the CPU cache
SEED = 20_260_125
Z95 = 1.959963984540054


def _inputs() -> dict[str, Any]:
    rng = np.random.default_rng(SEED)
    category = np.arange(N_SOURCES) % N_CATEGORIES
    factor = rng.integers(0, N_FACTORS, N_SOURCES)
    co2e_t = rng.uniform(10.0, 10_000.0, N_SOURCES)
    act_unc = rng.uniform(2.0, 10.0, N_SOURCES)
    fac_unc = rng.uniform(2.0, 8.0, N_FACTORS)
    return {
        "category": category,
        "factor": factor,
        "co2e_t": co2e_t,
        "act_unc": act_unc,
        "fac_unc": fac_unc,
    }


def _emissions_table(x: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(N_SOURCES)],
            "category": [f"c{c:02d}" for c in x["category"]],
            "gas": ["CO2"] * N_SOURCES,
            "factor_id": [f"f{f:02d}" for f in x["factor"]],
            "co2e_t": x["co2e_t"],
            "activity_unc_pct": x["act_unc"],
            "factor_unc_pct": x["fac_unc"][x["factor"]],
        }
    )


# --------------------------------------------------------------------------------------------
# Bare kernels: the same sums, written for speed with nothing else
# --------------------------------------------------------------------------------------------


def _bare_f64_blas(x: dict[str, Any], iterations: int) -> np.ndarray[Any, Any]:
    """float64: ziggurat normals, a = 1 + s z, times the gathered factor, W @ (.) by BLAS."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    s = (x["act_unc"] / 100.0 / Z95)[:, None]
    sf = (x["fac_unc"] / 100.0 / Z95)[:, None]
    w = np.zeros((N_CATEGORIES, N_SOURCES))
    w[x["category"], np.arange(N_SOURCES)] = x["co2e_t"]
    out = np.empty((N_CATEGORIES, iterations))
    z = np.empty(N_SOURCES * CHUNK)
    f = np.empty(N_FACTORS * CHUNK)
    for c0 in range(0, iterations, CHUNK):
        k = min(CHUNK, iterations - c0)
        zk = z[: N_SOURCES * k].reshape(N_SOURCES, k)
        fk = f[: N_FACTORS * k].reshape(N_FACTORS, k)
        rng.standard_normal(out=zk)
        rng.standard_normal(out=fk)
        zk *= s
        zk += 1.0
        fk *= sf
        fk += 1.0
        zk *= fk[x["factor"]]
        out[:, c0 : c0 + k] = w @ zk
    return out


def _box_muller32(rng: np.random.Generator, out: np.ndarray[Any, Any]) -> None:
    h = (out.shape[0] + 1) // 2
    r, t = out[:h], np.empty_like(out[:h])
    rng.random(out=r, dtype=np.float32)
    rng.random(out=t, dtype=np.float32)
    np.subtract(1.0, r, out=r)
    np.log(r, out=r)
    r *= -2.0
    np.sqrt(r, out=r)
    t *= 2.0 * math.pi
    low = out.shape[0] - h
    np.sin(t[:low], out=out[h:])
    out[h:] *= r[:low]
    np.cos(t, out=t)
    r *= t


def _bare_f32(x: dict[str, Any], iterations: int, workers: int) -> np.ndarray[Any, Any]:
    """float32: Box-Muller, weights folded into the affine map, take + one multiply for the
    shared factors, category sums over contiguous rows (no BLAS, so threads scale); each
    thread reuses its buffers (a fresh 4 MB array per chunk costs page faults) and ``np.take``
    writes straight into its ``out`` (``mode="clip"``; the default buffers it)."""
    order = np.argsort(x["category"], kind="stable")
    cat = x["category"][order]
    fac = x["factor"][order]
    wt = x["co2e_t"][order]
    scale = (wt * x["act_unc"][order] / 100.0 / Z95).astype(np.float32)[:, None]
    offset = wt.astype(np.float32)[:, None]
    sf = (x["fac_unc"] / 100.0 / Z95).astype(np.float32)[:, None]
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(cat)) + 1, [N_SOURCES]])
    out = np.empty((N_CATEGORIES, iterations))
    starts = list(range(0, iterations, CHUNK))
    seeds = np.random.SeedSequence(SEED).spawn(len(starts))
    buffers = threading.local()

    def chunk(j: int) -> None:
        c0 = starts[j]
        k = min(CHUNK, iterations - c0)
        rng = np.random.Generator(np.random.PCG64(seeds[j]))
        if not hasattr(buffers, "z"):
            buffers.z = np.empty(N_SOURCES * CHUNK, dtype=np.float32)
            buffers.f = np.empty(N_FACTORS * CHUNK, dtype=np.float32)
            buffers.g = np.empty(N_SOURCES * CHUNK, dtype=np.float32)
        z = buffers.z[: N_SOURCES * k].reshape(N_SOURCES, k)
        f = buffers.f[: N_FACTORS * k].reshape(N_FACTORS, k)
        g = buffers.g[: N_SOURCES * k].reshape(N_SOURCES, k)
        _box_muller32(rng, z)
        _box_muller32(rng, f)
        z *= scale
        z += offset
        f *= sf
        f += 1.0
        np.take(f, fac, axis=0, out=g, mode="clip")
        z *= g
        for b0, b1 in itertools.pairwise(bounds):
            out[cat[b0], c0 : c0 + k] = z[b0:b1].sum(axis=0)

    if workers == 1:
        for j in range(len(starts)):
            chunk(j)
    else:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(chunk, range(len(starts))))
    return out


def _pure_python(x: dict[str, Any], iterations: int) -> list[list[float]]:
    """Plain loops with random.gauss: the baseline without numpy."""
    rnd = random.Random(SEED)
    cat = [int(c) for c in x["category"]]
    fac = [int(f) for f in x["factor"]]
    wt = [float(v) for v in x["co2e_t"]]
    s = [float(u) / 100.0 / Z95 for u in x["act_unc"]]
    sf = [float(u) / 100.0 / Z95 for u in x["fac_unc"]]
    totals = []
    for _ in range(iterations):
        fm = [1.0 + sfi * rnd.gauss(0.0, 1.0) for sfi in sf]
        t = [0.0] * N_CATEGORIES
        for i in range(N_SOURCES):
            t[cat[i]] += wt[i] * (1.0 + s[i] * rnd.gauss(0.0, 1.0)) * fm[fac[i]]
        totals.append(t)
    return totals


# --------------------------------------------------------------------------------------------


def _rate(seconds: float, iterations: int) -> float:
    return N_SOURCES * iterations / seconds


def _machine() -> str:
    cores = os.cpu_count()
    blas = ""
    try:
        cfg: Any = np.show_config(mode="dicts")
        info = cfg["Build Dependencies"]["blas"]
        blas = f", BLAS {info.get('name', '?')} {info.get('version', '')}"
    except (TypeError, KeyError, AttributeError, ValueError):
        pass
    return (
        f"{platform.platform()}, {platform.processor() or platform.machine()}, {cores} cores; "
        f"Python {sys.version.split()[0]}, numpy {np.__version__}, polars {pl.__version__}{blas}"
    )


def run() -> None:
    """Run the benchmark and print its results (takes about a minute on 2 cores)."""
    x = _inputs()
    df = _emissions_table(x)
    workers = min(8, os.cpu_count() or 1)
    iterations = int(os.environ.get("BENCH_ITERATIONS", str(N_ITERATIONS)))
    print(f"Monte Carlo (IPCC Approach 2): {N_SOURCES:,} sources ({N_FACTORS} shared factors, ")
    print(f"  {N_CATEGORIES} categories) x {iterations:,} iterations; rate = source-samples/s")
    print(f"  machine: {_machine()}")

    print(f"  at start: {load()}")
    mc: dict[str, Any] = {}

    def ours(dtype: Literal["float32", "float64"], n: int = iterations) -> None:
        mc[dtype] = monte_carlo(df, iterations=n, seed=SEED, dtype=dtype)

    ours32, ours64 = "cityclimate monte_carlo float32", "cityclimate monte_carlo float64"
    implementations: dict[str, Callable[[], object]] = {
        ours32: lambda: ours("float32"),
        ours64: lambda: ours("float64"),
        "bare numpy float32 (Box-Muller, 1 thread)": lambda: _bare_f32(x, iterations, 1),
        f"bare numpy float32 (Box-Muller, {workers} threads)": lambda: _bare_f32(
            x, iterations, workers
        ),
    }
    # Warm-up on a few iterations (imports, thread pools), then every implementation in turn.
    ours("float32", 2_048)
    _bare_f32(x, 2_048, workers)
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    timings = interleaved(implementations, rounds, warm_up=False)
    print(f"  timed in {rounds} interleaved rounds; {load()}")
    results = {name: t.best for name, t in timings.items()}
    # Ten times slower than the float32 kernels, so timed once, after the rounds.
    blas = "bare numpy float64 (ziggurat + BLAS, 1 thread)"
    start = time.perf_counter()
    _bare_f64_blas(x, iterations)
    results[blas] = time.perf_counter() - start
    timings[blas] = Timing(results[blas], results[blas], None)
    slice_iters = max(10, min(200, iterations // 500))
    start = time.perf_counter()
    _pure_python(x, slice_iters)
    py_seconds = time.perf_counter() - start
    py_rate = _rate(py_seconds, slice_iters)

    bare = {k: v for k, v in results.items() if k.startswith("bare")}
    fastest_bare = min(bare, key=lambda k: bare[k])
    ref = _rate(bare[fastest_bare], iterations)
    print()
    print(f"  {'implementation':<52} {'seconds':>8} {'M samples/s':>12} {'vs fastest bare':>16}")
    for name, sec in results.items():
        r = _rate(sec, iterations)
        print(f"  {name:<52} {sec:>8.2f} {r / 1e6:>12.1f} {r / ref:>15.2f}x")
    name = f"pure Python loop ({slice_iters} iterations, extrapolated)"
    print(
        f"  {name:<52} {iterations / slice_iters * py_seconds:>8.0f} {py_rate / 1e6:>12.2f}"
        f" {py_rate / ref:>15.4f}x"
    )
    fastest_median = min(timings[k].median for k in bare)
    print()
    print(f"  fastest bare kernel: {fastest_bare}")
    print(
        f"  cityclimate float32 / fastest bare kernel: {bare[fastest_bare] / results[ours32]:.2f}x"
        f" (goal >= 0.9x; medians {fastest_median / timings[ours32].median:.2f}x, processor"
        f" time {timings[fastest_bare].cpu / timings[ours32].cpu:.2f}x)"
    )
    ours_rate = _rate(results[ours32], iterations)
    print(f"  cityclimate float32 / pure Python: {ours_rate / py_rate:,.0f}x")

    # Same output: the fastest bare kernel's simulated totals give the same 95 % interval
    # (other random numbers, so equal within the Monte Carlo error only).
    bare_total = np.asarray(timings[fastest_bare].result).sum(axis=0)
    ours_total = mc["float32"].total_samples_t
    p_bare = np.percentile(bare_total, [2.5, 97.5])
    p_ours = np.percentile(ours_total, [2.5, 97.5])
    print(
        f"  same output: 95 % interval of the total, cityclimate {p_ours[0]:,.0f} to "
        f"{p_ours[1]:,.0f}, fastest bare kernel {p_bare[0]:,.0f} to {p_bare[1]:,.0f} t CO2e "
        f"(relative difference {np.max(np.abs(p_bare - p_ours) / p_ours):.1e})"
    )
    cols = ["p2_5_t", "median_t", "p97_5_t"]
    a = mc["float64"].by_category.select(cols).to_numpy()
    b = mc["float32"].by_category.select(cols).to_numpy()
    ta = mc["float64"].total.select(cols).to_numpy()
    tb = mc["float32"].total.select(cols).to_numpy()
    worst = max(float(np.max(np.abs(b - a) / np.abs(a))), float(np.max(np.abs(tb - ta) / ta)))
    t64 = mc["float64"].total.row(0, named=True)
    print(
        f"  float32 vs float64 percentiles (2.5/50/97.5, categories and total): max relative "
        f"difference {worst * 100:.3f} % (limit 0.5 %)"
    )
    print(
        f"  total {t64['co2e_t']:,.0f} t CO2e, 95 % interval {t64['p2_5_t']:,.0f} to "
        f"{t64['p97_5_t']:,.0f} ({t64['lower_pct']:+.2f} % / {t64['upper_pct']:+.2f} %)"
    )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory of this process: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    run()
