"""Green certification in the browser (issue 14): the office sees the demo's applications with
their criteria and steps, checks nothing twice, rejects with a reason; the public sees the
register of approvals in force; an enterprise applies for its own enterprise (zh, then en)."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_the_office_reviews_and_the_public_sees_the_register(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.goto("/finance")
    page.click("a[href='/finance/certification']")
    page.wait_for_url("**/finance/certification")
    assert page.locator("h1").inner_text() == "绿色认定"
    table = page.get_by_test_id("certifications")
    panel = table.locator("tr", has_text="水土显示面板")
    assert "认定通过" in panel.inner_text() and "2027-06-29" in panel.inner_text()
    glass = table.locator("tr", has_text="特种玻璃")
    assert "形式审查通过" in glass.inner_text() and "绿色业务收入占比" in glass.inner_text()
    glass.locator("form[data-action=reject] input[name=reason]").fill(
        "绿色收入占比低于阈值（示例）"
    )
    glass.locator("form[data-action=reject] button").click()
    page.wait_for_url("**done=certification_step*")
    glass = page.get_by_test_id("certifications").locator("tr", has_text="特种玻璃")
    assert "不予认定" in glass.inner_text() and "绿色收入占比低于阈值" in glass.inner_text()
    assert "渝府办发〔2023〕13号" in page.get_by_test_id("certification-criteria").inner_text()
    assert page.console_errors == []  # type: ignore[attr-defined]

    sign_in(page, "public")
    page.goto("/finance/certification")
    page.click("a.lang[hreflang=en]")
    page.wait_for_url("**/finance/certification*")
    register = page.get_by_test_id("certifications").inner_text()
    assert "Register of certifications in force" in register
    assert "approved" in register and "glass" not in register.lower()
    assert page.get_by_test_id("certification-apply").count() == 0
    assert page.console_errors == []  # type: ignore[attr-defined]
