"""The indicator page refuses an implausible value with the bound in its message (issue 20)."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_a_pue_of_1e308_is_refused_on_the_page(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/indicators/datacentre_pue_new?year=2023")
    form = page.get_by_test_id("entry-form")
    form.locator("[name=value]").fill("1e308")
    form.locator("[name=unit]").fill("dimensionless")
    form.locator("[name=source]").fill("统计局")
    form.locator("button[type=submit]").click()
    problems = page.get_by_test_id("problems")
    problems.wait_for()
    assert "[1, 3]" in problems.inner_text()
    assert "不在合理范围" in problems.inner_text()
