"""Export inventory results: XLSX with a native chart (xlsxwriter), CSV of the lineage rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter


def write_inventory_xlsx(
    report: dict[str, Any], emissions: pl.DataFrame, path: Path, notice: str = ""
) -> None:
    """Write the report (summary, breakdowns with a bar chart) and the record-level rows.

    Sheets: 概要 Summary, 分部门 By sector (with a native bar chart), 分板块 By sub-area,
    分气体 By gas, 明细 Records (every emission row with its activity record and factor).
    """
    with xlsxwriter.Workbook(str(path)) as book:
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
