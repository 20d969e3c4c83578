"""Issue 13 in a real browser: the official template, filled in and imported on the import page,
confirmed, then computed on the versions page. A record without a factor is listed in the page
by the template's sheet, that sheet's row and the column's headers, as the user sees them in
Excel; the oracle is the workbook the test filled (openpyxl), not the code under test."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from tests.web.conftest import sign_in

FUEL = "能源消费 Fuel use"
POWER = "调入电力热力 Electricity & heat"
#: A year no other browser test computes (the live server's database is shared).
YEAR = 2027


def test_a_missing_factor_is_listed_by_sheet_row_and_column(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/imports")
    with page.expect_download() as download:
        page.get_by_test_id("template-download").click()
    path = tmp_path / "填报.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    fuel, power = book[FUEL], book[POWER]
    row = [None, "LJ-2016", None, YEAR]
    fuel.append([*row, "energy.manufacturing.combustion", "natural_gas", 120, "10⁴Nm³"])
    # Fuel oil on the road: the shipped tables have no CH4 factor for it (any year).
    fuel.append([*row, "energy.transport.road", "fuel_oil", 7, "t"])
    power.append([*row, "energy.electricity.industry", "electricity", 5000, "MWh"])
    book.save(path)
    oil = next(r for r in range(3, fuel.max_row + 1) if fuel.cell(r, 6).value == "fuel_oil")
    header = f"F {fuel.cell(1, 6).value} / {fuel.cell(2, 6).value}"

    page.set_input_files("#i-file", str(path))
    page.click("form[action='/imports'] button[type=submit]")
    staged = page.locator("section.ok")
    staged.wait_for()
    found = re.search(r"#(\d+) ", staged.inner_text())
    assert found is not None, staged.inner_text()
    import_id = found[1]
    staged.locator("form[action$='/confirm'] button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/inventories")
    form = page.locator("form[action='/inventories/compute']")
    form.locator("[name=year]").fill(str(YEAR))
    form.locator("[name=import_id]").select_option(import_id)
    with page.expect_response("**/inventories/compute") as answer:
        form.locator("button[type=submit]").click()
    assert answer.value.status == 422
    problems = page.get_by_test_id("problems")
    problems.wait_for()
    cells = [
        [c.strip() for c in problems.locator("tbody tr").nth(i).locator("td").all_inner_texts()]
        for i in range(problems.locator("tbody tr").count())
    ]
    assert cells, problems.inner_text()
    for where, shown_row, column, value, _ in cells:
        assert (where, shown_row, column, value) == (
            f"填报.xlsx [{FUEL}]",
            str(oil),
            header,
            "fuel_oil",
        )
    assert header == "F 燃料/物料 / fuel" and oil == 4
    page.console_errors.clear()  # the page answered 422 on purpose
