"""One table as an XLSX file (the pages' "Export to Excel" of a diff or the audit log)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from cityclimate.io.exports import workbook


def table_xlsx(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    notice: str = "",
    extra: Sequence[Sequence[Any]] = (),
) -> bytes:
    """The bytes of a one-sheet workbook: the notice (bold red), extra lines, the header, the rows.

    Parameters
    ----------
    header:
        Column names, written in bold.
    rows:
        One list per row, as long as ``header``; None is written as an empty cell.
    notice:
        A warning above everything (e.g. the demo's "illustrative data"), then a blank line.
    extra:
        Lines between the notice and the header (e.g. ``["reason", "…"]``).
    """
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        sheet = book.add_worksheet()
        bold = book.add_format({"bold": True})
        line = 0
        if notice:
            sheet.write(line, 0, notice, book.add_format({"bold": True, "font_color": "#b00020"}))
            line += 2
        for row in extra:
            sheet.write_row(line, 0, list(row))
            line += 1
        sheet.write_row(line, 0, list(header), bold)
        for row in rows:
            line += 1
            sheet.write_row(line, 0, ["" if v is None else v for v in row])
        sheet.set_column(0, len(header), 18)
    return buffer.getvalue()
