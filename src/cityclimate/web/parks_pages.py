"""Zero-carbon parks and pilots (issue 18): the list with the public disclosure of the core
indicator and the sector pilot data by year, and a park's dashboard (boundary versions, the
evaluation by year with tier, threshold and path, the inventory and its reconciliation with the
members' reports, publication, the self-assessment workbook)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate import parks as core
from cityclimate.errors import CityClimateError
from cityclimate.io.park_workbook import self_assessment_xlsx
from cityclimate.services import parks, plans
from cityclimate.services.errors import ConflictError
from cityclimate.text import Text
from cityclimate.web.i18n import N_
from cityclimate.web.page import Reader, Staff, Writer, script_json, xlsx_response

router = APIRouter(include_in_schema=False)
ParkId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]

#: Names of the kinds, methods and value sources the pages show.
KINDS = {
    "zero_carbon_park": N_("Zero-carbon park"),
    "near_zero_park": N_("Near-zero-carbon park"),
    "community": N_("Near-zero-carbon community"),
    "campus": N_("Near-zero-carbon campus"),
    "commercial": N_("Near-zero-carbon commercial area"),
    "scenic": N_("Near-zero-carbon scenic area"),
}
METHODS = {
    "location_based": N_("Location-based"),
    "market_based": N_("Market-based (green power and certificates)"),
}
SOURCES = {
    "inventory": N_("park inventory"),
    "entered": N_("entered by the park"),
    "missing": N_("missing"),
    "incomplete": N_("incomplete: a member's accepted report is missing"),
}
ORIGINS = {
    "member": N_("Members' accepted reports"),
    "park": N_("Park's own activity data"),
    "onsite": N_("On-site generation used"),
    "green_power": N_("Green power and certificates"),
    "green_power_energy": N_("Green power (clean energy)"),
    "sold_attributes": N_("On-site generation with certificates sold"),
}


@router.get("/parks", response_class=HTMLResponse)
def park_list(p: Reader, territory: Annotated[str, Query(max_length=32)] = "") -> HTMLResponse:
    """The parks, the public disclosure, and the sector pilot figures of a territory (the
    named one, else the platform's first stored plan's, else the first park's)."""
    with p.db.read() as session:
        stored = parks.list_parks(session)
        disclosures = parks.disclosures(session)
        code = (
            territory
            or plans.default_territory(session)
            or next((park.territory for park in stored), "")
        )
        sector = parks.sector_summary(session, code) if code else []
    return p.render(
        "parks/list.html",
        parks=stored,
        kinds=KINDS,
        disclosures=disclosures,
        territory=code,
        sector=sector,
        notice="",
    )


def _chart(summary: dict[str, Any]) -> dict[str, Any]:
    points = [
        (y["year"], i["value"])
        for y in summary["years"]
        for i in y["indicators"]
        if i["role"] == "core" and i["value"] is not None
    ]
    return {
        "core": {
            "x": [str(y) for y, _ in points],
            "y": [round(v, 4) for _, v in points],
            "unit": "t CO2/tce",
        }
    }


@router.get("/parks/{park_id}", response_class=HTMLResponse)
def park_page(
    park_id: ParkId,
    p: Staff,
    method: Annotated[str | None, Query(max_length=32)] = None,
) -> HTMLResponse:
    choice = core.ElectricityMethod(method) if method in METHODS else None
    with p.db.read() as session:
        park, table, inventories = parks.evaluate(session, park_id, electricity_method=choice)
        published = parks.published_years(session, park_id)
        names = parks.member_names(session, park)
        details = {
            year: parks.inventory_view(*parks.park_inventory(session, park_id, year, choice))
            for year, inv in inventories.items()
            if inv.complete
        }
    summary = core.evaluation_summary(park, table, inventories)
    return p.render(
        "parks/park.html",
        park=park,
        summary=summary,
        details=details,
        published=published,
        names=names,
        kinds=KINDS,
        methods=METHODS,
        sources=SOURCES,
        origins=ORIGINS,
        method=(choice or park.electricity_method).value,
        charts_json=script_json(_chart(summary)),
        notice=Text(
            "示例数据：园区及其数据均为示意性数据，并非真实园区或统计数据。",
            "ILLUSTRATIVE DATA: the park and its data are illustrative, not a real park or statistics.",
        ).pick(p.lang)
        if park.illustrative
        else "",
    )


@router.post("/parks/{park_id}/publish", response_class=HTMLResponse, response_model=None)
def publish(
    park_id: ParkId,
    p: Writer,
    year: Annotated[int, Form(ge=1990, le=2100)],
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            parks.publish(session, p.actor, park_id, year)
    except CityClimateError as exc:
        refused = p.render(
            "parks/refused.html", park_id=park_id, message=Text(exc.message_zh, exc.message_en)
        )
        refused.status_code = 409 if isinstance(exc, ConflictError) else 422
        return refused
    return RedirectResponse(f"/parks/{park_id}?published={year}", status_code=303)


@router.get("/parks/{park_id}/self-assessment.xlsx")
def workbook(park_id: ParkId, p: Staff) -> Response:
    with p.db.read() as session:
        park, table, inventories = parks.evaluate(session, park_id)
    data = self_assessment_xlsx(core.evaluation_summary(park, table, inventories))
    return xlsx_response(f"self-assessment-{park_id}.xlsx", data)
