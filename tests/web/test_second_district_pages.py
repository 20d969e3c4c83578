"""Issue 12, "Done when", in the browser: the second-district walk of
``tests/e2e/test_second_district.py`` through the PAGES only (Playwright + Debian's Chromium):
the office signs in, creates 巴南区 (500113, not shipped) and its two sub-areas, imports its
plan pack zip on the plan page and its activity data on the import page, enters its GDP and
population, computes and publishes two years on the versions page, enters the indicator values
the data cannot give, and sees its indicator board, its departments' grades, its pathways and
the comparison with Liangjiang.

The numbers shown are checked against the hand oracles of the API walk (same inputs: 100 000
and 120 000 MWh at 0.4743 and 0.5227 t/MWh, GDP 2 000 / 2 100 亿元, population 2.10 / 2.15
million), formatted as the pages show them. It runs on its own server and database copy, so
the shared browser server's demo is left as the other tests expect it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import PASSWORD
from tests.e2e.test_second_district import (
    BASE,
    CODE,
    ENTERED,
    GDP_10K_YUAN,
    MWH,
    POPULATION,
    SUB_AREAS,
    TOTAL,
    banan_pack,
)
from tests.web.conftest import serve, sign_in

#: Indicators the data cannot give (by hand: no data-centre, building, transport, public
#: institution, green-space or sponge-city figures are entered) → their unit; those marked
#: True have no base value in the plan, so the office enters one for 2020.
BY_HAND = {
    "strategic_emerging_industry_share": ("%", False),
    "datacentre_pue_new": ("dimensionless", True),
    "datacentre_pue_existing": ("dimensionless", True),
    "datacentre_pue_national_hub": ("dimensionless", True),
    "green_building_share_of_new_buildings": ("%", True),
    "prefabricated_building_share": ("%", False),
    "public_transport_share_of_motorised_trips": ("%", True),
    "public_institution_energy_per_person_reduction": ("%", False),
    "public_institution_energy_per_m2_reduction": ("%", False),
    "built_up_green_coverage": ("%", False),
    "park_green_space_per_person": ("m2/person", False),
    "sponge_city_share_of_built_up": ("%", True),
}


def wan(t: float) -> str:
    """t → 万t with two decimals, as the pages show it."""
    return f"{t / 1e4:,.2f}"


@pytest.fixture(scope="module")
def walk_server(
    template: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("walk")
    shutil.copyfile(template[0], folder / "walk.db")
    with serve(folder / "walk.db") as base:
        yield base
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def tab(browser, walk_server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=walk_server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.set_default_timeout(20_000)
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def _create_territory(tab) -> None:  # type: ignore[no-untyped-def]
    tab.click("nav >> text=地区")
    tab.wait_for_url("**/territories")
    assert CODE not in tab.get_by_test_id("territories").inner_text()
    form = tab.get_by_test_id("new-territory")
    form.locator("#t-code").fill(CODE)
    form.locator("#t-name-zh").fill("巴南区")
    form.locator("#t-name-en").fill("Banan District")
    form.locator("#t-parent").select_option("500000")
    form.locator("#t-from").fill("1994-12-17")
    form.locator("button[type=submit]").click()
    tab.wait_for_url(f"**/territories/{CODE}?saved=1")
    for code, name in zip(SUB_AREAS, ("北部板块", "南部板块"), strict=True):
        edit = tab.get_by_test_id("edit-territory")
        edit.locator("#e-sub-code").fill(code)
        edit.locator("#e-sub-name").fill(name)
        edit.locator("button[type=submit]").click()
        tab.wait_for_url(f"**/territories/{CODE}?saved=1")
    assert tab.get_by_test_id("sub-areas").locator("li").all_inner_texts() == [
        "北部板块",
        "南部板块",
    ]
    assert "重庆市" in tab.get_by_test_id("territory-facts").inner_text()


def _socioeconomic(tab) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"/territories/{CODE}")
    for year in MWH:
        entry = tab.get_by_test_id("socioeconomic-form")
        entry.locator("#s-year").fill(str(year))
        entry.locator("#s-gdp_10k_yuan").fill(str(GDP_10K_YUAN[year]))
        entry.locator("#s-industrial_value_added_10k_yuan").fill(str(GDP_10K_YUAN[year] * 0.4))
        entry.locator("#s-population").fill(str(POPULATION[year]))
        entry.locator("#s-base").fill("2020")
        entry.locator("#s-source").fill("区统计局")
        entry.locator("button[type=submit]").click()
        tab.wait_for_url(f"**/territories/{CODE}?saved=1")
    table = tab.get_by_test_id("socioeconomic").inner_text()
    assert "20,000,000" in table and "2,150,000" in table


def _activity_data(tab) -> None:  # type: ignore[no-untyped-def]
    rows = "territory,sub_area,year,category,fuel,quantity,unit\n" + "".join(
        f"{CODE},{area},{year},energy.electricity.industry,electricity,{mwh},MWh\n"
        for year, areas in MWH.items()
        for area, mwh in areas.items()
    )
    tab.click("nav a[href='/imports']")
    tab.wait_for_url("**/imports")
    tab.select_option("#i-territory", CODE)
    tab.set_input_files(
        "#i-file", {"name": "banan.csv", "mimeType": "text/csv", "buffer": rows.encode()}
    )
    tab.click("form[action='/imports'] button[type=submit]")
    preview = tab.get_by_test_id("import-preview")
    preview.locator("tbody tr").first.wait_for()  # count() does not wait for the page to load
    assert preview.locator("tbody tr").count() == 4
    tab.click("form[action$='/confirm'] button[type=submit]")
    tab.wait_for_url("**/inventories?import=*")


def _compute_and_publish(tab) -> None:  # type: ignore[no-untyped-def]
    for year in MWH:
        tab.goto("/inventories")
        form = tab.locator("form[action='/inventories/compute']")
        form.locator("#c-territory").fill(CODE)
        form.locator("#c-year").fill(str(year))
        form.locator("button[type=submit]").click()
        tab.wait_for_url(re.compile(r".*/inventories/\d+$"))
        assert tab.get_by_test_id("explorer-total").inner_text() == wan(TOTAL[year])
        tab.goto(f"/inventories?territory={CODE}&year={year}")
        row = tab.get_by_test_id("versions").locator("tbody tr").first
        row.locator("form[action$='/publish'] button").click()
        tab.wait_for_url(re.compile(r".*/inventories/\d+$"))
    tab.goto(f"/inventories?territory={CODE}")
    shown = tab.get_by_test_id("versions").locator("tbody tr").all_inner_texts()
    assert len(shown) == 2 and all("已发布" in r for r in shown)
    assert sorted(wan(TOTAL[y]) in " ".join(shown) for y in MWH) == [True, True]


def _enter_values(tab) -> None:  # type: ignore[no-untyped-def]
    for indicator_id, (unit, needs_base) in BY_HAND.items():
        entries = [("actual", 2022, ENTERED[unit])]
        if needs_base:
            entries.append(("base", 2020, BASE[unit]))
        for kind, year, value in entries:
            tab.goto(f"/indicators/{indicator_id}?territory={CODE}&year=2022")
            form = tab.get_by_test_id("entry-form")
            form.locator("[name=kind]").select_option(kind)
            form.locator("[name=year]").fill(str(year))
            form.locator("[name=value]").fill(str(value))
            assert form.locator("[name=unit]").input_value() == unit
            form.locator("[name=source]").fill("区统计局")
            form.locator("button[type=submit]").click()
            tab.wait_for_url(f"**/indicators/{indicator_id}?territory={CODE}&saved=1")


def test_the_second_district_walk_through_the_pages(tab) -> None:  # type: ignore[no-untyped-def]
    sign_in(tab, "climate_office", PASSWORD)
    # 1. The district and its sub-areas.
    _create_territory(tab)
    # 2. Its plan pack, imported on the plan page.
    tab.click("nav a[href='/plans']")
    tab.wait_for_url("**/plans")
    tab.set_input_files(
        "#plan-file", {"name": "banan.zip", "mimeType": "application/zip", "buffer": banan_pack()}
    )
    tab.click("form[action='/plans'] button[type=submit]")
    tab.wait_for_url(f"**/plans/{CODE}?imported=*")
    assert "巴南区" in tab.locator("h1").inner_text()
    # 3-5. Its activity data, its GDP and population, two years computed and published.
    _activity_data(tab)
    _socioeconomic(tab)
    _compute_and_publish(tab)
    # 6. Its indicator board for 2022: the intensities derived from its own data, by hand.
    tab.goto(f"/indicators?territory={CODE}&year=2022")
    board = tab.get_by_test_id("indicator-board")
    co2 = (1 - (TOTAL[2022] / GDP_10K_YUAN[2022]) / (TOTAL[2020] / GDP_10K_YUAN[2020])) * 100
    energy = (1 - (120_000 / GDP_10K_YUAN[2022]) / (100_000 / GDP_10K_YUAN[2020])) * 100
    for indicator_id, value in (
        ("co2_intensity_reduction", co2),  # -25.95 %
        ("industrial_co2_intensity_reduction", co2),  # industry is all of it
        ("energy_intensity_reduction", energy),  # -14.29 % (electricity only)
    ):
        card = board.get_by_test_id(f"indicator-{indicator_id}")
        assert card.locator(".facts strong").inner_text() == f"{value:,.2f}", indicator_id
        assert "由数据推算" in card.inner_text()
    not_reported = board.locator("article.indicator .status-text").all_inner_texts()
    assert not_reported.count("尚未报送") == len(BY_HAND) == len(not_reported) - 3
    # 7. The values the data cannot give, entered by the office; its departments graded.
    _enter_values(tab)
    tab.goto(f"/plan/assessment?territory={CODE}&year=2022")
    grades = tab.get_by_test_id("grades").locator("tbody tr")
    assert grades.count() == 6  # the pack's six departments with weights
    authority = grades.filter(has_text="两江新区应对气候变化主管部门").inner_text()
    assert "不合格" in authority and "单位地区生产总值二氧化碳排放降低" in authority
    # 8. Its pathways, from its own published base year; levers on absent fuels noted.
    tab.goto(f"/pathways?territory={CODE}&scenario=plan")
    actual = tab.get_by_test_id("actual-years")
    for year in MWH:
        assert actual.locator(f"tr[data-year='{year}'] td").nth(1).inner_text() == wan(TOTAL[year])
    notes = tab.get_by_test_id("lever-notes")
    assert "新能源乘用车：本地区基准年清单中没有汽油" in notes.inner_text()
    assert notes.locator("li[data-lever='distributed_pv']").count() == 0
    # 9. Compared with Liangjiang.
    tab.goto(f"/compare?territories=LJ-2016,{CODE}&year=2022")
    table = tab.get_by_test_id("compare-table")
    column = [th.strip() for th in table.locator("thead th").all_inner_texts()].index("巴南区")
    gross = table.locator("tr[data-row='gross'] td").nth(column - 1).inner_text()
    per_capita = table.locator("tr[data-row='per-capita'] td").nth(column - 1).inner_text()
    progress = table.locator("tr[data-row='progress'] td").nth(column - 1).inner_text()
    assert gross == wan(TOTAL[2022])
    assert per_capita == f"{TOTAL[2022] / POPULATION[2022]:,.2f}"
    assert f"{co2:,.2f}%" in progress
    assert tab.console_errors == []  # type: ignore[attr-defined]
