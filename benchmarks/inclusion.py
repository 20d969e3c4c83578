"""Carbon inclusion at city scale: crediting a month of trip events, and verifying the ledger.

1. Crediting ``BENCH_EVENTS`` (default 10 million) simulated trip events of ``BENCH_RESIDENTS``
   residents: cityclimate's job (validation, dedup, speed and outlier rules, outliers per source
   and per person (10× the month's median),  per-person count,
   settlement delay, daily and monthly caps, points and grams, monthly totals, and the hash-chained
   ledger entries of those totals) against the same rules written here as one plain Polars lazy
   query with no ledger. Both must give the same totals; the ratio is printed (goal ≤ 1.5×).
2. Verifying a ledger of ``BENCH_LEDGER`` (default 10 million) entries: seconds and entries/s.

Run: ``python -m benchmarks inclusion`` (part of ``make bench``).
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

import numpy as np
import polars as pl

from benchmarks.machine import describe
from benchmarks.timing import interleaved, load
from cityclimate.inclusion import chain, credit_events, head, methodologies, methods_frame, verify
from cityclimate.inclusion.model import EVENT_SCHEMA

AS_OF = date(2025, 4, 15)
BEHAVIOURS = ["metro", "bus", "cycling"]


def simulated(n: int, residents: int, seed: int = 15) -> pl.DataFrame:
    """A month of trips: 1 % resent ids, 0.5 % too fast, 3 % without location consent."""
    rng = np.random.default_rng(seed)
    behaviour = pl.Series(rng.integers(0, 3, n)).replace_strict(
        dict(enumerate(BEHAVIOURS)), return_dtype=pl.String
    )
    ids = np.arange(n)
    resent = rng.random(n) < 0.01
    ids[resent] = rng.integers(0, n, int(resent.sum()))
    distance = np.round(rng.uniform(1.0, 20.0, n), 1)
    speed = np.where(rng.random(n) < 0.005, 300.0, rng.uniform(10.0, 35.0, n))
    account = rng.integers(0, residents, n)
    return pl.DataFrame(
        {
            "event_id": pl.Series(ids).cast(pl.String),
            "source": behaviour,
            "account": pl.Series(account).cast(pl.String),
            "behaviour": behaviour,
            "occurred_on": pl.Series(
                rng.integers(0, 31, n) + (date(2025, 3, 1) - date(1970, 1, 1)).days
            )
            .cast(pl.Int32)
            .cast(pl.Date),
            "duration_s": (distance / speed * 3600).astype(np.int64),
            "distance_km": distance,
            "quantity": np.ones(n),
            "received_seq": rng.permutation(n),
            "location_consent": (account % 33) != 0,
        }
    ).cast(EVENT_SCHEMA)  # type: ignore[arg-type]


def plain_polars(events: pl.DataFrame, methods: pl.DataFrame) -> pl.DataFrame:
    """The same rules as one plain Polars query (the peer): totals per account, month, method."""
    quantity = pl.when(pl.col("activity_unit") == "pkm").then("distance_km").otherwise("quantity")
    speed = pl.col("distance_km") / (pl.col("duration_s") / 3600.0)
    ok = (
        pl.struct("source", "event_id").is_first_distinct()
        & (quantity > 0)
        & (pl.col("duration_s") > 0)
        & (pl.col("location_consent") | ~pl.col("location_derived"))
        & ~(speed > pl.col("max_speed_kmh"))
        & ~(pl.col("distance_km") > pl.col("max_distance_km"))
        & ~(quantity > pl.col("max_quantity")).fill_null(False)
    )
    grams = (pl.col("factor_kg_per_unit") * quantity * pl.col("keep_fraction") * 1000.0).floor()
    cutoff = pl.lit(AS_OF - timedelta(days=7))
    points = pl.col("g").cast(pl.Int64) * pl.col("points_per_t") // 1_000_000
    day = ["account", "behaviour", "occurred_on"]
    month = ["account", "behaviour", "period"]
    mo = pl.col("occurred_on").dt.truncate("1mo")
    valid_q = pl.when("ok").then(quantity)
    unusual = (
        (pl.col("ok").sum().over("source", "behaviour", mo) >= 20)
        & (quantity > 10 * valid_q.median().over("source", "behaviour", mo))
    ) | (
        (pl.col("ok").sum().over("account", "behaviour", mo) >= 5)
        & (quantity > 10 * valid_q.median().over("account", "behaviour", mo))
    )
    return (
        events.lazy()
        .join(methods.lazy(), on="behaviour")
        .sort("received_seq")
        .with_columns(ok.alias("ok"))
        .with_columns(pl.col("ok").sum().over(day).alias("n_day"), unusual.alias("unusual"))
        .filter(
            pl.col("ok")
            & (pl.col("n_day") <= 12)
            & ~pl.col("unusual")
            & (pl.col("occurred_on") < cutoff)
        )
        .with_columns(grams.alias("g"), pl.col("occurred_on").dt.strftime("%Y-%m").alias("period"))
        .with_columns(points.alias("p"))
        .with_columns(pl.col("p").cum_sum().over(day).alias("c"))
        .with_columns(
            (
                pl.min_horizontal("c", "daily_cap_points")
                - pl.min_horizontal(pl.col("c") - pl.col("p"), "daily_cap_points")
            ).alias("pd")
        )
        .with_columns(pl.col("pd").cum_sum().over(month).alias("cm"))
        .with_columns(
            (
                pl.min_horizontal("cm", "monthly_cap_points")
                - pl.min_horizontal(pl.col("cm") - pl.col("pd"), "monthly_cap_points")
            ).alias("pm")
        )
        .group_by("account", "period", "method_id", "method_version")
        .agg(
            pl.len().cast(pl.Int64).alias("events"),
            pl.col("pm").sum().cast(pl.Int64).alias("points"),
            pl.col("g").sum().cast(pl.Int64).alias("reduction_g"),
        )
        .sort("account", "period", "method_id", "method_version")
        .collect()
    )


def cityclimate_job(events: pl.DataFrame, methods: pl.DataFrame) -> pl.DataFrame:
    """cityclimate's crediting job and the ledger entries of its totals (hash-chained)."""
    credits = credit_events(events, methods, as_of=AS_OF).credits
    entries = credits.select(
        pl.lit("earn").alias("kind"), "account", "period",
        pl.format("{}@{}", "method_id", "method_version").alias("method"),
        "events", "points", "reduction_g", pl.lit("run-1").alias("reference"),
    )  # fmt: skip
    chain(entries)
    totals: pl.DataFrame = credits
    return totals


def run() -> None:
    n = int(os.environ.get("BENCH_EVENTS", "10000000"))
    residents = int(os.environ.get("BENCH_RESIDENTS", str(max(n // 20, 100))))
    ledger_n = int(os.environ.get("BENCH_LEDGER", str(n)))
    rounds = int(os.environ.get("BENCH_ROUNDS", "2"))
    print(f"Carbon inclusion: {n:,} trip events of {residents:,} residents; ledger {ledger_n:,}")
    print(f"  machine: {describe()}")
    print(f"  at start: {load()}")
    events = simulated(n, residents)
    methods = methods_frame(methodologies())
    timings = interleaved(
        {
            "cityclimate crediting + ledger entries": lambda: cityclimate_job(events, methods),
            "plain Polars query, same rules": lambda: plain_polars(events, methods),
        },
        rounds,
        warm_up=False,
    )
    ours, peer = timings.values()
    same = ours.result.equals(peer.result)  # type: ignore[attr-defined]
    print(f"  totals identical: {same} ({ours.result.height:,} account-month-method totals)")  # type: ignore[attr-defined]
    print(
        f"  ratio cityclimate / plain Polars query (best):   {ours.best / peer.best:.2f}x (goal <= 1.5x)"
    )
    print(f"  ratio cityclimate / plain Polars query (median): {ours.median / peer.median:.2f}x")
    print(f"  ratio cityclimate / plain Polars query (processor time): {ours.cpu / peer.cpu:.2f}x")
    print(f"  crediting rate: {n / ours.best / 1e6:.2f} M events/s")
    if not same:
        raise SystemExit("the crediting job and the plain query disagree")
    start = time.perf_counter()
    rng = np.random.default_rng(3)
    ledger = chain(
        pl.DataFrame(
            {
                "kind": "earn",
                "account": pl.Series(rng.integers(0, residents, ledger_n)).cast(pl.String),
                "period": "2025-03",
                "method": "metro_mean@1",
                "events": pl.Series(rng.integers(1, 60, ledger_n)),
                "points": pl.Series(rng.integers(0, 300, ledger_n)),
                "reduction_g": pl.Series(rng.integers(0, 30000, ledger_n)),
                "reference": "run-1",
            }
        )
    )
    built = time.perf_counter() - start
    start = time.perf_counter()
    breaks = verify(ledger, [head(ledger)])
    seconds = time.perf_counter() - start
    print(f"  ledger of {ledger_n:,} entries: chained in {built:.1f} s; verified in {seconds:.1f} s "
          f"({ledger_n / seconds / 1e6:.2f} M entries/s), breaks found: {len(breaks)}")  # fmt: skip
    tampered = ledger.with_columns(
        pl.when(pl.col("number") == ledger_n // 2)
        .then(pl.col("points") + 1)
        .otherwise("points")
        .alias("points")
    )
    named = [(b.kind, b.number) for b in verify(tampered, [head(ledger)])]
    print(f"  one entry changed in the middle: named {named}")
    print(f"  at end: {load()}")
