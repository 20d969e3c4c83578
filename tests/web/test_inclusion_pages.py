"""Carbon inclusion pages in the browser (zh): the public statistics and methodologies, a
resident linking a (simulated) card and seeing their trips, points and consents, withdrawing the
location consent, exporting their data; the office's totals, anti-fraud picture and held events."""

from __future__ import annotations

import json

from tests.web.conftest import sign_in


def test_resident_links_a_card_and_sees_their_month(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "public")
    page.click("nav a[href='/inclusion']")
    page.wait_for_url("**/inclusion")
    assert page.locator("h1").inner_text() == "碳普惠"
    assert "模拟" in page.get_by_test_id("inclusion-notice").inner_text()
    stats = page.get_by_test_id("inclusion-statistics").inner_text()
    assert "地铁" in stats and "公交" in stats
    assert "哈希链完整" in page.get_by_test_id("inclusion-ledger").inner_text()
    methods = page.get_by_test_id("inclusion-methods").inner_text()
    assert "地铁出行（均值法）" in methods and "0.5155" in methods and "0.5419" in methods
    page.click("a[href='/inclusion/me']")
    page.wait_for_url("**/inclusion/me")
    enrol = page.get_by_test_id("inclusion-enrol")
    enrol.locator("input[name=card_number]").fill("LJ-DEMO-0002")
    enrol.locator("input[name=location_consent]").check()
    enrol.locator("button[type=submit]").click()
    page.wait_for_url("**/inclusion/me")
    balance = page.get_by_test_id("inclusion-balance").inner_text()
    assert "积分余额" in balance
    events = page.get_by_test_id("inclusion-events").inner_text()
    assert "2025-03-" in events and ("已入账" in events or "未单独同意" in events)
    consents = page.get_by_test_id("inclusion-consents")
    location = consents.locator("tr", has_text="位置")
    assert "已同意" in location.inner_text()
    location.locator("button").click()
    page.wait_for_url("**/inclusion/me")
    assert (
        "未同意"
        in page.get_by_test_id("inclusion-consents").locator("tr", has_text="位置").inner_text()
    )
    exported = page.request.get("/api/v1/inclusion/me")
    assert exported.status == 200
    data = json.loads(exported.text())
    assert data["events"] and data["pseudonym"].startswith("r-")
    assert "LJ-DEMO-0002" not in exported.text()  # the card number itself is never stored
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_office_sees_totals_flags_and_sources(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.goto("/inclusion/office")
    assert "骑行" in page.get_by_test_id("inclusion-by-behaviour").inner_text()
    fraud = page.get_by_test_id("inclusion-by-status").inner_text()
    assert "速度超出该出行方式的可能范围" in fraud and "未单独同意处理位置信息" in fraud
    held = page.get_by_test_id("inclusion-held").inner_text()
    assert "同一人当日该行为次数异常" in held and "共享单车（模拟）" in held
    assert "社区低碳服务站（模拟）" in page.get_by_test_id("inclusion-sources").inner_text()
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_a_territory_without_carbon_inclusion_shows_nothing_of_another(page) -> None:  # type: ignore[no-untyped-def]
    """The pages show the named territory's figures: a second district with no sources has
    empty statistics and no held events, never Liangjiang's (the page once fixed LJ-2016)."""
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.goto("/inclusion")
    assert "地铁" in page.get_by_test_id("inclusion-statistics").inner_text()
    response = page.goto("/inclusion?territory=LJ-2026")
    assert response is not None and response.status == 200
    assert "地铁" not in page.get_by_test_id("inclusion-statistics").inner_text()
    assert page.get_by_test_id("inclusion-notice").count() == 0
    response = page.goto("/inclusion/office?territory=LJ-2026")
    assert response is not None and response.status == 200
    assert "地铁" not in page.locator("main").inner_text()


def test_a_resident_chooses_the_territory_of_their_account(database: str) -> None:
    """Where two territories run carbon inclusion, the enrolment form asks which one (it enrolled
    everyone into the first territory with sources); the account belongs to the one chosen."""
    import re

    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from cityclimate.app import create_app
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.inclusion import ingest, residents
    from cityclimate.settings import Settings
    from cityclimate.storage import make_engine, make_sessionmaker, transaction
    from cityclimate.storage.inclusion_models import InclusionAccount
    from cityclimate.storage.models import User
    from tests.web.test_territory_pages import signed_in

    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        ingest.register_source(s, SYSTEM, source_id="jb-metro", territory_code="500105",
                               name_zh="江北地铁（测试）", name_en="Jiangbei metro (test)",
                               kind="transit", behaviours=["metro"], public_key="00" * 32)  # fmt: skip
    app = create_app(Settings(database_url=database, secure_cookies=False))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        signed_in(client, "public")
        html = client.get("/inclusion/me").text
        chooser = html[html.index('data-testid="inclusion-territory"') :]
        chooser = chooser[: chooser.index("</select>")]
        assert re.findall(r'<option value="([^"]+)"', chooser) == ["500105", "LJ-2016"]
        assert "江北区" in chooser and "500105</option>" not in chooser  # names, not codes
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert csrf is not None
        done = client.post("/inclusion/me", data={"csrf_token": csrf.group(1),
                           "card_number": "JB-0001", "territory": "500105"})  # fmt: skip
        assert done.status_code == 303
        assert 'data-testid="inclusion-territory"' not in client.get("/inclusion/me").text
    with transaction(make_sessionmaker(engine), write=False) as s:
        user_id = s.scalars(select(User.id).where(User.username == "public")).one()
        name = residents.account_of_user(s, user_id)
        assert name is not None
        assert s.get(InclusionAccount, name).territory_code == "500105"
    engine.dispose()
