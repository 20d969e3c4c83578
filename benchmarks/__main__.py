"""Run every benchmark, or those named: ``python -m benchmarks [inventory_engine monte_carlo …]``."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = [
    "inventory_engine",
    "monte_carlo",
    "pathways",
    "platform_load",
    "inclusion",
    "inclusion_ingest",
    "footprints",
]

if __name__ == "__main__":
    for name in sys.argv[1:] or BENCHMARKS:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"\n=== {name} ===", flush=True)
        module.run()
