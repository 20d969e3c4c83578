"""The crediting job on Dask: the same rules over partitions (month × source) on a cluster, with
results identical to :func:`~cityclimate.inclusion.crediting.credit_events` on one machine.

Duplicates and caps need the right events together, so the job regroups the data twice:

1. every partition is split into ``buckets`` by a hash of ``(source, event_id)``; each key
   bucket gathers its pieces and marks the repeats (the first received is kept) — a repeat sent
   in another month's or another day's file is found too;
2. each key bucket is split again by a hash of the account; each account bucket gathers its
   pieces and runs :func:`credit_events` (a person's caps and daily count need all their
   events, and only theirs).

The events are then put back in the order received and summed per account, month and method;
points and reductions are whole numbers, so the sums are the same to the gram in any order.
The partitions are given as callables that load one partition (e.g. reading a Parquet file,
:mod:`cityclimate.io.inclusion_partitions`), so this module does no I/O itself and the loading
happens on the workers.

To run on a real cluster, pass ``client=distributed.Client("tcp://scheduler:8786")`` with the
partitions on storage every worker reads (a shared file system or object store) and
cityclimate installed on the workers; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import polars as pl

from cityclimate.inclusion.crediting import Credited, credit_events, summarise


def _split(frame: pl.DataFrame, columns: list[str], buckets: int) -> list[pl.DataFrame]:
    bucket = pl.struct(columns).hash(seed=15) % buckets
    keyed = frame.with_columns(bucket.alias("_bucket"))
    return [keyed.filter(pl.col("_bucket") == b).drop("_bucket") for b in range(buckets)]


def _by_key(load: Callable[[], pl.DataFrame], buckets: int) -> list[pl.DataFrame]:
    return _split(load(), ["source", "event_id"], buckets)


def _mark_repeats(pieces: Sequence[pl.DataFrame], buckets: int) -> list[pl.DataFrame]:
    frame = pl.concat(pieces, how="diagonal_relaxed").sort("received_seq")
    marked = frame.with_columns(
        (~pl.struct("source", "event_id").is_first_distinct()).alias("duplicate")
    )
    return _split(marked, ["account"], buckets)


def _credit_bucket(
    pieces: Sequence[pl.DataFrame], methods: pl.DataFrame, options: dict[str, Any]
) -> pl.DataFrame:
    frame = pl.concat(pieces, how="diagonal_relaxed")
    return credit_events(frame, methods, **options).events


def credit_on_dask(
    partitions: Sequence[Callable[[], pl.DataFrame]],
    methods: pl.DataFrame,
    *,
    as_of: date,
    settlement_days: int = 7,
    prior_points: pl.DataFrame | None = None,
    buckets: int = 4,
    client: Any = None,
) -> Credited:
    """Credit the events of ``partitions`` on Dask; the result equals :func:`credit_events` on
    all of them together (events in the order received).

    Parameters
    ----------
    partitions:
        One callable per partition, returning its events (picklable for process workers).
    client:
        A ``distributed.Client``; ``None`` runs on Dask's local threads.
    """
    from dask.delayed import delayed

    options = {"as_of": as_of, "settlement_days": settlement_days, "prior_points": prior_points}
    split = [delayed(_by_key, nout=buckets)(load, buckets) for load in partitions]
    regrouped = [
        delayed(_mark_repeats, nout=buckets)([parts[k] for parts in split], buckets)
        for k in range(buckets)
    ]
    credited = [
        delayed(_credit_bucket)([parts[j] for parts in regrouped], methods, options)
        for j in range(buckets)
    ]
    if client is None:
        from dask.base import compute

        frames = compute(*credited)  # type: ignore[no-untyped-call]
    else:
        frames = client.gather(client.compute(credited))
    events = pl.concat(frames, how="vertical_relaxed").sort("received_seq")
    return Credited(events, summarise(events))
