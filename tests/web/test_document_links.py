"""The documents are reachable from the pages (issue 19): a signed-in officer opens a
department's assessment notice and the park's self-assessment as PDFs with the page session."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_officer_opens_the_notice_and_the_park_report(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/plan/assessment?territory=LJ-2016&year=2023")
    notice = page.locator("[data-testid=notice-pdf]").first
    answer = page.request.get(notice.get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body()[:5] == b"%PDF-"
    page.goto("/parks/LJ-ZCP")
    park = page.request.get(page.locator("[data-testid=park-pdf]").get_attribute("href"))
    assert park.status == 200 and park.body()[:5] == b"%PDF-"
