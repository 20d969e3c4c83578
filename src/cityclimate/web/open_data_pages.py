"""The open-data portal's pages (issue 19): published figures for anyone, no sign-in.

``/open-data`` lists the territories with something published; ``/open-data/{territory}``
its published years and downloads; ``/open-data/{territory}/{year}`` the year: inventory
summary (chart with its table), indicators with their progress bands, enterprises'
disclosures, parks' core indicator. Charts are SVG drawn on the server (no script), each
with the same numbers in a table beside it. Thin: parse, call the portal service, render.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from cityclimate.reporting.charts import bar_chart
from cityclimate.requests import DB
from cityclimate.services.errors import NotFoundError
from cityclimate.services.reporting import portal
from cityclimate.text import Text
from cityclimate.web import i18n
from cityclimate.web.page import bare, render_error

router = APIRouter(include_in_schema=False)
TerritoryCode = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
Year = Annotated[int, Path(ge=1990, le=2100)]
NOTICE = Text(
    "示例数据：两江新区演示数据为示意性数据，并非统计数据。",
    "Illustrative data: the Liangjiang demo figures are not statistics.",
)


@router.get("/open-data", response_class=HTMLResponse)
def index(request: Request, db: DB) -> HTMLResponse:
    """Public: the territories with published figures."""
    with db.read() as session:
        places = portal.territories(session)
    return bare(request, "open_data/index.html", places=places)


@router.get("/open-data/{territory}", response_class=HTMLResponse)
def territory_page(request: Request, db: DB, territory: TerritoryCode) -> HTMLResponse:
    """Public: a territory's published years and its downloads."""
    try:
        with db.read() as session:
            places = {p["code"]: p for p in portal.territories(session)}
            datasets = portal.datasets(session, territory)
    except NotFoundError as exc:
        return render_error(request, 404, exc.message)
    place = places.get(territory)
    return bare(
        request,
        "open_data/territory.html",
        territory_code=territory,
        place=place,
        datasets=datasets,
        notice=NOTICE.pick(i18n.current.get()) if place and place["illustrative"] else "",
    )


@router.get("/open-data/{territory}/{year}", response_class=HTMLResponse)
def year_page(request: Request, db: DB, territory: TerritoryCode, year: Year) -> HTMLResponse:
    """Public: a published year (404 page when nothing is published that year)."""
    try:
        with db.read() as session:
            view = portal.year_view(session, territory, year)
    except NotFoundError as exc:
        return render_error(request, 404, exc.message)
    lang = i18n.current.get()
    chart = None
    if view["inventory"] is not None:
        sectors = view["inventory"]["sectors"]
        title = i18n.gettext("Emissions by sector")
        chart = Markup(
            bar_chart(
                [Text(s["name_zh"], s["name_en"]).pick(lang) for s in sectors],
                [s["co2e_t"] / 1e4 for s in sectors],
                unit="万t CO2e",
                title=title,
            )
        )
    return bare(
        request,
        "open_data/year.html",
        view=view,
        chart=chart,
        notice=NOTICE.pick(lang) if view["illustrative"] else "",
    )
