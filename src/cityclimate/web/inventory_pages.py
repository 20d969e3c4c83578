"""Inventory pages: the overview (dashboard), the versions list, the explorer with lineage, the
diff between versions with its XLSX export, and computing, publishing and recalculating versions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.demo.load import NOTICE
from cityclimate.errors import CityClimateError, DataValidationError, Problem
from cityclimate.io.tables_export import table_xlsx
from cityclimate.services import imports, inventories, territories
from cityclimate.services.errors import NotFoundError
from cityclimate.text import Text
from cityclimate.units import to_wan
from cityclimate.web.page import Page, Reader, Writer, script_json, xlsx_response

router = APIRouter(include_in_schema=False)
DEFAULT_TERRITORY = "LJ-2016"


# ---------------------------------------------------------------- overview


@router.get("/", response_class=HTMLResponse)
def overview(
    p: Reader, territory: Annotated[str, Query(max_length=32)] = DEFAULT_TERRITORY
) -> HTMLResponse:
    with p.db.read() as session:
        data = inventories.dashboard(session, p.actor, territory)
        options, _ = territories.list_territories(session, limit=1000)
        codes = [(t.code, Text(t.name_zh, t.name_en or "").pick(p.lang)) for t in options]
    latest = data["latest"]
    report = latest["report"] if latest else None
    charts: dict[str, Any] = {}
    if report:
        charts = {
            "trend": {
                "x": [str(t["year"]) for t in data["trend"]],
                "y": [round(to_wan(t["gross_co2e_t"]), 2) for t in data["trend"]],
                "unit": "万t CO2e",
            },
            "sector": _bars(report["breakdowns"]["sector"], p.lang),
            "sub_area": _bars(report["breakdowns"]["sub_area"], p.lang),
            "gas": _bars(report["breakdowns"]["gas"], p.lang),
        }
    return p.render(
        "overview.html",
        territory=territory,
        territories=codes,
        data=data,
        report=report,
        latest=latest,
        charts_json=script_json(charts),
        notice=_notice(p, data["illustrative"]),
    )


def _bars(rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    # Reports stored before names were added carry only the key.
    return {
        "x": [Text.of(r, "name").pick(lang) or str(r["key"]) for r in rows],
        "y": [round(to_wan(r["co2e_t"] or 0.0), 2) for r in rows],
        "unit": "万t CO2e",
    }


def _notice(p: Page, illustrative: bool) -> str:
    if not illustrative:
        return ""
    return Text(**NOTICE).pick(p.lang)


# ---------------------------------------------------------------- explorer and lineage


@router.get("/inventories", response_class=HTMLResponse)
def versions(
    p: Reader,
    territory: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    return _versions_page(p, territory, year, status)


def _versions_page(
    p: Page,
    territory: str | None = None,
    year: int | None = None,
    status: str | None = None,
    problems: list[Problem] | None = None,
    code: int = 200,
) -> HTMLResponse:
    with p.db.read() as session:
        rows, total = inventories.list_versions(
            session,
            p.actor,
            territory=territory or None,
            year=year,
            status=status or None,
            limit=500,
        )
        items = [inventories.version_view(v) for v in rows]
        confirmed, _ = (
            imports.list_imports(session, p.actor, status="confirmed", limit=200)
            if p.actor.sees_drafts
            else ([], 0)
        )
        import_options = [imports.import_view(i) for i in confirmed]
    response = p.render(
        "versions.html",
        versions=items,
        total=total,
        imports=import_options,
        filters={"territory": territory or "", "year": year or "", "status": status or ""},
        notice=_notice(p, any(v["illustrative"] for v in items)),
        problems=problems or [],
    )
    response.status_code = code
    return response


def _refused(p: Page, exc: CityClimateError, step: str) -> HTMLResponse:
    """The versions page again with the located problems of a refused compute or recalculation."""
    located = exc.problems if isinstance(exc, DataValidationError) else []
    problems = located or [Problem(step, None, None, "", exc.message_zh, exc.message_en)]
    code = (
        422
        if isinstance(exc, DataValidationError)
        else 404
        if isinstance(exc, NotFoundError)
        else 409
    )
    return _versions_page(p, problems=problems, code=code)


@router.get("/inventories/{version_id}", response_class=HTMLResponse)
def explorer(p: Reader, version_id: int) -> HTMLResponse:
    with p.db.read() as session:
        version = inventories.version_view(
            inventories.get_version(session, p.actor, version_id), with_report=True
        )
    report = version["report"]
    return p.render(
        "explorer.html",
        version=version,
        report=report,
        categories=report["breakdowns"]["category"],
        notice=_notice(p, version["illustrative"]),
    )


@router.get("/inventories/{version_id}/rows", response_class=HTMLResponse)
def explorer_rows(
    p: Reader,
    version_id: int,
    category: Annotated[str, Query(max_length=100)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    with p.db.read() as session:
        items, total = inventories.list_results(
            session, p.actor, version_id, category=category or None, limit=200, offset=offset
        )
    return p.render("_rows.html", rows=items, total=total, category=category, version_id=version_id)


@router.get("/inventories/{version_id}/lineage/{result_id}", response_class=HTMLResponse)
def explorer_lineage(p: Reader, version_id: int, result_id: int) -> HTMLResponse:
    with p.db.read() as session:
        data = inventories.lineage(session, p.actor, version_id, result_id)
    return p.render("_lineage.html", lineage=data)


@router.get("/inventories/{version_id}/diff", response_class=HTMLResponse)
def diff_page(p: Reader, version_id: int, against: int | None = None) -> HTMLResponse:
    with p.db.read() as session:
        data = inventories.diff(session, p.actor, version_id, against)
    return p.render("diff.html", diff=data, notice=_notice(p, data["version"]["illustrative"]))


@router.get("/inventories/{version_id}/diff.xlsx")
def diff_xlsx(p: Reader, version_id: int, against: int | None = None) -> Response:
    with p.db.read() as session:
        data = inventories.diff(session, p.actor, version_id, against)
    header = ["category", "before_co2e_t", "after_co2e_t", "change_co2e_t", "change_share"]
    rows = [[r[h] for h in header] for r in data["categories"]]
    notice = _notice(p, data["version"]["illustrative"])
    content = table_xlsx(header, rows, notice=notice, extra=[["reason", data["reason"]]])
    return xlsx_response(f"diff-{version_id}.xlsx", content)


# ---------------------------------------------------------------- versions: compute, publish, recalculate


@router.post("/inventories/compute")
def compute(
    p: Writer,
    csrf_token: Annotated[str, Form(max_length=100)],
    territory_code: Annotated[str, Form(max_length=32)],
    year: Annotated[int, Form(ge=1900, le=2200)],
    import_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            version = inventories.compute(
                session,
                p.actor,
                territory_code=territory_code,
                year=year,
                import_id=int(import_id) if import_id.isdigit() else None,
            )
    except CityClimateError as exc:
        return _refused(p, exc, "compute")
    return RedirectResponse(f"/inventories/{version.id}", status_code=303)


@router.post("/inventories/{version_id}/publish")
def publish(
    p: Writer, version_id: int, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        inventories.publish(session, p.actor, version_id)
    return RedirectResponse(f"/inventories/{version_id}", status_code=303)


@router.post("/inventories/{version_id}/recalculate")
def recalculate(
    p: Writer,
    version_id: int,
    csrf_token: Annotated[str, Form(max_length=100)],
    reason: Annotated[str, Form(max_length=2000)],
    import_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            version = inventories.recalculate(
                session,
                p.actor,
                version_id,
                reason=reason,
                import_id=int(import_id) if import_id.isdigit() else None,
            )
    except CityClimateError as exc:
        return _refused(p, exc, "recalculate")
    return RedirectResponse(f"/inventories/{version.id}/diff", status_code=303)
