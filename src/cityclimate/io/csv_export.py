"""CSV out: the one place that writes tables as CSV text, safe to open in a spreadsheet.

A text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before reading a formula) is evaluated as a formula by Excel, WPS and
LibreOffice when the CSV is opened: a record id such as ``=HYPERLINK(...)`` would run. Such
cells are written with a leading apostrophe (OWASP "CSV injection"), which spreadsheets show as
text; numbers stay numbers. The XLSX exports need nothing: xlsxwriter writes text as text.

>>> import polars as pl
>>> print(csv_text(pl.DataFrame({"id": ["=1+1", "1-b", "@x"], "t": [-1.5, 2.0, None]})), end="")
id,t
'=1+1,-1.5
1-b,2.0
'@x,
"""

from __future__ import annotations

import polars as pl

#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate prefixed by ``'``."""
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.any_horizontal(pl.col(c).str.starts_with(s) for s in FORMULA_STARTS))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )


def csv_text(frame: pl.DataFrame) -> str:
    """The table as CSV text (UTF-8 when encoded), formula-like text cells neutralised."""
    return neutralised(frame).write_csv()
