"""The open-data portal in a browser (issue 19), for a person not signed in, in zh and en:
the published year's figures are the API's, every chart has its table, the downloads answer,
a second territory and a year with nothing published answer without error, and axe-core
(from the npm lock) finds no WCAG 2.1 A/AA violation on any of the pages."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.web.test_zh_walk import VISIBLE, untranslated

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.map(v => v.id + ' (' + v.impact + '): '
      + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '));
}"""
PAGES = (
    ("/open-data", 200),
    ("/open-data/LJ-2016", 200),
    ("/open-data/LJ-2016/2022", 200),
    ("/open-data/500105/2020", 200),  # a second territory: a neighbour's published inventory
    ("/open-data/LJ-2016/2018", 404),  # a year with nothing published
    ("/open-data/LJ-2026", 200),  # a territory with nothing published
)


def axe_violations(tab) -> list[str]:  # type: ignore[no-untyped-def]
    tab.evaluate(AXE.read_text(encoding="utf-8"))
    return list(tab.evaluate(RUN_AXE))


@pytest.fixture
def public(browser, live_server: str):  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run npm ci (it is in package-lock.json)")
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_public_pages_pass_axe_and_show_names(public, live_server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    if lang == "en":
        public.goto("/lang/en?next=/open-data")
    for path, status in PAGES:
        answer = public.goto(path)
        assert answer is not None and answer.status == status, (path, answer and answer.status)
        assert public.locator("form[action='/logout']").count() == 0  # nobody signed in
        found = axe_violations(public)
        assert found == [], f"{lang} {path}: {found}"
        if lang == "zh":
            words = [w for text in public.evaluate(VISIBLE) for w in untranslated(text)]
            assert words == [], f"{path}: {words}"


def test_year_page_holds_the_published_figures_and_downloads(public, live_server: str) -> None:  # type: ignore[no-untyped-def]
    view = httpx.get(f"{live_server}/api/v1/open-data/LJ-2016/years/2022").json()
    public.goto("/open-data/LJ-2016/2022")
    rows = public.locator("[data-testid=open-data-sectors] tbody tr")
    assert rows.count() == len(view["inventory"]["sectors"])
    for i, sector in enumerate(view["inventory"]["sectors"]):
        cells = rows.nth(i).locator("td")
        assert cells.nth(0).inner_text() == sector["name_zh"]
        assert cells.nth(1).inner_text() == f"{sector['co2e_t'] / 1e4:,.2f}"
    chart = public.locator("[data-testid=open-data-chart] svg[role=img]")
    assert chart.get_attribute("aria-label") and chart.locator("rect").count() == rows.count()
    indicators = public.locator("[data-testid=open-data-indicators] tbody tr")
    assert indicators.count() == len(view["indicators"]) > 0
    first = view["indicators"][0]
    assert indicators.nth(0).locator("td").nth(5).inner_text() == first["status_zh"]
    public.goto("/open-data/LJ-2016")
    links = public.locator("a[download]")
    assert links.count() >= 4
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        got = httpx.get(f"{live_server}{href}")  # no cookie, no token
        assert got.status_code == 200, href
    csv = httpx.get(f"{live_server}/api/v1/open-data/LJ-2016/data/ghg_inventory.csv").text
    assert csv.splitlines()[0] == "Year,Sector,Units,GeoCode,Value"
    assert f"2022,,t CO2e,LJ-2016,{view['inventory']['gross_co2e_t']!r}" in csv
