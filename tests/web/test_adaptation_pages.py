"""The adaptation pages in the browser (zh and en): the warnings board of the demo's simulated
summer, the offline map drawn from GeoJSON (schematic, said so), risk with its inputs, sponge
city per drainage zone with the share of built-up area meeting the standard."""

from __future__ import annotations

from tests.web.conftest import sign_in


def test_adaptation_pages_show_warnings_map_risk_and_sponge_city(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "public")
    page.click("nav a[href='/adaptation']")
    page.wait_for_url("**/adaptation")
    assert page.locator("h1").inner_text() == "预警信息板"
    assert "示例数据" in page.get_by_test_id("adaptation-illustrative").inner_text()
    rows = page.get_by_test_id("warning-events").locator("tbody tr")
    assert rows.count() == 27
    first = rows.nth(0).inner_text()
    assert "悦来站" in first and "暴雨" in first and "发布" in first and "蓝色" in first
    assert page.locator("tr[data-action=upgrade][data-level=red]").count() == 3  # 1 rain, 2 heat
    assert "当前无生效预警" in page.get_by_test_id("standing-warnings").inner_text()

    page.get_by_test_id("adaptation-tabs").locator("a").nth(1).click()
    page.wait_for_url("**/adaptation/map*")
    assert "示意" in page.get_by_test_id("map-schematic").inner_text()
    page.wait_for_selector("[data-adaptation-map=sub_areas] canvas")
    page.wait_for_selector("[data-adaptation-map=zones] canvas")

    page.get_by_test_id("adaptation-tabs").locator("a").nth(2).click()
    page.wait_for_url("**/adaptation/risk*")
    assert page.get_by_test_id("risk-table").locator("tbody tr").count() == 9
    assert page.locator("tr[data-sub-area=LJ-2016-DS] td").nth(0).inner_text() == "1"
    assert "都市经济功能板块" in page.get_by_test_id("risk-table").inner_text()
    assert page.get_by_test_id("risk-inputs").locator("tbody tr").count() == 63
    # Units named as people write them, not as pint codes (万person, d/a, count were shown).
    inputs = page.get_by_test_id("risk-inputs").inner_text()
    assert "48.00 万人" in inputs and "天/年" in inputs and "个" in inputs
    assert "万person" not in inputs and "d/a" not in inputs and "count" not in inputs
    page.wait_for_selector("[data-adaptation-risk] canvas")

    page.get_by_test_id("adaptation-tabs").locator("a").nth(3).click()
    page.wait_for_url("**/adaptation/sponge*")
    # 2023: zones of 30 + 30 + 18 + 17 km² meet, of 177 km²: 53.7 %.
    assert page.get_by_test_id("sponge-share").inner_text().startswith("53.7%")
    # Six zones; each lists the one inspected item the demo evaluated (the heat island).
    assert page.locator("section[data-zone]").count() == 6
    assert page.get_by_test_id("green-table").locator("tbody tr").count() == 3

    page.click("a.lang[hreflang=en]")
    page.wait_for_url("**/adaptation/sponge*")
    assert page.locator("h1").inner_text() == "Sponge city and green space"
    assert page.console_errors == []


def test_a_department_acknowledges_its_warning_notice_in_the_page(page, live_database: str) -> None:  # type: ignore[no-untyped-def]
    """A department user sees the warnings sent to its department with the measures they
    trigger and acknowledges one; the office sees the state and escalates (zh, then en)."""
    from cityclimate.services import accounts
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.indicators import set_department
    from cityclimate.storage import make_engine, make_sessionmaker, transaction
    from tests.web.conftest import PASSWORD

    engine = make_engine(live_database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        user = accounts.create_user(s, SYSTEM, username="dept-social", password=PASSWORD,
                                    role="department")  # fmt: skip
        set_department(s, SYSTEM, user.id, "社会发展部门", territory="LJ-2016")
    engine.dispose()
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "dept-social")
    page.goto("/adaptation/notices")
    table = page.get_by_test_id("notices")
    assert "高温" in table.inner_text() and "社会发展部门" in table.inner_text()
    assert "用人单位" in table.inner_text() and "40℃" in table.inner_text()  # Art. 8 measures
    assert "暴雨" not in table.inner_text()  # rainstorms are not this department's
    before = table.locator("tr[data-state=acknowledged]").count()
    table.locator("tbody tr").first.locator("button").click()
    page.wait_for_url("**/adaptation/notices?*done=acknowledged*")
    assert "已确认收到预警通知" in page.get_by_test_id("saved").inner_text()
    assert (
        page.get_by_test_id("notices").locator("tr[data-state=acknowledged]").count() == before + 1
    )
    assert (
        page.get_by_test_id("adaptation-tabs").locator("a[href^='/adaptation/data']").count() == 0
    )
    assert page.console_errors == []  # type: ignore[attr-defined]

    sign_in(page, "climate_office")
    page.goto("/adaptation/notices")
    page.click("a.lang[hreflang=en]")
    page.wait_for_url("**/adaptation/notices*")
    assert page.locator("h1").inner_text() == "Warning notices"
    text = page.get_by_test_id("notices").inner_text()
    assert "acknowledged" in text and "escalated" in text
    # departments by their English names (the plan's), no Chinese left in the English table
    assert "Emergency management authority" in text and "应急管理部门" not in text
    page.get_by_test_id("escalate").click()
    page.wait_for_url("**done=escalated*")
    assert page.get_by_test_id("notices").locator("tr[data-state=overdue]").count() == 0
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_office_imports_census_records_and_sees_what_is_wrong(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.goto("/adaptation/data")
    assert page.locator("h1").inner_text() == "适应数据"
    assert "应急管理部门" in page.get_by_test_id("responsibilities").inner_text()
    assert "内涝积水点" in page.get_by_test_id("census-counts").inner_text()
    header = "record_id,hazard_type,name,sub_area,longitude,latitude,source\n"
    bad = tmp_path / "普查.csv"
    bad.write_text(header + "C1,landslide,坡,LJ-2016-YL,106.5,99,测试\n", encoding="utf-8")
    form = page.get_by_test_id("adaptation-table")
    form.locator("select[name=kind]").select_option("census")
    form.locator("input[type=file]").set_input_files(str(bad))
    form.locator("button[type=submit]").click()
    problems = page.get_by_test_id("problems").inner_text()
    assert "latitude" in problems and "纬度应为 -90 至 90" in problems
    assert "内涝积水点" in page.get_by_test_id("census-counts").inner_text()  # nothing replaced
    good = tmp_path / "census.csv"
    good.write_text(header + "C1,landslide,北坡,LJ-2016-YL,106.5,29.7,测试\n", encoding="utf-8")
    form = page.get_by_test_id("adaptation-table")
    form.locator("select[name=kind]").select_option("census")
    form.locator("input[type=file]").set_input_files(str(good))
    form.locator("button[type=submit]").click()
    page.wait_for_url("**done=adaptation_table*")
    counts = page.get_by_test_id("census-counts").inner_text()
    assert "滑坡" in counts and "内涝积水点" not in counts
    assert [e for e in page.console_errors if "status of 422" not in e] == []  # type: ignore[attr-defined]
