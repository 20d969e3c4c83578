"""Browser test: the indicator board says which progress method it used, per indicator and
for the whole board, and switching to the linear path restates every card."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_the_board_shows_and_switches_the_progress_method(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "public")
    page.goto(f"{live_server}/indicators")
    page.get_by_test_id("indicator-board").wait_for()
    assert "按各指标设定" in page.get_by_test_id("progress-method").inner_text()
    assert page.get_by_test_id("method-co2_intensity_reduction").inner_text() == (
        "复合增长路径（可持续发展目标进展评估法）"
    )
    assert page.get_by_test_id("method-datacentre_pue_new").inner_text() == "线性路径"
    page.get_by_test_id("progress-method").get_by_role("link", name="线性路径").click()
    page.get_by_test_id("indicator-board").wait_for()
    assert "progress_method=linear" in page.url
    assert "线性路径" in page.get_by_test_id("progress-method").locator("strong").inner_text()
    methods = page.locator("[data-testid^='method-']").all_inner_texts()
    assert len(methods) == 15 and set(methods) == {"线性路径"}


def test_the_assessment_page_grades_on_the_chosen_progress_method(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    """2023: the green-building share (83 %, binding) is behind its linear path (84.8 %) and
    on its compound path (82.6 %), by hand; so 建设管理部门 is 不合格 with each indicator's own
    method (linear for a level) and not when the page is switched to the compound path."""
    sign_in(page, "climate_office")
    page.goto(f"{live_server}/plan/assessment?year=2023")
    grades = page.get_by_test_id("grades")
    building = grades.locator("tr", has_text="建设管理部门")
    assert "按各指标设定" in page.get_by_test_id("progress-method").inner_text()
    assert "不合格" in building.inner_text()
    page.get_by_test_id("progress-method").get_by_role("link", name="复合增长路径").click()
    grades.wait_for()
    assert "progress_method=compound" in page.url
    assert "复合增长路径" in page.get_by_test_id("progress-method").locator("strong").inner_text()
    assert "不合格" not in building.inner_text()
    assert "progress_method=compound" in page.get_by_test_id("xlsx").get_attribute("href")
    page.get_by_role("link", name="整改清单").click()
    page.get_by_test_id("rectification").wait_for()
    assert "复合增长路径" in page.get_by_test_id("progress-method").locator("strong").inner_text()
    assert "城镇绿色建筑" not in page.get_by_test_id("rectification").inner_text()
