"""Tests of the template import (cityclimate.io.activity_import through read_activities).

Every bad-file test checks that the import raised (so nothing was returned) and that the error
names the sheet, row and column, in Chinese and English.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from polars.testing import assert_frame_equal

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError
from cityclimate.inventory import compute_emissions
from cityclimate.io.activities import read_activities
from cityclimate.io.activity_files import open_workbook
from cityclimate.io.activity_import import is_template
from cityclimate.io.activity_template import INSTRUCTIONS_SHEET, template_bytes

FUEL = "能源消费 Fuel use"
XLS = Path(__file__).parent / "data" / "activities-template.xls"


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A template filled with the demo's 2020 fuel records (first data row: Excel row 3)."""
    path = tmp_path / "filled.xlsx"
    rows = liangjiang.activities().filter(
        (pl.col("year") == 2020) & (pl.col("category") == "energy.manufacturing.combustion")
    )
    path.write_bytes(template_bytes(rows))
    return path


def edit(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def import_activities(path: Path) -> pl.DataFrame:
    return read_activities(path.name, path.read_bytes())


def problems(path: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        import_activities(path)
    return [str(p) for p in caught.value.problems]


def same_results(imported: pl.DataFrame, expected: pl.DataFrame) -> None:
    method = liangjiang.method()
    got = compute_emissions(imported.drop("sheet", "row"), method).drop("quality_tier")
    want = compute_emissions(expected, method).drop("quality_tier")
    assert_frame_equal(got, want, check_dtypes=False)


def test_round_trip_template_filled_imported_gives_the_same_results(tmp_path: Path) -> None:
    """Template → filled with every demo record → imported → the same emissions as the CSV path."""
    path = tmp_path / "all.xlsx"
    path.write_bytes(template_bytes(liangjiang.activities()))
    imported = import_activities(path)
    assert imported.height == liangjiang.activities().height
    same_results(imported, liangjiang.activities())


def test_a_template_filled_by_hand_in_excel_style(tmp_path: Path) -> None:
    path = tmp_path / "hand.xlsx"
    path.write_bytes(template_bytes())

    def fill(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["调入电力热力 Electricity & heat"]
        sheet.append(
            [None, "500000", None, 2022, "energy.electricity.industry", "electricity", 1000, "MWh"]
        )
        sheet.append([None, "500000", None, "2022", "energy.heat.industry", "heat", "250.5", "GJ"])

    imported = import_activities(edit(path, fill))
    assert imported.select("row", "quantity").rows() == [(3, 1000.0), (4, 250.5)]
    assert imported["record_id"][0] == "调入电力热力 Electricity & heat row 3"
    emissions = compute_emissions(imported.drop("sheet", "row"))
    assert emissions.filter(gas="CO2")["co2e_t"].sum() == pytest.approx(
        1000 * 0.5227 + 250.5 * 0.11
    )


def test_a_real_xls_file_imports_with_the_same_results() -> None:
    """tests/io/data/activities-template.xls (BIFF8, made with xlwt: see make_xls_fixture.py)."""
    assert is_template(open_workbook(XLS.name, XLS.read_bytes()))
    imported = import_activities(XLS)
    demo = liangjiang.activities().filter(
        (pl.col("year") == 2020)
        & (
            (pl.col("category") == "energy.manufacturing.combustion")
            | pl.col("category").str.starts_with("energy.electricity.")
        )
    )
    assert sorted(imported["record_id"]) == sorted(demo["record_id"])
    same_results(imported.sort("record_id"), demo.sort("record_id"))


def test_wrong_template_version(filled: Path) -> None:
    edit(
        filled,
        lambda book: book[INSTRUCTIONS_SHEET].cell(
            row=2, column=2, value="cityclimate-activities-0"
        ),
    )
    (message,) = problems(filled)
    assert "[说明 Instructions], row 2" in message
    assert (
        "模板版本不符" in message
        and "wrong template version" in message
        and "activities-0" in message
    )


def test_an_empty_workbook_that_is_not_a_template(tmp_path: Path) -> None:
    """Without the instructions sheet a workbook is a flat table: an empty one says so."""
    from openpyxl import Workbook

    path = tmp_path / "plain.xlsx"
    Workbook().save(path)
    (message,) = problems(path)
    assert "文件是空的" in message and "the file is empty" in message


def test_merged_cells(filled: Path) -> None:
    edit(filled, lambda book: book[FUEL].merge_cells("F3:F4"))
    (message,) = problems(filled)
    assert FUEL in message and "F3:F4" in message
    assert "合并单元格" in message and "merged cells" in message


def test_merged_cells_in_a_legacy_xls_file() -> None:
    # tests/io/data/activities-merged.xls: rows 3–4 of the quantity column (G) of the fuel sheet
    # merged (made by tests/io/data/make_xls_fixture.py with xlwt).
    (message,) = problems(Path(__file__).parent / "data" / "activities-merged.xls")
    assert FUEL in message and "G3:G4" in message
    assert "合并单元格" in message and "merged cells" in message


def test_text_in_a_number_cell(filled: Path) -> None:
    edit(filled, lambda book: book[FUEL].cell(row=4, column=7, value="1,200 吨"))
    (message,) = problems(filled)
    assert f"[{FUEL}], row 4, field 'G 活动水平 / quantity' = '1,200 吨'" in message
    assert "数字单元格中填写了文本" in message and "text in a number cell" in message


def test_wrong_units(filled: Path) -> None:
    def units(book) -> None:  # type: ignore[no-untyped-def]
        book[FUEL].cell(row=3, column=8, value="kWh")  # a fuel row in electricity units
        book[FUEL].cell(row=5, column=8, value="桶桶")  # not a unit at all

    messages = problems(edit(filled, units))
    assert len(messages) == 2
    assert any("row 3, field 'H 单位 / unit' = 'kWh'" in m for m in messages)
    assert any("row 5, field 'H 单位 / unit' = '桶桶'" in m for m in messages)


def test_duplicate_rows(filled: Path) -> None:
    def duplicate(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book[FUEL]
        row = [c.value for c in sheet[3]]
        row[0] = "another-id"
        sheet.append(row)

    (message,) = problems(edit(filled, duplicate))
    assert "重复行" in message and "duplicate row: identical to row 3" in message


def test_a_category_on_the_wrong_sheet_and_empty_required_cells(filled: Path) -> None:
    def wrong(book) -> None:  # type: ignore[no-untyped-def]
        book[FUEL].cell(row=3, column=5, value="sink.forest")
        book[FUEL]["B4"].value = None

    messages = problems(edit(filled, wrong))
    assert any("row 3" in m and "does not belong on this sheet" in m for m in messages)
    assert any(
        "row 4, field 'B 地区 / territory'" in m and "required value is empty" in m
        for m in messages
    )


def test_changed_headers(filled: Path) -> None:
    edit(filled, lambda book: book[FUEL].cell(row=1, column=7, value="数量"))
    (message,) = problems(filled)
    assert "表头与模板不符" in message and "headers differ" in message


def test_an_empty_template_has_no_data(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(template_bytes())
    (message,) = problems(path)
    assert "no data rows" in message
