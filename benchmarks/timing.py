"""Fair timing of competing implementations on a shared, noisy machine.

Each implementation is called once untimed (imports, caches, compiled factors), then all are
timed in turn, round after round (a, b, c, a, b, c, …): a burst of load from other processes
then slows every implementation alike instead of the one that happened to run during it, and
every implementation gets the same number of tries. The best and the median of the rounds are
kept; goals are judged on the best (the least disturbed run) and the median is printed with it.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds of one implementation over the rounds, and its last result."""

    best: float
    median: float
    result: object


def interleaved(
    implementations: dict[str, Callable[[], object]], rounds: int = 5, *, warm_up: bool = True
) -> dict[str, Timing]:
    """Time every implementation ``rounds`` times, in turn; print one line per implementation."""
    results: dict[str, object] = {}
    if warm_up:
        for name, fn in implementations.items():
            results[name] = fn()
    seconds: dict[str, list[float]] = {name: [] for name in implementations}
    for _ in range(rounds):
        for name, fn in implementations.items():
            gc.collect()
            start = time.perf_counter()
            results[name] = fn()
            seconds[name].append(time.perf_counter() - start)
    timings = {
        name: Timing(min(s), statistics.median(s), results[name]) for name, s in seconds.items()
    }
    width = max(len(name) for name in timings)
    for name, t in timings.items():
        print(f"  {name:<{width}} best {t.best:8.3f} s   median {t.median:8.3f} s", flush=True)
    return timings


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes), to print with the figures."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"
