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

import fastexcel
import polars as pl
from openpyxl.utils import get_column_letter

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.engine import validate_for_compute
from cityclimate.inventory.model import Method
from cityclimate.io.activity_files import unreadable
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
from cityclimate.io.workbook_parts import merged_cells

_HEADERS = [zh for _, zh in COLUMNS]
#: Each column of a template data sheet as Excel shows it: letter, Chinese and English header.
TEMPLATE_HEADERS = {
    field: f"{get_column_letter(i + 1)} {zh} / {field}" for i, (field, zh) in enumerate(COLUMNS)
}


def is_template(reader: fastexcel.ExcelReader) -> bool:
    """Whether the workbook has the template's instructions sheet (any version)."""
    return INSTRUCTIONS_SHEET in reader.sheet_names


def import_template(
    name: str,
    data: bytes,
    reader: fastexcel.ExcelReader,
    kind: str = "xlsx",
    territories: pl.DataFrame | None = None,
    method: Method | None = None,
) -> pl.DataFrame:
    """Read every data sheet of a filled template into one table of activity records.

    Parameters
    ----------
    name:
        The file's name, for messages.
    data, reader:
        The workbook's bytes (already checked against the upload limits) and the fastexcel
        reader opened on them.
    kind:
        ``"xlsx"`` or ``"xls"`` (how merged cells are found).
    territories:
        The territories the codes must come from (a platform passes its stored table); default
        the shipped one.
    method:
        As in :func:`cityclimate.io.activities.read_activities` (factor availability).

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
    _check_version(reader, name)
    merged = merged_cells(data, kind)
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
    categories = refdata.categories()
    territories = refdata.territories() if territories is None else territories
    for group in DATA_GROUPS:
        where = f"{name} [{group.sheet}]"
        if group.sheet not in reader.sheet_names:
            problems.append(_file_problem(where, "缺少工作表", "the sheet is missing"))
            continue
        frame, sheet_problems = _read_sheet(reader, group.sheet, where)
        problems += sheet_problems
        if frame is None or frame.is_empty():
            continue
        raw = frame.rename({"row": "_row"})
        bad_cells = {(p.row, p.field) for p in sheet_problems}
        typed: pl.DataFrame | None = None
        try:
            typed = validate_for_compute(
                raw, categories=categories, territories=territories, where=where, method=method
            )
        except DataValidationError as exc:
            for p in exc.problems:
                if (p.row, p.field) not in bad_cells:  # text in number cells: said already
                    problems.append(p)
                    bad_cells.add((p.row, p.field))
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
        if typed is not None:
            frames.append(typed.rename({"_row": "row"}).with_columns(sheet=pl.lit(group.sheet)))
    records = pl.concat(frames, how="vertical_relaxed") if frames else None
    if records is not None:
        problems += _duplicates(records, name)
    if problems:
        raise DataValidationError([with_column(p) for p in problems])
    if records is None or records.is_empty():
        raise DataValidationError(
            [
                _file_problem(
                    name,
                    "模板中没有数据行（只有表头）：请从第 3 行起逐行填写数据",
                    "the template has no data rows (headers only): fill in one record per row "
                    "from row 3",
                )
            ]
        )
    # A record without an id is named by its place, so that later messages and the lineage
    # of every result row lead back to the cell the number came from.
    return records.with_columns(
        record_id=pl.coalesce("record_id", pl.format("{} row {}", pl.col("sheet"), pl.col("row")))
    )


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
    """Read one data sheet; a sheet calamine cannot parse (malformed XML) is a file problem."""
    try:
        return _read_data_sheet(reader, sheet, where)
    except fastexcel.FastExcelError as exc:
        return None, [unreadable(where, exc)]


def _read_data_sheet(
    reader: fastexcel.ExcelReader, sheet: str, where: str
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Read one data sheet: text columns as text, number columns as numbers (errors located)."""
    header = reader.load_sheet(sheet, header_row=None, n_rows=1, dtypes="string").to_polars()
    if header.width > len(_HEADERS):
        beyond = _beyond_headers(reader, sheet, where, header.width)
        if beyond:
            return None, beyond
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


def _beyond_headers(
    reader: fastexcel.ExcelReader, sheet: str, where: str, width: int
) -> list[Problem]:
    """Rows with values right of the template's columns (refused: they would be lost)."""
    extra = reader.load_sheet(
        sheet,
        header_row=None,
        use_columns=list(range(len(_HEADERS), width)),
        dtypes="string",
    ).to_polars()
    filled = extra.with_row_index("row", offset=1).filter(
        pl.any_horizontal(pl.col(c).is_not_null() & (pl.col(c) != "") for c in extra.columns)
    )
    return [
        Problem(
            where,
            int(r["row"]),
            None,
            "",
            f"该行在模板的 {len(_HEADERS)} 列之外有数据：请删除多余的单元格（不要在模板中加列）",
            f"the row has values right of the template's {len(_HEADERS)} columns: delete them "
            "(do not add columns to the template)",
        )
        for r in filled.head(200).iter_rows(named=True)
    ]


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


def _file_problem(where: str, zh: str, en: str) -> Problem:
    return Problem(where, None, None, "", zh, en)


def with_column(problem: Problem) -> Problem:
    """Name the column as Excel shows it: letter, Chinese and English header (``field`` keeps
    the machine-readable name)."""
    if problem.field is None or problem.field not in TEMPLATE_HEADERS:
        return problem
    return problem.placed(problem.where, column=TEMPLATE_HEADERS[problem.field])
