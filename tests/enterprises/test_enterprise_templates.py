"""Excel templates (src/cityclimate/io/enterprise_templates.py): Chinese headers with English
beneath, all-or-nothing import with Excel row numbers, report and overview workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from cityclimate.enterprises import Actor, Role, demo, emission_report
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, empty_ledger
from cityclimate.errors import DataValidationError
from cityclimate.io.enterprise_templates import (
    SHEETS,
    read_ledger_workbook,
    write_emission_report_xlsx,
    write_ledger_template,
)


def filled(
    path: Path,
    energy_rows: list[list[object]],
    production_rows: tuple[list[object], ...] = (),
) -> Path:
    write_ledger_template(path)
    book = load_workbook(path)
    for row in energy_rows:
        book[SHEETS["energy"]].append(row)
    for row in production_rows:
        book[SHEETS["production"]].append(row)
    book.save(path)
    return path


def energy(
    month: object = 1, quantity: object = 100, unit: str = "10⁴Nm³", who: str = "E-A"
) -> list[object]:
    return [
        who,
        None,
        2020,
        month,
        "energy.manufacturing.combustion",
        "natural_gas",
        quantity,
        unit,
    ]


def test_template_has_chinese_headers_with_english_beneath(tmp_path: Path) -> None:
    path = tmp_path / "ledgers.xlsx"
    write_ledger_template(path)
    book = load_workbook(path)
    sheet = book[SHEETS["energy"]]
    fields = LEDGER_FIELDS["energy"]
    assert [c.value for c in sheet[1]] == [f.header_zh for f in fields]
    assert [c.value for c in sheet[2]] == [f.header_en for f in fields]
    assert set(SHEETS.values()) <= set(book.sheetnames)


def test_a_filled_template_imports(tmp_path: Path) -> None:
    ledgers = read_ledger_workbook(
        filled(tmp_path / "ok.xlsx", [energy(1), energy(2)]), enterprise_id="E-A"
    )
    assert ledgers["energy"]["_row"].to_list() == [3, 4]
    assert ledgers["production"].is_empty()


def test_import_is_all_or_nothing_with_excel_rows_across_sheets(tmp_path: Path) -> None:
    path = filled(
        tmp_path / "bad.xlsx",
        [energy(1), energy(13), energy(3, -5), energy(4, unit="kWh"), energy(5, who="E-B")],
        (["E-A", 2020, 1, "glass", 10, "MWh"],),
    )
    with pytest.raises(DataValidationError) as info:
        read_ledger_workbook(path, enterprise_id="E-A")
    located = {(p.row, p.field) for p in info.value.problems}
    assert {
        (4, "month"),
        (5, "quantity"),
        (6, "unit"),
        (7, "enterprise_id"),
        (3, "unit"),
    } <= located
    assert any("产量 Production" in p.where for p in info.value.problems)


def test_missing_file_and_no_ledger_sheet(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError):
        read_ledger_workbook(tmp_path / "none.xlsx")
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"not a zip")
    with pytest.raises(DataValidationError) as broken:
        read_ledger_workbook(corrupt)
    assert "cannot be read" in broken.value.problems[0].message_en
    other = tmp_path / "other.xlsx"
    write_ledger_template(other, kinds=())
    with pytest.raises(DataValidationError) as info:
        read_ledger_workbook(other)
    assert "template" in info.value.problems[0].message_en


def test_report_workbook_shows_the_basis_of_every_row(tmp_path: Path) -> None:
    pack = demo.pack()
    chp = next(e for e in pack.enterprises if e.enterprise_id == "LJ-CHP")
    from cityclimate.demo import liangjiang

    rows = emission_report(
        Actor("o", Role.CLIMATE_OFFICE),
        chp,
        pack.ledgers["energy"],
        empty_ledger("materials"),
        2020,
        method=liangjiang.method(),
    )
    path = tmp_path / "report.xlsx"
    write_emission_report_xlsx(chp, 2020, rows, path, notice=pack.notice)
    book = load_workbook(path)
    header = [c.value for c in book["明细 Rows"][1]]
    assert "ncv_basis" in header and "carbon_content_basis" in header
    assert book["概要 Summary"]["A1"].value.startswith("示例数据")
