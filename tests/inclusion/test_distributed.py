"""The crediting job on Dask (a LocalCluster of 2 worker processes) over Parquet partitions by
month and source gives exactly the single-machine result: every event's status, reason, points
and grams, the monthly totals and the ledger chain built from them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from cityclimate.inclusion import chain, credit_events, methodologies, methods_frame
from cityclimate.inclusion.distributed import credit_on_dask
from cityclimate.inclusion.model import EVENT_SCHEMA
from cityclimate.io.inclusion_partitions import partition_loaders, write_partitions

METHODS = methods_frame(methodologies())
AS_OF = date(2025, 5, 20)


def simulated(n: int = 3000) -> pl.DataFrame:
    """Two months, three sources, 40 residents (so caps bind), repeats across months and
    sources, a few impossible speeds, one resident without location consent."""
    rng = np.random.default_rng(7)
    behaviour = rng.choice(["metro", "bus", "cycling"], n)
    source = np.where(behaviour == "metro", "m", np.where(behaviour == "bus", "b", "c"))
    day = [date(2025, 3, 1) + timedelta(days=int(d)) for d in rng.integers(0, 61, n)]
    event_id = [f"e{i}" for i in rng.integers(0, int(n * 0.9), n)]  # about 10 % repeated ids
    account = [f"r{i}" for i in rng.integers(0, 40, n)]
    distance = np.round(rng.uniform(0.5, 30, n), 1)
    duration = (distance / rng.uniform(8, 150, n) * 3600).astype(int)
    frame = pl.DataFrame({
        "event_id": event_id, "source": source, "account": account, "behaviour": behaviour,
        "occurred_on": day, "duration_s": duration, "distance_km": distance,
        "quantity": np.ones(n), "received_seq": rng.permutation(n),
    }, schema=EVENT_SCHEMA)  # fmt: skip
    return frame.with_columns((pl.col("account") != "r3").alias("location_consent"))


def ledger_entries(credits: pl.DataFrame) -> pl.DataFrame:
    return credits.select(
        pl.lit("earn").alias("kind"), "account", "period",
        pl.format("{}@{}", "method_id", "method_version").alias("method"),
        "events", "points", "reduction_g", pl.lit("run").alias("reference"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:  # fmt: skip
        yield c


def test_dask_over_parquet_partitions_matches_the_local_run(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events = simulated()
    written = write_partitions(events, tmp_path)
    assert {p.parent.parent.name for p in written} == {"month=2025-03", "month=2025-04"}
    assert len(written) == 6  # 2 months x 3 sources
    local = credit_events(events, METHODS, as_of=AS_OF)
    remote = credit_on_dask(partition_loaders(tmp_path), METHODS, as_of=AS_OF, client=client)
    expected = local.events.sort("received_seq")
    assert remote.events.equals(expected)
    assert remote.credits.equals(local.credits)
    # the run is not trivial: the repeat, speed and consent rules fired
    reasons = set(expected["reason"].drop_nulls())
    assert {"duplicate", "impossible_speed", "no_consent"} <= reasons
    assert (expected["status"] == "credited").sum() > 1000
    assert (
        chain(ledger_entries(remote.credits))["hash"][-1]
        == chain(ledger_entries(local.credits))["hash"][-1]
    )


def test_dask_on_local_threads_matches_too(tmp_path: Path) -> None:
    events = simulated(800)
    write_partitions(events, tmp_path)
    remote = credit_on_dask(partition_loaders(tmp_path), METHODS, as_of=AS_OF, buckets=3)
    assert remote.events.equals(
        credit_events(events, METHODS, as_of=AS_OF).events.sort("received_seq")
    )
