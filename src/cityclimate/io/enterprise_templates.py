"""Excel templates of enterprise ledgers, their all-or-nothing import, and report workbooks.

The ledger template has one sheet per ledger (能源 Energy, 物料 Materials, 产量 Production,
数据中心 Data centre). Row 1 holds the Chinese headers, row 2 the English ones beneath, and
data start on row 3, so error messages name the row as Excel shows it. Import reads every
sheet present, validates each with the core
(:func:`cityclimate.enterprises.ledgers.validate_ledger`) and raises one
:class:`~cityclimate.errors.DataValidationError` listing the problems of all sheets: nothing is
taken when any row is wrong.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from typing import Any

import polars as pl
import xlsxwriter
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from cityclimate.enterprises.compliance import ComplianceOverview
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, LedgerKind, validate_ledger
from cityclimate.enterprises.model import Enterprise
from cityclimate.enterprises.reports import report_totals
from cityclimate.errors import DataValidationError, Problem
from cityclimate.io.activity_files import xlsx_sheet_rows
from cityclimate.io.exports import workbook
from cityclimate.io.limits import (
    UploadLimits,
    check_cells,
    file_problem,
    stored_name,
)
from cityclimate.text import Text

#: Sheet title of each ledger in the template.
SHEETS: dict[LedgerKind, str] = {
    "energy": "能源 Energy",
    "materials": "物料 Materials",
    "production": "产量 Production",
    "data_centre": "数据中心 Data centre",
}
#: The first data row (row 1: Chinese headers, row 2: English headers).
FIRST_DATA_ROW = 3


@dataclass(frozen=True)
class LedgerUpload:
    """An uploaded ledger workbook, read and checked: what a face hands to the service."""

    #: The name it is shown and stored under (:func:`~cityclimate.io.limits.stored_name`).
    name: str
    #: SHA-256 of the bytes as uploaded.
    sha256: str
    #: Validated ledgers by kind (sheets with rows only).
    ledgers: dict[LedgerKind, pl.DataFrame]


def read_ledger_upload(
    filename: str | None,
    data: bytes,
    *,
    enterprise_id: str,
    year: int,
    limits: UploadLimits | None = None,
) -> LedgerUpload:
    """:func:`read_ledger_workbook` for an upload: the stored name, the digest and the ledgers."""
    name = stored_name(filename or "ledgers.xlsx")
    ledgers = read_ledger_workbook(
        name, data, enterprise_id=enterprise_id, year=year, limits=limits
    )
    return LedgerUpload(name, hashlib.sha256(data).hexdigest(), ledgers)


def ledger_template_xlsx(kinds: tuple[LedgerKind, ...] = tuple(SHEETS)) -> bytes:
    """An empty ledger workbook (.xlsx bytes): per sheet, Chinese headers with English beneath.

    Required columns are bold on a pale yellow fill; a 说明 Notes sheet explains the rows.
    """
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明 Notes"
    for line in (
        "第 1 行为中文表头，第 2 行为英文表头，数据从第 3 行开始；加粗列为必填。",
        "Row 1: Chinese headers; row 2: English headers; data start on row 3; bold columns are required.",
        "月份填 1–12；数量不能为负；单位须与能源品种相符（天然气 10⁴Nm³、电力 kWh/MWh、煤 t …）。",
        "Month 1–12; quantities cannot be negative; units must fit the fuel (gas 10⁴Nm³, "
        "electricity kWh/MWh, coal t …).",
        "导入时整本校验：任一行有误则全部不导入，并列出每个问题的工作表、行和列。",
        "Import checks the whole workbook: if any row is wrong nothing is imported and every "
        "problem is listed by sheet, row and column.",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    required = PatternFill("solid", fgColor="FFF4CC")
    for kind in kinds:
        sheet = book.create_sheet(SHEETS[kind])
        fields = LEDGER_FIELDS[kind]
        sheet.append([f.header_zh for f in fields])
        sheet.append([f.header_en for f in fields])
        for column, spec in enumerate(fields, start=1):
            top = sheet.cell(row=1, column=column)
            top.font = Font(bold=spec.required)
            if spec.required:
                top.fill = required
            sheet.cell(row=2, column=column).font = Font(italic=True, color="666666")
            sheet.column_dimensions[top.column_letter].width = max(14, 2 * len(spec.header_zh) + 4)
        sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_ledger_workbook(
    name: str,
    data: bytes,
    *,
    enterprise_id: str | None = None,
    year: int | None = None,
    limits: UploadLimits | None = None,
) -> dict[LedgerKind, pl.DataFrame]:
    """Read and validate every ledger sheet of a workbook's bytes, all or nothing.

    Parameters
    ----------
    name:
        The file's name as the user gave it (for messages).
    data:
        The .xlsx bytes (made from :func:`ledger_template_xlsx`), held to the upload ``limits``
        (:mod:`cityclimate.io.limits`) before anything parses them.
    enterprise_id:
        When given, every row must belong to this enterprise (an enterprise user's upload).
    year:
        When given, every row must be of this year (the year being filed).

    Returns
    -------
    dict
        Validated ledgers by kind, for the sheets present that hold rows.

    Raises
    ------
    FileTooLargeError
        Beyond the upload limits (HTTP 413).
    DataValidationError
        Every problem of every sheet (file, sheet, row as Excel shows it, column), a file that
        is not an .xlsx workbook, a damaged one, or one without any ledger rows (the template
        with headers only is not a filing: it would empty the stored ledgers).
    """
    limits = limits or UploadLimits()
    sheets = xlsx_sheet_rows(
        name,
        data,
        limits,
        Text(
            "台账须为 .xlsx 工作簿：请用台账模板另存为 .xlsx 后重试",
            "ledgers must be an .xlsx workbook: save it from the ledger template as .xlsx and "
            "retry",
        ),
    )
    ledgers: dict[LedgerKind, pl.DataFrame] = {}
    problems: list[Problem] = []
    for kind, title in SHEETS.items():
        if title not in sheets:
            continue
        rows = sheets[title]
        where = f"{name} [{title}]"
        header = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else ())]
        while header and not header[-1]:  # read-only rows are padded to the sheet's width
            header.pop()
        width = len(header)
        beyond = [
            row_number
            for row_number, row in enumerate(rows[FIRST_DATA_ROW - 1 :], start=FIRST_DATA_ROW)
            if any(v not in (None, "") for v in row[width:])
        ]
        if beyond or len(set(header)) != width or "" in header:
            problems.append(_layout_problem(where, beyond[0] if beyond else None))
            continue
        cells = [
            [None if v is None else str(v) for v in row[:width]] + [None] * (width - len(row))
            for row in rows[FIRST_DATA_ROW - 1 :]
        ]
        frame = pl.DataFrame(cells, schema=dict.fromkeys(header, pl.String), orient="row")
        # Keep the Excel row numbers: drop blank rows only at the end.
        while frame.height and all(v in (None, "") for v in frame.row(frame.height - 1)):
            frame = frame.head(frame.height - 1)
        if frame.is_empty():
            continue
        check_cells(where, frame.with_row_index("row", offset=FIRST_DATA_ROW), limits)
        try:
            ledgers[kind] = validate_ledger(
                frame,
                kind,
                enterprise_id=enterprise_id,
                where=f"{name} [{title}]",
                first_row=FIRST_DATA_ROW,
            )
        except DataValidationError as exc:
            problems += exc.problems
    if year is not None:
        problems += [
            Problem(
                f"{name} [{SHEETS[kind]}]",
                int(r["_row"]),
                "year",
                str(r["year"]),
                f"年份须为 {year}（本次填报的年度）",
                f"the year must be {year} (the year being filed)",
            )
            for kind, frame in ledgers.items()
            for r in frame.filter(pl.col("year") != year).iter_rows(named=True)
        ]
    if problems:
        raise DataValidationError(problems)
    if not ledgers:
        raise DataValidationError(
            [
                file_problem(
                    name,
                    f"文件中没有台账数据行：请使用模板（{'、'.join(SHEETS.values())}），"
                    f"从第 {FIRST_DATA_ROW} 行起逐行填写",
                    f"the file has no ledger data rows: use the template "
                    f"({', '.join(SHEETS.values())}) and fill in rows from row {FIRST_DATA_ROW}",
                )
            ]
        )
    return ledgers


def _layout_problem(where: str, row: int | None) -> Problem:
    """Values right of the headers (row named), or empty or repeated headers."""
    return Problem(
        where,
        row,
        None,
        "",
        "表头之外的列中有数据，或表头为空、重复：请删除多余的单元格，不要在模板中加列或改表头",
        "values right of the headers, or an empty or repeated header: delete the extra cells; "
        "do not add columns to the template or change its headers",
    )


def emission_report_xlsx(
    enterprise: Enterprise, year: int, emissions: pl.DataFrame, notice: str = ""
) -> bytes:
    """An enterprise's annual report as XLSX: 概要 Summary (totals) and 明细 Rows (every emission
    row with the factor used and whether NCV and carbon content were measured or default)."""
    totals = report_totals(emissions)
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        bold = book.add_format({"bold": True})
        number = book.add_format({"num_format": "#,##0.00"})
        summary = book.add_worksheet("概要 Summary")
        summary.set_column(0, 0, 40)
        summary.set_column(1, 1, 24)
        lines: list[tuple[str, Any]] = [
            ("企业 enterprise", enterprise.name_zh),
            ("统一社会信用代码 USCC", enterprise.uscc),
            ("年度 year", year),
            ("排放总量 total (t CO2e)", totals["total_co2e_t"]),
            ("二氧化碳 CO2 (t)", totals["co2_t"]),
            ("综合能源消费 energy (tce)", totals["energy_tce"]),
        ]
        by_gas = totals["co2e_by_gas"]
        assert isinstance(by_gas, dict)
        lines += [(f"{gas} (t CO2e)", value) for gas, value in by_gas.items()]
        row = 0
        if notice:
            summary.write(row, 0, notice, book.add_format({"bold": True, "font_color": "#b00020"}))
            row += 2
        for label, value in lines:
            summary.write(row, 0, label, bold)
            if isinstance(value, int | float):
                summary.write_number(row, 1, value, number)
            else:
                summary.write(row, 1, str(value))
            row += 1
        _write_frame(book, "明细 Rows", emissions)
    return buffer.getvalue()


def compliance_xlsx(overview: ComplianceOverview) -> bytes:
    """The office's compliance overview as XLSX: reports, ETS, credit, deadlines, PUE, reconciliation."""
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        if overview.notice:
            sheet = book.add_worksheet("说明 Notice")
            sheet.write(
                0, 0, overview.notice, book.add_format({"bold": True, "font_color": "#b00020"})
            )
        _write_frame(book, "报告 Reports", overview.reports)
        _write_frame(book, "碳交易 ETS", overview.ets)
        _write_frame(
            book,
            "信用 Credit",
            pl.DataFrame(
                [
                    {
                        "enterprise_id": c.enterprise_id,
                        "score": c.score,
                        "grade": c.grade,
                        "grade_zh": c.grade_zh,
                        "joint_list": c.joint_list,
                        "deductions": "; ".join(f"{zh} −{p:g}" for zh, _, p in c.deductions),
                    }
                    for c in overview.credit
                ]
            ),
        )
        _write_frame(
            book,
            "期限 Deadlines",
            pl.DataFrame([o.__dict__ for o in overview.obligations]),
        )
        _write_frame(
            book,
            "PUE",
            pl.DataFrame(
                [
                    {
                        "enterprise_id": p.enterprise_id,
                        "annual_pue": p.annual_pue,
                        "limit": p.limit,
                        "meets_limit": p.meets_limit,
                        "edition": p.edition,
                        "limit_source": p.limit_source,
                    }
                    for p in overview.pue
                ]
            ),
        )
        if overview.reconciliation is not None:
            _write_frame(book, "核对 Reconciliation", overview.reconciliation.by_category)
            _write_frame(
                book,
                "核对问题 Findings",
                pl.DataFrame([f.__dict__ for f in overview.reconciliation.findings])
                if overview.reconciliation.findings
                else pl.DataFrame({"severity": [], "rule": [], "where": []}),
            )
    return buffer.getvalue()


def _write_frame(book: xlsxwriter.Workbook, title: str, frame: pl.DataFrame) -> None:
    sheet = book.add_worksheet(title)
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, frame.columns, bold)
    for i, row in enumerate(frame.iter_rows(), start=1):
        for j, value in enumerate(row):
            if isinstance(value, bool) or value is None:
                sheet.write(i, j, "" if value is None else str(value))
            elif isinstance(value, float) and not math.isfinite(value):
                sheet.write(i, j, "")
            elif isinstance(value, int | float):
                sheet.write_number(i, j, value, number)
            else:
                sheet.write(i, j, str(value))
    sheet.set_column(0, max(0, len(frame.columns) - 1), 18)
