"""Export inventory results: XLSX with a native chart (xlsxwriter), CSV of the lineage rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

import polars as pl
import xlsxwriter


def workbook(target: str | Path | BinaryIO) -> xlsxwriter.Workbook:
    """An XLSX workbook that writes text as text.

    xlsxwriter turns strings starting with ``=`` into live formulas by default; data from users
    (sources, reasons, file names) must never become a formula in an auditor's spreadsheet
    (formula injection), so every export opens its workbook here.
    """
    options: dict[str, bool] = {"strings_to_formulas": False, "strings_to_urls": False}
    if not isinstance(target, str | Path):
        options["in_memory"] = True
    return xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), options)


def inventory_xlsx(report: dict[str, Any], emissions: pl.DataFrame, notice: str = "") -> bytes:
    """Write the report (summary, breakdowns with a bar chart) and the record-level rows.

    Sheets: 概要 Summary, 分部门 By sector (with a native bar chart), 分板块 By sub-area,
    分气体 By gas, 明细 Records (every emission row with its activity record and factor).
    """
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        bold = book.add_format({"bold": True})
        number = book.add_format({"num_format": "#,##0.00"})
        summary = book.add_worksheet("概要 Summary")
        summary.set_column(0, 0, 36)
        summary.set_column(1, 1, 22)
        line = 0
        if notice:
            summary.write(line, 0, notice, book.add_format({"bold": True, "font_color": "#b00020"}))
            line += 2
        for key in ("territory", "year"):
            summary.write(line, 0, key, bold)
            summary.write(line, 1, report[key])
            line += 1
        for key, value in report["method"].items():
            summary.write(line, 0, f"method.{key}", bold)
            summary.write(line, 1, str(value))
            line += 1
        line += 1
        for key, value in report["summary"].items():
            summary.write(line, 0, key, bold)
            if isinstance(value, int | float):
                summary.write_number(line, 1, value, number)
            else:
                summary.write(line, 1, "" if value is None else str(value))
            line += 1
        for name, title in (
            ("sector", "分部门 By sector"),
            ("sub_area", "分板块 By sub-area"),
            ("gas", "分气体 By gas"),
        ):
            sheet = book.add_worksheet(title)
            sheet.write_row(0, 0, [name, "co2e_t (t CO2e)"], bold)
            rows = report["breakdowns"][name]
            for i, row in enumerate(rows, start=1):
                sheet.write(i, 0, str(row["key"]))
                sheet.write_number(i, 1, row["co2e_t"], number)
            sheet.set_column(0, 0, 30)
            sheet.set_column(1, 1, 18)
            if name == "sector" and rows:
                chart = book.add_chart({"type": "bar"})
                chart.add_series(
                    {
                        "name": "t CO2e",
                        "categories": [title, 1, 0, len(rows), 0],
                        "values": [title, 1, 1, len(rows), 1],
                    }
                )
                chart.set_title({"name": f"{report['territory']} {report['year']} t CO2e"})
                chart.set_legend({"none": True})
                sheet.insert_chart("D2", chart)
        records = book.add_worksheet("明细 Records")
        records.write_row(0, 0, emissions.columns, bold)
        for i, row in enumerate(emissions.iter_rows(), start=1):
            records.write_row(i, 0, ["" if v is None else v for v in row])
    return buffer.getvalue()


#: Framework sheet titles (≤ 31 characters, Excel's limit).
FRAMEWORK_TITLES = {
    "cn": "省级清单 China guideline",
    "ipcc": "IPCC 2006",
    "gpc": "GPC",
}


def framework_xlsx(
    tables: dict[str, pl.DataFrame],
    reconciliation: pl.DataFrame,
    *,
    extra: dict[str, pl.DataFrame] | None = None,
    notice: str = "",
) -> bytes:
    """Write framework reports, their reconciliation and other tables, with native charts.

    Parameters
    ----------
    tables:
        Framework code (``cn``, ``ipcc``, ``gpc``) → the table of
        :func:`cityclimate.inventory.framework_reports.framework_report` for one territory and year.
        Each sheet lists every row (indented by depth), numbers in t CO2e and the notation key
        where a row has no number, and a column chart of the top-level rows.
    reconciliation:
        :func:`cityclimate.inventory.framework_reports.reconcile` for the same territory and year.
    extra:
        Further sheets (title → table), e.g. QA findings, uncertainty, key categories.
    notice:
        A line written in red at the top of the reconciliation sheet (e.g. illustrative data).
    """
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
        number = book.add_format({"num_format": "#,##0.00"})
        key = book.add_format({"italic": True, "font_color": "#555555", "align": "right"})
        sheet = book.add_worksheet("核对 Reconciliation")
        line = 0
        if notice:
            sheet.write(line, 0, notice, book.add_format({"bold": True, "font_color": "#b00020"}))
            line += 2
        _write_frame(sheet, reconciliation, line, bold, number)
        sheet.set_column(0, 3, 14)
        sheet.set_column(4, 5, 50)
        sheet.set_column(6, 6, 18)
        for framework, table in tables.items():
            title = FRAMEWORK_TITLES.get(framework, framework)
            ws = book.add_worksheet(title)
            headers = ["code", "名称", "name", "scope", "BASIC", "BASIC+", "in total"]
            numbers = ["co2_co2e_t", "ch4_co2e_t", "n2o_co2e_t", "fgas_co2e_t", "co2e_t"]
            ws.write_row(0, 0, [*headers, *numbers, "notation", "explanation"], bold)
            for i, r in enumerate(table.iter_rows(named=True), start=1):
                indent = "  " * int(r["depth"])
                ws.write_row(
                    i,
                    0,
                    [
                        r["code"],
                        indent + r["name_zh"],
                        indent + r["name_en"],
                        "" if r["scope"] is None else r["scope"],
                        "" if r["basic"] is None else ("✓" if r["basic"] else ""),
                        "" if r["basic_plus"] is None else ("✓" if r["basic_plus"] else ""),
                        "✓" if r["in_total"] else "",
                    ],
                )
                for j, column in enumerate(numbers, start=len(headers)):
                    value = r[column]
                    if value is None:
                        ws.write(i, j, r["notation"] or "", key)
                    else:
                        ws.write_number(i, j, value, number)
                ws.write(i, len(headers) + len(numbers), r["notation"] or "")
                ws.write(i, len(headers) + len(numbers) + 1, r["explanation"] or "")
            ws.set_column(0, 0, 10)
            ws.set_column(1, 2, 44)
            ws.set_column(7, 11, 16)
            ws.freeze_panes(1, 1)
            # The chart reads a small contiguous table of the top-level rows (column Q-R).
            top = table.filter((pl.col("depth") == 0) & pl.col("co2e_t").is_not_null())
            ws.write_row(0, 16, ["top level", "t CO2e"], bold)
            for i, r in enumerate(top.iter_rows(named=True), start=1):
                ws.write(i, 16, f"{r['code']} {r['name_en']}")
                ws.write_number(i, 17, r["co2e_t"], number)
            if top.height:
                chart = book.add_chart({"type": "column"})
                chart.add_series(
                    {
                        "name": "t CO2e",
                        "categories": [title, 1, 16, top.height, 16],
                        "values": [title, 1, 17, top.height, 17],
                    }
                )
                chart.set_title({"name": f"{title}: t CO2e"})
                chart.set_legend({"none": True})
                ws.insert_chart("Q10", chart)
        for title, frame in (extra or {}).items():
            ws = book.add_worksheet(title[:31])
            _write_frame(ws, frame, 0, bold, number)
            ws.set_column(0, max(frame.width - 1, 0), 18)
    return buffer.getvalue()


def _write_frame(sheet: Any, frame: pl.DataFrame, first: int, header: Any, number: Any) -> None:
    """Write a DataFrame: header row then values (numbers as numbers, None as empty)."""
    sheet.write_row(first, 0, frame.columns, header)
    for i, row in enumerate(frame.iter_rows(), start=first + 1):
        for j, value in enumerate(row):
            if isinstance(value, bool) or value is None:
                sheet.write(i, j, "" if value is None else str(value))
            elif isinstance(value, int | float):
                sheet.write_number(i, j, value, number)
            else:
                sheet.write(i, j, str(value))
