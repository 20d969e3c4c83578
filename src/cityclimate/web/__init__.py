"""The web pages: server-rendered Jinja2 + HTMX, charts with Apache ECharts, zh-CN and English.

Thin like the API: each page parses, calls services, renders a template. Front-end libraries come
from ``node_modules`` (installed by ``npm ci`` from the committed lock file) and are served by
the app itself, so the pages work offline. The pages join the application in :func:`mount`,
called by the composition root :func:`cityclimate.app.create_app`.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, FastAPI


def mount(app: FastAPI) -> None:
    """Add the pages and their assets to ``app``."""
    from fastapi import Depends, Request
    from fastapi.responses import RedirectResponse, Response

    from cityclimate.text import Text
    from cityclimate.web import assets, page

    def sign_in(request: Request, _: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    def forbidden(request: Request, _: Exception) -> Response:
        return page.render_error(
            request,
            403,
            Text(
                "您的角色无权打开此页面或执行此操作", "your role may not open this page or do this"
            ),
        )

    assets.mount(app)
    for router in page_routers():
        app.include_router(router, dependencies=[Depends(page.set_language)])
    app.add_exception_handler(page.SignInRequiredError, sign_in)
    app.add_exception_handler(page.PageForbiddenError, forbidden)
    app.state.render_error = page.render_error


def page_routers() -> list[APIRouter]:
    """The routers of every module's pages: the platform's own, then one line per module."""
    from cityclimate.web import (
        account_pages,
        adaptation_pages,
        admin_pages,
        calendar_pages,
        certification_pages,
        compare_pages,
        enterprise_office_pages,
        enterprises_pages,
        finance_pages,
        footprints_pages,
        import_pages,
        inclusion_pages,
        indicators_pages,
        inventory_pages,
        inventory_quality_pages,
        open_data_pages,
        parks_pages,
        pathways_pages,
        plan_edit_pages,
        plan_pages,
        territory_pages,
    )

    return [
        account_pages.router,
        inventory_pages.router,
        inventory_quality_pages.router,
        import_pages.router,
        admin_pages.router,
        pathways_pages.router,
        compare_pages.router,
        enterprise_office_pages.router,  # before /enterprises/{enterprise_id}
        enterprises_pages.router,
        indicators_pages.router,
        plan_pages.router,
        plan_edit_pages.router,
        parks_pages.router,
        territory_pages.router,
        certification_pages.router,  # before /finance/{…}
        finance_pages.router,
        adaptation_pages.router,
        open_data_pages.router,
        calendar_pages.router,
        inclusion_pages.router,
        footprints_pages.router,
    ]
