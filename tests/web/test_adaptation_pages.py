"""The adaptation pages in the browser (zh and en): the warnings board of the demo's simulated
summer, the offline map drawn from GeoJSON (schematic, said so), risk with its inputs, sponge
city per drainage zone with the share of built-up area meeting the standard."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_adaptation_pages_show_warnings_map_risk_and_sponge_city(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "public")
    page.click("nav a[href='/adaptation']")
    page.wait_for_url("**/adaptation")
    assert page.locator("h1").inner_text() == "预警信息板"
    assert "示例数据" in page.get_by_test_id("adaptation-illustrative").inner_text()
    rows = page.get_by_test_id("warning-events").locator("tbody tr")
    assert rows.count() == 27
    first = rows.nth(0).inner_text()
    assert "悦来站" in first and "暴雨" in first and "发布" in first and "蓝色" in first
    assert page.locator("tr[data-action=upgrade][data-level=red]").count() == 3  # 1 rain, 2 heat
    assert "当前无生效预警" in page.get_by_test_id("standing-warnings").inner_text()

    page.get_by_test_id("adaptation-tabs").locator("a").nth(1).click()
    page.wait_for_url("**/adaptation/map*")
    assert "示意" in page.get_by_test_id("map-schematic").inner_text()
    page.wait_for_selector("[data-adaptation-map=sub_areas] canvas")
    page.wait_for_selector("[data-adaptation-map=zones] canvas")

    page.get_by_test_id("adaptation-tabs").locator("a").nth(2).click()
    page.wait_for_url("**/adaptation/risk*")
    assert page.get_by_test_id("risk-table").locator("tbody tr").count() == 9
    assert page.locator("tr[data-sub-area=LJ-2016-DS] td").nth(0).inner_text() == "1"
    assert "都市经济功能板块" in page.get_by_test_id("risk-table").inner_text()
    assert page.get_by_test_id("risk-inputs").locator("tbody tr").count() == 63
    # Units named as people write them, not as pint codes (万person, d/a, count were shown).
    inputs = page.get_by_test_id("risk-inputs").inner_text()
    assert "48.00 万人" in inputs and "天/年" in inputs and "个" in inputs
    assert "万person" not in inputs and "d/a" not in inputs and "count" not in inputs
    page.wait_for_selector("[data-adaptation-risk] canvas")

    page.get_by_test_id("adaptation-tabs").locator("a").nth(3).click()
    page.wait_for_url("**/adaptation/sponge*")
    # 2023: zones of 30 + 30 + 18 + 17 km² meet, of 177 km²: 53.7 %.
    assert page.get_by_test_id("sponge-share").inner_text().startswith("53.7%")
    # Six zones; each lists the one inspected item the demo evaluated (the heat island).
    assert page.locator("section[data-zone]").count() == 6
    assert page.get_by_test_id("green-table").locator("tbody tr").count() == 3

    page.click("a.lang[hreflang=en]")
    page.wait_for_url("**/adaptation/sponge*")
    assert page.locator("h1").inner_text() == "Sponge city and green space"
    assert page.console_errors == []
