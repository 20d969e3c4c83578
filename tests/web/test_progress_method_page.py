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
