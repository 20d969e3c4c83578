"""Adaptation and early-warning pages (issue 17): warnings board, map, risk, sponge city.

Thin: each route reads through :mod:`cityclimate.services.adaptation` and renders; the map
and the risk chart are drawn by ``static/adaptation.js`` (ECharts, offline) from a JSON block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from cityclimate.adaptation import active_warnings
from cityclimate.errors import CityClimateError
from cityclimate.io.adaptation_feeds import table_rows
from cityclimate.io.adaptation_shapes import read_shapes
from cityclimate.io.limits import UploadLimits, check_size, stored_name
from cityclimate.requests import settings_of
from cityclimate.services import territories
from cityclimate.services.adaptation import assessments, census, notices, uploads, warnings
from cityclimate.services.errors import NotFoundError
from cityclimate.services.indicators import tasks
from cityclimate.text import Text
from cityclimate.web.page import (
    Page,
    Reader,
    Staff,
    Writer,
    problems_of,
    refused_status,
    script_json,
)

router = APIRouter(include_in_schema=False)
Territory = Annotated[str | None, Query(max_length=32)]
VIEWS = ("warnings", "map", "risk", "sponge", "notices", "data")


def _render(p: Page, view: str, territory: str | None, **context: Any) -> HTMLResponse:
    with p.db.read() as session:
        chosen = territory or warnings.default_territory(session)
        settings = warnings.find_settings(session, chosen) if chosen else None
    return p.render(
        "adaptation/page.html",
        view=view,
        views=VIEWS,
        territory=chosen,
        settings=settings,
        **context,
    )


@router.get("/adaptation", response_class=HTMLResponse)
def warnings_board(p: Reader, territory: Territory = None) -> HTMLResponse:
    with p.db.read() as session:
        chosen = territory or warnings.default_territory(session)
        events = (
            warnings.warning_events(session, chosen)
            if chosen and warnings.has_settings(session, chosen)
            else []
        )
        names = warnings.site_names(session, chosen, p.lang) if chosen else {}
    rows = [warnings.event_view(e, p.lang, names) for e in events]
    standing = [
        {**warnings.event_view(e, p.lang, names),
         "measures": [notices.measure_view(m, p.lang) for m in notices.measures(e.hazard, e.level.value)]}
        for e in active_warnings(events)
    ]  # fmt: skip
    return _render(p, "warnings", chosen, events=rows, standing=standing)


@router.get("/adaptation/map", response_class=HTMLResponse)
def warning_map(p: Reader, territory: Territory = None) -> HTMLResponse:
    with p.db.read() as session:
        chosen = territory or warnings.default_territory(session)
        layers = assessments.map_layers(session, chosen, p.lang) if chosen else None
    return _render(p, "map", chosen, layers=layers, map_json=script_json(layers or {}))


@router.get("/adaptation/risk", response_class=HTMLResponse)
def risk_page(
    p: Reader,
    territory: Territory = None,
    hazard_factor: Annotated[float, Query(gt=0, le=10)] = 1.0,
) -> HTMLResponse:
    with p.db.read() as session:
        chosen = territory or warnings.default_territory(session)
        try:
            result = (
                assessments.risk(session, chosen, hazard_factor=hazard_factor) if chosen else None
            )
        except NotFoundError:
            result = None
    risk_rows = result.risk.to_dicts() if result else []
    inputs = result.inputs.to_dicts() if result else []
    chart = {"areas": [r["sub_area"] for r in risk_rows], "risk": [r["risk"] for r in risk_rows]}
    return _render(
        p,
        "risk",
        chosen,
        risk_rows=risk_rows,
        inputs=inputs,
        hazard_factor=hazard_factor,
        chart_json=script_json(chart),
    )


@router.get("/adaptation/sponge", response_class=HTMLResponse)
def sponge_page(
    p: Reader,
    territory: Territory = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> HTMLResponse:
    with p.db.read() as session:
        chosen = territory or warnings.default_territory(session)
        years = assessments.zone_years(session, chosen) if chosen else []
        picked = year if year in years else (years[-1] if years else None)
        summary = assessments.sponge_summary(session, chosen, picked) if chosen and picked else None
        green = assessments.green_summary(session, chosen) if chosen else []
    zones = [assessments.zone_view(r, p.lang) for r in summary["results"]] if summary else []
    return _render(
        p, "sponge", chosen, years=years, year=picked, summary=summary, zones=zones, green=green
    )


# --- notices to departments; the office's data page (issue 17) ----------------------------


def _notices_page(p: Page, territory: str | None) -> HTMLResponse:
    now = dt.datetime.now(dt.UTC)
    with p.db.read() as session:
        chosen = territory or warnings.default_territory(session)
        found = notices.notices(session, p.actor, chosen) if chosen else []
        names = warnings.site_names(session, chosen, p.lang) if chosen else {}
        mine = tasks.department_of(session, p.actor) if p.actor.role == "department" else None
        departments = tasks.department_names(session, chosen) if chosen else {}
    rows = [notices.notice_view(n, p.lang, names, now) for n in found]
    rows.sort(
        key=lambda r: (r["state"] not in ("pending", "overdue"), r["warning_time"]), reverse=False
    )
    return _render(p, "notices", chosen, notices=rows, department=mine, departments=departments)


@router.get("/adaptation/notices", response_class=HTMLResponse)
def notices_page(p: Staff, territory: Territory = None) -> HTMLResponse:
    return _notices_page(p, territory)


@router.post(
    "/adaptation/notices/{notice_id}/acknowledge", response_class=HTMLResponse, response_model=None
)
def acknowledge(
    p: Staff,
    notice_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)],
    csrf_token: Annotated[str, Form(max_length=100)],
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            notice = notices.acknowledge(session, p.actor, notice_id, dt.datetime.now(dt.UTC))
            territory = notice.territory_code
    except CityClimateError as exc:
        response = _notices_page(p, None)
        response.status_code = refused_status(exc)
        return response
    return RedirectResponse(f"/adaptation/notices?territory={quote(territory)}&done=acknowledged",
                            status_code=303)  # fmt: skip


@router.post("/adaptation/escalate", response_class=HTMLResponse, response_model=None)
def escalate(
    p: Writer,
    territory: Annotated[str, Form(max_length=32)],
    csrf_token: Annotated[str, Form(max_length=100)],
) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        notices.escalate(session, p.actor, territory, dt.datetime.now(dt.UTC))
    return RedirectResponse(f"/adaptation/notices?territory={quote(territory)}&done=escalated",
                            status_code=303)  # fmt: skip


def _data_page(p: Page, territory: str | None, problems: list[Any] | None = None) -> HTMLResponse:
    with p.db.read() as session:
        chosen = territory or warnings.default_territory(session)
        duties = notices.responsibilities(session, chosen) if chosen else []
        counts = census.census_summary(session, chosen, p.lang) if chosen else []
        choices = territories.territory_names(session)
    kinds = {k: v.pick(p.lang) for k, v in uploads.KINDS.items()}
    return _render(p, "data", chosen, duties=duties, census_counts=counts, kinds=kinds,
                   problems=problems or [], choices=choices)  # fmt: skip


@router.get("/adaptation/data", response_class=HTMLResponse)
def data_page(p: Writer, territory: Territory = None) -> HTMLResponse:
    return _data_page(p, territory)


def _refused(p: Page, territory: str, exc: CityClimateError) -> HTMLResponse:
    response = _data_page(p, territory, problems_of(exc, "adaptation"))
    response.status_code = refused_status(exc)
    return response


def _saved(territory: str, done: str) -> RedirectResponse:
    return RedirectResponse(
        f"/adaptation/data?territory={quote(territory)}&done={done}", status_code=303
    )


@router.post("/adaptation/settings", response_class=HTMLResponse, response_model=None)
def save_settings(
    p: Writer,
    territory: Annotated[str, Form(min_length=1, max_length=32)],
    jurisdiction: Annotated[str, Form(max_length=32)],
    region_code: Annotated[str, Form(max_length=6)],
    timezone: Annotated[str, Form(max_length=64)],
    sender: Annotated[str, Form(max_length=200)],
    sender_name_zh: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form(max_length=100)],
    sender_name_en: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    settings = warnings.Settings(territory, jurisdiction, region_code, timezone, sender,
                                 Text(sender_name_zh, sender_name_en), False)  # fmt: skip
    try:
        with p.db.write() as session:
            warnings.save_settings(session, p.actor, settings)
    except CityClimateError as exc:
        return _refused(p, territory, exc)
    return _saved(territory, "adaptation_settings")


def _upload(p: Page, file: UploadFile, territory: str, done: str,
            store: Callable[[Session, str, bytes], object]) -> Response:  # fmt: skip
    """Read an upload within the limits and store it in one transaction: the data page again
    with every problem located, or a redirect confirming the save."""
    limits = UploadLimits(max_bytes=settings_of(p.request).max_upload_bytes)
    try:
        name = stored_name(file.filename)
        data = file.file.read(limits.max_bytes + 1)
        check_size(name, data, limits)  # never store the first part of a file cut at the limit
        with p.db.write() as session:
            store(session, name, data)
    except CityClimateError as exc:
        return _refused(p, territory, exc)
    return _saved(territory, done)


@router.post("/adaptation/tables", response_class=HTMLResponse, response_model=None)
def import_table(
    p: Writer,
    file: UploadFile,
    territory: Annotated[str, Form(min_length=1, max_length=32)],
    kind: Annotated[str, Form(max_length=32)],
    csrf_token: Annotated[str, Form(max_length=100)],
) -> Response:
    p.check_csrf(csrf_token)

    def store(session: Session, name: str, data: bytes) -> object:
        rows, stated = table_rows(name, data)
        return uploads.import_rows(session, p.actor, territory, kind, rows, where=name,
                                   timezone=stated)  # fmt: skip

    return _upload(p, file, territory, "adaptation_table", store)


@router.post("/adaptation/shapes", response_class=HTMLResponse, response_model=None)
def import_shapes(
    p: Writer,
    file: UploadFile,
    territory: Annotated[str, Form(min_length=1, max_length=32)],
    kind: Annotated[str, Form(pattern="^(sub_area|drainage_zone)$")],
    csrf_token: Annotated[str, Form(max_length=100)],
    id_field: Annotated[str, Form(min_length=1, max_length=64)] = "id",
    source: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    p.check_csrf(csrf_token)

    def store(session: Session, name: str, data: bytes) -> object:
        geojson, crs = read_shapes(name, data, id_field=id_field)
        return assessments.save_shapes(session, p.actor, territory, kind, geojson,
                                       schematic=False, source=source or name,
                                       coordinate_system=crs)  # fmt: skip

    return _upload(p, file, territory, "adaptation_shapes", store)
