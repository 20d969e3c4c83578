"""Browser tests (Playwright + Debian's Chromium): sign in, the dashboard draws its charts with no
console errors, drill-down to the rows and factor behind a number, a bad Excel import shows every
mistake, the fixed file is imported, a published version is recalculated with a reason and the
diff is shown, the language switch, a phone-sized screen."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter

from tests.api.test_routes import revised_2020
from tests.web.conftest import loaded, sign_in


def workbook(rows: list[dict[str, object]]) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        sheet = book.add_worksheet()
        header = list(rows[0])
        sheet.write_row(0, 0, header)
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, [row[h] for h in header])
    return buffer.getvalue()


def _demo_total(year: int) -> str:
    from cityclimate.demo import liangjiang
    from cityclimate.demo.indicators import liangjiang_activities
    from cityclimate.inventory import compute_emissions, summary_figures

    rows = compute_emissions(liangjiang_activities(), liangjiang.method())
    figures = summary_figures(rows).filter(pl.col("year") == year)
    return f"{figures['gross_co2e_t'][0] / 1e4:.2f}"


def test_sign_in_and_the_dashboard_draws_its_charts(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert "/login" in page.url  # not signed in: to the sign-in page
    page.fill("#username", "public")
    page.fill("#password", "wrong-password")
    page.click("form[action='/login'] button[type=submit]")
    assert page.locator("[role=alert]").inner_text().strip() == "用户名或密码错误。"
    page.console_errors.clear()  # the 401 of the wrong password is logged by the browser
    sign_in(page, "public")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    # The latest published year of the demo is 2023 (2021–2023 scaled from 2020): the total
    # shown is the core's in-memory computation of the same records.
    assert page.get_by_test_id("total").locator("strong").inner_text() == _demo_total(2023)
    for name in ("trend", "sector", "sub_area", "gas"):
        chart = page.locator(f"[data-chart={name}]")
        chart.locator("canvas").first.wait_for()
        assert chart.get_attribute("data-rendered") == "true"
    assert page.console_errors == []


def test_drill_down_from_a_category_to_the_activity_row_and_factor(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "public")
    page.click("text=查看该清单明细")
    page.get_by_test_id("categories").wait_for()
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    page.locator("button[data-category^='energy.electricity']").first.click()
    rows = loaded(page, "[data-testid=rows]")
    first = rows.locator("tbody tr").first
    record_id = first.locator("td").first.inner_text()
    first.locator("button").click()
    lineage = loaded(page, "[data-testid=lineage]")
    assert record_id in page.locator("#lineage h2").inner_text()
    assert page.get_by_test_id("factor-id").inner_text().startswith("cn_grid")
    assert (
        "采用最近年份" in lineage.inner_text()
    )  # the grid factor of the nearest year, said in Chinese
    assert page.console_errors == []


def test_import_with_mistakes_then_fixed_recalculate_and_diff(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    bad = tmp_path / "活动水平-有错.xlsx"
    bad.write_bytes(workbook(revised_2020(broken=True)))
    page.goto("/imports")
    page.set_input_files("#i-file", str(bad))
    page.click("form[action='/imports'] button[type=submit]")
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    table = errors.inner_text()
    lines = errors.locator("tbody tr")
    assert lines.count() >= 3
    assert "很多" in table and "energy.nonsense" in table and "bananas" in table
    page.console_errors.clear()  # the page answered 422 on purpose

    good = tmp_path / "活动水平-修订.xlsx"
    good.write_bytes(workbook(revised_2020()))
    page.set_input_files("#i-file", str(good))
    page.click("form[action='/imports'] button[type=submit]")
    page.get_by_test_id("import-preview").wait_for()
    page.locator("section.ok button[type=submit]").click()
    page.wait_for_url("**/inventories?import=*")

    page.select_option("#r-version", label="两江新区直管区 2020 v1")  # the territory by its name
    revised = page.locator("#r-import option", has_text="活动水平-修订.xlsx").first
    page.select_option("#r-import", value=revised.get_attribute("value"))
    page.fill("#r-reason", "天然气消费量按统计年鉴修订")
    page.click("#recalculate button[type=submit]")
    page.get_by_test_id("diff").wait_for()
    assert page.get_by_test_id("diff-reason").inner_text() == "天然气消费量按统计年鉴修订"
    assert page.locator("tr.changed").count() > 0
    page.click("main form[action$='/publish'] button")
    page.wait_for_url("**/inventories/*")
    assert page.locator(".status.published").count() >= 1
    page.goto("/inventories?territory=LJ-2016&year=2020")
    assert "已被重新计算" in page.get_by_test_id("versions").inner_text()
    assert page.console_errors == []


def test_language_switch(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "admin")
    assert page.locator("nav a[href='/']").inner_text() == "总览"
    page.click("a.lang[hreflang=en]")
    page.wait_for_url("**/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav a[href='/']").inner_text() == "Overview"
    assert "ILLUSTRATIVE" in page.get_by_test_id("demo-notice").inner_text()
    page.goto("/audit")
    assert page.locator("h1").inner_text() == "Audit log"
    page.click("a.lang[hreflang=zh-CN]")
    assert page.locator("h1").inner_text() == "审计日志"
    assert page.console_errors == []


def test_readable_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    sign_in(tab, "admin")
    tab.locator("[data-chart=gas] canvas").first.wait_for()
    for path in ["/", "/inventories", "/inventories/2", "/imports", "/users", "/audit"]:
        tab.goto(path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a phone screen"
    context.close()


def test_drill_down_by_keyboard_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    sign_in(tab, "public")
    tab.goto("/inventories")
    tab.locator("[data-testid=versions] a", has_text="查看明细").first.click()
    category = tab.locator("button[data-category]").first
    category.focus()
    tab.keyboard.press("Enter")
    loaded(tab, "[data-testid=rows]")
    show = tab.locator("[data-testid=rows] button").first
    show.focus()
    tab.keyboard.press("Enter")
    loaded(tab, "[data-testid=lineage]")
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the explorer is {overflow}px wider than a phone screen"
    context.close()
