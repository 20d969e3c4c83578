"""`make bench` keeps working: the inventory and Monte Carlo benchmarks run on a small input.

No timing is asserted (the machines are shared and noisy); what is checked is that every peer
computes the same total as cityclimate (within the Monte Carlo error for the simulation) and
that every ratio line is printed. The benchmark broke once unseen when the territory table
gained a column; this test would have caught it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_inventory_benchmark_runs_and_its_peers_agree() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "inventory_engine"],
        cwd=ROOT,
        env={**os.environ, "BENCH_ROWS": "20000"},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    differences = [float(d) for d in re.findall(r"relative difference ([0-9.e+-]+)\)", out)]
    # DuckDB, DuckDB aggregate-first, Polars aggregate-first, bare numpy
    assert len(differences) == 4, out
    assert all(d < 1e-9 for d in differences), out
    for ratio in (
        "cityclimate / DuckDB",
        "cityclimate / best aggregate-first peer",
        "cityclimate / bare numpy",
    ):
        assert re.search(rf"ratio {re.escape(ratio)}[^\n]*:\s+[0-9.]+x", out), out


def test_the_monte_carlo_benchmark_runs_and_prints_its_goal() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "monte_carlo"],
        cwd=ROOT,
        env={**os.environ, "BENCH_ITERATIONS": "2048", "BENCH_ROUNDS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    assert re.search(r"cityclimate float32 / fastest bare kernel: [0-9.]+x \(goal >= 0\.9x", out), (
        out
    )
    # The bare kernel simulates the same totals (other random numbers: equal within the
    # Monte Carlo error of 2,048 iterations, far below 1 %).
    same = re.search(r"same output: .*\(relative difference ([0-9.e+-]+)\)", out)
    assert same is not None and float(same.group(1)) < 0.01, out


def test_the_inclusion_benchmark_runs_and_the_plain_query_agrees() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "inclusion"],
        cwd=ROOT,
        env={**os.environ, "BENCH_EVENTS": "20000", "BENCH_LEDGER": "5000", "BENCH_ROUNDS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    assert "totals identical: True" in out, out
    assert re.search(r"ratio cityclimate / plain Polars query \(best\):\s+[0-9.]+x", out), out
    assert "breaks found: 0" in out and "named [('changed', 2500)]" in out, out


def test_the_pathways_benchmark_runs_and_the_bare_kernel_agrees() -> None:
    # It imported a helper that a Monte Carlo change had removed, and `make bench` stopped
    # there unseen: this runs it (10,000 runs of the demo, about 15 s).
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "pathways"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    worst = re.search(r"max relative difference ([0-9.e+-]+)", out)
    assert worst is not None and float(worst.group(1)) < 1e-9, out
    assert re.search(r"cityclimate / bare kernel: [0-9.]+x", out), out
    assert re.search(r"one scenario recompute: [0-9.]+ ms", out), out


def test_the_footprint_benchmark_runs_and_agrees_with_bw2calc() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "footprints"],
        cwd=ROOT,
        env={**os.environ, "BENCH_PROCESSES": "500", "BENCH_ROUNDS": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    found = re.search(r"largest relative difference ([0-9.e+-]+) \(goal <= 1e-9\): met", out)
    assert found is not None and float(found.group(1)) <= 1e-9, out
    for label in ("cold 1 FU, cityclimate / bw2calc", "100 FUs, cityclimate / raw splu",
                  "all products, cityclimate / raw adjoint"):  # fmt: skip
        assert re.search(rf"{re.escape(label)}: [0-9.]+x best", out), out
