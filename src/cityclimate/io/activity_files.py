"""Read a flat table (CSV, .xlsx, .xls) from bytes into text columns, every row numbered.

Every cell is read as text so that the core's validation, not the file reader, decides what is
a number; the ``_row`` column holds each row's number as the user sees it in Excel or a text
editor (the header is row 1 unless blank rows come before it), so messages lead back to the
cell. Fully blank rows are dropped after numbering.

What the bytes are is decided by their content, not by the name: a zip package is a workbook,
an OLE2 compound file is a legacy .xls, anything else must be text. A CSV may be UTF-8 (with or
without the BOM Excel's "CSV UTF-8" writes), UTF-16 with its BOM, or GBK/GB18030 as Excel on
Chinese Windows writes "CSV"; other encodings are refused rather than guessed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Any

import fastexcel
import polars as pl
import xlrd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cityclimate.errors import DataValidationError, Problem
from cityclimate.io.limits import (
    PackageFacts,
    UploadLimits,
    check_cells,
    check_rows,
    check_size,
    file_problem,
    inspect_package,
)
from cityclimate.io.workbook_parts import first_sheet_part
from cityclimate.text import Text

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
TEXT_SUFFIXES = (".csv", ".txt")
#: Share of non-ASCII characters that must be Chinese (or CJK punctuation) for GBK to be believed.
_CJK_SHARE = 0.9
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014-\u2026·°²³⁴¹⁰]")


def kind_of(name: str, data: bytes) -> str:
    """``"xlsx"``, ``"xls"`` or ``"csv"``, from the content; a mismatch with the name is an error."""
    suffix = _suffix(name)
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if suffix in WORKBOOK_SUFFIXES:
        raise DataValidationError(
            [
                file_problem(
                    name,
                    f"文件内容不是 Excel 工作簿，与扩展名 {suffix} 不符：请用 Excel 打开后另存为"
                    " .xlsx，或选择正确的文件",
                    f"the content is not an Excel workbook, though the name ends in {suffix}: "
                    "open it in Excel and save it as .xlsx, or choose the right file",
                )
            ]
        )
    if suffix and suffix not in TEXT_SUFFIXES:  # no suffix at all: text, read as CSV
        raise DataValidationError(
            [
                file_problem(
                    name,
                    "不支持的文件类型：请使用 .xlsx、.xls 或 .csv",
                    "unsupported file type: use .xlsx, .xls or .csv",
                )
            ]
        )
    return "csv"


def read_table(name: str, data: bytes, limits: UploadLimits | None = None) -> pl.DataFrame:
    """Return the first sheet (or the CSV) as text columns named by the header, plus ``_row``.

    Raises
    ------
    FileTooLargeError
        Beyond the upload limits (size, inflation, rows).
    DataValidationError
        Not a readable table, an unknown text encoding, cells beyond the headers, too long a
        cell, or no data rows.
    """
    limits = limits or UploadLimits()
    check_size(name, data, limits)
    kind = kind_of(name, data)
    if kind == "csv":
        return _finish(name, _read_csv(name, data, limits), limits)
    facts = inspect_package(name, data, limits) if kind == "xlsx" else None
    return workbook_table(name, data, kind, open_workbook(name, data), facts, limits)


def workbook_table(
    name: str,
    data: bytes,
    kind: str,
    reader: fastexcel.ExcelReader,
    facts: PackageFacts | None,
    limits: UploadLimits,
) -> pl.DataFrame:
    """:func:`read_table` for a workbook already checked (``facts``) and opened (``reader``)."""
    if kind == "xlsx":
        part = first_sheet_part(data) or ""
        first_row = (facts.first_cell if facts else {}).get(part, (1, "A"))[0]
    else:
        first_row = _first_row_xls(name, data)
    return _finish(name, _read_sheet(name, reader, first_row), limits)


def _finish(name: str, frame: pl.DataFrame, limits: UploadLimits) -> pl.DataFrame:
    check_rows(name, frame.height, limits)
    check_cells(name, frame.rename({"_row": "row"}), limits)
    if frame.is_empty():
        raise DataValidationError(
            [
                file_problem(
                    name,
                    "文件中没有数据行（只有表头）：请在表头下逐行填写数据",
                    "the file has no data rows (headers only): fill in one record per row "
                    "below the headers",
                )
            ]
        )
    return frame


def open_workbook(name: str, data: bytes) -> fastexcel.ExcelReader:
    """Open workbook bytes with fastexcel; a damaged file is a located, bilingual error."""
    try:
        return fastexcel.read_excel(data)
    except (fastexcel.FastExcelError, OSError) as exc:
        raise DataValidationError([unreadable(name, exc)]) from exc


def xlsx_sheet_rows(
    name: str, data: bytes, limits: UploadLimits, not_xlsx: Text
) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows of an .xlsx upload (title → rows of cell values), read with openpyxl.

    The bytes are held to ``limits`` first (size, then the zip package); anything that is not an
    .xlsx workbook is refused with ``not_xlsx`` (what to do instead), a damaged one with
    :func:`unreadable`.
    """
    check_size(name, data, limits)
    if kind_of(name, data) != "xlsx":
        raise DataValidationError([file_problem(name, not_xlsx.zh, not_xlsx.en)])
    inspect_package(name, data, limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = {title: list(book[title].iter_rows(values_only=True)) for title in book.sheetnames}
        book.close()
    except Exception as exc:  # openpyxl raises many types on damaged XML: all mean the same
        raise DataValidationError([unreadable(name, exc)]) from exc
    return sheets


def unreadable(name: str, exc: Exception) -> Problem:
    """The problem for a workbook calamine cannot parse (damaged, encrypted, malformed XML)."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return file_problem(
        name,
        f"无法读取该 Excel 文件（{detail}）：文件可能已损坏或被加密；请用 Excel 打开并另存为 .xlsx",
        f"cannot read this Excel file ({detail}): it may be damaged or encrypted; open it in "
        "Excel and save it as .xlsx",
    )


def decode_text(name: str, data: bytes) -> str:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, or GBK; otherwise refuse."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom) or (codec == "utf-16" and data.startswith(codecs.BOM_UTF16_BE)):
            try:
                return data.decode("utf-8-sig" if codec == "utf-8" else codec)
            except UnicodeDecodeError as exc:
                raise DataValidationError([_encoding(name, exc.start)]) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DataValidationError([_encoding(name, first_bad)]) from exc
    # GB18030 decodes many byte strings; believe it only when what it finds is Chinese.
    wide = [c for c in text if ord(c) > 127]
    if sum(1 for c in wide if _CJK.match(c)) < _CJK_SHARE * len(wide):
        raise DataValidationError([_encoding(name, first_bad)])
    return text


def _read_csv(name: str, data: bytes, limits: UploadLimits) -> pl.DataFrame:
    text = decode_text(name, data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    columns: list[list[str | None]] = []
    rows: list[int] = []
    problems: list[Problem] = []
    index = 0  # one record is one row in Excel, also when a quoted cell holds a line break
    try:
        for record in reader:
            index += 1
            if header is None:
                if any(cell.strip() for cell in record):
                    header = [cell.strip() for cell in record]
                    columns = [[] for _ in header]
                continue
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                problems.append(_beyond(name, index, record, header))
                if len(problems) >= 200:
                    break
                continue
            rows.append(index)
            check_rows(name, len(rows), limits)
            for i, column in enumerate(columns):
                column.append(record[i] if i < len(record) else None)
    except csv.Error as exc:
        raise DataValidationError(
            [
                Problem(
                    name,
                    reader.line_num,
                    None,
                    "",
                    f"CSV 格式错误（{exc}）：含逗号或换行的文字须用英文双引号括起",
                    f"malformed CSV ({exc}): text holding commas or line breaks must be quoted",
                )
            ]
        ) from exc
    if problems:
        raise DataValidationError(problems)
    if header is None:
        header = []
    _check_header(name, header)
    return pl.DataFrame(
        [pl.Series("_row", rows, dtype=pl.Int64)]
        + [pl.Series(h, col, dtype=pl.String) for h, col in zip(header, columns, strict=True)]
    )


def _read_sheet(name: str, reader: fastexcel.ExcelReader, first_row: int) -> pl.DataFrame:
    """The first sheet as text; its first row with a value is the header."""
    try:
        frame = _sheet_text(reader)
    except (fastexcel.FastExcelError, IndexError) as exc:
        raise DataValidationError([unreadable(name, exc)]) from exc
    if frame.is_empty():
        _check_header(name, [])
    header = ["" if v is None else str(v).strip() for v in frame.row(0)]
    while header and not header[-1]:
        header.pop()
    _check_header(name, header)
    body = frame.slice(1).with_columns(
        pl.int_range(first_row + 1, first_row + frame.height, dtype=pl.Int64).alias("_row")
    )
    values = body.columns[: len(header)]
    extra = body.columns[len(header) : frame.width]
    blank = pl.all_horizontal(
        pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in values
    )
    if extra:
        beyond = body.filter(
            pl.any_horizontal(pl.col(c).is_not_null() & (pl.col(c) != "") for c in extra)
        )
        if not beyond.is_empty():
            raise DataValidationError(
                [
                    Problem(
                        name,
                        int(r["_row"]),
                        None,
                        "",
                        f"该行在表头之外的列中有数据（表头共 {len(header)} 列）：请删除多余的单元格，"
                        "或为该列添加表头",
                        f"the row has values beyond the headers ({len(header)} columns): delete "
                        "them, or give the column a header",
                    )
                    for r in beyond.head(200).iter_rows(named=True)
                ]
            )
    body = body.filter(~blank).select(
        "_row", *[pl.col(c).alias(h) for c, h in zip(values, header, strict=True)]
    )
    return body


def _sheet_text(reader: fastexcel.ExcelReader) -> pl.DataFrame:
    """The first sheet as text columns, its header row first, parsed once (issue 20).

    Every ``load_sheet`` parses the whole sheet, so the sheet is loaded once with its header row
    naming the columns and each column's type taken from all its cells: a column holding only
    numbers comes as numbers, with every digit, and each is written as its shortest exact text
    (whole numbers without a decimal point). A column mixing text and numbers comes as text
    (numbers written with at most 9 decimals): :func:`_exact_numbers` reads those columns again.
    When the reader had to name a column itself (an empty or repeated header) or a column holds
    dates or booleans, the sheet is read as before: all text, then the exact numbers.
    """
    sheet = reader.load_sheet(0, schema_sample_rows=None)
    columns = sheet.available_columns()
    names = [c.name for c in columns]
    renamed = any(
        c.column_name_from != "looked_up"
        or ("_" in c.name and c.name.rpartition("_")[0] in names[: c.index])
        for c in columns
    )
    if renamed or any(c.dtype not in ("string", "float", "int") for c in columns):
        every = reader.load_sheet(0, header_row=None, dtypes="string").to_polars()
        return _exact_numbers(reader, every)
    data = sheet.to_polars()
    text = [
        pl.Series(f"__UNNAMED__{i}", [name], pl.String).append(
            column if info.dtype == "string" else _number_text(column)
        )
        for i, (name, info, column) in enumerate(
            zip(names, columns, data.get_columns(), strict=True)
        )
    ]
    frame = pl.DataFrame(text)
    mixed = [i for i, c in enumerate(columns) if c.dtype == "string"]
    return _exact_numbers(reader, frame, mixed)


def _number_text(numbers: pl.Series) -> pl.Series:
    """Each number's shortest exact text; whole numbers without ``.0`` (as a cell shows them)."""
    whole = numbers.is_finite() & (numbers == numbers.round(0)) & (numbers.abs() < 2.0**53)
    return pl.select(
        pl.when(whole)
        .then(numbers.cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(numbers.cast(pl.String))
    ).to_series()


def _exact_numbers(
    reader: fastexcel.ExcelReader, frame: pl.DataFrame, columns: list[int] | None = None
) -> pl.DataFrame:
    """Number cells with their exact value.

    fastexcel turns a number cell into text with at most 9 decimals (1e-10 → "0", 1/3 →
    "0.333333333"). The columns holding numbers are read again as numbers; where a cell's text
    reads as a different number, the shortest text of the exact number replaces it (a text cell
    such as "001", or a number the text already holds exactly, keeps its text). ``columns``:
    the positions of the columns to consider (default all); the header row is the frame's first.
    """
    numeric = [
        i
        for i, c in enumerate(frame.columns)
        if (columns is None or i in columns)
        and frame[c].cast(pl.Float64, strict=False).is_not_null().any()
    ]
    if not numeric:
        return frame
    # By name (``__UNNAMED__<i>``): a position means the sheet's column, not the range's.
    names = [frame.columns[i] for i in numeric]
    numbers = reader.load_sheet(0, header_row=None, use_columns=names, dtypes="float")
    exact = numbers.to_polars()
    if exact.height != frame.height:  # never seen; keep the text rather than misalign rows
        return frame
    replaced = []
    for i, number in zip(numeric, exact.get_columns(), strict=True):
        text = frame.get_column(frame.columns[i])
        read = text.cast(pl.Float64, strict=False)
        lossy = read.is_not_null() & number.is_not_null() & (read != number)
        replaced.append(
            pl.select(
                pl.when(lossy).then(number.cast(pl.String)).otherwise(text).alias(text.name)
            ).to_series()
        )
    return frame.with_columns(replaced)


def _check_header(name: str, header: list[str]) -> None:
    if not header:
        raise DataValidationError(
            [
                file_problem(
                    name,
                    "文件是空的：第一行应为表头",
                    "the file is empty: row 1 must hold the headers",
                )
            ]
        )
    seen: set[str] = set()
    for i, h in enumerate(header):
        if not h or h in seen:
            raise DataValidationError(
                [
                    Problem(
                        name,
                        None,
                        get_column_letter(i + 1),
                        h,
                        "表头为空或重复：每列需要一个不同的表头",
                        "a header is empty or repeated: every column needs its own header",
                    )
                ]
            )
        seen.add(h)


def _beyond(name: str, row: int, record: list[str], header: list[str]) -> Problem:
    return Problem(
        name,
        row,
        None,
        ",".join(c for c in record[len(header) :] if c.strip())[:100],
        f"该行有 {len(record)} 个单元格，表头只有 {len(header)} 列：请删除多余的单元格，"
        "或给含逗号的文字加英文双引号",
        f"the row has {len(record)} cells but the header only {len(header)}: delete the extra "
        "cells, or quote text that holds a comma",
    )


def _first_row_xls(name: str, data: bytes) -> int:
    try:
        sheet = xlrd.open_workbook(file_contents=data, on_demand=True).sheet_by_index(0)
    except (xlrd.XLRDError, IndexError, ValueError, AssertionError) as exc:
        raise DataValidationError([unreadable(name, exc)]) from exc
    for r in range(sheet.nrows):
        if any(str(v).strip() for v in sheet.row_values(r)):
            return r + 1
    return 1


def _encoding(name: str, offset: int) -> Problem:
    return file_problem(
        name,
        f"无法识别文件的文字编码（第 {offset} 个字节起既不是 UTF-8 也不是 GBK）：请在 Excel 中"
        "另存为“CSV UTF-8（逗号分隔）”",
        f"cannot tell the file's text encoding (from byte {offset} it is neither UTF-8 nor "
        "GBK): save it from Excel as 'CSV UTF-8 (comma delimited)'",
    )


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""
