"""The reporting calendar in a browser (issue 19): the home page shows the signed-in user's
reminders (what the API says is overdue or due soon), and /calendar lists the overdue items."""

from __future__ import annotations

from datetime import date

import httpx

from tests.web.conftest import PASSWORD, sign_in


def _api(live_server: str, role: str, year: int) -> list[dict]:  # type: ignore[type-arg]
    token = httpx.post(
        f"{live_server}/api/v1/auth/token", json={"username": role, "password": PASSWORD}
    ).json()["access_token"]
    return httpx.get(
        f"{live_server}/api/v1/calendar/LJ-2016/items",
        params={"year": year},
        headers={"Authorization": f"Bearer {token}"},
    ).json()


def test_home_page_reminders_and_the_overdue_list(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/?territory=LJ-2016")
    reminders = page.locator("[data-testid=reminders]")
    reminders.wait_for()
    year = date.today().year - 1
    # Reminders: the last two reporting years' overdue or due-soon items, most overdue first.
    both = _api(live_server, "climate_office", year - 1) + _api(live_server, "climate_office", year)
    expected = [i for i in both if i["state"] in ("overdue", "due_soon")]
    assert expected, "the demo has open items"
    first = max(expected, key=lambda i: (i["state"] == "overdue", i["days_late"]))
    shown = reminders.inner_text()
    assert f"{first['name_zh']} · " in shown and f"({first['year']})" in shown
    assert f"{first['due']}: 逾期 · {first['days_late']} 天" in shown
    page.goto(f"/calendar?territory=LJ-2016&year={year}")
    overdue = [i for i in _api(live_server, "climate_office", year) if i["state"] == "overdue"]
    assert page.locator("[data-testid=calendar-overdue] tbody tr").count() == len(overdue)
    assert page.locator("a[href^='/api/v1/calendar/LJ-2016/calendar.ics']").count() == 1
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_office_moves_a_deadline_and_a_bad_date_is_refused(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.goto("/calendar?territory=LJ-2016")
    page.fill("#month-inventory_publication", "2")
    page.fill("#day-inventory_publication", "30")
    page.click("[data-testid=set-inventory_publication]")
    page.locator("[data-testid=problems]").first.wait_for()  # the answer page, loaded
    assert page.locator("[data-testid=problems]").count() == 1  # 30 February: nothing saved
    rules = httpx.get(f"{live_server}/api/v1/calendar/LJ-2016/rules").json()
    assert next(r for r in rules if r["kind"] == "inventory_publication")["month"] == 6
    page.fill("#month-inventory_publication", "9")
    page.fill("#day-inventory_publication", "30")
    page.click("[data-testid=set-inventory_publication]")
    page.locator("[data-testid=saved]").wait_for()
    rules = httpx.get(f"{live_server}/api/v1/calendar/LJ-2016/rules").json()
    moved = next(r for r in rules if r["kind"] == "inventory_publication")
    assert (moved["month"], moved["day"]) == (9, 30)
    page.fill("#month-inventory_publication", "6")  # as the demo had it, for the other tests
    page.click("[data-testid=set-inventory_publication]")
    page.locator("[data-testid=saved]").wait_for()
