"""Climate-finance pages (issue 14): the library, a project, the lever gaps, investors, and the
public library (published projects, no owner contacts, no sign-in needed).

Thin: each page calls the finance services (:mod:`cityclimate.services.finance`) and renders.
The XLSX template is read by the same :mod:`cityclimate.io.finance_files` functions as the API.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import DataValidationError
from cityclimate.finance import statistics
from cityclimate.finance.catalogues import CATALOGUE_NAMES, project_types
from cityclimate.finance.model import INSTRUMENTS, STAGE_NAMES, ProjectFilter, Stage
from cityclimate.io.finance_files import library_xlsx, read_library_xlsx, read_monitoring_table
from cityclimate.io.limits import UploadLimits
from cityclimate.requests import DB, settings_of
from cityclimate.services import claims
from cityclimate.services.actors import ANONYMOUS, INVENTORY_WRITERS
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.finance import gaps, investors, library, monitoring
from cityclimate.services.finance.views import library_views, one_view
from cityclimate.text import Text
from cityclimate.web.page import (
    Page,
    Reader,
    Writer,
    bare,
    page,
    refused_status,
    xlsx_response,
)

router = APIRouter(include_in_schema=False)
Financier = Annotated[Page, Depends(page("financier"))]
Matcher = Annotated[Page, Depends(page(*INVENTORY_WRITERS, "financier"))]
ProjectType = Annotated[str, Query(max_length=50)]
NOTICE = Text(
    "示例数据：项目库中的项目、业主、金额与计算输入均为演示而虚构，并非真实项目；减排量由平台用清单排放因子计算。",
    "ILLUSTRATIVE DATA: the library's projects, owners, money and inputs are invented for the "
    "demonstration, not real projects; the reductions are computed by the platform with the "
    "inventory's factors.",
)


def _choices() -> dict[str, Any]:
    """Names of the types, stages, instruments and catalogues for forms and tables."""
    types = {
        r["type"]: Text(r["name_zh"], r["name_en"]) for r in project_types().iter_rows(named=True)
    }
    return {
        "types": types,
        "stages": STAGE_NAMES,
        "instruments": INSTRUMENTS,
        "catalogues": CATALOGUE_NAMES,
    }


def _filter(
    project_type: str,
    stage: str,
    min_rate: float | None,
    min_size: float | None,
    max_size: float | None,
) -> ProjectFilter | None:
    f = ProjectFilter(
        project_types=(project_type,) if project_type else (),
        stages=(Stage(stage),) if stage in {s.value for s in Stage} else (),
        min_reduction_t_per_wan_yuan=min_rate,
        min_investment_wan_yuan=min_size,
        max_investment_wan_yuan=max_size,
    )
    return None if f == ProjectFilter() else f


def _library(p: Page, f: ProjectFilter | None, **context: Any) -> HTMLResponse:
    with p.db.read() as session:
        views = library_views(session, p.actor, None, f)
    context.setdefault("problems", [])
    return p.render(
        "finance/library.html",
        projects=views,
        illustrative=any(v["illustrative"] for v in views),
        notice_text=NOTICE,
        statistics=statistics.area_statistics(),
        measures=statistics.MEASURES,
        kinds=statistics.KINDS,
        unit=statistics.UNIT,
        f=f,
        **_choices(),
        **context,
    )


@router.get("/finance", response_class=HTMLResponse)
def library_page(
    p: Reader,
    project_type: ProjectType = "",
    stage: Annotated[str, Query(max_length=20)] = "",
    min_rate: Annotated[float | None, Query(ge=0, le=1e9)] = None,
    min_size: Annotated[float | None, Query(ge=0, le=1e12)] = None,
    max_size: Annotated[float | None, Query(ge=0, le=1e12)] = None,
    imported: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    chosen = {
        "project_type": project_type,
        "stage": stage,
        "min_rate": min_rate,
        "min_size": min_size,
        "max_size": max_size,
    }
    return _library(
        p,
        _filter(project_type, stage, min_rate, min_size, max_size),
        chosen=chosen,
        imported=imported,
    )


@router.post("/finance/import", response_class=HTMLResponse)
def import_library(
    p: Writer, file: UploadFile, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    """Import the library template: stored whole, or refused whole with every cell located."""
    p.check_csrf(csrf_token)
    name, data, limits = _upload(p, file, "library.xlsx")
    try:
        projects = read_library_xlsx(name, data, limits=limits)
        with p.db.write() as session:
            outcome = library.import_library(session, p.actor, projects)
    except DataValidationError as exc:
        return _refused(p, exc)
    return RedirectResponse(
        f"/finance?imported={outcome['created'] + outcome['updated']}", status_code=303
    )


@router.post("/finance/monitored", response_class=HTMLResponse)
def import_monitored(
    p: Writer, file: UploadFile, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    """Import meter data: ex post replaces ex ante (shown side by side), or refused whole."""
    p.check_csrf(csrf_token)
    name, data, limits = _upload(p, file, "monitored.csv")
    try:
        frame, rows = read_monitoring_table(name, data, limits=limits)
        with p.db.write() as session:
            found = monitoring.import_monitored(session, p.actor, frame, rows, where=name)
            names = {
                x.project_id: Text(x.name_zh, x.name_en or x.name_zh)
                for x in library.list_projects(session, p.actor)
            }
    except DataValidationError as exc:
        return _refused(p, exc)
    return _library(p, None, chosen={}, imported=None, monitored=found, names=names)


def _upload(p: Page, file: UploadFile, default: str) -> tuple[str, bytes, UploadLimits]:
    """The uploaded file's name and bytes (one byte beyond the limit, to refuse it) and limits."""
    limits = UploadLimits(max_bytes=settings_of(p.request).max_upload_bytes)
    return file.filename or default, file.file.read(limits.max_bytes + 1), limits


def _refused(p: Page, exc: DataValidationError) -> HTMLResponse:
    """The library page with every located problem of a refused upload (422; 413 for a file
    beyond the upload limits)."""
    response = _library(p, None, chosen={}, problems=exc.problems, imported=None)
    response.status_code = refused_status(exc)
    return response


@router.get("/finance/library.xlsx")
def export_library(p: Reader) -> Response:
    """The library as the XLSX template (published projects without contacts for outsiders)."""
    with p.db.read() as session:
        projects = library.list_projects(session, p.actor)
    if not library.sees_everything(p.actor):
        projects = [library.without_contact(x) for x in projects]
    return xlsx_response("library.xlsx", library_xlsx(projects))


@router.get("/finance/projects/{project_id}", response_class=HTMLResponse)
def project_page(p: Reader, project_id: str) -> HTMLResponse:
    return _project(p, project_id)


def _project(p: Page, project_id: str, problem: Text | None = None) -> HTMLResponse:
    with p.db.read() as session:
        view = one_view(session, p.actor, project_id)
        found = (
            claims.list_claims(session, f"project:{project_id}")
            if library.sees_everything(p.actor)
            else []
        )
        mine = (
            [m for m in investors.matches(session, p.actor) if m["project_id"] == project_id]
            if p.actor.role in (*INVENTORY_WRITERS, "financier")
            else []
        )
    return p.render(
        "finance/project.html",
        project=view,
        claims=found,
        interests=mine,
        notice_text=NOTICE,
        today=date.today(),
        problem=problem,
        **_choices(),
    )


@router.post("/finance/projects/{project_id}/stage", response_class=HTMLResponse)
def step_project(
    p: Writer,
    project_id: str,
    csrf_token: Annotated[str, Form(max_length=100)],
    action: Annotated[str, Form(max_length=20)],
    on: Annotated[date, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            library.step_project(session, p.actor, project_id, action, on, reason)
    except ConflictError as exc:
        response = _project(p, project_id, problem=exc.message)
        response.status_code = 409
        return response
    return RedirectResponse(f"/finance/projects/{project_id}", status_code=303)


@router.post("/finance/projects/{project_id}/interest", response_class=HTMLResponse)
def express_interest(
    p: Financier,
    project_id: str,
    csrf_token: Annotated[str, Form(max_length=100)],
    amount_wan_yuan: Annotated[float | None, Form(ge=0, le=1e12)] = None,
    instrument: Annotated[str, Form(max_length=50)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            investors.express_interest(
                session,
                p.actor,
                project_id,
                instrument=instrument,
                amount_wan_yuan=amount_wan_yuan,
                note=note,
            )
    except ConflictError as exc:
        response = _project(p, project_id, problem=exc.message)
        response.status_code = 409
        return response
    return RedirectResponse(f"/finance/projects/{project_id}", status_code=303)


@router.get("/finance/gaps", response_class=HTMLResponse)
def gaps_page(
    p: Reader,
    territory: Annotated[str | None, Query(max_length=32)] = None,
    scenario: Annotated[str | None, Query(max_length=100)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> HTMLResponse:
    problem: Text | None = None
    report = None
    try:
        with p.db.read() as session:
            report = gaps.gap_report(session, p.actor, territory, scenario, year)
    except (DataValidationError, NotFoundError) as exc:
        problem = exc.message
    return p.render("finance/gaps.html", report=report, problem=problem, notice_text=NOTICE)


@router.get("/finance/investors", response_class=HTMLResponse)
def investors_page(p: Matcher) -> HTMLResponse:
    with p.db.read() as session:
        found = investors.matches(session, p.actor)
    return p.render("finance/investors.html", interests=found, **_choices())


@router.get("/finance/public", response_class=HTMLResponse)
def public_library(request: Request, db: DB) -> HTMLResponse:
    """The public library: published projects only, no owner contacts, open without sign-in."""
    with db.read() as session:
        views = library_views(session, ANONYMOUS)
    return bare(
        request,
        "finance/public.html",
        projects=views,
        notice_text=NOTICE,
        illustrative=any(v["illustrative"] for v in views),
        **_choices(),
    )
