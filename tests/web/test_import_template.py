"""The import page in a real browser: download the official template, fill it in (openpyxl, as
a user would in Excel), upload it and see the staged rows; a file beyond the limits is a
readable message on the page, never a server error."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.io.packages import package
from tests.web.conftest import sign_in

FUEL = "能源消费 Fuel use"


def test_fill_the_downloaded_template_and_upload_it(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/imports")
    assert page.locator("#i-file").get_attribute("accept") == ".xlsx,.xls,.csv"
    with page.expect_download() as download:
        page.get_by_test_id("template-download").click()
    path = tmp_path / "模板-已填写.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book[FUEL]
    sheet.append(
        [
            None,
            "LJ-2016",
            None,
            2020,
            "energy.manufacturing.combustion",
            "natural_gas",
            1250.5,
            "10⁴Nm³",
            "统计年鉴",
        ]
    )
    sheet.append(
        [None, "LJ-2016", None, 2020, "energy.commercial.combustion", "lpg", 310, "t", "统计年鉴"]
    )
    book.save(path)

    page.set_input_files("#i-file", str(path))
    page.click("form[action='/imports'] button[type=submit]")
    preview = page.get_by_test_id("import-preview")
    preview.wait_for()
    rows = preview.locator("tbody tr")
    assert rows.count() == 2
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    # The preview names fuels as people write them (fuels.csv name_zh), not by code.
    assert first.startswith("3") and f"{FUEL} row 3" in first and "天然气" in first
    assert second.startswith("4") and "液化石油气" in second
    assert "模板-已填写.xlsx" in page.locator("section.ok").inner_text()
    assert page.console_errors == []


def test_a_zip_bomb_is_refused_on_the_page_with_a_message(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/imports")
    with page.expect_download() as download:
        page.get_by_test_id("template-download").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(
        package(
            template.read_bytes(),
            {"xl/sharedStrings.xml": (head, b"a" * 2**20, 512, b"</t></si></sst>")},
        )
    )
    with page.expect_response("**/imports") as answer:
        page.set_input_files("#i-file", str(bomb))
        page.click("form[action='/imports'] button[type=submit]")
    assert answer.value.status == 413
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    assert "xl/sharedStrings.xml" in errors.inner_text() and "解压后" in errors.inner_text()
    page.console_errors.clear()  # the page answered 413 on purpose


def test_random_bytes_called_xlsx_are_a_readable_message(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: a file that is not what its name says is a clear error, never a traceback."""
    sign_in(page, "climate_office")
    page.goto("/imports")
    fake = tmp_path / "活动水平.xlsx"
    fake.write_bytes(bytes(range(256)) * 8)
    with page.expect_response("**/imports") as answer:
        page.set_input_files("#i-file", str(fake))
        page.click("form[action='/imports'] button[type=submit]")
    assert answer.value.status == 422
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    text = errors.inner_text()
    assert "活动水平.xlsx" in text and "不是 Excel 工作簿" in text
    assert "Traceback" not in page.content()
    page.console_errors.clear()  # the page answered 422 on purpose
