"""Carbon-inclusion events as Parquet partitions by month and source (``month=YYYY-MM/source=S/
part-0.parquet``), the layout the Dask crediting job reads (:mod:`cityclimate.inclusion.distributed`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import polars as pl


def write_partitions(events: pl.DataFrame, root: Path) -> list[Path]:
    """Write ``events`` under ``root`` by month and source; returns the files written."""
    months = events.with_columns(pl.col("occurred_on").dt.strftime("%Y-%m").alias("_month"))
    written = []
    for (month, source), part in months.group_by("_month", "source", maintain_order=True):
        folder = root / f"month={month}" / f"source={source}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "part-0.parquet"
        part.drop("_month").write_parquet(path)
        written.append(path)
    return sorted(written)


def partition_loaders(root: Path) -> list[Callable[[], pl.DataFrame]]:
    """One picklable loader per partition file under ``root`` (read where the task runs)."""
    return [
        partial(pl.read_parquet, str(p)) for p in sorted(root.glob("month=*/source=*/*.parquet"))
    ]
