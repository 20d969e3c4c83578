"""`make bench` keeps working: the load benchmark runs briefly on both databases, every reader
and importer gets its answer, the workbook is staged whole both ways, and every goal line is
printed. No timing is asserted (shared, noisy machines); the figures are the benchmark's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_load_benchmark_runs_on_both_databases_and_prints_its_goals() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "platform_load"],
        cwd=ROOT,
        env={
            **os.environ,
            "BENCH_SECONDS": "2",
            "BENCH_READERS": "4",
            "BENCH_IMPORTERS": "1",
            "BENCH_IMPORT_ROWS": "2500",
            "BENCH_WORKERS": "1",
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    ).stdout
    assert "SQLite (WAL)" in out and "PostgreSQL 15" in out, out
    reads = re.findall(r"dashboard reads: \d+ reads/s, p95 [0-9.]+ ms \(goal: no errors", out)
    assert len(reads) == 2, out
    for kind in ("read", "import"):
        errors = re.findall(
            rf"^  {kind} +\d+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +(\d+)$", out, re.M
        )
        assert errors == ["0", "0"], out
    staged = re.findall(
        r"through the (server|service): [0-9.]+ s \((?:HTTP 201, )?([0-9,]+) rows", out
    )
    assert [rows for _, rows in staged] == ["2,500"] * 4, out
    assert len(re.findall(r"ratio [0-9.]+x \(goal <= 4x\)", out)) == 4, out
