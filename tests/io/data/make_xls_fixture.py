"""Make ``activities-template.xls``: the import template as legacy Excel 97-2003 (.xls).

WPS and old Excel users send .xls files. Neither openpyxl nor xlsxwriter writes .xls, so this
fixture is made once with xlwt (not a project dependency) and committed:

    python -m venv /tmp/xls && /tmp/xls/bin/pip install xlwt==1.3.0
    /tmp/xls/bin/python tests/io/data/make_xls_fixture.py

The rows are the Liangjiang demo's 2020 purchased-electricity and manufacturing-fuel records
(src/cityclimate/demo/data/liangjiang/activities.csv), copied as they are.

``activities-flat.xls`` holds the same records as a flat table (one sheet, English headers in
row 1), as a user's own spreadsheet saved as Excel 97-2003.
"""

import csv
from pathlib import Path

import xlwt

HERE = Path(__file__).parent
DEMO = HERE.parents[2] / "src/cityclimate/demo/data/liangjiang/activities.csv"
COLUMNS = [
    ("record_id", "记录编号"),
    ("territory", "地区"),
    ("sub_area", "板块"),
    ("year", "年份"),
    ("category", "排放类别"),
    ("fuel", "燃料/物料"),
    ("quantity", "活动水平"),
    ("unit", "单位"),
    ("data_source", "数据来源"),
    ("quality_tier", "数据质量"),
    ("enterprise_id", "企业"),
    ("measured_factor", "实测排放因子"),
    ("measured_factor_unit", "实测因子单位"),
    ("abatement_fraction", "减排设备处理比例"),
]
SHEETS = {
    "能源消费 Fuel use": "energy.manufacturing.combustion",
    "调入电力热力 Electricity & heat": "energy.electricity.",
    "工业过程 Industrial processes": None,
    "废弃物 Waste": None,
    "碳汇 Sinks": None,
}
NUMBERS = {"year", "quantity", "measured_factor", "abatement_fraction"}


def build(merge: bool) -> xlwt.Workbook:
    """The filled template; with ``merge``, two quantity cells of the fuel sheet merged."""
    book = xlwt.Workbook(encoding="utf-8")
    _fill(book, merge)
    return book


def _fill(book: xlwt.Workbook, merge: bool) -> None:
    intro = book.add_sheet("说明 Instructions")
    intro.write(0, 0, "温室气体清单活动水平数据导入模板")
    intro.write(1, 0, "模板版本 template version")
    intro.write(1, 1, "cityclimate-activities-1")
    with DEMO.open(encoding="utf-8") as handle:
        demo = [r for r in csv.DictReader(handle) if r["year"] == "2020"]
    for sheet_name, prefix in SHEETS.items():
        sheet = book.add_sheet(sheet_name, cell_overwrite_ok=merge)
        for col, (field, zh) in enumerate(COLUMNS):
            sheet.write(0, col, zh)
            sheet.write(1, col, field)
        rows = [r for r in demo if prefix and r["category"].startswith(prefix)]
        for i, record in enumerate(rows, start=2):
            for col, (field, _) in enumerate(COLUMNS):
                value = record.get(field) or ""
                if value == "":
                    continue
                sheet.write(i, col, float(value) if field in NUMBERS else value)
            if merge and sheet_name.startswith("能源消费") and i == 3:
                # Rows 3–4 (0-based 2–3) of the quantity column merged, as users do by hand.
                quantity = [f for f, _ in COLUMNS].index("quantity")
                sheet.merge(2, 3, quantity, quantity)


def flat() -> xlwt.Workbook:
    """The same 2020 records as a flat table on one sheet."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("activities")
    with DEMO.open(encoding="utf-8") as handle:
        demo = [r for r in csv.DictReader(handle) if r["year"] == "2020"]
    rows = [
        r
        for r in demo
        if r["category"].startswith(("energy.manufacturing.combustion", "energy.electricity."))
    ]
    for col, (field, _) in enumerate(COLUMNS):
        sheet.write(0, col, field)
    for i, record in enumerate(rows, start=1):
        for col, (field, _) in enumerate(COLUMNS):
            value = record.get(field) or ""
            if value != "":
                sheet.write(i, col, float(value) if field in NUMBERS else value)
    return book


build(merge=False).save(str(HERE / "activities-template.xls"))
flat().save(str(HERE / "activities-flat.xls"))
build(merge=True).save(str(HERE / "activities-merged.xls"))
