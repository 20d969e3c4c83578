"""What machine a benchmark ran on, printed with its figures."""

from __future__ import annotations

import os
import platform
import resource


def describe() -> str:
    """Processor, cores, memory, Python and the main libraries' versions."""
    import duckdb
    import numpy
    import polars

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), cpu
            )
    except OSError:
        pass
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    return (
        f"{cpu}; {os.cpu_count()} cores; {pages:.0f} GiB; Python {platform.python_version()}; "
        f"polars {polars.__version__}; duckdb {duckdb.__version__}; numpy {numpy.__version__}"
    )


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Resident memory of this process now, in MiB (from /proc/self/statm)."""
    with open("/proc/self/statm", encoding="utf-8") as fh:
        resident_pages = int(fh.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss:
    """Highest resident memory (MiB) seen while the ``with`` block runs, sampled every 2 ms.

    Unlike ``ru_maxrss`` (the peak of the whole process life), this sees only the block, so
    what ran before (loading data) does not count.
    """

    def __init__(self) -> None:
        import threading

        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mib = max(self.peak_mib, current_rss_mib())
            self._stop.wait(0.002)

    def __enter__(self) -> PeakRss:
        self.peak_mib = current_rss_mib()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mib = max(self.peak_mib, current_rss_mib())
