"""One table as XLSX bytes (the pages' diff and audit exports), read back with openpyxl."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from cityclimate.io.tables_export import table_xlsx


def test_notice_extra_lines_header_and_rows() -> None:
    data = table_xlsx(
        ["category", "co2e_t"],
        [["energy", 12.5], ["waste", None], ["=1+1", 3]],
        notice="示意数据 ILLUSTRATIVE",
        extra=[["reason", "new factors"]],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [
        ["示意数据 ILLUSTRATIVE", None],
        [None, None],
        ["reason", "new factors"],
        ["category", "co2e_t"],
        ["energy", 12.5],
        ["waste", None],  # None is written as an empty cell
        ["=1+1", 3],  # user text stays text, never a formula
    ]
    assert sheet["A1"].font.b and sheet["A4"].font.b
    assert sheet["A7"].data_type == "s"


def test_a_bare_table_starts_with_its_header() -> None:
    sheet = load_workbook(io.BytesIO(table_xlsx(["id"], [[1], [2]]))).active
    assert sheet is not None
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == ["id", 1, 2]
