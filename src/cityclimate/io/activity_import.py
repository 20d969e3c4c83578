"""Import a filled activity template (.xlsx, .xlsm or .xls), all or nothing.

The workbook is read with fastexcel (Rust calamine: fast on large files, and it reads the
.xls files WPS users send). Either every row of every data sheet is valid and the records come
back as one DataFrame, or :class:`~cityclimate.errors.DataValidationError` lists every problem
with its sheet, row (as Excel shows it), column (letter and header), value and a message in
Chinese and English; nothing partial is returned.

File-level problems, each with its own message: not a template or a wrong template version,
merged cells, changed headers. Row-level problems: text in number cells, missing or negative
values, unknown categories/territories, categories on the wrong sheet, unknown units or units
that do not fit the fuel, duplicate rows.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import fastexcel
import polars as pl
import xlrd
from openpyxl.utils import get_column_letter

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import validate_activities
from cityclimate.inventory.qa import check_activities
from cityclimate.io.activity_template import (
    COLUMNS,
    DATA_GROUPS,
    FIRST_DATA_ROW,
    INSTRUCTIONS_SHEET,
    NUMBER_COLUMNS,
    TEMPLATE_VERSION,
    VERSION_LABEL,
    group_categories,
)

SUFFIXES = (".xlsx", ".xlsm", ".xls")
_HEADERS = [zh for _, zh in COLUMNS]
_LETTER = {field: get_column_letter(i + 1) for i, (field, _) in enumerate(COLUMNS)}
_ZH = dict(COLUMNS)


def is_template(path: Path) -> bool:
    """Whether the workbook has the template's instructions sheet (any version)."""
    try:
        return INSTRUCTIONS_SHEET in fastexcel.read_excel(path).sheet_names
    except (fastexcel.FastExcelError, OSError):
        return False


def import_activities(path: Path) -> pl.DataFrame:
    """Read every data sheet of a filled template into one table of activity records.

    Returns
    -------
    polars.DataFrame
        The activity columns (English names, typed as the engine expects) plus ``sheet`` and
        ``row`` (the Excel row) of each record. A record without an id gets
        ``"<sheet> row <row>"``.

    Raises
    ------
    DataValidationError
        Listing every problem; nothing is returned when there is any.
    """
    name = path.name
    reader = _open(path)
    _check_version(reader, name)
    merged = _merged_cells(path)
    if merged:
        raise DataValidationError(
            [
                Problem(
                    f"{name} [{sheet}]",
                    None,
                    None,
                    ", ".join(ranges[:10]),
                    f"工作表含合并单元格（{', '.join(ranges[:10])}）：导入模板中不允许合并单元格，"
                    "请取消合并并在每个单元格中填写数值",
                    f"the sheet has merged cells ({', '.join(ranges[:10])}): merged cells are not "
                    "allowed in the import template; unmerge them and fill every cell",
                )
                for sheet, ranges in merged.items()
            ]
        )
    problems: list[Problem] = []
    frames: list[pl.DataFrame] = []
    categories, territories = refdata.categories(), refdata.territories()
    for group in DATA_GROUPS:
        where = f"{name} [{group.sheet}]"
        if group.sheet not in reader.sheet_names:
            problems.append(_file_problem(where, "缺少工作表", "the sheet is missing"))
            continue
        frame, sheet_problems = _read_sheet(reader, group.sheet, where)
        problems += sheet_problems
        if frame is None or frame.is_empty():
            continue
        rows = frame["row"].to_list()  # data-row index -> Excel row
        raw = frame.drop("row")
        bad_cells = {(p.row, p.field) for p in sheet_problems}
        typed: pl.DataFrame | None = None
        try:
            typed = validate_activities(
                raw,
                categories=categories,
                territories=territories,
                where=where,
                first_row=FIRST_DATA_ROW,
            ).with_columns(row=frame["row"])
        except DataValidationError as exc:
            for p in exc.problems:
                located = p if p.row is None else replace(p, row=rows[p.row - FIRST_DATA_ROW])
                if (located.row, located.field) not in bad_cells:  # text cells: said already
                    problems.append(located)
                    bad_cells.add((located.row, located.field))
        allowed = group_categories(group, categories)
        known = categories["code"].to_list()
        misplaced = frame.filter(
            pl.col("category").is_in(known) & ~pl.col("category").is_in(allowed)
        )
        for row, category in misplaced.select("row", "category").iter_rows():
            problems.append(
                Problem(
                    where,
                    row,
                    "category",
                    category,
                    f"该类别不属于本工作表（本表可用：{', '.join(allowed)}）：请移到对应工作表",
                    f"this category does not belong on this sheet (allowed: {', '.join(allowed)}): "
                    "move the row to its sheet",
                )
            )
        for finding in check_activities(raw, where=where, first_row=0):
            if finding.rule != "unit_dimension":
                continue
            assert finding.row is not None
            row = rows[finding.row]
            if (row, "unit") not in bad_cells:
                problems.append(
                    Problem(
                        where, row, "unit", finding.value, finding.message_zh, finding.message_en
                    )
                )
        if typed is not None:
            frames.append(typed.drop("_row").with_columns(sheet=pl.lit(group.sheet)))
    records = pl.concat(frames, how="vertical_relaxed") if frames else None
    if records is not None:
        problems += _duplicates(records, name)
    if problems:
        raise DataValidationError([_with_column(p) for p in problems])
    if records is None or records.is_empty():
        raise DataValidationError(
            [_file_problem(name, "模板中没有数据行", "the template has no data rows")]
        )
    # A record without an id is named by its place, so that later messages and the lineage
    # of every result row lead back to the cell the number came from.
    return records.with_columns(
        record_id=pl.coalesce("record_id", pl.format("{} row {}", pl.col("sheet"), pl.col("row")))
    )


def _open(path: Path) -> fastexcel.ExcelReader:
    name = path.name
    if not path.is_file():
        raise DataValidationError([_file_problem(name, "文件不存在", "the file does not exist")])
    if path.suffix.lower() not in SUFFIXES:
        raise DataValidationError(
            [
                _file_problem(
                    name,
                    "不支持的文件类型：请使用 .xlsx 或 .xls 模板",
                    "unsupported file type: use the .xlsx or .xls template",
                )
            ]
        )
    try:
        return fastexcel.read_excel(path)
    except (fastexcel.FastExcelError, OSError) as exc:
        raise DataValidationError(
            [
                _file_problem(
                    name,
                    f"无法读取该 Excel 文件（{exc}）：文件可能已损坏或被加密",
                    f"cannot read this Excel file ({exc}): it may be damaged or encrypted",
                )
            ]
        ) from exc


def _check_version(reader: fastexcel.ExcelReader, name: str) -> None:
    if INSTRUCTIONS_SHEET not in reader.sheet_names:
        raise DataValidationError(
            [
                _file_problem(
                    name,
                    f"不是 cityclimate 导入模板（缺少“{INSTRUCTIONS_SHEET}”工作表）：请先生成模板"
                    "（cityclimate inventory template）再填写",
                    f"not a cityclimate import template (no '{INSTRUCTIONS_SHEET}' sheet): "
                    "generate one with `cityclimate inventory template` and fill it in",
                )
            ]
        )
    cells = reader.load_sheet(INSTRUCTIONS_SHEET, header_row=None, dtypes="string").to_polars()
    found = ""
    for row in cells.iter_rows():
        if row and row[0] == VERSION_LABEL and len(row) > 1:
            found = str(row[1] or "")
            break
    if found != TEMPLATE_VERSION:
        raise DataValidationError(
            [
                Problem(
                    f"{name} [{INSTRUCTIONS_SHEET}]",
                    2,
                    "B",
                    found,
                    f"模板版本不符：文件为“{found or '（空）'}”，应为“{TEMPLATE_VERSION}”；"
                    "请下载最新模板，把数据复制进去再导入",
                    f"wrong template version: the file says '{found or '(empty)'}', expected "
                    f"'{TEMPLATE_VERSION}'; download the current template and copy the data into it",
                )
            ]
        )


def _read_sheet(
    reader: fastexcel.ExcelReader, sheet: str, where: str
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Read one data sheet: text columns as text, number columns as numbers (errors located)."""
    header = reader.load_sheet(sheet, header_row=None, n_rows=1, dtypes="string").to_polars()
    found = [str(v) if v is not None else "" for v in header.row(0)] if header.height else []
    if found[: len(_HEADERS)] != _HEADERS:
        return None, [
            _file_problem(
                where,
                f"表头与模板不符（应为：{'、'.join(_HEADERS)}）：请不要增删、改名或移动列",
                f"the headers differ from the template's (expected: {', '.join(_HEADERS)}): "
                "do not add, remove, rename or move columns",
            )
        ]
    dtypes: dict[str | int, fastexcel.DType] = {
        zh: ("float" if field in NUMBER_COLUMNS else "string") for field, zh in COLUMNS
    }
    loaded = reader.load_sheet(
        sheet,
        header_row=0,
        skip_rows=FIRST_DATA_ROW - 2,
        use_columns=list(range(len(_HEADERS))),
        dtypes=dtypes,
    )
    batch, errors = loaded.to_arrow_with_errors()
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    problems: list[Problem] = []
    for error in errors.errors if errors is not None else []:
        row, col = error.position
        field = COLUMNS[col][0]
        value = re.sub(r"^Expected \w+ but got '\w+\(\"?(.*?)\"?\)'$", r"\1", error.detail)
        problems.append(
            Problem(
                where,
                row + 1,
                field,
                value,
                "数字单元格中填写了文本：请只填数字（不带单位、千分位逗号或说明文字）",
                "text in a number cell: enter a plain number (no unit, thousands separator or note)",
            )
        )
    frame = frame.rename({zh: field for field, zh in COLUMNS}).with_columns(
        row=pl.int_range(FIRST_DATA_ROW, FIRST_DATA_ROW + pl.len(), dtype=pl.Int64)
    )
    values = [c for c, _ in COLUMNS]
    empty = pl.all_horizontal(pl.col(c).is_null() for c in values)
    frame = frame.filter(~empty)
    if "year" in frame.columns:
        year = pl.col("year")
        whole = year.is_null() | (year == year.round(0))
        for r in frame.filter(~whole).iter_rows(named=True):
            problems.append(
                Problem(
                    where,
                    r["row"],
                    "year",
                    str(r["year"]),
                    "年份应为整数",
                    "year must be a whole number",
                )
            )
        frame = frame.with_columns(year.cast(pl.Int32, strict=False))
    return frame, problems


def _duplicates(records: pl.DataFrame, name: str) -> list[Problem]:
    """Rows equal in every field but the record id (across all sheets) are duplicates."""
    fields = [f for f, _ in COLUMNS if f != "record_id"]
    indexed = records.with_columns(
        _first_row=pl.col("row").first().over(fields, order_by="row"),
        _first_sheet=pl.col("sheet").first().over(fields, order_by="row"),
        _n=pl.len().over(fields),
    )
    repeated = indexed.filter(
        (pl.col("_n") > 1)
        & ((pl.col("row") != pl.col("_first_row")) | (pl.col("sheet") != pl.col("_first_sheet")))
    )
    return [
        Problem(
            f"{name} [{r['sheet']}]",
            r["row"],
            None,
            f"{r['category']} {r['fuel']} {r['year']} {r['quantity']} {r['unit']}",
            f"重复行：与“{r['_first_sheet']}”第 {r['_first_row']} 行完全相同；请删除重复行，"
            "或在数据来源中注明两者的区别",
            f"duplicate row: identical to row {r['_first_row']} of '{r['_first_sheet']}'; "
            "delete it, or say in the data source how the two differ",
        )
        for r in repeated.iter_rows(named=True)
    ]


def _merged_cells(path: Path) -> dict[str, list[str]]:
    """Merged ranges (A1 notation) per sheet name, for .xlsx and legacy .xls files.

    fastexcel does not expose merged cells, so they are read separately: from the .xlsx
    package's XML, or with xlrd's formatting records for .xls (as WPS users send them).
    """
    if path.suffix.lower() == ".xls":
        return _merged_cells_xls(path)
    return _merged_cells_xlsx(path)


def _merged_cells_xls(path: Path) -> dict[str, list[str]]:
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError:
        return {}
    out: dict[str, list[str]] = {}
    for name in book.sheet_names():
        # (first row, last row + 1, first column, last column + 1), 0-based.
        ranges = [
            f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1)}{r1}"
            for r0, r1, c0, c1 in book.sheet_by_name(name).merged_cells
        ]
        if ranges:
            out[name] = ranges
    return out


def _merged_cells_xlsx(path: Path) -> dict[str, list[str]]:
    """Merged ranges per sheet name, read from the .xlsx package (no full parse of the cells)."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    try:
        with zipfile.ZipFile(path) as package:
            book = ElementTree.fromstring(package.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", ns)}
            out: dict[str, list[str]] = {}
            for sheet in book.findall("m:sheets/m:sheet", ns):
                target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                text = package.read(member)
                if b"mergeCell" not in text:
                    continue
                root = ElementTree.fromstring(text)
                ranges = [m.get("ref", "") for m in root.findall("m:mergeCells/m:mergeCell", ns)]
                if ranges:
                    out[sheet.get("name", "")] = ranges
            return out
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return {}


def _file_problem(where: str, zh: str, en: str) -> Problem:
    return Problem(where, None, None, "", zh, en)


def _with_column(problem: Problem) -> Problem:
    """Name the column as Excel shows it: letter, Chinese and English header."""
    field = problem.field
    if field is None or field not in _LETTER:
        return problem
    return Problem(
        problem.where,
        problem.row,
        f"{_LETTER[field]} {_ZH[field]} / {field}",
        problem.value,
        problem.message_zh,
        problem.message_en,
    )
