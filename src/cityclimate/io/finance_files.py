"""The project-library XLSX template, its all-or-nothing import, and exports for partners.

The template has one sheet per library table (项目 Projects, 计算输入 Inputs, 投资分期
Phasing; :data:`cityclimate.finance.library.FIELDS`), the way provincial libraries collect
projects: row 1 holds the Chinese headers, row 2 the English ones, data start on row 3, so every
error names the sheet, the row as Excel shows it and the column. Reading checks the whole
workbook with the core (:func:`cityclimate.finance.library.projects_from_tables`): one problem
anywhere and nothing is taken. An export is the same template filled in, so export → import
gives the same library back.

Partner platforms (the Liangjiang–Tianfu memorandum's shared project information) get
published projects as JSON or CSV in the schema documented in ``docs/finance-export.md``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.finance.library import FIELDS, projects_from_tables, tables_from_projects
from cityclimate.finance.model import Project
from cityclimate.finance.monitoring import MONITORING_FIELDS, header_keys
from cityclimate.io.activity_files import read_table, xlsx_sheet_rows
from cityclimate.io.exports import workbook
from cityclimate.io.limits import (
    UploadLimits,
    check_cells,
    file_problem,
)
from cityclimate.text import Text

SHEETS: dict[str, str] = {
    "projects": "项目 Projects",
    "inputs": "计算输入 Inputs",
    "phasing": "投资分期 Phasing",
}
FIRST_DATA_ROW = 3
NOTES = (
    "第 1 行为中文表头，第 2 行为英文表头，数据从第 3 行开始；加粗列为必填。",
    "Row 1: Chinese headers; row 2: English headers; data start on row 3; bold columns are required.",
    "多个目录类别或融资工具用分号分隔（如 3;5）；金额单位为万元；阶段填 declared、admitted、promoted、"
    "financing、construction、operation 或 withdrawn。",
    "Several catalogue codes or instruments are separated by semicolons (3;5); money in 10k yuan; "
    "stage is declared, admitted, promoted, financing, construction, operation or withdrawn.",
    "减排量不需填写：平台按项目类型与计算输入用清单排放因子计算。",
    "Reductions are not typed in: the platform computes them from the type and inputs with the "
    "inventory's factors.",
    "导入时整本校验：任一单元格有误则全部不导入，并列出每个问题的工作表、行和列。",
    "Import checks the whole workbook: if any cell is wrong nothing is imported and every problem "
    "is listed by sheet, row and column.",
)


def library_xlsx(projects: list[Project] | None = None, notice: str = "") -> bytes:
    """The template (.xlsx bytes), filled with ``projects`` when given (an export)."""
    tables = tables_from_projects(projects or [])
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        required = book.add_format({"bold": True, "bg_color": "#FFF4CC"})
        plain = book.add_format({})
        english = book.add_format({"italic": True, "font_color": "#666666"})
        notes = book.add_worksheet("说明 Notes")
        notes.set_column(0, 0, 110)
        for line, text in enumerate(((notice,) if notice else ()) + NOTES):
            notes.write_string(line, 0, text)
        for kind, title in SHEETS.items():
            sheet = book.add_worksheet(title)
            for column, f in enumerate(FIELDS[kind]):
                sheet.write_string(0, column, f.header_zh, required if f.required else plain)
                sheet.write_string(1, column, f.header_en, english)
                sheet.set_column(column, column, max(12, 2 * len(f.header_zh) + 2))
            for row, values in enumerate(tables[kind].iter_rows(), start=FIRST_DATA_ROW - 1):
                for column, value in enumerate(values):
                    if value is not None:
                        sheet.write_string(row, column, value)
            sheet.freeze_panes(FIRST_DATA_ROW - 1, 0)
    return buffer.getvalue()


def read_library_xlsx(
    name: str,
    data: bytes,
    *,
    territories: frozenset[str] | None = None,
    limits: UploadLimits | None = None,
) -> list[Project]:
    """Every project of a library workbook, or one error listing every problem (none taken).

    Raises
    ------
    FileTooLargeError
        Beyond the upload limits (HTTP 413).
    DataValidationError
        Not an .xlsx workbook, damaged, no projects sheet or rows, or any bad cell: each named
        by file, sheet, row (as Excel shows it), column, value and the fix, in zh and en.
    """
    limits = limits or UploadLimits()
    sheets = xlsx_sheet_rows(
        name,
        data,
        limits,
        Text(
            "项目库须为 .xlsx 工作簿：请用项目库模板另存为 .xlsx",
            "the library must be an .xlsx workbook: save it from the template as .xlsx",
        ),
    )
    problems: list[Problem] = []
    tables: dict[str, pl.DataFrame] = {}
    for kind, title in SHEETS.items():
        if title not in sheets:
            if kind == "projects":
                problems.append(
                    file_problem(
                        name,
                        f"缺少工作表“{title}”：请使用项目库模板",
                        f"the sheet '{title}' is missing: use the library template",
                    )
                )
            continue
        frame = _sheet_frame(f"{name} [{title}]", kind, sheets[title], problems)
        if frame is not None:
            check_cells(f"{name} [{title}]", frame, limits)
            tables[kind] = frame
    if problems:
        raise DataValidationError(problems)
    if tables["projects"].is_empty():
        raise DataValidationError(
            [
                file_problem(
                    name,
                    f"“{SHEETS['projects']}”中没有项目：从第 {FIRST_DATA_ROW} 行起逐行填写",
                    f"'{SHEETS['projects']}' holds no projects: fill in rows from row {FIRST_DATA_ROW}",
                )
            ]
        )
    return projects_from_tables(
        tables,
        where={k: f"{name} [{t}]" for k, t in SHEETS.items()},
        first_row=FIRST_DATA_ROW,
        territories=territories,
    )


def _sheet_frame(
    where: str, kind: str, rows: list[tuple[Any, ...]], problems: list[Problem]
) -> pl.DataFrame | None:
    """The sheet's data rows as text keyed by field (headers in zh, en or the key are accepted)."""
    by_header = {h: f.key for f in FIELDS[kind] for h in (f.header_zh, f.header_en, f.key)}
    header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())]
    while header and not header[-1]:
        header.pop()
    unknown = [h for h in header if h not in by_header]
    keys = [by_header.get(h, h) for h in header]
    if unknown or len(set(keys)) != len(keys):
        problems.append(
            Problem(
                where,
                1,
                None,
                "、".join(unknown),
                "表头与模板不符（未知、重复或为空的列）：请勿在模板中改表头或加列",
                "the headers do not match the template (unknown, repeated or empty "
                "columns): do not change the template's headers or add columns",
            )
        )
        return None
    width = len(keys)
    beyond = [
        n
        for n, r in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW)
        if any(v not in (None, "") for v in r[width:])
    ]
    if beyond:
        problems.append(
            Problem(
                where,
                beyond[0],
                None,
                "",
                "表头之外的列中有数据：请删除多余的单元格",
                "values right of the headers: delete the extra cells",
            )
        )
        return None
    cells = [
        [None if v is None else _text(v) for v in r[:width]] + [None] * (width - len(r))
        for r in rows[FIRST_DATA_ROW - 1 :]
    ]
    while cells and all(v in (None, "") for v in cells[-1]):
        cells.pop()
    frame = pl.DataFrame(cells, schema=dict.fromkeys(keys, pl.String), orient="row")
    missing = [f.key for f in FIELDS[kind] if f.key not in frame.columns and not f.required]
    return frame.with_columns(pl.lit(None, pl.String).alias(k) for k in missing)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


#: Columns of the partner CSV, in order (documented in docs/finance-export.md).
CSV_COLUMNS = (
    "project_id",
    "name_zh",
    "name_en",
    "owner_name",
    "owner_uscc",
    "territory",
    "sub_area",
    "project_type",
    "climate_type",
    "green_bond",
    "transition",
    "investment_wan_yuan",
    "financing_need_wan_yuan",
    "financing_secured_wan_yuan",
    "instruments",
    "stage",
    "operation_year",
    "lever",
    "reduction_co2e_t",
    "reduction_basis",
    "reduction_year",
    "reduction_method_en",
    "illustrative",
)


def _flat(view: Mapping[str, Any]) -> dict[str, Any]:
    estimate = view.get("estimate") or {}
    codes = view.get("catalogue_codes") or {}
    return {
        **{k: view.get(k) for k in CSV_COLUMNS if k in view},
        "green_bond": ";".join(codes.get("green_bond", [])),
        "transition": ";".join(codes.get("transition", [])),
        "instruments": ";".join(view.get("instruments") or []),
        "reduction_co2e_t": estimate.get("reduction_co2e_t"),
        "reduction_basis": estimate.get("basis"),
        "reduction_year": estimate.get("year"),
        "reduction_method_en": estimate.get("method_en"),
    }


def projects_csv(views: Iterable[Mapping[str, Any]]) -> bytes:
    """Published projects as UTF-8 CSV (with BOM, so Excel opens the Chinese correctly)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for view in views:
        writer.writerow(_flat(view))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def projects_json(views: Iterable[Mapping[str, Any]], *, notice: str = "") -> bytes:
    """Projects with their estimates as JSON: ``{"schema": …, "notice": …, "projects": […]}``."""
    document = {
        "schema": "cityclimate.finance.projects/1",
        "notice": notice,
        "projects": list(views),
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def read_monitoring_table(
    name: str, data: bytes, *, limits: UploadLimits | None = None
) -> tuple[pl.DataFrame, list[int]]:
    """A monitoring file (CSV or XLSX, first sheet) as text keyed by field, with row numbers.

    Headers in zh, en or the key are accepted (:data:`cityclimate.finance.monitoring.
    MONITORING_FIELDS`); the row numbers are those the file shows.

    Raises
    ------
    FileTooLargeError
        Beyond the upload limits (HTTP 413).
    DataValidationError
        Not a readable table, no data rows, or a required column missing.
    """
    frame = read_table(name, data, limits)
    keys = header_keys()
    renamed = frame.rename({c: keys[c] for c in frame.columns if c in keys})
    missing = [f for f in MONITORING_FIELDS if f.key not in renamed.columns]
    if missing:
        raise DataValidationError(
            [
                file_problem(
                    name,
                    f"缺少列“{f.header_zh}”（{f.header_en}）：表头须为 项目编号、监测年份、计量项、数值、单位",
                    f"the column '{f.header_en}' ({f.header_zh}) is missing: the headers are "
                    "project id, year, input, value, unit",
                )
                for f in missing
            ]
        )
    return renamed, [int(r) for r in frame["_row"].cast(pl.Int64)]
