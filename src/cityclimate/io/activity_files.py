"""Read activity data files (CSV or Excel .xlsx) into text columns for validation.

Every cell is read as text so that the core's validation, not the file reader, decides what is
a number; its messages then name the file, the row as the user sees it and the column.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from cityclimate.errors import DataValidationError, Problem


def read_activity_file(path: Path) -> tuple[pl.DataFrame, int]:
    """Return the file's rows as text columns, and the row number of its first data row.

    Raises
    ------
    DataValidationError
        When the file does not exist, is empty or is of an unsupported type.
    """
    name = path.name
    if not path.is_file():
        raise DataValidationError(
            [Problem(name, None, None, str(path), "文件不存在", "the file does not exist")]
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    elif suffix in (".xlsx", ".xlsm"):
        frame = _read_xlsx(path)
    else:
        raise DataValidationError(
            [
                Problem(
                    name,
                    None,
                    None,
                    suffix,
                    "不支持的文件类型：请使用 .csv 或 .xlsx",
                    "unsupported file type: use .csv or .xlsx",
                )
            ]
        )
    if frame.is_empty():
        raise DataValidationError(
            [Problem(name, None, None, "", "文件中没有数据行", "the file has no data rows")]
        )
    return frame, 2


def _read_xlsx(path: Path) -> pl.DataFrame:
    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    data = [[None if v is None else str(v) for v in row[: len(header)]] for row in rows]
    data = [row for row in data if any(v not in (None, "") for v in row)]
    return pl.DataFrame(data, schema=dict.fromkeys(header, pl.String), orient="row")
