"""The parks pages in the browser (zh): from the menu to the list with the public disclosure and
the sector pilots, to the demo park's dashboard (boundary versions by member name, the
evaluation by year with the tier chosen by energy use, the reconciliation with the members'
reports, the chart), the electricity method switch, and the self-assessment workbook, which
holds the same core figures as the API's evaluation."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.web.conftest import sign_in


def test_parks_list_and_dashboard(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.click("nav a[href='/parks']")
    page.wait_for_url("**/parks")
    assert page.locator("h1").inner_text() == "零碳园区与低碳试点"
    disclosed = page.get_by_test_id("park-disclosures").inner_text()
    assert "两江零碳园区" in disclosed and "2023" in disclosed and "未核实" in disclosed
    sector = page.get_by_test_id("sector-pilots").inner_text()
    assert "新能源汽车保有量" in sector and "8,194" in sector
    page.get_by_test_id("park-list").locator("a").first.click()
    page.wait_for_url("**/parks/LJ-ZCP")
    boundaries = page.get_by_test_id("park-boundaries").inner_text()
    assert "龙兴汽车整车" in boundaries and "园区屋顶光伏" in boundaries
    y2020 = page.get_by_test_id("park-indicators-2020").inner_text()
    y2023 = page.get_by_test_id("park-indicators-2023").inner_text()
    assert "单位能耗碳排放" in y2020
    assert "年综合能耗20万–100万吨标准煤" in y2023 and "年综合能耗20万" not in y2020
    recon = page.get_by_test_id("park-reconciliation-2023").inner_text()
    assert recon.count("是") == 4  # the four members agree with their accepted reports
    assert page.get_by_test_id("park-incomplete").first.is_visible()  # 2021: reports missing
    page.wait_for_selector("[data-chart='core'][data-rendered='true']")
    market = page.get_by_test_id("park-year-2023").locator("p").first.inner_text()
    page.click("a[href='/parks/LJ-ZCP?method=location_based']")
    page.wait_for_url("**method=location_based")
    assert page.get_by_test_id("park-method").inner_text().startswith("基于位置")
    location = page.get_by_test_id("park-year-2023").locator("p").first.inner_text()
    assert location != market  # the green power counts only market-based
    with page.expect_download() as download:
        page.get_by_test_id("park-workbook").click()
    with open(download.value.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    core = [r for r in book["核心指标 Core indicator"].iter_rows(min_row=2, values_only=True)]
    api = page.request.get("/api/v1/parks/LJ-ZCP/evaluation").json()
    expected = [
        (y["year"], next(i["value"] for i in y["indicators"] if i["role"] == "core"))
        for y in api["years"]
    ]
    assert [r[0] for r in core] == [y for y, _ in expected]
    for row, (_, want) in zip(core, expected, strict=True):  # Excel keeps 15 digits
        got = row[1]
        assert (got is None and want is None) or got == pytest.approx(want, rel=1e-12)
    again = load_workbook(
        io.BytesIO(page.request.get("/api/v1/parks/LJ-ZCP/self-assessment.xlsx").body())
    )
    assert again.sheetnames == book.sheetnames


def test_sector_pilots_show_in_the_board_and_the_pathways(page) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: the sector figures feed the indicator board (up to its year) and the pathways
    page (as the levers' actual years), in zh and in en. Oracles: demo sector.csv by hand."""
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    sign_in(page, "climate_office")
    page.goto("/indicators?year=2021")
    board = page.get_by_test_id("board-sector").inner_text()
    assert "新能源汽车保有量" in board and "8,194" in board and "12,600" in board
    assert "19,800" not in board  # 2022 is after the board's year
    assert "分布式光伏自发自用电量" in board and "*" in board  # the park's figure only, marked
    page.goto("/pathways")
    levers = page.get_by_test_id("lever-actuals").inner_text()
    assert "分布式光伏" in levers and "分布式光伏装机容量" in levers and "45" in levers
    assert "新能源乘用车" in levers and "8,194" in levers
    page.goto("/lang/en?next=/pathways")
    page.wait_for_url("**/pathways")
    levers_en = page.get_by_test_id("lever-actuals").inner_text()
    assert "Distributed PV" in levers_en and "new-energy vehicles in use" in levers_en
