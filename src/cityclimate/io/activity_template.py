"""The Excel import template for activity data (openpyxl), and its layout shared with the reader.

One sheet per data group (fuel use; purchased electricity and heat; industrial processes;
waste; sinks), headers in Chinese with English beneath, drop-downs (categories of the group,
fuels and materials, units, territories, data-quality tiers) fed from a hidden dictionary
sheet, an instructions sheet holding the template-version cell.

>>> from cityclimate.io.activity_template import template_bytes
>>> template_bytes()[:2]  # an .xlsx is a zip package
b'PK'
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from cityclimate import refdata
from cityclimate.inventory.model import ACTIVITY_COLUMNS, ACTIVITY_HEADERS_ZH

#: The version written into (and required from) every template. Change it when the layout
#: changes; the reader refuses files of another version.
TEMPLATE_VERSION = "cityclimate-activities-1"
INSTRUCTIONS_SHEET = "说明 Instructions"
#: The file name the template is offered under for download.
TEMPLATE_NAME = f"{TEMPLATE_VERSION}-template.xlsx"
DICTIONARY_SHEET = "字典 Dictionary"
VERSION_LABEL = "模板版本 template version"
#: Row (1-based) of the first data row on every data sheet: Chinese header, English header.
FIRST_DATA_ROW = 3
#: How many rows carry drop-downs (Excel applies them to empty rows too).
VALIDATED_ROWS = 5000


@dataclass(frozen=True)
class DataGroup:
    """One data sheet: its name and the calculators whose categories go on it."""

    key: str
    sheet: str
    calculators: tuple[str, ...]
    hint_zh: str
    hint_en: str


DATA_GROUPS: tuple[DataGroup, ...] = (
    DataGroup(
        "fuel",
        "能源消费 Fuel use",
        ("combustion",),
        "化石燃料消费量，如天然气 万Nm³、柴油 t",
        "fossil fuel use, e.g. natural gas 10⁴Nm³, diesel t",
    ),
    DataGroup(
        "electricity_heat",
        "调入电力热力 Electricity & heat",
        ("electricity", "heat"),
        "调入电力 kWh/MWh，调入热力 GJ",
        "purchased electricity in kWh/MWh, heat in GJ",
    ),
    DataGroup(
        "processes",
        "工业过程 Industrial processes",
        ("process", "fgas"),
        "工业产品产量或含氟气体用量（t）",
        "industrial output or fluorinated gas used (t)",
    ),
    DataGroup(
        "waste",
        "废弃物 Waste",
        ("fod", "wastewater"),
        "填埋量（t，按组分）、污水 COD/氮（t）",
        "waste landfilled (t, by component), wastewater COD/nitrogen (t)",
    ),
    DataGroup(
        "sinks",
        "碳汇 Sinks",
        ("sink",),
        "林地或绿地面积（ha），填正数",
        "forest or green area (ha), as positive numbers",
    ),
)

#: Columns of every data sheet, in order: (field, Chinese header).
COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (field, zh) for zh, field in ACTIVITY_HEADERS_ZH.items() if field in ACTIVITY_COLUMNS
)
#: Number columns (read as numbers; text there is an error).
NUMBER_COLUMNS = frozenset(
    field for field, dtype in ACTIVITY_COLUMNS.items() if dtype in (pl.Float64, pl.Int32)
)
QUALITY_TIERS = ("measured", "statistics", "estimated")
#: Units offered in the drop-down (others may be typed; the reader checks every unit).
COMMON_UNITS = (
    "t",
    "万t",
    "kg",
    "10⁴Nm³",
    "万Nm³",
    "Nm³",
    "kWh",
    "万kWh",
    "MWh",
    "GWh",
    "GJ",
    "TJ",
    "tce",
    "万tce",
    "ha",
    "km²",
)


def group_categories(group: DataGroup, categories: pl.DataFrame | None = None) -> list[str]:
    """Category codes that belong on the group's sheet."""
    cats = refdata.categories() if categories is None else categories
    return cats.filter(pl.col("calculator").is_in(list(group.calculators)))["code"].to_list()


def materials() -> list[str]:
    """Fuels and materials known to the shipped reference data (the fuel/material drop-down)."""
    names = [
        *refdata.fuels()["fuel"].to_list(),
        *refdata.emission_factors()["material"].to_list(),
        *refdata.waste_parameters()["material"].to_list(),
        *refdata.removal_factors()["material"].to_list(),
        *refdata.fgas_parameters()["gas"].to_list(),
    ]
    return sorted({n for n in names if n and n != "*"})


def template_bytes(activities: pl.DataFrame | None = None) -> bytes:
    """The import template (.xlsx bytes), optionally filled with activity records.

    Parameters
    ----------
    activities:
        Records to pre-fill (e.g. last year's data to be updated); each goes to the sheet of its
        category's group. Columns as :data:`~cityclimate.inventory.model.ACTIVITY_COLUMNS`.
    """
    book = Workbook()
    intro = book.active
    assert intro is not None
    intro.title = INSTRUCTIONS_SHEET
    _write_instructions(intro)
    lists = _write_dictionary(book)
    cats = refdata.categories()
    by_group = _split(activities, cats) if activities is not None else {}
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for group in DATA_GROUPS:
        sheet = book.create_sheet(group.sheet)
        for col, (field, zh) in enumerate(COLUMNS, start=1):
            top = sheet.cell(row=1, column=col, value=zh)
            bottom = sheet.cell(row=2, column=col, value=field)
            top.font = Font(bold=True)
            top.fill = bottom.fill = header_fill
            bottom.font = Font(italic=True, color="555555")
            sheet.column_dimensions[get_column_letter(col)].width = max(12, len(zh) * 2 + 4)
        sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
        _add_dropdowns(sheet, group, lists)
        rows = by_group.get(group.key)
        if rows is not None:
            for record in rows.iter_rows(named=True):
                sheet.append([record.get(field) for field, _ in COLUMNS])
    dictionary = book[DICTIONARY_SHEET]
    book.move_sheet(dictionary, offset=len(book.sheetnames) - 1 - book.index(dictionary))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _split(activities: pl.DataFrame, cats: pl.DataFrame) -> dict[str, pl.DataFrame]:
    calculator = cats.select(pl.col("code").alias("category"), "calculator")
    frame = activities.join(calculator, on="category", how="left")
    out: dict[str, pl.DataFrame] = {}
    for group in DATA_GROUPS:
        rows = frame.filter(pl.col("calculator").is_in(list(group.calculators)))
        if not rows.is_empty():
            out[group.key] = rows
    return out


def _write_instructions(sheet: object) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    lines: list[tuple[str, str]] = [
        ("温室气体清单活动水平数据导入模板", "GHG inventory activity data: import template"),
        (VERSION_LABEL, TEMPLATE_VERSION),
        ("", ""),
        ("填写说明", "How to fill it in"),
        (
            "1. 每个工作表是一类数据；第1行中文表头、第2行英文表头，从第3行起每行一条记录。",
            "1. Each sheet is one data group; row 1 Chinese headers, row 2 English, one record per row from row 3.",
        ),
        (
            "2. 排放类别、燃料/物料、单位、地区、数据质量请从下拉列表选择。",
            "2. Pick category, fuel/material, unit, territory and data quality from the drop-downs.",
        ),
        (
            "3. 活动水平、年份、实测因子、处理比例必须是数字；不要合并单元格，不要改动表头。",
            "3. Quantity, year, measured factor and abated share must be numbers; do not merge cells or change headers.",
        ),
        (
            "4. 导入时全部行通过检查才会导入；否则列出每个问题（工作表、行、列、值）。",
            "4. The file is imported only when every row passes; otherwise every problem is listed (sheet, row, column, value).",
        ),
        (
            "5. 不要修改模板版本单元格；请使用最新模板。",
            "5. Do not edit the template-version cell; use the latest template.",
        ),
        ("", ""),
        ("工作表", "Sheets"),
    ]
    lines += [(g.sheet, f"{g.hint_zh} / {g.hint_en}") for g in DATA_GROUPS]
    for line in lines:
        sheet.append(list(line))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"].font = sheet["B2"].font = Font(bold=True, color="B00020")
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_row=5, max_row=9):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_dictionary(book: Workbook) -> dict[str, str]:
    """Write the hidden code lists; return list name → defined name usable in validations."""
    sheet = book.create_sheet(DICTIONARY_SHEET)
    sheet.sheet_state = "hidden"
    columns: dict[str, list[str]] = {f"category_{g.key}": group_categories(g) for g in DATA_GROUPS}
    columns["material"] = materials()
    columns["unit"] = list(dict.fromkeys([*COMMON_UNITS, *refdata.fuels()["physical_unit"]]))
    columns["territory"] = refdata.territories()["code"].to_list()
    columns["quality_tier"] = list(QUALITY_TIERS)
    names: dict[str, str] = {}
    for col, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(row=1, column=col, value=name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=col, value=value)
        defined = f"list_{name}"
        ref = f"{quote_sheetname(DICTIONARY_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        book.defined_names[defined] = DefinedName(defined, attr_text=ref)
        names[name] = defined
    version_ref = f"{quote_sheetname(INSTRUCTIONS_SHEET)}!$B$2"
    book.defined_names["template_version"] = DefinedName("template_version", attr_text=version_ref)
    return names


def _add_dropdowns(sheet: object, group: DataGroup, lists: dict[str, str]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    fields = [field for field, _ in COLUMNS]
    # (field, list, strict): strict lists refuse other values in Excel; the others warn,
    # because the reader checks them anyway and users may have units we do not list.
    spec = (
        ("category", lists[f"category_{group.key}"], True),
        ("fuel", lists["material"], False),
        ("unit", lists["unit"], False),
        ("territory", lists["territory"], False),
        ("quality_tier", lists["quality_tier"], True),
    )
    last = FIRST_DATA_ROW + VALIDATED_ROWS - 1
    for field, defined, strict in spec:
        letter = get_column_letter(fields.index(field) + 1)
        check = DataValidation(
            type="list",
            formula1=f"={defined}",
            allow_blank=True,
            errorStyle="stop" if strict else "warning",
            error="请从下拉列表选择 / pick a value from the list",
            errorTitle="cityclimate",
        )
        check.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        sheet.add_data_validation(check)
    for field in ("quantity", "year", "measured_factor", "abatement_fraction"):
        letter = get_column_letter(fields.index(field) + 1)
        number = DataValidation(
            type="whole" if field == "year" else "decimal",
            operator="between" if field == "abatement_fraction" else "greaterThanOrEqual",
            formula1="0",
            formula2="1" if field == "abatement_fraction" else None,
            allow_blank=True,
            error="请填写数字 / enter a number",
            errorTitle="cityclimate",
        )
        number.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        sheet.add_data_validation(number)
