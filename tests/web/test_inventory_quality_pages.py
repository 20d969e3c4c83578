"""The inventory quality page (issue 13), in a real Chromium: for a stored version it shows the
uncertainty (Monte Carlo, seeded), key categories with reasons, QA findings, the three framework
tables and their reconciliation, in Chinese by default and in English."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_quality_page_of_a_stored_version(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/inventories?territory=LJ-2016&year=2020")
    page.locator("td a[href^='/inventories/']").first.click()
    page.get_by_test_id("quality-link").click()
    page.wait_for_url("**/quality")
    assert page.locator("h1").inner_text().startswith("清单质量")
    interval = page.get_by_test_id("quality-interval").inner_text()
    low, high = (float(x.replace(",", "")) for x in interval.split("–"))
    assert low < 724.42 < high  # the plan's 2020 total lies inside the 95 % interval
    unc = page.get_by_test_id("quality-uncertainty")
    assert "蒙特卡洛" in unc.inner_text() and "随机种子 0" in unc.inner_text()
    keys = page.get_by_test_id("quality-key-categories")
    # Names, not codes: the largest key category is named in Chinese with its reason.
    assert "工业调入电力" in keys.inner_text() and "energy.electricity" not in keys.inner_text()
    assert "水平评估" in keys.inner_text()
    findings = page.get_by_test_id("quality-findings")
    listed = findings.locator("li").count()
    assert f"质量检查 ({listed})" in findings.inner_text()
    assert listed > 0 or "未发现问题" in findings.inner_text()
    recon = page.get_by_test_id("quality-reconciliation")
    assert recon.inner_text().count("✓") == 3
    for code in ("cn", "ipcc", "gpc"):
        assert page.get_by_test_id(f"quality-framework-{code}").count() == 1
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    assert page.console_errors == []


def test_quality_page_in_english(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "public")
    page.goto("/lang/en?next=/inventories")
    first = page.locator("td a[href^='/inventories/']").first.get_attribute("href")
    page.goto(f"{first}/quality?iterations=500&seed=3")
    assert page.locator("h1").inner_text().startswith("Inventory quality")
    unc = page.get_by_test_id("quality-uncertainty").inner_text()
    assert "Monte Carlo" in unc and "random seed 3" in unc
    assert "IPCC 2006 categories" in page.get_by_test_id("quality-framework-ipcc").inner_text()
    assert page.console_errors == []
