"""The composition root: settings → engine → one FastAPI application with the API and the pages.

The only module that imports both faces (:mod:`cityclimate.api` and :mod:`cityclimate.web`);
they share :mod:`cityclimate.requests` and never import each other (import-linter contracts).
``cityclimate platform serve`` runs ``cityclimate.app:create_app`` as a uvicorn factory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cityclimate.api.routers import API_PREFIX
from cityclimate.api.routers import mount as mount_api
from cityclimate.requests import Database
from cityclimate.settings import Settings, get_settings
from cityclimate.storage import make_engine, make_sessionmaker
from cityclimate.web import mount as mount_pages

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
}


def create_app(settings: Settings | None = None, *, web: bool = True) -> FastAPI:
    """Build the application. The database must already be migrated (``cityclimate db upgrade``).

    Parameters
    ----------
    settings:
        Defaults to the environment (``CITYCLIMATE_*``).
    web:
        Whether to mount the web pages next to the API.
    """
    settings = settings or get_settings()
    engine = make_engine(
        settings.database_url,
        lock_timeout_s=settings.lock_timeout_seconds,
        pool_size=settings.threads,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Routes that are plain functions run in this thread pool: its size is how many
        # requests the process works on at once (settings.threads).
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        engine.dispose()

    app = FastAPI(
        title="cityclimate API",
        summary="城市应对气候变化规划平台 · climate-plan platform: inventory, versions, lineage",
        version="1.0.0",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN: the platform works offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = Database(engine, make_sessionmaker(engine))
    mount_api(app)
    app.add_middleware(SecurityHeaders, hsts=settings.secure_cookies, no_store_prefix=API_PREFIX)
    if web:
        mount_pages(app)
    return app


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers (cheaper than ``BaseHTTPMiddleware``)."""

    def __init__(self, app: ASGIApp, *, hsts: bool, no_store_prefix: str) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        if hsts:
            self.headers.append(
                (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
            )
        self.no_store_prefix = no_store_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(self.headers)
        if scope["path"].startswith(self.no_store_prefix):
            extra.append((b"cache-control", b"no-store"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in extra if name not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
