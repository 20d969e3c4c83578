"""The reporting calendar's pages (issue 19): ``/calendar`` (the year's deadlines with their
state, the overdue list, the iCalendar feed to subscribe to, and for the office a form to move
its own dates) and ``/calendar/reminders``, the fragment the home page loads: what the
signed-in user should act on now. Thin: parse, call the calendar service, render."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query
from fastapi.responses import HTMLResponse, RedirectResponse

from cityclimate.errors import CityClimateError
from cityclimate.services.errors import NotFoundError
from cityclimate.services.plans import default_territory
from cityclimate.services.reporting import calendar
from cityclimate.web.page import TEMPLATES, Page, Reader, Writer, problems_of, refused_status

router = APIRouter(include_in_schema=False)
TerritoryQuery = Annotated[str | None, Query(max_length=32)]
YearQuery = Annotated[int | None, Query(ge=1990, le=2100)]


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    p: Reader, territory: TerritoryQuery = None, year: YearQuery = None
) -> HTMLResponse:
    return _page(p, territory, year)


def _page(
    p: Page, territory: str | None, year: int | None, status: int = 200, **extra: object
) -> HTMLResponse:
    today = date.today()
    chosen = year or today.year - 1
    with p.db.read() as session:
        code = territory or default_territory(session) or ""
        try:
            found = calendar.items(session, p.actor, code, chosen, today)
            rules = calendar.rules(session, code)
        except NotFoundError:
            found, rules = [], []
    shown = p.render(
        "calendar/calendar.html",
        territory=code,
        year=chosen,
        years=list(range(today.year - 4, today.year + 1)),
        items=found,
        overdue=[i for i in found if i.state == "overdue"],
        rules=[r for r in rules if r.audience != "enterprise"],
        today=today,
        **extra,
    )
    shown.status_code = status
    return shown


@router.post("/calendar/rules/{kind}", response_class=HTMLResponse, response_model=None)
def set_rule(
    p: Writer,
    kind: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")],
    territory: Annotated[str, Form(min_length=1, max_length=32)],
    month: Annotated[int, Form()],
    day: Annotated[int, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """The office moves one of its deadlines (same rule, new month and day)."""
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            current = next((r for r in calendar.rules(session, territory) if r.kind == kind), None)
            if current is None:
                raise NotFoundError(f"截止事项 {kind} 不存在", f"deadline {kind} does not exist")
            values = {
                "kind": kind,
                "name_zh": current.name.zh,
                "name_en": current.name.en,
                "audience": current.audience,
                "month": month,
                "day": day,
                "year_offset": current.year_offset,
            }
            calendar.set_deadline(session, p.actor, territory, values)
    except CityClimateError as exc:
        problems = problems_of(exc, kind)
        return _page(p, territory, None, refused_status(exc), problems=problems)
    return RedirectResponse(f"/calendar?territory={territory}&done=deadline", status_code=303)


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
