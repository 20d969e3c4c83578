"""Fair timing of competing implementations on a shared, noisy machine.

Each implementation is called once untimed (imports, caches, compiled factors), then all are
timed in turn, round after round (a, b, c, a, b, c, …): a burst of load from other processes
then slows every implementation alike instead of the one that happened to run during it, and
every implementation gets the same number of tries. The best and the median of the rounds are
kept; goals are judged on the best (the least disturbed run) and the median is printed with it.
The processor time of the process (all its threads) is kept too: on a machine loaded by others
the wall time mostly measures waiting for a core, the processor time what the work costs.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds of one implementation over the rounds, and its last result.

    ``best`` and ``median`` are wall-clock seconds; ``cpu`` is the median processor time of
    the process (user + system, all threads) over the rounds.
    """

    best: float
    median: float
    result: object
    cpu: float = float("nan")


def interleaved(
    implementations: dict[str, Callable[[], object]], rounds: int = 5, *, warm_up: bool = True
) -> dict[str, Timing]:
    """Time every implementation ``rounds`` times, in turn; print one line per implementation."""
    results: dict[str, object] = {}
    if warm_up:
        for name, fn in implementations.items():
            results[name] = fn()
    seconds: dict[str, list[float]] = {name: [] for name in implementations}
    processor: dict[str, list[float]] = {name: [] for name in implementations}
    for _ in range(rounds):
        for name, fn in implementations.items():
            gc.collect()
            cpu, start = processor_seconds(), time.perf_counter()
            results[name] = fn()
            seconds[name].append(time.perf_counter() - start)
            processor[name].append(processor_seconds() - cpu)
    timings = {
        name: Timing(
            min(s), statistics.median(s), results[name], statistics.median(processor[name])
        )
        for name, s in seconds.items()
    }
    width = max(len(name) for name in timings)
    for name, t in timings.items():
        print(
            f"  {name:<{width}} best {t.best:8.3f} s   median {t.median:8.3f} s   "
            f"processor {t.cpu:8.3f} s",
            flush=True,
        )
    return timings


def processor_seconds() -> float:
    """Processor time of this process so far (user + system, every thread), in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes), to print with the figures."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"
