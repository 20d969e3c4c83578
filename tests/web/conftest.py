"""A live server (uvicorn in a thread, loopback, free port) on a copy of the demo database, and
Debian's Chromium driven by Playwright. In CI a missing Chromium fails instead of skipping."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect

from cityclimate.app import create_app
from cityclimate.demo.load import load_demo
from cityclimate.services import accounts
from cityclimate.services.actors import SYSTEM
from cityclimate.settings import Settings
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.models import ROLES
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)
from tests.storage.databases import answering, free_port, missing

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "browser-test-password"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--no-first-run",
]


@contextmanager
def serve(path: Path) -> Iterator[str]:
    """The app on the SQLite file ``path``, served by uvicorn in a thread on a free loopback
    port, until the block ends; yields its base URL."""
    settings = Settings(
        database_url=f"sqlite:///{path}",
        secure_cookies=False,  # plain HTTP on loopback
        login_attempts=1000,
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    if not answering(base, seconds=30):
        pytest.fail("the live server for the browser tests did not answer /api/v1/health")
    if not (Path(__file__).resolve().parents[2] / "node_modules" / "echarts").is_dir():
        missing("node_modules (npm ci) for ECharts and htmx")
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of the live server's database (for a test that must arrange what no page does)."""
    return f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"


@pytest.fixture(scope="session")
def live_server(live_database: str) -> Iterator[str]:
    path = Path(live_database.removeprefix("sqlite:///"))
    folder = path.parent
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(make_sessionmaker(engine), write=True) as s:
        load_demo(s, SYSTEM)
        for role in ROLES:
            accounts.create_user(s, SYSTEM, username=role, password=PASSWORD, role=role)
    engine.dispose()
    with serve(path) as base:
        yield base
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        missing("Debian's chromium (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))  # type: ignore[attr-defined]
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))  # type: ignore[attr-defined]
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def loaded(tab, selector: str):  # type: ignore[no-untyped-def]
    """Wait until htmx has swapped in `selector` and bound what it brought, and return it.

    htmx 2 inserts a fragment at once but binds its hx-* attributes only when the swap settles
    (20 ms later, the `htmx-settling` class on the target meanwhile), so a key pressed in
    between on a new button does nothing: wait for the content, then for htmx to be idle.
    """
    found = tab.locator(selector)
    found.wait_for()
    busy = tab.locator(".htmx-request, .htmx-swapping, .htmx-settling")
    expect(busy).to_have_count(0)  # a locator, not a script: the pages' CSP forbids eval
    return found


def sign_in(tab, role: str = "climate_office", password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    tab.goto("/login")
    tab.fill("#username", role)
    tab.fill("#password", password)
    tab.click("form[action='/login'] button[type=submit]")
    tab.wait_for_url("**/")
