"""Tests of cityclimate.io.limits: bombs and oversized files are refused before parsing.

The bombs are real zip packages, small on disk (``packages.py`` writes them with true sizes and
CRCs); each test also checks the process did not grow by anything near the inflated size.
"""

from __future__ import annotations

import io
import resource
import struct

import pytest
from openpyxl import Workbook

from cityclimate.errors import DataValidationError
from cityclimate.io.activities import read_activities
from cityclimate.io.limits import FileTooLargeError, UploadLimits, stored_name
from tests.io.packages import package

GiB = 2**30
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADERS = ["territory", "year", "category", "fuel", "quantity", "unit"]


def workbook(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (HEADERS, *rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def refused(name: str, data: bytes, limits: UploadLimits | None = None) -> DataValidationError:
    with pytest.raises(DataValidationError) as caught:
        read_activities(name, data, limits)
    return caught.value


@pytest.fixture(scope="module")
def one_gib_cell() -> bytes:
    """~1 MB on disk: a shared string of 1 GiB."""
    head = b"<sst " + MAIN + b' count="1" uniqueCount="1"><si><t>'
    return package(
        workbook(), {"xl/sharedStrings.xml": (head, b"a" * 2**20, 1024, b"</t></si></sst>")}
    )


@pytest.fixture(scope="module")
def ten_million_rows() -> bytes:
    """~0.6 MB on disk: a worksheet of 10 million rows."""
    head = b"<worksheet " + MAIN + b"><sheetData>"
    rows = b"<row><c><v>1</v></c></row>" * 40_000
    return package(
        workbook(), {"xl/worksheets/sheet1.xml": (head, rows, 250, b"</sheetData></worksheet>")}
    )


def test_a_1_gib_string_cell_in_1_mb_is_refused_with_413(one_gib_cell: bytes) -> None:
    assert len(one_gib_cell) < 2 * 2**20
    before = max_rss_bytes()
    error = refused("bomb.xlsx", one_gib_cell)
    assert isinstance(error, FileTooLargeError)
    (problem,) = error.problems
    assert "xl/sharedStrings.xml" in problem.message_en and "inflates" in problem.message_en
    assert "解压后" in problem.message_zh
    assert max_rss_bytes() - before < 200 * 2**20


def test_ten_million_rows_in_0_6_mb_are_refused_with_413(ten_million_rows: bytes) -> None:
    assert len(ten_million_rows) < 2**20
    before = max_rss_bytes()
    assert isinstance(refused("rows.xlsx", ten_million_rows), FileTooLargeError)
    assert max_rss_bytes() - before < 200 * 2**20


def test_rows_are_counted_before_parsing_even_at_an_honest_ratio() -> None:
    """The part stays under the ratio; the row count alone refuses it."""
    data = workbook(*[["500000", 2022, "x", "y", i, "t"] for i in range(50)])
    error = refused("many.xlsx", data, UploadLimits(max_rows=20))
    assert isinstance(error, FileTooLargeError)
    assert "too many rows: more than 20" in error.problems[0].message_en


def test_a_package_that_lies_about_its_sizes_is_refused() -> None:
    """The directory says 1,000 bytes; the part inflates to 300 MB. Streaming catches the lie."""
    head = b"<sst " + MAIN + b' count="1" uniqueCount="1"><si><t>'
    data = bytearray(
        package(workbook(), {"xl/sharedStrings.xml": (head, b"a" * 2**20, 300, b"</t></si></sst>")})
    )
    name = b"xl/sharedStrings.xml"
    struct.pack_into("<L", data, data.find(name) - 30 + 22, 1000)  # local header: usize
    position = 0
    while (central := data.find(b"PK\x01\x02", position)) >= 0:  # central directory
        length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + length]) == name:
            struct.pack_into("<L", data, central + 24, 1000)
        position = central + 4
    before = max_rss_bytes()
    (problem,) = refused("liar.xlsx", bytes(data)).problems
    assert "damaged" in problem.message_en and "已损坏" in problem.message_zh
    assert max_rss_bytes() - before < 200 * 2**20


def test_upload_size_and_cell_length_limits() -> None:
    data = workbook(["500000", 2022, "energy.manufacturing.combustion", "x" * 300, 1, "t"])
    too_big = refused("big.xlsx", data, UploadLimits(max_bytes=len(data) - 1))
    assert isinstance(too_big, FileTooLargeError) and "too large" in str(too_big)
    long_cell = refused("long.xlsx", data, UploadLimits(max_cell_chars=200))
    assert not isinstance(long_cell, FileTooLargeError)
    (problem,) = long_cell.problems
    assert (problem.row, problem.field) == (2, "fuel")
    assert "300 characters" in problem.message_en


def test_a_csv_with_too_many_rows_is_refused() -> None:
    text = ",".join(HEADERS) + "\n" + "500000,2022,x,y,1,t\n" * 30
    assert isinstance(
        refused("rows.csv", text.encode(), UploadLimits(max_rows=20)), FileTooLargeError
    )


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("..", "upload"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\活动数据.xlsx", "活动数据.xlsx"),
        ("", "upload"),
        ("a\x00b\r\n.csv", "ab.csv"),
        ("数" * 200 + ".xlsx", "数" * 115 + ".xlsx"),
        ("a" * 300 + ".csv", "a" * 116 + ".csv"),
    ],
)
def test_stored_names(given: str, stored: str) -> None:
    assert stored_name(given) == stored
    assert len(stored_name(given)) <= 120
