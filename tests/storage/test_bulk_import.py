"""A workbook staged in bulk (COPY on PostgreSQL, executemany on SQLite; issue 20) is stored
exactly as written: every row, in its order, with Chinese text, characters COPY must escape,
empty cells as NULL and numbers at the edges of a double, on both databases.

The oracle is the list of rows this test writes into the workbook itself (xlsxwriter), read
back from the table with plain SQL; more rows than one chunk, so chunk boundaries are crossed.
"""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from benchmarks.platform_load import stage_upload
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.inventory.model import ACTIVITY_COLUMNS, ACTIVITY_HEADERS_ZH
from cityclimate.storage import transaction

COLUMNS = list(ACTIVITY_COLUMNS)
HEADERS = [dict(map(reversed, ACTIVITY_HEADERS_ZH.items()))[c] for c in COLUMNS]  # type: ignore[arg-type]
GAS = ("energy.manufacturing.combustion", "natural_gas")
# A workbook keeps 16 significant digits (xlsxwriter writes %.16G): edges a file can hold.
EDGES = [0.0, 5e-324, 1e308, 1.797693134862315e308, 0.1, 123456789.1234567, 1e-10]
AWKWARD = [
    "统计局《能源平衡表》，2020 年",
    'tab\there, "quotes", back\\slash',
    "new\nline and \\N and \\.",
    "𠀀 emoji 🌏 and ＡＢＣ",
]
EMPTY = (None,) * 6  # data source … abatement fraction: empty cells
FILLER = 10_050  # more than one chunk of imports.CHUNK_ROWS


def _rows() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i, quantity in enumerate(EDGES):
        rows.append(
            (
                f"边缘-{i}",
                "LJ-2016",
                "LJ-2016-LX",
                1900 + i,
                *GAS,
                quantity,
                "万Nm³",
                *(
                    AWKWARD[i % len(AWKWARD)],
                    "实测",
                    "企业-重庆-甲",
                    2.0,
                    "t/10⁴Nm³",
                    1.0 if i else 0.0,
                ),
            )
        )
    for i in range(FILLER):
        rows.append(
            (f"R-{i:06d}", "LJ-2016", None, 2100, *GAS, round(1.0 + i / 7, 12), "万Nm³", *EMPTY)
        )
    return rows


@pytest.fixture(scope="module")
def workbook() -> tuple[bytes, list[tuple[object, ...]]]:
    rows = _rows()
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"constant_memory": True}) as book:
        sheet = book.add_worksheet("数据")
        sheet.write_row(0, 0, HEADERS)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is not None:  # an empty cell
                    sheet.write(r, c, value)
    return buffer.getvalue(), rows


def test_staged_rows_equal_the_workbook(
    sessions: sessionmaker[Session], workbook: tuple[bytes, list[tuple[object, ...]]]
) -> None:
    content, expected = workbook
    import_id, row_count = stage_upload(sessions, "边缘.xlsx", content)  # as the API route does
    with transaction(sessions) as s:
        stored = s.execute(
            text(
                f"SELECT row, {', '.join(COLUMNS)} FROM activity_records "
                "WHERE import_id = :i ORDER BY row"
            ),
            {"i": import_id},
        ).all()
    assert [r[0] for r in stored] == list(range(2, len(expected) + 2))
    got = [tuple(r[1:]) for r in stored]
    for row, want in zip(got, expected, strict=True):
        assert row == want
    # Doubles are stored bit for bit (equality of floats is the point here).
    quantities = [r[COLUMNS.index("quantity")] for r in got[: len(EDGES)]]
    assert [q.hex() for q in quantities] == [q.hex() for q in EDGES]
    assert row_count == len(expected)
