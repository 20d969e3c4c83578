"""Adaptation and early-warning pages (issue 17): warnings board, map, risk, sponge city.

Thin: each route reads through :mod:`cityclimate.services.adaptation` and renders; the map
and the risk chart are drawn by ``static/adaptation.js`` (ECharts, offline) from a JSON block.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from cityclimate.adaptation import active_warnings
from cityclimate.services.adaptation import assessments, warnings
from cityclimate.services.errors import NotFoundError
from cityclimate.web.page import Page, Reader, script_json

router = APIRouter(include_in_schema=False)
Territory = Annotated[str | None, Query(max_length=32)]
VIEWS = ("warnings", "map", "risk", "sponge")


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
    standing = [warnings.event_view(e, p.lang, names) for e in active_warnings(events)]
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
