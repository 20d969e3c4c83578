"""Writing many rows at once inside the caller's transaction: COPY on PostgreSQL, executemany
on SQLite (issue 20: a 100,000-row import is staged in a fraction of the time the ORM takes).

Rows are plain tuples in the order of ``columns``; None is NULL. They go in chunks of
``chunk_rows`` (one COPY or one executemany each), all in the session's open transaction, so a
failure anywhere leaves nothing written. What the rows hold is the caller's business: they are
validated before they get here (lengths, NUL characters, types).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

import polars as pl
from sqlalchemy import Table
from sqlalchemy.orm import Session

#: Rows per COPY or executemany.
CHUNK_ROWS = 20_000

#: Column types PostgreSQL reads from the CSV Polars writes exactly as COPY's own rows: whole
#: numbers, doubles (shortest round-trip text), text and booleans.
_CSV_TYPES = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.Float64, pl.String, pl.Boolean)


def insert_frame(
    session: Session, table: Table, frame: pl.DataFrame, *, chunk_rows: int = CHUNK_ROWS
) -> int:
    """Insert the rows of ``frame`` (its columns named as ``table``'s) into ``table`` in the
    session's transaction; return how many.

    On PostgreSQL a frame of numbers, text and booleans goes in as CSV that Polars writes (one
    COPY per chunk, no Python object per value: issue 20); in PostgreSQL's CSV an unquoted empty
    field is NULL and a quoted one the empty text, and Polars quotes every text value and writes
    each double's shortest round-trip text, so the rows stored are those :func:`insert_rows`
    stores. Otherwise (SQLite, other column types) the rows go through :func:`insert_rows`.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql" or not all(
        isinstance(t, _CSV_TYPES) for t in frame.dtypes
    ):
        return insert_rows(session, table, frame.columns, frame.iter_rows(), chunk_rows=chunk_rows)
    raw = connection.connection.driver_connection
    names = [table.c[c].name for c in frame.columns]  # KeyError for a column the table lacks
    quoted = ", ".join(connection.dialect.identifier_preparer.quote(n) for n in names)
    target = connection.dialect.identifier_preparer.format_table(table)
    for chunk in frame.iter_slices(chunk_rows):
        data = chunk.write_csv(include_header=False, null_value="", quote_style="non_numeric")
        with (
            raw.cursor() as cursor,  # type: ignore[union-attr]
            cursor.copy(f"COPY {target} ({quoted}) FROM STDIN (FORMAT csv)") as copy,
        ):
            copy.write(data.encode())
    return frame.height


def insert_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Insert ``rows`` into ``table`` in the session's transaction; return how many."""
    connection = session.connection()
    raw = connection.connection.driver_connection
    dialect = connection.dialect.name
    names = [table.c[c].name for c in columns]  # KeyError for a column the table lacks
    quoted = ", ".join(connection.dialect.identifier_preparer.quote(n) for n in names)
    target = connection.dialect.identifier_preparer.format_table(table)
    iterator = iter(rows)
    done = 0
    while chunk := list(islice(iterator, chunk_rows)):
        if dialect == "postgresql":
            with (
                raw.cursor() as cursor,  # type: ignore[union-attr]
                cursor.copy(f"COPY {target} ({quoted}) FROM STDIN") as copy,
            ):
                for row in chunk:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in names)
            cursor = raw.cursor()  # type: ignore[union-attr]
            try:
                cursor.executemany(f"INSERT INTO {target} ({quoted}) VALUES ({marks})", chunk)
            finally:
                cursor.close()
        done += len(chunk)
    return done
