"""Writes are all-or-nothing: a failed import, an exception mid-way or a killed process leave the
database exactly as it was. The kill is real: a child process is SIGKILLed while its import's
rows are being written, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import func, select

from cityclimate.errors import DataValidationError
from cityclimate.services import imports, territories
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.models import ActivityImport, ActivityRecord, AuditEntry

ROWS = 40_000


def synthetic(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"R{i}" for i in range(n)],
            "territory": ["LJ-2016"] * n,
            "sub_area": ["LJ-2016-LX"] * n,
            "year": [2020] * n,
            "category": ["energy.manufacturing.combustion"] * n,
            "fuel": ["natural_gas"] * n,
            "quantity": [1.0 + i % 7 for i in range(n)],
            "unit": ["10⁴Nm³"] * n,
        }
    )


def counts(sessions) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with transaction(sessions) as s:
        return (
            s.scalar(select(func.count()).select_from(ActivityImport)) or 0,
            s.scalar(select(func.count()).select_from(ActivityRecord)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


@pytest.fixture
def prepared(database_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    with transaction(sessions, write=True) as s:
        territories.seed_reference(s, SYSTEM)
    yield database_url, sessions
    engine.dispose()


def test_a_bad_import_writes_nothing(prepared) -> None:  # type: ignore[no-untyped-def]
    _, sessions = prepared
    before = counts(sessions)
    bad = synthetic(10).with_columns(
        pl.when(pl.col("record_id") == "R3")
        .then(-1.0)
        .otherwise(pl.col("quantity"))
        .alias("quantity")
    )
    with pytest.raises(DataValidationError) as caught, transaction(sessions, write=True) as s:
        imports.stage_frame(s, SYSTEM, bad, territory_code="LJ-2016", filename="bad.csv")
    assert any(p.row == 5 and p.field == "quantity" for p in caught.value.problems)
    assert counts(sessions) == before


def test_an_exception_mid_import_rolls_back(prepared) -> None:  # type: ignore[no-untyped-def]
    _, sessions = prepared
    before = counts(sessions)

    def explode(done: int, total: int) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError), transaction(sessions, write=True) as s:
        imports.stage_frame(
            s,
            SYSTEM,
            synthetic(12_000),
            territory_code="LJ-2016",
            filename="x.csv",
            progress=explode,
        )
    assert counts(sessions) == before


CHILD = """
import sys, time
from pathlib import Path
import polars as pl
from cityclimate.services import imports
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction
from tests.storage.test_transactions import synthetic

url, marker, rows = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
sessions = make_sessionmaker(make_engine(url))

def pause(done, total):
    if done >= total // 2:
        marker.write_text(str(done))
        time.sleep(600)

with transaction(sessions, write=True) as s:
    imports.stage_frame(s, SYSTEM, synthetic(rows), territory_code="LJ-2016",
                        filename="killed.csv", progress=pause)
"""


def test_a_process_killed_mid_import_leaves_the_database_as_before(
    prepared, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    url, sessions = prepared
    before = counts(sessions)
    marker = tmp_path / "half-written"
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(marker), str(ROWS)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, "the importing process ended before it was killed"
        assert time.monotonic() < deadline, "the importing process never got half-way"
        time.sleep(0.05)
    assert int(marker.read_text()) >= ROWS // 2  # rows were really written, uncommitted
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    time.sleep(0.2)  # PostgreSQL notices the dropped connection and rolls back
    assert counts(sessions) == before
    # …and the database still takes a complete import.
    with transaction(sessions, write=True) as s:
        imports.stage_frame(s, SYSTEM, synthetic(100), territory_code="LJ-2016", filename="ok.csv")
    assert counts(sessions)[:2] == (before[0] + 1, before[1] + 100)
