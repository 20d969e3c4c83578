"""Tests of cityclimate.io.activities.read_activities: every kind of file, from bytes.

Flat CSV in UTF-8, UTF-8 with BOM and GBK; flat .xlsx and .xls; the template (see
test_activity_import.py for its own errors). Then the files that must be refused, each with its
own located bilingual message, and the rules the compute would apply, checked at import.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError, Problem
from cityclimate.io.activities import read_activities
from cityclimate.io.activity_template import template_bytes

HEADER = "territory,year,category,fuel,quantity,unit,data_source"
GAS = "500000,2022,energy.manufacturing.combustion,natural_gas,12.5,万Nm3,统计年鉴"  # GBK has no ³
POWER = "500000,2022,energy.electricity.industry,electricity,1000,MWh,电力公司"
FLAT_XLS = Path(__file__).parent / "data" / "activities-flat.xls"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(name: str, data: bytes) -> list[Problem]:
    with pytest.raises(DataValidationError) as caught:
        read_activities(name, data)
    return caught.value.problems


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_the_encodings_excel_writes(encoding: str) -> None:
    records = read_activities("data.csv", csv_bytes(HEADER, GAS, POWER, encoding=encoding))
    assert {"row", "sheet"} <= set(records.columns)
    assert records["row"].to_list() == [2, 3]
    assert records["data_source"].to_list() == ["统计年鉴", "电力公司"]
    assert records["unit"].to_list() == ["万Nm3", "MWh"]
    assert records["quantity"].to_list() == [12.5, 1000.0]


def test_gbk_with_chinese_headers_as_excel_on_chinese_windows_saves_it() -> None:
    header = "地区,年份,排放类别,燃料/物料,活动水平,单位,数据来源"
    records = read_activities("数据.csv", csv_bytes(header, GAS, encoding="gbk"))
    assert records.select("territory", "fuel", "data_source").row(0) == (
        "500000",
        "natural_gas",
        "统计年鉴",
    )


def test_an_encoding_that_is_neither_utf8_nor_gbk_is_refused_not_guessed() -> None:
    line = "500000,2022,energy.manufacturing.combustion,natural_gas,1,t,Société Générale"
    latin1 = csv_bytes(HEADER, line, encoding="latin-1")
    (problem,) = problems("data.csv", latin1)
    assert "neither UTF-8 nor GBK" in problem.message_en and "CSV UTF-8" in problem.message_zh


def test_flat_xlsx_row_numbers_are_excels_with_blank_rows_before_and_between() -> None:
    data = xlsx(
        [],
        HEADER.split(","),
        GAS.split(","),
        [],
        ["500000", 2022, "energy.manufacturing.combustion", "natural_gas", -1, "万Nm³"],
    )
    (problem,) = problems("data.xlsx", data)
    # Excel: row 1 blank, header row 2, gas row 3, row 4 blank, the negative quantity in row 5.
    assert (problem.where, problem.row, problem.field) == ("data.xlsx", 5, "quantity")


def test_a_flat_legacy_xls_reads_like_the_csv() -> None:
    records = read_activities(FLAT_XLS.name, FLAT_XLS.read_bytes())
    demo = liangjiang.activities().filter(
        (pl.col("year") == 2020)
        & pl.col("category").str.starts_with("energy.manufacturing.combustion")
        | pl.col("category").str.starts_with("energy.electricity.") & (pl.col("year") == 2020)
    )
    assert sorted(records["record_id"]) == sorted(demo["record_id"])
    assert records["row"].min() == 2
    joined = records.join(demo, on="record_id")
    assert (joined["quantity"] == joined["quantity_right"]).all()


def test_the_filled_template_is_recognised_by_its_sheets() -> None:
    rows = liangjiang.activities().filter(pl.col("year") == 2020).head(5)
    records = read_activities("任意名字.xlsx", template_bytes(rows))
    assert records.height == 5
    assert set(records["sheet"]) <= {"能源消费 Fuel use", "调入电力热力 Electricity & heat"}


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "data.xlsx",
            bytes(range(256)) * 4,
            "not an Excel workbook, though the name ends in .xlsx",
        ),
        (
            "data.xls",
            b"\x00\x01garbage" * 50,
            "not an Excel workbook, though the name ends in .xls",
        ),
        ("data.pdf", b"%PDF-1.4", "unsupported file type"),
        ("data.xlsx", b"PK\x03\x04" + bytes(200), "damaged or encrypted"),
    ],
)
def test_a_file_that_is_not_what_its_name_says(name: str, data: bytes, expected: str) -> None:
    (problem,) = problems(name, data)
    assert expected in problem.message_en
    assert problem.message_zh and problem.where == name


def test_malformed_xml_in_a_sheet_is_a_file_error_not_a_crash() -> None:
    good = xlsx(HEADER.split(","), GAS.split(","))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", b"<row><c r='A9'><v>1</v></sheetData>")
            target.writestr(item, content)
    (problem,) = problems("broken.xlsx", out.getvalue())
    assert "cannot read this Excel file" in problem.message_en


def test_cells_beyond_the_headers_are_located() -> None:
    (problem,) = problems("data.csv", csv_bytes(HEADER, GAS, GAS + ",surplus"))
    assert (problem.row, problem.value) == (3, "surplus")
    assert "8 cells but the header only 7" in problem.message_en
    sheet = xlsx(HEADER.split(","), GAS.split(","), [*GAS.split(","), None, "surplus"])
    (problem,) = problems("data.xlsx", sheet)
    assert problem.row == 3 and "beyond the headers" in problem.message_en


def test_cells_beyond_the_templates_columns_are_located(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rows = liangjiang.activities().filter(pl.col("year") == 2020).head(2)
    path = tmp_path / "filled.xlsx"
    path.write_bytes(template_bytes(rows))
    book = load_workbook(path)
    book["能源消费 Fuel use"]["Q4"] = "note"
    book.save(path)
    (problem,) = problems(path.name, path.read_bytes())
    assert problem.where == "filled.xlsx [能源消费 Fuel use]" and problem.row == 4


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("headers.csv", csv_bytes(HEADER)),
        ("headers.csv", csv_bytes(HEADER, ",,,,,,", "")),
        ("headers.xlsx", xlsx(HEADER.split(","))),
    ],
)
def test_headers_only_is_no_data(name: str, data: bytes) -> None:
    (problem,) = problems(name, data)
    assert "no data rows" in problem.message_en and "没有数据行" in problem.message_zh


def test_every_rule_of_the_compute_is_checked_at_import_in_one_pass() -> None:
    """Unknown unit, wrong dimension, year out of range, too long, NUL: each at its file row."""
    lines = [
        HEADER + ",record_id,quality_tier",
        GAS + ",ok-1,measured",
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,furlongs,s,r-3,measured",
        "500000,2022,energy.commercial.combustion,lpg,1,kWh,s,r-4,measured",
        "500000,-1,energy.manufacturing.combustion,natural_gas,1,万Nm³,s,r-5,measured",
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,万Nm³,s," + "x" * 101 + ",m",
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,万Nm³,s,r-7," + "q" * 51,
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,万Nm³,s\x00x,r-8,measured",
    ]
    found = {(p.row, p.field): p for p in problems("rules.csv", csv_bytes(*lines))}
    assert set(found) == {
        (3, "unit"),
        (4, "unit"),
        (5, "year"),
        (6, "record_id"),
        (7, "quality_tier"),
        (8, "data_source"),
    }
    assert "cannot be converted" in found[(3, "unit")].message_en  # furlongs are a length
    assert "'t'" in found[(4, "unit")].message_en  # LPG is counted in t, kWh is electricity
    assert "between 1900 and 2100" in found[(5, "year")].message_en
    assert "at most 100 characters" in found[(6, "record_id")].message_en
    assert "at most 50 characters" in found[(7, "quality_tier")].message_en
    assert "NUL" in found[(8, "data_source")].message_en
    assert all(p.where == "rules.csv" and p.message_zh for p in found.values())


def test_an_unparseable_unit_and_a_bad_dimension_are_listed_together() -> None:
    lines = [
        HEADER,
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,桶桶,s",
        "500000,2022,energy.commercial.combustion,lpg,1,kWh,s",
    ]
    found = sorted((p.row, p.field) for p in problems("two.csv", csv_bytes(*lines)))
    assert found == [(2, "unit"), (3, "unit")]


def test_a_misspelt_fuel_is_refused_at_import_naming_the_closest_names() -> None:
    lines = [HEADER, GAS, "500000,2022,energy.manufacturing.combustion,natrual_gas,1,万Nm3,s"]
    (problem,) = problems("typo.csv", csv_bytes(*lines))
    assert (problem.row, problem.field) == (3, "fuel")
    assert "natural_gas" in problem.message_en and "unknown fuel" in problem.message_en


def test_number_cells_of_a_flat_xlsx_keep_every_digit_and_text_cells_their_text() -> None:
    # fastexcel's text of a number cell has at most 9 decimals: 1e-10 read as "0" before.
    head = ["record_id", "territory", "year", "category", "fuel", "quantity", "unit"]
    gas = ["500000", 2022, "energy.manufacturing.combustion", "natural_gas"]
    quantities = [1e-10, 1 / 3, 5e-324, 123456.789, 1e308]
    rows = [["001", *gas, quantities[0], "万Nm³"]]
    rows += [[f"r{i}", *gas, q, "万Nm³"] for i, q in enumerate(quantities[1:])]
    frame = read_activities("exact.xlsx", xlsx(head, *rows))
    assert frame["quantity"].to_list() == quantities
    assert frame["record_id"].to_list()[0] == "001"


def test_factor_availability_is_checked_with_the_method_the_reader_is_given() -> None:
    """The CLI knows the method before it reads, so a record without a factor under it is
    listed with the row and unit mistakes; a platform chooses the method later and does not."""
    from cityclimate.inventory import Method

    lines = [
        HEADER,
        "500000,1995,energy.electricity.industry,electricity,1000,MWh,s",
        "500000,2022,energy.manufacturing.combustion,natural_gas,1,furlongs,s",
    ]
    data = csv_bytes(*lines)
    found = {(p.row, p.field): p for p in problems("old.csv", data)}
    assert set(found) == {(3, "unit")}
    with pytest.raises(DataValidationError) as caught:
        read_activities("old.csv", data, method=Method())
    listed = {(p.row, p.field): p for p in caught.value.problems}
    assert set(listed) == {(2, "fuel"), (3, "unit")}
    assert "no emission factor" in listed[(2, "fuel")].message_en
    assert "1995" in listed[(2, "fuel")].message_en
    with pytest.raises(DataValidationError) as nearest:
        read_activities("old.csv", data, method=Method(nearest_year=True))
    assert {(p.row, p.field) for p in nearest.value.problems} == {(3, "unit")}


def test_a_flat_xlsx_is_parsed_once_and_a_mixed_column_keeps_every_digit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Issue 20: every load_sheet parses the whole sheet; it was called twice per file.
    import fastexcel

    loads: list[object] = []
    original = fastexcel.ExcelReader.load_sheet

    def counted(self: fastexcel.ExcelReader, *args: object, **kwargs: object) -> object:
        loads.append(kwargs)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fastexcel.ExcelReader, "load_sheet", counted)
    head = ["record_id", "territory", "year", "category", "fuel", "quantity", "unit"]
    gas = [500000, 2022, "energy.manufacturing.combustion", "natural_gas"]
    numbers = [1e-10, 1 / 3, 123456.789]
    frame = read_activities(
        "plain.xlsx", xlsx(head, *[[f"r{i}", *gas, q, "万Nm³"] for i, q in enumerate(numbers)])
    )
    assert len(loads) == 1
    assert frame["quantity"].to_list() == numbers
    assert frame["territory"].to_list() == ["500000"] * 3 and frame["year"].to_list() == [2022] * 3
    # Text and numbers in one column (a quantity typed as text): read again for the digits.
    loads.clear()
    mixed = [[f"r{i}", *gas, q, "万Nm³"] for i, q in enumerate(numbers)] + [
        ["t", *gas, "2.5", "万Nm³"]
    ]
    frame = read_activities("mixed.xlsx", xlsx(head, *mixed))
    assert len(loads) == 2
    assert frame["quantity"].to_list() == [*numbers, 2.5]
