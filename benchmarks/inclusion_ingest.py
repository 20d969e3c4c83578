"""Carbon-inclusion ingestion through the API on PostgreSQL: signed batches per second, events
per second and the p95 latency of one batch.

A throw-away PostgreSQL 15 cluster is migrated; a source with an Ed25519 key and
``BENCH_INGEST_RESIDENTS`` residents are registered; uvicorn serves the app; ``BENCH_INGEST_BATCHES``
batches of ``BENCH_INGEST_EVENTS`` events each are posted by ``BENCH_INGEST_CLIENTS`` concurrent
clients (each batch signed over its bytes, checked, deduplicated and stored by COPY).

Run: ``python -m benchmarks inclusion_ingest`` (part of ``make bench``).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from datetime import date

import httpx

from benchmarks.machine import describe
from benchmarks.platform_load import _server
from benchmarks.timing import load
from cityclimate.inclusion.signing import new_key_pair, sign
from cityclimate.services import accounts
from cityclimate.services.actors import SYSTEM
from cityclimate.services.inclusion import ingest, residents
from cityclimate.services.territories import seed_reference
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade

HEADER = "event_id,account,behaviour,occurred_on,duration_s,distance_km,quantity\n"


def _prepare(url: str, people: int) -> tuple[str, bytes, list[str]]:
    engine = make_engine(url)
    upgrade(engine)
    private, public = new_key_pair()
    with transaction(make_sessionmaker(engine), write=True) as s:
        seed_reference(s, SYSTEM)
        ingest.register_source(s, SYSTEM, source_id="bench-metro", territory_code="LJ-2016",
                               name_zh="轨道交通", name_en="metro", kind="transit",
                               behaviours=["metro"], public_key=public)  # fmt: skip
        names = [residents.enrol(s, SYSTEM, "LJ-2016", f"card-{i}", b"bench", on=date(2025, 1, 1),
                                 location_consent=True) for i in range(people)]  # fmt: skip
        user = accounts.create_user(s, SYSTEM, username="bench", password="benchmark-password",
                                    role="climate_office")  # fmt: skip
        token, _ = accounts.issue_token(s, user, kind="api", hours=4)
    engine.dispose()
    return token, private, names


async def _post_all(
    base: str, token: str, bodies: list[dict[str, str]], clients: int
) -> list[float]:
    latencies: list[float] = []
    queue = list(bodies)
    headers = {"Authorization": f"Bearer {token}"}

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            body = queue.pop()
            start = time.perf_counter()
            response = await client.post("/api/v1/inclusion/sources/bench-metro/batches", json=body,
                                         headers=headers)  # fmt: skip
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200 or response.json()["refused"]:
                raise SystemExit(f"batch refused: {response.status_code} {response.text[:300]}")

    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    return latencies


def run() -> None:
    from tests.storage.databases import create_database, postgres_server

    batches = int(os.environ.get("BENCH_INGEST_BATCHES", "60"))
    per_batch = int(os.environ.get("BENCH_INGEST_EVENTS", "2000"))
    clients = int(os.environ.get("BENCH_INGEST_CLIENTS", "4"))
    people = int(os.environ.get("BENCH_INGEST_RESIDENTS", "2000"))
    print(f"Carbon-inclusion ingestion via the API on PostgreSQL: {batches} signed batches x "
          f"{per_batch:,} events, {clients} concurrent clients")  # fmt: skip
    print(f"  machine: {describe()}")
    print(f"  at start: {load()}")
    with postgres_server() as admin:
        url = create_database(admin, "inclusion_bench")
        token, private, names = _prepare(url, people)
        bodies = []
        for b in range(batches):
            rows = [f"b{b}-{i},{names[(b * per_batch + i) % len(names)]},metro,2025-03-{1 + i % 28:02d},"
                    f"900,{5 + i % 10}.0,1" for i in range(per_batch)]  # fmt: skip
            csv = HEADER + "\n".join(rows) + "\n"
            bodies.append(
                {"batch_ref": f"b{b}", "csv": csv, "signature": sign(private, csv.encode())}
            )
        with _server(url) as base:
            start = time.perf_counter()
            latencies = asyncio.run(_post_all(base, token, bodies, clients))
            wall = time.perf_counter() - start
    p95 = statistics.quantiles(latencies, n=20)[-1]
    events = batches * per_batch
    print(f"  {events:,} events in {wall:.1f} s: {events / wall:,.0f} events/s, "
          f"{batches / wall:.1f} batches/s; batch latency p50 {statistics.median(latencies):.3f} s, "
          f"p95 {p95:.3f} s")  # fmt: skip
    print(f"  at end: {load()}")
