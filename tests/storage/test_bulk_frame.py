"""A frame written with :func:`~cityclimate.storage.bulk.insert_frame` (CSV through COPY on
PostgreSQL; issue 20) is stored exactly as :func:`~cityclimate.storage.bulk.insert_rows` stores
its rows (tuples bound by the driver): text COPY must quote or escape, the empty text apart from
NULL, doubles bit for bit (random ones, edges, minus zero), whole numbers and booleans.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from sqlalchemy import Boolean, Column, Float, Integer, MetaData, String, Table, Text, select
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.storage import transaction
from cityclimate.storage.bulk import insert_frame, insert_rows

METADATA = MetaData()
TABLE = Table(
    "bulk_frame_probe",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("batch", Integer, nullable=False),
    Column("n", Integer),
    Column("x", Float),
    Column("s", String(64)),
    Column("t", Text),
    Column("b", Boolean),
)
AWKWARD = [
    "",
    " ",
    "统计局《能源平衡表》，2020 年",
    'tab\there, "quotes", back\\slash',
    "new\nline and \\N and \\.",
    "\\.",
    "cr\r\nlf",
    "NULL",
    "001",
    "1e5",
    "𠀀 emoji 🌏",
    ",",
    '"',
]
EDGES = [0.0, -0.0, 5e-324, -5e-324, 1e308, 1.7976931348623157e308, 0.1, 1 / 3, 1e-10, 2.0**53 + 2]


def _frame(batch: int) -> pl.DataFrame:
    rng = np.random.default_rng(20)
    doubles = [*EDGES, *rng.standard_normal(200) * 10.0 ** rng.integers(-300, 300, 200)]
    size = len(doubles) + 3
    text = [AWKWARD[i % len(AWKWARD)] for i in range(size)]
    return pl.DataFrame(
        {
            "id": pl.Series(range(batch * 1000, batch * 1000 + size), dtype=pl.Int64),
            "batch": pl.Series([batch] * size, dtype=pl.Int32),
            "n": pl.Series([None, -(2**31), 2**31 - 1, *range(size - 3)], dtype=pl.Int64),
            "x": pl.Series([*doubles, None, None, None], dtype=pl.Float64),
            "s": pl.Series(text, dtype=pl.String),
            "t": pl.Series(
                [None if i % 5 == 0 else t for i, t in enumerate(text)], dtype=pl.String
            ),
            "b": pl.Series([None if i % 3 == 0 else i % 2 == 0 for i in range(size)]),
        }
    )


def _stored(session: Session, batch: int) -> list[tuple[object, ...]]:
    columns = [c for c in TABLE.c if c.name not in ("id", "batch")]
    rows = session.execute(select(*columns).where(TABLE.c.batch == batch).order_by(TABLE.c.id))
    return [(*r[:1], None if r[1] is None else r[1].hex(), *r[2:]) for r in rows]


def test_frame_stored_as_rows(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions, write=True) as s:
        METADATA.create_all(s.connection())
        by_rows = _frame(1)
        assert insert_rows(s, TABLE, by_rows.columns, by_rows.iter_rows(), chunk_rows=50) == (
            by_rows.height
        )
        by_frame = _frame(2)
        assert insert_frame(s, TABLE, by_frame, chunk_rows=50) == by_frame.height
    with transaction(sessions) as s:
        want, got = _stored(s, 1), _stored(s, 2)
        sqlite = s.get_bind().dialect.name == "sqlite"
    assert len(got) == _frame(2).height
    assert got == want
    # The oracle itself: what the frame holds (doubles by their bits, "" apart from NULL; SQLite
    # stores minus zero as zero, whichever way it is sent).
    x = pl.when(pl.col("x") == 0).then(0.0).otherwise("x") if sqlite else pl.col("x")
    frame = _frame(1).with_columns(x.map_elements(float.hex, return_dtype=pl.String).alias("x"))
    assert want == list(frame.select("n", "x", "s", "t", "b").iter_rows())
