"""Excel templates (src/cityclimate/io/enterprise_templates.py): Chinese headers with English
beneath, all-or-nothing import with Excel row numbers, report and overview workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from cityclimate.demo import enterprises as demo
from cityclimate.enterprises import Actor, Role, emission_report
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, empty_ledger
from cityclimate.errors import DataValidationError
from cityclimate.io.enterprise_templates import (
    SHEETS,
    emission_report_xlsx,
    ledger_template_xlsx,
    read_ledger_workbook,
)


def filled(
    path: Path,
    energy_rows: list[list[object]],
    production_rows: tuple[list[object], ...] = (),
) -> Path:
    path.write_bytes(ledger_template_xlsx())
    book = load_workbook(path)
    for row in energy_rows:
        book[SHEETS["energy"]].append(row)
    for row in production_rows:
        book[SHEETS["production"]].append(row)
    book.save(path)
    return path


def read(path: Path, **kwargs: str):  # type: ignore[no-untyped-def]
    return read_ledger_workbook(path.name, path.read_bytes(), **kwargs)


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
    path.write_bytes(ledger_template_xlsx())
    book = load_workbook(path)
    sheet = book[SHEETS["energy"]]
    fields = LEDGER_FIELDS["energy"]
    assert [c.value for c in sheet[1]] == [f.header_zh for f in fields]
    assert [c.value for c in sheet[2]] == [f.header_en for f in fields]
    assert set(SHEETS.values()) <= set(book.sheetnames)


def test_a_filled_template_imports(tmp_path: Path) -> None:
    ledgers = read(filled(tmp_path / "ok.xlsx", [energy(1), energy(2)]), enterprise_id="E-A")
    assert ledgers["energy"]["_row"].to_list() == [3, 4]
    # A sheet left empty is no filing: it must not replace (empty) the stored ledger.
    assert "production" not in ledgers


def test_import_is_all_or_nothing_with_excel_rows_across_sheets(tmp_path: Path) -> None:
    path = filled(
        tmp_path / "bad.xlsx",
        [energy(1), energy(13), energy(3, -5), energy(4, unit="kWh"), energy(5, who="E-B")],
        (["E-A", 2020, 1, "glass", 10, "MWh"],),
    )
    with pytest.raises(DataValidationError) as info:
        read(path, enterprise_id="E-A")
    located = {(p.row, p.field) for p in info.value.problems}
    assert {
        (4, "month"),
        (5, "quantity"),
        (6, "unit"),
        (7, "enterprise_id"),
        (3, "unit"),
    } <= located
    assert any("产量 Production" in p.where for p in info.value.problems)


def test_not_a_workbook_no_ledger_sheet_and_headers_only(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError) as broken:
        read_ledger_workbook("corrupt.xlsx", b"not a zip")
    assert "not an Excel workbook" in broken.value.problems[0].message_en
    with pytest.raises(DataValidationError) as damaged:
        read_ledger_workbook("damaged.xlsx", b"PK\x03\x04" + bytes(100))
    assert "damaged" in damaged.value.problems[0].message_en
    for kinds in ((), tuple(SHEETS)):  # no ledger sheet; the unfilled template (headers only)
        with pytest.raises(DataValidationError) as info:
            read_ledger_workbook("empty.xlsx", ledger_template_xlsx(kinds))  # type: ignore[arg-type]
        assert "no ledger data rows" in info.value.problems[0].message_en


def test_values_beyond_the_headers_and_a_bomb_are_refused(tmp_path: Path) -> None:
    from cityclimate.io.limits import FileTooLargeError
    from tests.io.packages import package

    path = filled(tmp_path / "wide.xlsx", [[*energy(1), *([None] * 30), "note"]])
    with pytest.raises(DataValidationError) as wide:
        read(path, enterprise_id="E-A")
    (problem,) = wide.value.problems
    assert problem.row == 3 and "right of the headers" in problem.message_en
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    bomb = package(
        ledger_template_xlsx(),
        {"xl/sharedStrings.xml": (head, b"a" * 2**20, 512, b"</t></si></sst>")},
    )
    with pytest.raises(FileTooLargeError):
        read_ledger_workbook("bomb.xlsx", bomb)


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
    path.write_bytes(emission_report_xlsx(chp, 2020, rows, notice=pack.notice))
    book = load_workbook(path)
    header = [c.value for c in book["明细 Rows"][1]]
    assert "ncv_basis" in header and "carbon_content_basis" in header
    assert book["概要 Summary"]["A1"].value.startswith("示例数据")
