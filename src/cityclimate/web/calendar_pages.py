"""The reporting calendar's pages (issue 19): ``/calendar`` (the year's deadlines with their
state, the overdue list, the iCalendar feed to subscribe to) and ``/calendar/reminders``, the
fragment the home page loads: what the signed-in user should act on now. Thin: parse, call the
calendar service, render."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from cityclimate.services.errors import NotFoundError
from cityclimate.services.plans import default_territory
from cityclimate.services.reporting import calendar
from cityclimate.web.page import TEMPLATES, Reader

router = APIRouter(include_in_schema=False)
TerritoryQuery = Annotated[str | None, Query(max_length=32)]
YearQuery = Annotated[int | None, Query(ge=1990, le=2100)]


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    p: Reader, territory: TerritoryQuery = None, year: YearQuery = None
) -> HTMLResponse:
    today = date.today()
    chosen = year or today.year - 1
    with p.db.read() as session:
        code = territory or default_territory(session) or ""
        try:
            found = calendar.items(session, p.actor, code, chosen, today)
        except NotFoundError:
            found = []
    overdue = [i for i in found if i.state == "overdue"]
    return p.render(
        "calendar/calendar.html",
        territory=code,
        year=chosen,
        years=list(range(today.year - 4, today.year + 1)),
        items=found,
        overdue=overdue,
        today=today,
    )


@router.get("/calendar/reminders", response_class=HTMLResponse)
def reminders(p: Reader, territory: TerritoryQuery = None) -> HTMLResponse:
    today = date.today()
    with p.db.read() as session:
        code = territory or default_territory(session) or ""
        try:
            found = calendar.reminders(session, p.actor, code, today)
        except NotFoundError:
            found = []
    html = TEMPLATES.get_template("calendar/_reminders.html").render(
        items=found[:8], more=max(0, len(found) - 8), territory=code, lang=p.lang
    )
    return HTMLResponse(html)
