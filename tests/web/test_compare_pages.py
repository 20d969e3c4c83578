"""The regional comparison page in the browser (zh and en): reached from the menu, the demo's
territories side by side by name, the illustrative label, the warning where methods differ, and
"not reported" for a territory without data (never an error)."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_compare_page_shows_territories_warnings_and_not_reported(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "public")
    page.click("nav a[href='/compare']")
    page.wait_for_url("**/compare")
    assert page.locator("h1").inner_text() == "区域比较"
    headers = page.get_by_test_id("compare-table").locator("thead th[data-territory]")
    names = headers.all_inner_texts()
    assert len(names) == 5  # Liangjiang and its four illustrative neighbours
    assert names[0].startswith("两江新区直管区") and any(
        n.startswith("四川天府新区") for n in names
    )
    assert "示例数据" in page.get_by_test_id("compare-illustrative").inner_text()
    warning = page.get_by_test_id("method-warnings")
    assert warning.is_visible()
    assert "全球增温潜势" in warning.inner_text() and "AR6" in warning.inner_text()
    gwp = page.locator("tr[data-method=gwp_set] td").all_inner_texts()
    assert "IPCC第六次评估报告（AR6）" in gwp and "IPCC第五次评估报告（AR5）" in gwp
    # A territory without data: every figure "not reported".
    page.fill("#c-territories", "LJ-2016,500000")
    page.click("form[data-testid=compare-form] button[type=submit]")
    page.wait_for_url("**/compare?territories=*")
    column = page.locator("tr[data-row=gross] td").nth(1)
    assert column.inner_text() == "未报告"
    assert page.locator("tr[data-row=gross] td").nth(0).inner_text() != "未报告"
    # The same page in English.
    page.click("a.lang[hreflang=en]")
    page.wait_for_url("**/compare?territories=*")
    assert page.locator("h1").inner_text() == "Regional comparison"
    assert page.locator("tr[data-row=gross] td").nth(1).inner_text() == "not reported"
    assert page.console_errors == []
