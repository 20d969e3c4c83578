"""Inventory engine at scale: 10 million activity rows to totals by territory, year, category, gas.

Measured in one run on the same in-memory data:

- **cityclimate**: :func:`cityclimate.inventory.compute_totals` — everything: validation of all
  rows, factor selection, unit conversion, CO2e, aggregation;
- **DuckDB**: the same join and aggregation in SQL, given the already selected factor table
  (factor × unit multiplier × GWP per key and gas), so it does less than cityclimate;
- **DuckDB and Polars, aggregate first** (issue 20): what a user who knows emissions are linear in
  the quantity would write: sum the rows by key first, then join the (small) selected factor
  table and sum again; given the same ready-made factor table, so they do less than cityclimate;
- **bare numpy**: one vectorised pass over integer-coded columns (the kernel: a gather of the
  per-key factor and a ``bincount`` per gas), the floor no engine can beat.

Goals: ≤ 1.5× the DuckDB join-then-aggregate time and ≤ 10× the bare pass (issue 3); ≤ 1.2× the
best aggregate-first peer (issue 20); peak memory ≤ 3× the input columns. Set ``BENCH_ROWS`` to change the size (default 10,000,000).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from benchmarks.machine import describe
from benchmarks.timing import interleaved, load
from cityclimate import refdata
from cityclimate.inventory import Method, compute_emissions, compute_totals

TERRITORIES = 50
YEARS = list(range(2021, 2024)) * 5  # 15 inventory years; grid factors are shipped for 2021–2023
SOURCES = [
    ("energy.manufacturing.combustion", "natural_gas", "10⁴Nm³"),
    ("energy.manufacturing.combustion", "bituminous_coal", "t"),
    ("energy.manufacturing.combustion", "diesel", "t"),
    ("energy.commercial.combustion", "natural_gas", "万Nm³"),
    ("energy.residential.combustion", "lpg", "kg"),
    ("energy.transport.road", "gasoline", "t"),
    ("energy.transport.road", "diesel", "t"),
    ("energy.electricity.industry", "electricity", "MWh"),
    ("energy.electricity.commercial", "electricity", "万kWh"),
    ("energy.electricity.residential", "electricity", "kWh"),
]


def synthetic(rows: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Synthetic activities (50 territories × 15 years × the sources above) and territories."""
    rng = np.random.default_rng(seed)
    codes = [f"T{i:02d}" for i in range(TERRITORIES)]
    given = {
        "code": codes,
        "name_zh": codes,
        "name_en": codes,
        "parent": ["500000"] * TERRITORIES,
        "kind": ["district"] * TERRITORIES,
        "province": ["500000"] * TERRITORIES,
        "valid_from": ["2000-01-01"] * TERRITORIES,
        "source": ["synthetic benchmark territory"] * TERRITORIES,
    }
    schema = refdata.territories().schema
    # Columns the benchmark does not need (area, validity end, climate zone, …) stay empty.
    synthetic_rows = pl.DataFrame(
        {column: given.get(column, [None] * TERRITORIES) for column in schema}, schema=schema
    )
    territories = pl.concat([refdata.territories(), synthetic_rows])
    source = rng.integers(0, len(SOURCES), rows)
    year_index = rng.integers(0, 3, rows)
    activities = pl.DataFrame(
        {
            "territory": pl.Series(codes)[rng.integers(0, TERRITORIES, rows)],
            "year": pl.Series(np.array([2021, 2022, 2023], dtype=np.int32)[year_index]),
            "category": pl.Series([s[0] for s in SOURCES])[source],
            "fuel": pl.Series([s[1] for s in SOURCES])[source],
            "quantity": rng.gamma(2.0, 50.0, rows),
            "unit": pl.Series([s[2] for s in SOURCES])[source],
        }
    )
    return activities, territories


def run() -> None:
    rows = int(os.environ.get("BENCH_ROWS", "10000000"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    print(f"machine: {describe()}")
    print(f"at start: {load()}")
    start = time.perf_counter()
    activities, territories = synthetic(rows)
    input_mib = activities.estimated_size("mb")
    print(
        f"{rows:,} activity rows, {TERRITORIES} territories, input columns {input_mib:,.0f} MiB "
        f"(built in {time.perf_counter() - start:.1f} s)"
    )
    method = Method()

    # The selected factor per key and gas, with unit multiplier and GWP, computed by the engine
    # on one record per distinct key: the peers get it ready-made (so they do less than we do).
    keys = (
        activities.select("territory", "year", "category", "fuel", "unit").unique().sort(pl.all())
    )
    lookup = compute_emissions(
        keys.with_columns(quantity=pl.lit(1.0)), method, territories=territories
    ).select(
        "territory",
        "year",
        "category",
        "fuel",
        "gas",
        (pl.col("co2e_t")).alias("co2e_per_unit"),
        pl.col("record_id"),
    )
    keyed = keys.with_row_index("key").with_columns(
        record_id=pl.format("row-{}", pl.col("key") + 1)
    )
    lookup = lookup.join(keyed.select("record_id", "key", "unit"), on="record_id").drop("record_id")

    con = duckdb.connect()
    con.register("activities", activities.to_arrow())
    con.register("lookup", lookup.to_arrow())
    sql = """
        SELECT a.territory, a.year, a.category, f.gas, SUM(a.quantity * f.co2e_per_unit) AS co2e_t
        FROM activities a JOIN lookup f
          ON a.territory = f.territory AND a.year = f.year AND a.category = f.category
         AND a.fuel = f.fuel AND a.unit = f.unit
        GROUP BY ALL
    """
    # Aggregate first, then join the small factor table (the linearity shortcut, issue 20).
    key_columns = ["territory", "year", "category", "fuel", "unit"]
    sql_first = """
        WITH summed AS (
            SELECT territory, year, category, fuel, unit, SUM(quantity) AS quantity
            FROM activities GROUP BY ALL
        )
        SELECT s.territory, s.year, s.category, f.gas, SUM(s.quantity * f.co2e_per_unit) AS co2e_t
        FROM summed s JOIN lookup f
          ON s.territory = f.territory AND s.year = f.year AND s.category = f.category
         AND s.fuel = f.fuel AND s.unit = f.unit
        GROUP BY ALL
    """

    def polars_first() -> pl.DataFrame:
        return (
            activities.lazy()
            .group_by(key_columns)
            .agg(pl.col("quantity").sum())
            .join(lookup.lazy(), on=key_columns)
            .group_by("territory", "year", "category", "gas")
            .agg(co2e_t=(pl.col("quantity") * pl.col("co2e_per_unit")).sum())
            .collect()
        )

    # Bare numpy: integer key per row (prepared outside the timing), gather + bincount per gas.
    key_of_row = activities.join(
        keyed.select("territory", "year", "category", "fuel", "unit", "key"),
        on=["territory", "year", "category", "fuel", "unit"],
    )["key"].to_numpy()
    quantity = activities["quantity"].to_numpy()
    gases = lookup["gas"].unique().sort().to_list()
    tables = []
    for gas in gases:
        per_key = np.zeros(keyed.height)
        part = lookup.filter(gas=gas)
        per_key[part["key"].to_numpy()] = part["co2e_per_unit"].to_numpy()
        tables.append(per_key)

    def bare() -> list[np.ndarray]:
        return [
            np.bincount(key_of_row, weights=quantity * per_key[key_of_row], minlength=len(per_key))
            for per_key in tables
        ]

    # Every implementation returns the same columns: territory, year, category, gas, co2e_t
    # (bare numpy: one array of per-key totals per gas).
    ours_name, duck_name = "cityclimate compute_totals", "DuckDB join + aggregate"
    duck_first_name, polars_first_name = (
        "DuckDB aggregate first, then join",
        "Polars aggregate first, then join",
    )
    timings = interleaved(
        {
            ours_name: lambda: compute_totals(activities, method, territories=territories),
            duck_name: lambda: pl.from_arrow(con.sql(sql).to_arrow_table()),
            duck_first_name: lambda: pl.from_arrow(con.sql(sql_first).to_arrow_table()),
            polars_first_name: polars_first,
            "bare numpy gather + bincount": bare,
        },
        rounds,
    )
    print(f"timed in {rounds} interleaved rounds after a warm-up call each; {load()}")

    def total(name: str) -> float:
        return float(timings[name].result["co2e_t"].sum())  # type: ignore[index]

    total_ours = total(ours_name)
    per_gas: list[np.ndarray] = timings["bare numpy gather + bincount"].result  # type: ignore[assignment]
    total_bare = float(sum(t.sum() for t in per_gas))
    for label, other in (
        ("DuckDB", total(duck_name)),
        ("DuckDB aggregate-first", total(duck_first_name)),
        ("Polars aggregate-first", total(polars_first_name)),
        ("bare numpy", total_bare),
    ):
        print(
            f"  totals agree: cityclimate {total_ours:,.1f} t CO2e, {label} {other:,.1f} t CO2e "
            f"(relative difference {abs(total_ours - other) / other:.1e})"
        )
    ours = timings[ours_name]
    first = min((duck_first_name, polars_first_name), key=lambda n: timings[n].best)

    def ratio(label: str, peer: str, goal: str) -> None:
        best = ours.best / timings[peer].best
        median = ours.median / timings[peer].median
        cpu = ours.cpu / timings[peer].cpu
        print(
            f"ratio {label}: {best:5.2f}x   (goal {goal}; medians {median:.2f}x, "
            f"processor time {cpu:.2f}x)"
        )

    ratio("cityclimate / DuckDB", duck_name, "<= 1.5x")
    ratio(
        f"cityclimate / best aggregate-first peer ({first.split()[0]})",
        first,
        "<= 1.2x",
    )
    ratio("cityclimate / bare numpy", "bare numpy gather + bincount", "<= 10x")
    baseline, peak = _memory_in_child(activities, territories)
    used = peak - baseline + input_mib
    print(
        f"peak memory of cityclimate run : {used:,.0f} MiB (input columns + working memory, measured in a "
        f"fresh process); {used / input_mib:4.2f}x the input columns (goal <= 3x)"
    )


def _memory_in_child(activities: pl.DataFrame, territories: pl.DataFrame) -> tuple[float, float]:
    """Resident memory (MiB) of a fresh process after loading the data, and its peak after the run.

    A fresh process, so that building the synthetic data here does not hide the run's own peak;
    a warm-up run on 1,000 rows first, so that imports and compiled factors are in the baseline.
    """
    with tempfile.TemporaryDirectory() as folder:
        data, terr = Path(folder) / "a.parquet", Path(folder) / "t.parquet"
        activities.write_parquet(data)
        territories.write_parquet(terr)
        code = (
            "import gc, polars as pl; from benchmarks.machine import PeakRss, current_rss_mib; "
            "from cityclimate.inventory import compute_totals; "
            f"a = pl.read_parquet({str(data)!r}); t = pl.read_parquet({str(terr)!r}); "
            "compute_totals(a.head(1000), territories=t); gc.collect(); base = current_rss_mib(); "
            "sampler = PeakRss()\n"
            "with sampler: compute_totals(a, territories=t)\n"
            "print(base, sampler.peak_mib)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    baseline, peak = (float(x) for x in out.stdout.split())
    return baseline, peak
