"""The climate-finance pages in the browser (zh and en): the library from the menu with computed
reductions, a project's estimate with the engine's factors, a refused workbook located cell by
cell, the lever gaps, a financier's search and interest seen by the office, and the public
library without owner contacts."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.web.conftest import sign_in

# 4,750 MWh a year × Chongqing's 2022 grid factor 0.5227 t/MWh (the nearest year), by hand.
PV_T = 4750 * 0.5227


def test_office_library_project_import_and_gaps(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.click("nav a[href='/finance']")
    page.wait_for_url("**/finance")
    assert page.locator("h1").inner_text() == "气候投融资项目库"
    assert "示例数据" in page.get_by_test_id("finance-illustrative").inner_text()
    rows = page.get_by_test_id("finance-projects").locator("tbody tr")
    assert rows.count() == 32
    pv = page.locator("tr[data-project='LJ-CF-001']").inner_text()
    assert f"{PV_T:,.0f}" in pv and "分布式光伏" in pv and "融资" in pv
    page.click("tr[data-project='LJ-CF-001'] a")
    page.wait_for_url("**/finance/projects/LJ-CF-001")
    assert page.get_by_test_id("reduction").inner_text().startswith(f"{PV_T:,.1f}")
    factors = page.get_by_test_id("estimate-factors").inner_text()
    # The engine works per kWh: 0.5227 t/MWh is 0.0005227 t/kWh on 4,750,000 kWh.
    assert "省级" in factors and "0.0005227" in factors and "4,750,000.0 kWh" in factors
    assert "电网" in page.get_by_test_id("project-estimate").inner_text()
    # A workbook with one bad cell: refused whole, the sheet, row and column named.
    exported = page.request.get("/finance/library.xlsx").body()
    book = load_workbook(io.BytesIO(exported))
    book["项目 Projects"]["N4"] = "很多"
    bad = io.BytesIO()
    book.save(bad)
    page.goto("/finance")
    page.set_input_files(
        "#f-file",
        {"name": "lib.xlsx", "mimeType": "application/octet-stream", "buffer": bad.getvalue()},
    )
    with page.expect_response(lambda r: r.url.endswith("/finance/import")) as answer:
        page.get_by_test_id("finance-import").locator("button").click()
    assert answer.value.status == 422
    problems = page.get_by_test_id("problems").inner_text()
    assert (
        "lib.xlsx [项目 Projects]" in problems
        and "4" in problems
        and "investment_wan_yuan" in problems
    )
    page.goto("/finance/gaps")
    gaps = page.get_by_test_id("gaps-table")
    assert "分布式光伏" in gaps.inner_text()
    assert "情景: 规划情景" in page.locator("main").inner_text()  # the scenario by its title
    assert f"{25550 * 0.5227:,.0f}" in page.locator("tr[data-lever='distributed_pv']").inner_text()
    assert [e for e in page.console_errors if "status of 422" not in e] == []  # the refused import


def test_financier_finds_and_expresses_interest_office_sees_it(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "financier")
    page.goto("/finance?project_type=distributed_pv&min_rate=1.4")
    shown = [
        r.get_attribute("data-project")
        for r in page.get_by_test_id("finance-projects").locator("tbody tr").all()
    ]
    assert shown == ["LJ-CF-004", "LJ-CF-001", "LJ-CF-002"]
    assert "示例联系人" not in page.content()
    page.click("tr[data-project='LJ-CF-004'] a")
    page.fill("#i-amount", "800")
    page.select_option("#i-instrument", "green_loan")
    page.get_by_test_id("interest-form").locator("button").click()
    page.wait_for_url("**/finance/projects/LJ-CF-004")
    assert page.get_by_test_id("interest-sent").is_visible()
    page.context.clear_cookies()
    sign_in(page, "climate_office")
    page.goto("/finance/investors")
    interests = page.get_by_test_id("interests").inner_text()
    assert "LJ-CF-004" in interests and "financier" in interests and "绿色信贷" in interests


def test_public_library_and_english(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/finance/public")
    assert page.locator("h1").inner_text() == "气候投融资公开项目库"
    ids = {
        r.get_attribute("data-project")
        for r in page.get_by_test_id("finance-projects").locator("tbody tr").all()
    }
    assert (
        "LJ-CF-001" in ids and "LJ-CF-009" not in ids and "LJ-CF-032" not in ids
    )  # declared, withdrawn
    assert "示例联系人" not in page.content()
    sign_in(page, "public")
    page.goto("/lang/en?next=/finance")
    page.wait_for_url("**/finance")
    assert page.locator("h1").inner_text() == "Climate finance project library"
    assert "Distributed PV" in page.locator("tr[data-project='LJ-CF-001']").inner_text()
    stats = page.get_by_test_id("finance-statistics").inner_text()
    assert "Green loan balance" in stats and "993 100 million yuan" in stats


def test_office_imports_meter_data_and_sees_ex_ante_against_ex_post(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/finance")
    # A bad unit first: refused whole, the file, row and column named, nothing stored.
    bad = "项目编号,监测年份,计量项,数值,单位\nLJ-CF-004,2024,generation_mwh,7100,t\n"
    page.set_input_files(
        "#f-meters", {"name": "meters.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    with page.expect_response(lambda r: r.url.endswith("/finance/monitored")) as answer:
        page.get_by_test_id("finance-monitored-import").locator("button").click()
    assert answer.value.status == 422
    problems = page.get_by_test_id("problems").inner_text()
    assert "meters.csv" in problems and "单位" in problems
    # The meter read the plan's 7,100 MWh (in kWh): the pages and other tests keep their figures.
    good = "项目编号,监测年份,计量项,数值,单位\nLJ-CF-004,2024,generation_mwh,7100000,kWh\n"
    page.set_input_files(
        "#f-meters", {"name": "meters.csv", "mimeType": "text/csv", "buffer": good.encode()}
    )
    page.get_by_test_id("finance-monitored-import").locator("button").click()
    shown = page.get_by_test_id("finance-monitored").inner_text()
    assert "保税港区仓储屋顶光伏" in shown and "LJ-CF-004" not in shown
    assert f"{7100 * 0.5227:,.1f}" in shown and "0.0" in shown
    assert [e for e in page.console_errors if "status of 422" not in e] == []
