"""Read a socio-economic sheet (XLSX or UTF-8 CSV, bytes in) into typed columns.

One row per year; headers in English (``year``, ``gdp_10k_yuan`` …) or Chinese as the template
writes them (``年份``, ``地区生产总值（万元）`` …). A sheet of yearly figures is small: more than
:data:`MAX_ROWS` data rows or :data:`MAX_BYTES` bytes is refused before parsing. Numbers are
typed here; what is plausible is the service's check.
"""

from __future__ import annotations

import io
import math
import zipfile

import polars as pl
from openpyxl import load_workbook

from cityclimate.errors import DataValidationError, Problem

MAX_BYTES = 2 * 2**20
MAX_UNPACKED_BYTES = 50 * 2**20
MAX_ROWS = 500

#: Column → Chinese header (as the template writes it).
HEADERS_ZH = {
    "year": "年份",
    "gdp_10k_yuan": "地区生产总值（万元）",
    "gdp_price_base_year": "不变价基年",
    "value_added_primary_10k_yuan": "第一产业增加值（万元）",
    "value_added_secondary_10k_yuan": "第二产业增加值（万元）",
    "value_added_tertiary_10k_yuan": "第三产业增加值（万元）",
    "industrial_value_added_10k_yuan": "工业增加值（万元）",
    "population": "常住人口（人）",
    "floor_area_10k_m2": "建筑面积（万平方米）",
    "vehicles": "机动车保有量（辆）",
    "source": "数据来源",
}
_BY_HEADER = {**{v: k for k, v in HEADERS_ZH.items()}, **{k: k for k in HEADERS_ZH}}
_INTEGERS = ("year", "gdp_price_base_year")


def _problem(
    where: str, row: int | None, column: str | None, value: str, zh: str, en: str
) -> Problem:
    return Problem(where, row, column, value, zh, en)


def read_socioeconomic(name: str, data: bytes) -> pl.DataFrame:
    """Rows of the sheet with typed columns and ``_row`` (the row number in the file).

    Raises
    ------
    DataValidationError
        Too large, unreadable, an unknown header, or a cell that is not a number where one is
        needed; every cell problem is listed with its row and column.
    """
    if len(data) > MAX_BYTES:
        raise DataValidationError(
            [
                _problem(
                    name,
                    None,
                    None,
                    str(len(data)),
                    "文件过大（上限 2 MB）",
                    "file too large (2 MB at most)",
                )
            ]
        )
    lower = name.lower()
    try:
        if lower.endswith((".xlsx", ".xlsm")):
            header, rows = _xlsx_rows(name, data)
        elif lower.endswith(".csv"):
            raw = pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8-lossy")
            header, rows = raw.columns, [list(r) for r in raw.iter_rows()]
        else:
            raise DataValidationError(
                [
                    _problem(
                        name,
                        None,
                        None,
                        name,
                        "请使用 .xlsx 或 .csv 文件",
                        "use an .xlsx or .csv file",
                    )
                ]
            )
    except DataValidationError:
        raise
    except Exception as exc:  # a damaged file: say so in the user's terms
        raise DataValidationError(
            [
                _problem(
                    name,
                    None,
                    None,
                    type(exc).__name__,
                    "无法读取文件：请另存为 .xlsx 或 UTF-8 .csv",
                    "the file cannot be read: save it as .xlsx or UTF-8 .csv",
                )
            ]
        ) from exc
    return _typed(name, header, rows)


def _xlsx_rows(name: str, data: bytes) -> tuple[list[str], list[list[object]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if sum(i.file_size for i in package.infolist()) > MAX_UNPACKED_BYTES:
            raise DataValidationError(
                [_problem(name, None, None, "", "解压后过大", "the workbook inflates too much")]
            )
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows_iter, ())]
    rows: list[list[object]] = []
    for row in rows_iter:
        if len(rows) > MAX_ROWS:
            break
        rows.append(list(row[: len(header)]))
    book.close()
    return header, rows


def _typed(name: str, header: list[str], rows: list[list[object]]) -> pl.DataFrame:
    problems: list[Problem] = []
    columns: list[str | None] = []
    for h in header:
        key = _BY_HEADER.get(str(h).strip())
        if key is None and str(h).strip():
            problems.append(
                _problem(
                    name,
                    1,
                    str(h),
                    str(h),
                    f"未知的列：可用 {', '.join(HEADERS_ZH.values())}",
                    f"unknown column; use {', '.join(HEADERS_ZH)}",
                )
            )
        columns.append(key)
    if "year" not in columns:
        problems.append(_problem(name, 1, "year", "", "缺少“年份”列", "the year column is missing"))
    if len(rows) > MAX_ROWS:
        problems.append(
            _problem(
                name, None, None, str(len(rows)), f"最多 {MAX_ROWS} 行", f"{MAX_ROWS} rows at most"
            )
        )
    if problems:
        raise DataValidationError(problems)
    out: list[dict[str, object]] = []
    for number, row in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        record: dict[str, object] = {"_row": number}
        for key, cell in zip(columns, row, strict=False):
            if key is None:
                continue
            text = "" if cell is None else str(cell).strip()
            if key == "source":
                record[key] = text[:2000] or None
                continue
            if not text:
                record[key] = None
                continue
            try:
                number_value = float(text.replace(",", ""))
            except ValueError:
                number_value = math.nan
            if not math.isfinite(number_value) or (
                key in _INTEGERS and number_value != int(number_value)
            ):
                problems.append(_problem(name, number, key, text, "应为数字", "must be a number"))
                continue
            record[key] = int(number_value) if key in _INTEGERS else number_value
        out.append(record)
    if problems:
        raise DataValidationError(problems)
    schema: dict[str, type[pl.DataType]] = {"_row": pl.Int64}
    for key in HEADERS_ZH:
        schema[key] = pl.Int64 if key in _INTEGERS else pl.String if key == "source" else pl.Float64
    return pl.DataFrame(out, schema=schema)
