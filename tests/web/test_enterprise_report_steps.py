"""The report workflow steps in Chromium (issue 20): every refused step — preparing a report with
no ledgers, submitting twice, returning without a comment, verifying by a verifier no longer
engaged, accepting twice — shows its located bilingual reason in the page the user is on (the
shared problem list), never a bare error page; then the steps taken, each confirmed.

On the demo's LJ-TOWER, whose 2020 report is a draft (no other browser test touches it)."""

from __future__ import annotations

import httpx
from sqlalchemy import delete, select

from cityclimate.storage import make_engine, make_sessionmaker, transaction
from cityclimate.storage.enterprises_models import VerifierEngagement
from cityclimate.storage.models import User
from tests.web.conftest import PASSWORD, sign_in

TOWER = "LJ-TOWER"
USERS = (
    ("steps-tower", "enterprise", "members"),
    ("steps-verifier", "public", "verifiers"),
    ("steps-gone", "public", "verifiers"),
)


def _people(base: str) -> None:
    token = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": "admin", "password": PASSWORD}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for name, role, binding in USERS:
        made = httpx.post(
            f"{base}/api/v1/users",
            headers=headers,
            json={"username": name, "password": PASSWORD, "role": role},
        )
        assert made.status_code == 201, made.text
        bound = httpx.post(
            f"{base}/api/v1/enterprises/{TOWER}/{binding}",
            headers=headers,
            json={"user_id": made.json()["id"]},
        )
        assert bound.status_code == 204, bound.text


def _tab(browser, base: str, user: str):  # type: ignore[no-untyped-def]
    tab = browser.new_context(base_url=base).new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, user)
    return tab


def _refused(tab, *words: str) -> str:  # type: ignore[no-untyped-def]
    problems = tab.get_by_test_id("problems")
    problems.wait_for()
    text = problems.inner_text()
    for word in words:
        assert word in text, text
    assert tab.locator("h1").count() == 1 and tab.title() != ""
    return str(text)


def _saved(tab, text: str) -> None:  # type: ignore[no-untyped-def]
    notice = tab.get_by_test_id("saved")
    notice.wait_for()
    assert text in notice.inner_text()


def _step(tab, action: str):  # type: ignore[no-untyped-def]
    with tab.expect_response(lambda r: r.url.endswith("/steps")) as answer:
        tab.get_by_test_id(f"step-{action}").click()
    return answer.value


def _twice(tab, report_url: str, action: str, notice: str, status: str) -> None:  # type: ignore[no-untyped-def]
    """The step taken in ``tab`` (confirmed), then again in a second tab opened before it:
    refused there with the reason, and that page shows the report as it now is."""
    tab.goto(report_url)
    stale = tab.context.new_page()
    stale.set_default_timeout(15_000)
    stale.goto(report_url)
    assert _step(tab, action).status == 303
    _saved(tab, notice)
    assert tab.get_by_test_id("report-status").inner_text() == status
    assert _step(stale, action).status == 409
    _refused(stale, f"不能执行“{action}”")
    assert stale.get_by_test_id("report-status").inner_text() == status


def test_each_refused_step_is_shown_in_the_page_then_the_steps_taken(
    browser, live_server: str, live_database: str
) -> None:  # type: ignore[no-untyped-def]
    _people(live_server)
    firm = _tab(browser, live_server, "steps-tower")

    # Preparing a report of a year with no ledgers: the enterprise page, with the reason.
    firm.goto(f"/enterprises/{TOWER}")
    firm.fill("#r-year", "2023")
    with firm.expect_response(lambda r: r.url.endswith("/reports")) as answer:
        firm.click("form[action$='/reports'] button[type=submit]")
    assert answer.value.status == 422
    _refused(firm, "2023 年没有能源或物料台账")
    assert firm.get_by_test_id("enterprise-name").is_visible()

    # The draft of 2020, open in two tabs: submitted in one, submitted again in the other.
    firm.goto(f"/enterprises/{TOWER}")
    firm.locator("[data-testid=reports] a[href^='/enterprises/reports/']").first.click()
    firm.wait_for_url("**/enterprises/reports/*")
    report_url = firm.url
    _twice(firm, report_url, "submit", "报告已提交", "已提交")

    # The office returns it without a comment: refused, the page stays; the comment is kept.
    office = _tab(browser, live_server, "climate_office")
    office.goto(report_url)
    office.fill("#s-comment", "   ")  # blank is no comment
    assert _step(office, "return").status == 409
    _refused(office, "退回报告须写明意见")
    assert office.input_value("#s-comment") == "   "  # what was typed is shown again

    # A verifier whose engagement ends while the report is open: told why, on a page.
    gone = _tab(browser, live_server, "steps-gone")
    gone.goto(report_url)
    engine = make_engine(live_database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        user_id = s.scalar(select(User.id).where(User.username == "steps-gone"))
        s.execute(delete(VerifierEngagement).where(VerifierEngagement.user_id == user_id))
    engine.dispose()
    assert _step(gone, "verify").status == 404
    _refused(gone, "您未受聘核查该报告所属企业")

    # The engaged verifier verifies; the office accepts in one tab, then again in a stale one.
    verifier = _tab(browser, live_server, "steps-verifier")
    verifier.goto(report_url)
    assert _step(verifier, "verify").status == 303
    _saved(verifier, "报告已核查")
    _twice(office, report_url, "accept", "报告已审定", "已审定")
    for tab in (firm, gone, verifier, office):
        tab.context.close()
