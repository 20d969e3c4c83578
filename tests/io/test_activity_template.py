"""Tests of cityclimate.io.activity_template: the generated Excel import template."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from cityclimate.io.activity_template import (
    DATA_GROUPS,
    DICTIONARY_SHEET,
    INSTRUCTIONS_SHEET,
    TEMPLATE_VERSION,
    group_categories,
    template_bytes,
)


def test_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes())
    book = load_workbook(path)
    assert book.sheetnames == [
        INSTRUCTIONS_SHEET,
        *(g.sheet for g in DATA_GROUPS),
        DICTIONARY_SHEET,
    ]
    assert book[DICTIONARY_SHEET].sheet_state == "hidden"
    intro = book[INSTRUCTIONS_SHEET]
    assert intro["B2"].value == TEMPLATE_VERSION
    assert "template_version" in book.defined_names
    sheet = book["能源消费 Fuel use"]
    assert [c.value for c in sheet[1]][:4] == ["记录编号", "地区", "板块", "年份"]
    assert [c.value for c in sheet[2]][:4] == ["record_id", "territory", "sub_area", "year"]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert {"=list_category_fuel", "=list_unit", "=list_material", "=list_quality_tier"} <= formulas


def test_dictionary_lists_feed_the_dropdowns(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes())
    book = load_workbook(path)
    name = book.defined_names["list_category_sinks"]
    ((sheet_title, cells),) = list(name.destinations)
    values = [c[0].value for c in book[sheet_title][cells.replace("$", "")]]
    sinks = next(g for g in DATA_GROUPS if g.key == "sinks")
    assert values == group_categories(sinks) == ["sink.forest", "sink.urban_green"]


def test_every_category_has_exactly_one_sheet() -> None:
    from cityclimate import refdata

    placed = [c for g in DATA_GROUPS for c in group_categories(g)]
    assert sorted(placed) == sorted(refdata.categories()["code"])
