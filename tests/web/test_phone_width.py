"""Phone width (issue 20): every page, opened at 375 × 812 by the office, fits the screen; wide
tables scroll inside their card. The pages come from the page routers' table, so a new page is
checked without editing this test."""

from __future__ import annotations

from fastapi.routing import APIRoute

from cityclimate.web import page_routers
from tests.web.conftest import sign_in

VALUES = {
    "{version_id}": "1",
    "{result_id}": "1",
    "{import_id}": "1",
    "{user_id}": "1",
    "{enterprise_id}": "LJ-CHP",
    "{filing_id}": "1",
    "{code}": "LJ-2016",
    "{territory}": "LJ-2016",
    "{year}": "2020",
    "{park_id}": "LJ-ZCP",
}
#: Files to download, language switches and HTMX fragments (checked inside their page), not pages.
NOT_PAGES = (".xlsx", "template", "/lang/", "export", "/login", ".zip", ".csv", ".toml")
FRAGMENTS = ("/rows", "/lineage/", "/preview")


def phone_pages() -> list[str]:
    paths = []
    for router in page_routers():
        for route in router.routes:
            if not isinstance(route, APIRoute) or "GET" not in route.methods:
                continue
            path = route.path
            for key, value in VALUES.items():
                path = path.replace(key, value)
            if "{" in path or any(part in path for part in (*NOT_PAGES, *FRAGMENTS)):
                continue
            paths.append(path)
    return sorted(set(paths))


def test_no_page_is_wider_than_a_phone(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 812})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, "admin")
    pages = phone_pages()
    assert len(pages) > 20
    wide = {}
    for path in pages:
        response = tab.goto(path)
        assert response is not None and response.status < 500, path
        overflow = tab.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[path] = overflow
    context.close()
    assert wide == {}, f"pages wider than a 375 px phone (px too wide): {wide}"
