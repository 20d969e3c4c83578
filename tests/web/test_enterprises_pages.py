"""Enterprise pages in Chromium: an enterprise user files a ledger (a bad one first: refused
whole, rows shown) and a report, a verifier verifies it, the office accepts it and sees the
compliance overview, and the disclosure form appears on the public page. Enterprise A never
opens enterprise B's pages. The demo enterprises are labelled illustrative on every page."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.api.test_enterprises import ledger_workbook
from tests.rules.enterprises import DEMO_REGISTRY
from tests.web.conftest import PASSWORD, sign_in


def _people(base: str) -> None:
    """Users made as the administrator would, through the API (idempotent for the session)."""
    token = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": "admin", "password": PASSWORD}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    made = {}
    for name, role in (("web-port", "enterprise"), ("web-verifier", "public")):
        response = httpx.post(
            f"{base}/api/v1/users",
            headers=headers,
            json={"username": name, "password": PASSWORD, "role": role},
        )
        assert response.status_code == 201, response.text
        made[name] = response.json()["id"]
    for path, name in (("members", "web-port"), ("verifiers", "web-verifier")):
        bound = httpx.post(
            f"{base}/api/v1/enterprises/LJ-PORT/{path}",
            headers=headers,
            json={"user_id": made[name]},
        )
        assert bound.status_code == 204, bound.text


def _signed_in(browser, base: str, user: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto("/login")
    tab.fill("#username", user)
    tab.fill("#password", PASSWORD)
    tab.click("form[action='/login'] button[type=submit]")
    tab.wait_for_url("**/")
    return context, tab


def test_ledger_report_verify_accept_disclose(
    browser,
    live_server: str,
    page,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    _people(live_server)
    ctx, tab = _signed_in(browser, live_server, "web-port")
    tab.click("nav a[href='/enterprises']")
    tab.wait_for_url("**/enterprises")  # count() does not wait: the click only starts loading
    rows = tab.get_by_test_id("enterprises").locator("tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1 and "LJ-PORT" not in rows.inner_text()  # names, not ids
    assert "示例数据" in tab.get_by_test_id("demo-notice").inner_text()
    # another enterprise: not found, nothing shown
    other = tab.goto("/enterprises/LJ-CHP")
    assert other is not None and other.status == 404
    assert tab.goto("/enterprises/compliance").status == 403  # type: ignore[union-attr]

    tab.goto("/enterprises/LJ-PORT")
    assert "2021-03-31" in tab.get_by_test_id("deadlines").inner_text()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(ledger_workbook(tmp_path, "LJ-PORT", edit={"month": 13}))
    tab.set_input_files("#l-file", str(bad))
    tab.click("form[action$='/ledgers'] button[type=submit]")
    errors = tab.get_by_test_id("ledger-errors")
    errors.wait_for()
    assert "month" in errors.inner_text()
    good = tmp_path / "good.xlsx"
    good.write_bytes(ledger_workbook(tmp_path, "LJ-PORT"))
    tab.set_input_files("#l-file", str(good))
    tab.click("form[action$='/ledgers'] button[type=submit]")
    # the demo's ledgers are stored: replacing them needs the box ticked (the old set is kept)
    tab.get_by_test_id("ledger-errors").get_by_text("保留为历史版本").wait_for()
    tab.set_input_files("#l-file", str(good))
    tab.check("#l-replace")
    tab.click("form[action$='/ledgers'] button[type=submit]")
    tab.get_by_test_id("ledger-filed").wait_for()
    tab.click("form[action$='/reports'] button[type=submit]")
    tab.wait_for_url(re.compile(r".*/enterprises/reports/\d+\?done=prepared$"))
    report_url = tab.url.split("?")[0]
    assert "示例数据" in tab.get_by_test_id("demo-notice").inner_text()
    tab.get_by_test_id("step-submit").click()
    tab.wait_for_url(f"{report_url}?done=submit")
    assert tab.get_by_test_id("report-status").inner_text() == "已提交"
    ctx.close()

    ctx, tab = _signed_in(browser, live_server, "web-verifier")
    tab.goto(report_url)
    assert tab.get_by_test_id("step-submit").count() == 0
    tab.get_by_test_id("step-verify").click()
    tab.wait_for_url(f"{report_url}?done=verify")
    assert tab.get_by_test_id("report-status").inner_text() == "已核查"
    ctx.close()

    sign_in(page, "climate_office")
    page.goto(report_url)
    page.get_by_test_id("step-accept").click()
    page.wait_for_url(f"{report_url}?done=accept")
    assert page.get_by_test_id("report-status").inner_text() == "已审定"
    page.goto("/enterprises/compliance?year=2020")
    assert page.get_by_test_id("credit").locator("tbody tr").count() == DEMO_REGISTRY
    assert page.get_by_test_id("ets").locator("tbody tr").count() >= 1
    page.get_by_test_id("reconciliation").wait_for()
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    assert page.console_errors == []

    anonymous = browser.new_context(base_url=live_server).new_page()
    anonymous.goto("/disclosures?year=2020")
    assert "示例·" in anonymous.get_by_test_id("disclosures").inner_text()
    assert "港务物流" in anonymous.get_by_test_id("disclosures").inner_text()
    assert "示例数据" in anonymous.get_by_test_id("demo-notice").inner_text()
    anonymous.context.close()
