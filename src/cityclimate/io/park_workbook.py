"""The self-assessment workbook a park or pilot submits (XLSX, xlsxwriter with a native chart).

Written from :func:`cityclimate.parks.evaluation_summary`, the same data the CLI prints and
the API answers. Sheets:

- ``概要 Summary``: the notice (ILLUSTRATIVE for the demo) in red, the park, its indicator set,
  base and target year, the electricity method, and by year the inventory totals (t CO2,
  tce, complete or the members whose reports are missing);
- ``指标 Indicators``: by year and indicator the value, its source, the size tier chosen by
  the park's energy use, the threshold (and whether it was confirmed from the text), met,
  the path value and on path;
- ``核心指标 Core indicator``: the core indicator by year against its threshold and path, with
  a native line chart.
"""

from __future__ import annotations

import io
from typing import Any

from cityclimate.io.exports import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY = "概要 Summary"
INDICATORS = "指标 Indicators"
CORE = "核心指标 Core indicator"
#: Columns of the indicator sheet: (key, header).
INDICATOR_COLUMNS = (
    ("year", "年份 year"),
    ("indicator_id", "指标编号 indicator id"),
    ("role", "类型 role"),
    ("name_zh", "指标 indicator"),
    ("name_en", "indicator (en)"),
    ("unit", "单位 unit"),
    ("value", "数值 value"),
    ("value_source", "来源 value source"),
    ("tier_zh", "档位 tier"),
    ("threshold", "阈值 threshold"),
    ("threshold_year", "阈值年份 milestone year"),
    ("threshold_confirmed", "阈值经原文核实 threshold confirmed"),
    ("meets", "达标 meets"),
    ("path_value", "路径值 path value"),
    ("on_path", "符合路径 on path"),
    ("threshold_source", "阈值出处 threshold source"),
)
_YES_NO = {True: "是 yes", False: "否 no", None: "—"}


def self_assessment_xlsx(summary: dict[str, Any]) -> bytes:
    """The workbook's bytes (see the module docstring for the sheets)."""
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        bold = book.add_format({"bold": True})
        red = book.add_format({"bold": True, "font_color": "#C00000"})
        number = book.add_format({"num_format": "#,##0.0000"})
        park = summary["park"]
        sheet = book.add_worksheet(SUMMARY)
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 8, 18)
        row = 0
        notice = summary.get("notice")
        if notice or park.get("illustrative"):
            text = f"{notice['zh']} {notice['en']}" if notice else "示例数据 ILLUSTRATIVE DATA"
            sheet.write(row, 0, text, red)
            row += 2
        for label, value in (
            ("园区 park", f"{park['name_zh']} {park['name_en']}"),
            ("园区编号 park id", park["park_id"]),
            ("类型 kind", park["kind"]),
            ("指标体系 indicator set", park["indicator_set"]),
            ("基准年 base year", park["base_year"]),
            ("目标年 target year", park["target_year"]),
            ("外购电力核算 electricity method", park["electricity_method"]),
        ):
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, value)
            row += 1
        row += 1
        headers = (
            "年份 year",
            "成员 members",
            "CO2 (t)",
            "能耗 energy (tce)",
            "清洁能源 clean energy (tce)",
            "单位能耗碳排放 t CO2/tce",
            "完整 complete",
            "缺报告的成员 members without a report",
        )
        sheet.write_row(row, 0, headers, bold)
        for year in summary["years"]:
            row += 1
            inv = year["inventory"] or {}
            sheet.write(row, 0, year["year"])
            sheet.write(row, 1, ", ".join(year["members"]))
            for column, key in enumerate(
                ("co2_t", "energy_tce", "clean_energy_tce", "carbon_per_energy_t_per_tce"), start=2
            ):
                _number(sheet, row, column, inv.get(key), number)
            sheet.write(row, 6, _YES_NO[inv.get("complete")])
            sheet.write(row, 7, ", ".join(inv.get("missing_members", [])))
        _indicators(book, summary, bold, number)
        _core(book, summary, bold, number)
    return buffer.getvalue()


def _number(sheet: Any, row: int, column: int, value: Any, fmt: Any) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    else:
        sheet.write_number(row, column, float(value), fmt)


def _indicators(book: Any, summary: dict[str, Any], bold: Any, number: Any) -> None:
    sheet = book.add_worksheet(INDICATORS)
    sheet.write_row(0, 0, [h for _, h in INDICATOR_COLUMNS], bold)
    sheet.set_column(0, len(INDICATOR_COLUMNS) - 1, 16)
    row = 0
    for year in summary["years"]:
        for indicator in year["indicators"]:
            row += 1
            values = {"year": year["year"], **indicator}
            for column, (key, _) in enumerate(INDICATOR_COLUMNS):
                value = values.get(key)
                if key in ("value", "threshold", "path_value"):
                    _number(sheet, row, column, value, number)
                elif isinstance(value, bool) or (value is None and key in ("meets", "on_path")):
                    sheet.write(row, column, _YES_NO[value])
                elif value is None:
                    sheet.write_blank(row, column, None)
                else:
                    sheet.write(row, column, value)
    sheet.freeze_panes(1, 0)


def _core(book: Any, summary: dict[str, Any], bold: Any, number: Any) -> None:
    sheet = book.add_worksheet(CORE)
    sheet.write_row(
        0, 0, ("年份 year", "单位能耗碳排放 value", "阈值 threshold", "路径 path"), bold
    )
    sheet.set_column(0, 3, 18)
    rows = [
        (year["year"], indicator)
        for year in summary["years"]
        for indicator in year["indicators"]
        if indicator["role"] == "core"
    ]
    for i, (year, indicator) in enumerate(rows, start=1):
        sheet.write(i, 0, year)
        for column, key in enumerate(("value", "threshold", "path_value"), start=1):
            _number(sheet, i, column, indicator.get(key), number)
    if not rows:
        return
    chart = book.add_chart({"type": "line"})
    for column, name in ((1, "实际 actual"), (2, "阈值 threshold"), (3, "路径 path")):
        chart.add_series(
            {
                "name": name,
                "categories": [CORE, 1, 0, len(rows), 0],
                "values": [CORE, 1, column, len(rows), column],
                "marker": {"type": "circle"},
            }
        )
    chart.set_title({"name": "单位能耗碳排放 t CO2/tce"})
    chart.show_blanks_as("gap")
    sheet.insert_chart(1, 5, chart)
