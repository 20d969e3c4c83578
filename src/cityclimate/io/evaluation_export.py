"""Export the annual evaluation (or the indicator part of it) to XLSX with native charts.

Sheets (xlsxwriter):

- ``概要 Summary``: the notice (e.g. ILLUSTRATIVE demo data) in red on the first line, year,
  date, counts, data-quality findings;
- ``指标 Indicators``: every indicator's status (actual, target path, gap, band, binding met /
  veto, score, units, departments);
- ``走势 Actual vs path``: the actual-vs-target-path series and one native line chart per
  indicator (actual and target path by year);
- ``数值 Values``: every value, entered and derived, with source and derivation;
- with a full evaluation also ``任务 Tasks``, ``逾期 Overdue``, ``部门任务 By department``,
  ``考核 Grades``, ``考核明细 Item scores`` and ``整改 Rectification``.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import polars as pl
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from cityclimate.indicators.annual import IndicatorReport
from cityclimate.io.exports import workbook
from cityclimate.plan.annual_evaluation import AnnualEvaluation

#: Sheet names, in order.
SUMMARY = "概要 Summary"
INDICATORS = "指标 Indicators"
HISTORY = "走势 Actual vs path"
VALUES = "数值 Values"
TASKS = "任务 Tasks"
OVERDUE = "逾期 Overdue"
BY_DEPARTMENT = "部门任务 By department"
GRADES = "考核 Grades"
ITEM_SCORES = "考核明细 Item scores"
RECTIFICATION = "整改 Rectification"

#: Rows of one chart block on the history sheet (charts are placed beside the table).
_CHART_ROWS = 16


def _write_frame(book: Workbook, name: str, frame: pl.DataFrame) -> Worksheet:
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "0.000"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, frame.columns, bold)
    for row_number, row in enumerate(frame.iter_rows(), start=1):
        for column, value in enumerate(row):
            _write_cell(sheet, row_number, column, value, number, day)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, max(len(frame.columns) - 1, 0), 16)
    return sheet


def _write_cell(sheet: Worksheet, row: int, column: int, value: Any, number: Any, day: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, float):
        sheet.write_number(row, column, value, number)
    elif isinstance(value, int):
        sheet.write_number(row, column, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), day)
    else:
        sheet.write_string(row, column, str(value))


def _summary(book: Workbook, report: IndicatorReport, lines: list[tuple[str, Any]]) -> None:
    sheet = book.add_worksheet(SUMMARY)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 60)
    bold = book.add_format({"bold": True})
    row = 0
    if report.illustrative:
        notice = book.add_format({"bold": True, "font_color": "#b00020"})
        sheet.write_string(0, 0, report.notice_zh, notice)
        sheet.write_string(1, 0, report.notice_en, notice)
        row = 3
    for label, value in [("年份 year", report.year), *lines]:
        sheet.write_string(row, 0, label, bold)
        sheet.write(row, 1, value)
        row += 1
    row += 1
    sheet.write_string(row, 0, "数据质量提示 data-quality findings", bold)
    for finding in report.findings:
        row += 1
        sheet.write_string(row, 0, f"{finding.severity.value}: {finding.where}")
        sheet.write_string(row, 1, f"{finding.message_zh} / {finding.message_en}")


def _history(book: Workbook, report: IndicatorReport) -> None:
    history = report.history
    sheet = _write_frame(book, HISTORY, history)
    names = {row["indicator_id"]: row["name_en"] for row in report.table.iter_rows(named=True)}
    year_column = history.columns.index("year")
    actual_column = history.columns.index("actual")
    path_column = history.columns.index("path_value")
    start = 1
    for block, (indicator_id, rows) in enumerate(
        history.group_by("indicator_id", maintain_order=True)
    ):
        end = start + rows.height - 1
        chart = book.add_chart({"type": "line"})
        for column, label, dash in (
            (path_column, "目标路径 target path", "dash"),
            (actual_column, "实际 actual", "solid"),
        ):
            chart.add_series(
                {
                    "name": label,
                    "categories": [HISTORY, start, year_column, end, year_column],
                    "values": [HISTORY, start, column, end, column],
                    "line": {"dash_type": dash},
                    "marker": {"type": "circle"} if dash == "solid" else {"type": "none"},
                }
            )
        unit = rows["unit"][0]
        chart.set_title({"name": f"{names.get(str(indicator_id[0]), indicator_id[0])} ({unit})"})
        chart.set_y_axis({"name": unit})
        chart.set_size({"width": 560, "height": 300})
        sheet.insert_chart(1 + block * _CHART_ROWS, len(history.columns) + 1, chart)
        start = end + 1


def _indicator_sheets(book: Workbook, report: IndicatorReport, table: pl.DataFrame) -> None:
    _write_frame(book, INDICATORS, table)
    _history(book, report)
    _write_frame(book, VALUES, report.values)


def indicator_report_xlsx(report: IndicatorReport) -> bytes:
    """Write the indicator report: summary (notice first), indicators, charts, values."""
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        _summary(book, report, [("指标数 indicators", report.table.height)])
        _indicator_sheets(book, report, report.table)
    return buffer.getvalue()


def annual_evaluation_xlsx(evaluation: AnnualEvaluation) -> bytes:
    """Write the whole annual evaluation (sheets in the module docstring)."""
    counts = {
        row["status"]: row["tasks"] for row in evaluation.tasks_by_status.iter_rows(named=True)
    }
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        _summary(
            book,
            evaluation.indicators,
            [
                ("任务状态截至 task status as of", evaluation.as_of.isoformat()),
                ("指标数 indicators", evaluation.indicator_table.height),
                ("任务数 tasks", evaluation.tasks.height),
                *[(f"任务 tasks: {status}", count) for status, count in counts.items()],
                ("逾期任务 overdue tasks", evaluation.overdue.height),
                ("考核部门 departments assessed", evaluation.grades.height),
                ("整改事项 rectification items", evaluation.rectification.height),
            ],
        )
        _indicator_sheets(book, evaluation.indicators, evaluation.indicator_table)
        for name, frame in (
            (TASKS, evaluation.tasks),
            (OVERDUE, evaluation.overdue),
            (BY_DEPARTMENT, evaluation.tasks_by_department),
            (GRADES, evaluation.grades),
            (ITEM_SCORES, evaluation.item_scores),
            (RECTIFICATION, evaluation.rectification),
        ):
            _write_frame(book, name, frame)
    return buffer.getvalue()
