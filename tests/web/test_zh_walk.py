"""Walk every page in zh-CN (Playwright + Debian's Chromium) and find no English left untranslated.

The admin signs in on the demo database and the walker follows every link of the navigation and
of the pages it reaches (one page per route and kind of link, so a list of 40 enterprises costs
one visit, not 40), clicks the controls that load parts of a page (the categories of the
inventory explorer, a row's lineage), and reads what a person sees: the text, and the
``title``, ``aria-label`` and ``placeholder`` attributes.

A page passes when every run of Latin letters it shows is one of:

* a token in :data:`ALLOWED` (units as people write them, chemical formulas, the names of
  standards and formats: CO2e, GPC, IPCC, XLSX …), or a number with its unit;
* a code in parentheses right after a name, e.g. ``道路交通 (energy.transport.road)``;
* data, marked in the templates with the HTML attribute ``translate="no"`` (user names, file
  names, identifiers, citations of sources): what a person typed or a document is called is not
  ours to translate.

Anything else is an English word or a code shown instead of a name, and the test lists every
one with the page it is on.
"""

from __future__ import annotations

import re
from collections import defaultdict
from urllib.parse import urlsplit

from fastapi.routing import APIRoute

from cityclimate.web import page_routers
from tests.web.conftest import loaded, sign_in

#: Latin tokens a Chinese page may show, by kind: units, formulas, standards, formats, the brand.
ALLOWED_GROUPS = {
    "units as people write them": "t kt Mt kg g tce kgce kWh MWh GWh kW MW GW GJ TJ MJ "
    "Nm³ m³ m² km km² ha h",
    "gases and their families": "CO2 CO2e CH4 N2O HFCs PFCs SF6 NF3 CF4",
    "standards, methods and programmes known by their acronym": "GPC IPCC AR4 AR5 AR6 SAR GWP "
    "LMDI PUE ETS CCER CDM USCC GDP BASIC BASIC+ GB GB/T SDG SDMX CAP PACT",
    "a method named after its author (the Shapley value of the wedges)": "Shapley",
    "GPC notation keys": "NO NE IE NA C",
    "fuels and technologies known by their acronym": "LNG LPG CNG PV",
    "file formats, text encodings, software, the platform's own name": "XLSX XLS DOCX CSV JSON PDF SVG PNG TOML "
    "YAML SDMX-CSV iCalendar GeoJSON Shapefile zip shp shx dbf prj "
    "UTF-8 GBK Excel "
    "cityclimate",
}
ALLOWED = frozenset(word for words in ALLOWED_GROUPS.values() for word in words.split())
#: One token: letters, digits and the marks that belong inside a code (a.b_c-d/e).
TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9_.\-/²³₂+]*")
#: A code in parentheses right after a name: ``名称 (code)`` or ``名称（code）``.
CODE_AFTER_NAME = re.compile(r"[^\sA-Za-z0-9(（][\s]?[(（]\s*([A-Za-z0-9_.\-/:]+)\s*[)）]")

#: Pages the navigation does not link to, or only through a form, that must be walked too.
EXTRA = ("/enterprises/compliance", "/disclosures", "/plan/assessment", "/plan/rectification")
#: Links never followed: downloads, sign-out, the language switch, the API, static files.
SKIP = re.compile(r"\.(xlsx|xls|csv|json|pdf|svg|png)$|^/(logout|lang/|api/|static/|docs|openapi)")

#: What a person sees, from the page: its text, and the attributes read out or shown on hover,
#: leaving out data marked translate="no".
VISIBLE = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const hidden = (el) => !el || el.closest('[translate="no"], script, style, template, noscript')
      || (el.offsetParent === null && getComputedStyle(el).position !== 'fixed'
          && el.tagName !== 'OPTION');
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!hidden(n.parentElement) && n.textContent.trim()) out.push(n.textContent);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (el.closest('[translate="no"]')) continue;
    for (const a of ['title', 'aria-label', 'placeholder']) {
      if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
  }
  out.push(document.title);
  return out;
}"""


def untranslated(text: str) -> list[str]:
    """The Latin tokens of ``text`` that are neither allowed nor a code after a name.

    >>> untranslated("道路交通 (energy.transport.road)：12.3 万t CO2e")
    []
    >>> untranslated("鸳鸯 (500115-YJ)")
    []
    >>> untranslated("状态：on_track，单位 dimensionless")
    ['on_track', 'dimensionless']
    """
    codes = [m.span(1) for m in CODE_AFTER_NAME.finditer(text)]
    found = []
    for match in TOKEN.finditer(text):
        word = match.group().rstrip(".-/")
        inside_code = any(start <= match.start() < end for start, end in codes)
        if word in ALLOWED or inside_code or re.fullmatch(r"v\d+", word):
            continue  # allowed, a code after its name, or a version number (v2)
        if all(part in ALLOWED or part == "" for part in re.split(r"[/·]", word)):
            continue  # a compound unit: tce/万元, kgce/GJ
        found.append(word)
    return found


def route_of(path: str) -> str:
    """The kind of a link: the page route it is served by, queries kept by name only
    (``/inventories/12/diff?against=3`` → ``/inventories/*/diff?against``)."""
    parts = urlsplit(path)
    segments = parts.path.split("/")
    matching = [
        route
        for route in ALL_ROUTES
        if len(route.split("/")) == len(segments)
        and all(r in ("*", s) for r, s in zip(route.split("/"), segments, strict=True))
    ]
    # the most literal route wins: /enterprises/compliance before /enterprises/*
    best = min(matching, key=lambda r: r.count("*"), default=parts.path)
    names = sorted({q.split("=")[0] for q in parts.query.split("&") if q})
    return best + ("?" + "&".join(names) if names else "")


def links(tab) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = tab.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
    )
    return [
        h.split("#")[0] for h in hrefs if h.startswith("/") and not SKIP.search(h.split("?")[0])
    ]


def open_parts(tab) -> None:  # type: ignore[no-untyped-def]
    """Click what loads more of the page (htmx), once each kind: a category, a row's lineage."""
    for selector, fragment in (
        ("button[data-category]", "[data-testid=rows]"),
        ("[data-testid=rows] tbody tr button", "[data-testid=lineage]"),
    ):
        button = tab.locator(selector).first
        if button.count():
            button.click()
            loaded(tab, fragment)


#: Page routes that are not pages: the language switch, fragments loaded into a page (read as part
#: of it by open_parts or the lever editor), and downloads (files, evidence).
NOT_PAGES = re.compile(
    r"^/lang/|/rows$|/lineage/|^/pathways/preview$|\.(xlsx|zip)$|template$|/evidence/\*$"
    r"|^/calendar/reminders$|/report\.pdf$|/label\.\*$"
)


def _get_routes() -> list[str]:
    """Every GET route of the pages, path parameters as ``*``."""
    paths = [
        route.path
        for router in page_routers()
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in route.methods
    ]
    return [re.sub(r"\{[^}]+\}", "*", p) for p in paths]


ALL_ROUTES = _get_routes()


def page_routes() -> list[str]:
    """The routes that are pages a person reads (not fragments, downloads or redirects)."""
    return [r for r in ALL_ROUTES if not NOT_PAGES.search(r)]


def test_every_page_in_chinese_shows_no_untranslated_english(page) -> None:  # type: ignore[no-untyped-def]
    page.set_default_timeout(60_000)  # a slow page on a busy machine is not what this tests
    page.goto("/login")  # the sign-in page is a page too: read it before signing in
    login_words = [w for text in page.evaluate(VISIBLE) for w in untranslated(text)]
    assert not login_words, f"untranslated on /login: {login_words}"
    sign_in(page, "admin")
    queue = ["/", *[h for h in links(page) if h != "/"], *EXTRA]
    seen_routes: set[str] = {"/login"}
    visited: list[str] = []
    problems: dict[str, set[str]] = defaultdict(set)
    while queue:
        path = queue.pop(0)
        route = route_of(path)
        if route in seen_routes:
            continue
        seen_routes.add(route)
        response = page.goto(path)
        assert response is not None and response.status < 400, (
            f"{path}: {response and response.status}"
        )
        page.wait_for_load_state("networkidle")
        open_parts(page)
        visited.append(path)
        assert page.locator("html").get_attribute("lang") == "zh-CN", path
        for text in page.evaluate(VISIBLE):
            for word in untranslated(text):
                problems[word].add(path)
        found = [h for h in links(page) if route_of(h) not in seen_routes]
        if path == "/inventories":  # the demo has no recalculation: compare two versions
            ids = [h.split("/")[2] for h in links(page) if re.fullmatch(r"/inventories/\d+", h)]
            found.append(f"/inventories/{ids[0]}/diff?against={ids[-1]}")
        queue += found
    # the walk reached every page the app serves (its GET page routes), but for downloads, the
    # language switch and the fragments that open_parts loads into a page
    missing = sorted(set(page_routes()) - {r.split("?")[0] for r in seen_routes})
    assert not missing, f"the walk did not reach {missing}: {sorted(seen_routes)}"
    report = "\n".join(f"  {w!r} on {sorted(p)[:3]}" for w, p in sorted(problems.items()))
    assert not problems, f"{len(problems)} untranslated token(s) on {len(visited)} pages:\n{report}"
