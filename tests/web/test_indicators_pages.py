"""Browser tests of the indicator and plan-tracking pages: the board draws its small multiples,
a department updates its own task, a manual value with a bad unit is refused with its message,
the annual evaluation downloads as XLSX. Every page shows the illustrative-data notice."""

from __future__ import annotations

import re

import httpx
import openpyxl
from fastapi.testclient import TestClient

from cityclimate.app import create_app
from cityclimate.settings import Settings
from tests.web.conftest import PASSWORD, sign_in
from tests.web.test_territory_pages import signed_in

DEPARTMENT = "经济运行部门"


def test_the_board_draws_every_indicator_with_a_traffic_light(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "public")
    page.console_errors.clear()  # the first page load asks for /favicon.ico (404)
    page.click("nav a[href='/indicators']")
    board = page.get_by_test_id("indicator-board")
    board.wait_for()
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    assert page.locator("h1").inner_text().endswith("2022")  # the latest published year
    cards = board.locator("article.indicator")
    assert cards.count() == 15
    assert board.locator(".light-amber").count() >= 1
    for chart in board.locator("[data-indicator-chart]").all():
        chart.locator("canvas").first.wait_for()
        assert chart.get_attribute("data-rendered") == "true"
    assert page.console_errors == []


def test_a_department_updates_its_own_task(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    token = httpx.post(
        f"{live_server}/api/v1/auth/token", json={"username": "admin", "password": PASSWORD}
    ).json()["access_token"]
    admin = {"Authorization": f"Bearer {token}"}
    users = httpx.get(f"{live_server}/api/v1/users", headers=admin).json()["items"]
    member = next(u["id"] for u in users if u["username"] == "department")
    httpx.put(
        f"{live_server}/api/v1/plan/members/{member}",
        headers=admin,
        json={"department": DEPARTMENT},
    ).raise_for_status()
    sign_in(page, "department")
    page.console_errors.clear()  # the first page load asks for /favicon.ico (404)
    page.goto("/plan/tasks?status=not_started")
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    assert page.get_by_test_id("own-department").inner_text().endswith(DEPARTMENT)
    rows = page.get_by_test_id("tasks").locator("tbody tr[id^=task-]")
    assert rows.count() >= 1
    row = rows.first
    task_id = row.get_attribute("id")
    row.locator("summary").click()
    row.locator("select[name=status]").select_option("in_progress")
    row.locator("button[type=submit]").click()
    page.wait_for_url("**/plan/tasks?**")
    page.goto("/plan/tasks?status=in_progress")
    updated = page.locator(f"#{task_id}".replace(".", "\\."))
    assert updated.get_by_test_id("status").inner_text() == "进行中"
    assert page.console_errors == []


def test_a_manual_value_with_a_bad_unit_is_refused(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.console_errors.clear()  # the first page load asks for /favicon.ico (404)
    page.goto("/indicators/green_building_share_of_new_buildings?year=2023")
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    form = page.get_by_test_id("entry-form")
    form.locator("[name=value]").fill("80")
    form.locator("[name=unit]").fill("t")
    form.locator("[name=source]").fill("统计局")
    form.locator("button[type=submit]").click()
    problems = page.get_by_test_id("problems")
    problems.wait_for()
    assert "unit" in problems.inner_text() and "%" in problems.inner_text()
    page.console_errors.clear()  # the page answered 422 on purpose
    page.locator("[data-indicator-chart] canvas").first.wait_for()
    assert page.console_errors == []


def test_the_annual_evaluation_downloads_as_xlsx(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.console_errors.clear()  # the first page load asks for /favicon.ico (404)
    page.goto("/plan/assessment?year=2022")
    page.get_by_test_id("grades").wait_for()
    assert "示例数据" in page.get_by_test_id("demo-notice").inner_text()
    with page.expect_download() as info:
        page.get_by_test_id("xlsx").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "annual-evaluation-2022.xlsx"
    book = openpyxl.load_workbook(target)
    assert "ILLUSTRATIVE" in str(book.worksheets[0].cell(2, 1).value)
    page.goto("/plan/rectification?year=2022")
    assert page.get_by_test_id("rectification").locator("tbody tr").count() >= 1
    assert page.console_errors == []


def test_a_value_of_a_new_year_shows_the_others_as_not_yet_reported(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "climate_office")
    page.console_errors.clear()  # the first page load asks for /favicon.ico (404)
    page.goto("/indicators/prefabricated_building_share?territory=LJ-2016&year=2023")
    form = page.get_by_test_id("entry-form")
    form.locator("[name=year]").fill("2024")
    form.locator("[name=value]").fill("52")
    form.locator("[name=source]").fill("统计公报")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/indicators/prefabricated_building_share?territory=LJ-2016&saved=1")
    page.goto("/indicators?territory=LJ-2016&year=2024")
    board = page.get_by_test_id("indicator-board")
    board.wait_for()
    assert page.locator("h1").inner_text().endswith("2024")
    entered = board.get_by_test_id("indicator-prefabricated_building_share")
    assert "52" in entered.locator(".facts strong").inner_text()
    others = board.locator("article.indicator .status-text")
    texts = [t.strip() for t in others.all_inner_texts()]
    assert texts.count("尚未报送") == len(texts) - 1  # each indicator on its own
    # The assessment opens on the latest year that can be graded, not on the year in progress.
    page.goto("/plan/assessment?territory=LJ-2016")
    page.get_by_test_id("grades").wait_for()
    assert page.locator("h1").inner_text().endswith("2023")
    assert page.console_errors == []


def test_the_board_of_a_year_with_no_value_says_not_yet_reported(database: str) -> None:
    # Its own copy of the demo database (the browser tests above enter a 2024 value).
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver") as client:
        signed_in(client)
        board = client.get("/indicators?territory=LJ-2016&year=2024")
    assert board.status_code == 200, board.text
    assert re.search(r"<h1>[^<]*2024</h1>", board.text)
    statuses = re.findall(r'class="status-text"[^>]*>\s*([^<]+?)\s*<', board.text)
    assert statuses == ["尚未报送"] * 15
    assert '<option value="2024" selected>2024</option>' in board.text
