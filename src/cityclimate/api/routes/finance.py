"""Climate investment and financing (issue 14): the project library, gaps, investors, claims.

Anyone may read the published library (推介 … 运营, without owner contacts); the office reads
everything, imports the library (XLSX template, all or nothing), moves projects through their
stages and registers reduction claims; a financier expresses interest and the office sees the
matches.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cityclimate.api.deps import (
    ALL_ROLES,
    ANYONE,
    DB,
    INVENTORY_WRITERS,
    STAFF,
    allow,
    get_settings,
)
from cityclimate.api.schemas import Problem
from cityclimate.finance.model import ProjectFilter, Stage
from cityclimate.finance.statistics import area_statistics
from cityclimate.io.finance_files import (
    library_xlsx,
    projects_csv,
    projects_json,
    read_library_xlsx,
    read_monitoring_table,
)
from cityclimate.io.limits import UploadLimits
from cityclimate.services import claims
from cityclimate.services.actors import Actor
from cityclimate.services.finance import gaps, investors, library, monitoring
from cityclimate.services.finance.views import library_views, one_view
from cityclimate.settings import Settings

router = APIRouter(prefix="/finance", tags=["finance"])
Anyone = Annotated[Actor, Depends(allow(ANYONE))]
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Staff = Annotated[Actor, Depends(allow(*STAFF))]
Office = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Financier = Annotated[Actor, Depends(allow("financier"))]
Matcher = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS, "financier"))]
ProjectId = Annotated[str, Path(min_length=1, max_length=64)]
Territory = Annotated[str | None, Query(min_length=1, max_length=32)]
Money = Annotated[float | None, Query(ge=0, le=1e12)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_422: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "every mistake, located"}
}


class FactorOut(BaseModel):
    side: str
    category: str
    fuel: str
    gas: str
    activity_value: float
    activity_unit: str
    factor_value: float
    factor_id: str
    factor_level: str
    factor_source: str
    selection_reason: str
    co2e_t: float


class InputOut(BaseModel):
    input: str
    value: float
    unit: str


class EstimateOut(BaseModel):
    """An annual reduction: method, inputs, factors the inventory engine chose, year, figures."""

    basis: str
    year: int
    method_zh: str
    method_en: str
    method_source: str
    gwp_set: str
    inputs: list[InputOut]
    baseline_co2e_t: float | None
    project_co2e_t: float | None
    reduction_co2e_t: float | None
    benefit_indicators: dict[str, float]
    factors: list[FactorOut]


class ProjectOut(BaseModel):
    """A library project with its computed estimate (``owner_contact`` for the office only)."""

    project_id: str
    name_zh: str
    name_en: str
    owner_uscc: str
    owner_name: str
    owner_contact: str | None = None
    territory: str
    sub_area: str | None
    location: str
    project_type: str
    project_type_zh: str
    project_type_en: str
    climate_type: str
    catalogue_codes: dict[str, list[str]]
    investment_wan_yuan: float
    phasing_wan_yuan: dict[str, float]
    financing_need_wan_yuan: float
    financing_secured_wan_yuan: float
    instruments: list[str]
    stage: str
    stage_zh: str
    stage_en: str
    operation_year: int
    lever: str | None
    description: str
    illustrative: bool
    reduction_t_per_wan_yuan: float | None
    estimate: EstimateOut | None


class StageEventOut(BaseModel):
    from_stage: str | None
    to_stage: str
    on: date
    reason: str
    by: str


class ProjectDetail(ProjectOut):
    ex_ante: EstimateOut | None = None
    history: list[StageEventOut] = []
    allowed_actions: list[str] = []


def _filter(
    project_type: Annotated[list[str] | None, Query(max_length=20)] = None,
    stage: Annotated[list[Stage] | None, Query(max_length=7)] = None,
    catalogue: Annotated[str | None, Query(max_length=64)] = None,
    min_investment_wan_yuan: Money = None,
    max_investment_wan_yuan: Money = None,
    min_reduction_t_per_wan_yuan: Annotated[float | None, Query(ge=0, le=1e9)] = None,
    instrument: Annotated[str | None, Query(max_length=50)] = None,
) -> ProjectFilter | None:
    f = ProjectFilter(
        project_types=tuple(project_type or ()),
        catalogue_code=catalogue,
        stages=tuple(stage or ()),
        min_investment_wan_yuan=min_investment_wan_yuan,
        max_investment_wan_yuan=max_investment_wan_yuan,
        min_reduction_t_per_wan_yuan=min_reduction_t_per_wan_yuan,
        instrument=instrument,
    )
    return None if f == ProjectFilter() else f


Filter = Annotated[ProjectFilter | None, Depends(_filter)]


@router.get("/projects", response_model=list[ProjectOut])
def list_projects(
    db: DB, actor: Anyone, f: Filter, territory: Territory = None
) -> list[dict[str, Any]]:
    """项目库 · The library (published projects for all but staff; a filter finds published
    projects, best t CO2e a year per 万元 first), each with its computed estimate."""
    with db.read() as session:
        return library_views(session, actor, territory, f)


@router.get("/projects/{project_id}", response_model=ProjectDetail)
def get_project(project_id: ProjectId, db: DB, actor: Anyone) -> dict[str, Any]:
    """项目 · One project, its estimate (and the ex-ante one beside an ex-post one), its stages."""
    with db.read() as session:
        return one_view(session, actor, project_id)


class StepIn(BaseModel):
    action: Literal["admit", "promote", "finance", "build", "operate", "withdraw", "refuse"]
    on: date
    reason: str = Field(default="", max_length=2000)


@router.post(
    "/projects/{project_id}/stage",
    response_model=ProjectDetail,
    responses={409: {"model": Problem}},
)
def step_project(project_id: ProjectId, body: StepIn, db: DB, actor: Office) -> dict[str, Any]:
    """阶段变更 · Move a project to its next stage (admission checks the entry criteria)."""
    with db.write() as session:
        library.step_project(session, actor, project_id, body.action, body.on, body.reason)
        return one_view(session, actor, project_id)


class MonitoredIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    inputs: dict[str, float]


@router.put("/projects/{project_id}/monitored", response_model=ProjectDetail, responses=_422)
def set_monitored(
    project_id: ProjectId, body: MonitoredIn, db: DB, actor: Office
) -> dict[str, Any]:
    """监测值 · Monitored inputs of a year (meters, ledgers): the ex-post basis from now on."""
    with db.write() as session:
        library.set_monitored(session, actor, project_id, body.year, body.inputs)
        return one_view(session, actor, project_id)


class ImportOut(BaseModel):
    created: int
    updated: int


@router.post("/import", response_model=ImportOut, status_code=201, responses=_422)
def import_library(
    file: UploadFile,
    db: DB,
    actor: Office,
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, int]:
    """导入项目库（Excel 模板，全部校验通过才保存）· Import the library template (all or nothing)."""
    limits = UploadLimits(max_bytes=settings.max_upload_bytes)
    projects = read_library_xlsx(
        file.filename or "library.xlsx", file.file.read(limits.max_bytes + 1), limits=limits
    )
    with db.write() as session:
        return library.import_library(session, actor, projects)


class MonitoredOut(BaseModel):
    project_id: str
    year: int
    inputs: dict[str, float]
    ex_ante_co2e_t: float | None
    ex_post_co2e_t: float | None
    difference_co2e_t: float | None


@router.post("/monitored", response_model=list[MonitoredOut], status_code=201, responses=_422)
def import_monitored(
    file: UploadFile,
    db: DB,
    actor: Office,
    settings: Annotated[Settings, Depends(get_settings)],
) -> list[dict[str, Any]]:
    """导入监测数据（CSV/Excel，全部校验通过才保存）· Import meter data: ex post replaces ex ante."""
    limits = UploadLimits(max_bytes=settings.max_upload_bytes)
    name = file.filename or "monitored.csv"
    frame, rows = read_monitoring_table(name, file.file.read(limits.max_bytes + 1), limits=limits)
    with db.write() as session:
        return monitoring.import_monitored(session, actor, frame, rows, where=name)


@router.get("/template.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
def template(_: Reader) -> Response:
    """项目库模板 · The empty library template."""
    return Response(
        library_xlsx(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="library-template.xlsx"'},
    )


@router.get(
    "/export",
    response_class=Response,
    responses={200: {"content": {XLSX: {}, "application/json": {}, "text/csv": {}}}},
)
def export(
    db: DB,
    actor: Anyone,
    territory: Territory = None,
    format: Annotated[Literal["xlsx", "json", "csv"], Query()] = "json",
) -> Response:
    """导出项目库 · The library as the XLSX template (staff), or published projects with their
    estimates as JSON or CSV for partner platforms (schema in docs/finance-export.md)."""
    with db.read() as session:
        views = library_views(session, actor, territory)
        if format == "xlsx":
            projects = library.list_projects(session, actor, territory)
    if format == "xlsx":
        if not library.sees_everything(actor):
            projects = [library.without_contact(p) for p in projects]
        return Response(
            library_xlsx(projects),
            media_type=XLSX,
            headers={"Content-Disposition": 'attachment; filename="library.xlsx"'},
        )
    if format == "csv":
        return Response(projects_csv(views), media_type="text/csv; charset=utf-8")
    return Response(projects_json(views), media_type="application/json")


class GapOut(BaseModel):
    lever: str
    name_zh: str
    name_en: str
    needed_co2e_t: float | None
    delivered_co2e_t: float
    gap_co2e_t: float | None
    financing_need_wan_yuan: float
    financing_secured_wan_yuan: float
    financing_gap_wan_yuan: float
    project_ids: list[str]


class GapReportOut(BaseModel):
    territory: str
    scenario: str
    scenario_name_zh: str
    scenario_name_en: str
    year: int
    illustrative: bool
    notice_zh: str
    notice_en: str
    gaps: list[GapOut]


class AreaStatisticOut(BaseModel):
    """One area finance figure (亿元) with its source; confidence L marks an unconfirmed one."""

    territory: str
    territory_name_zh: str
    territory_name_en: str
    year: int
    measure: Literal["green_loans", "green_bonds"]
    kind: Literal["actual", "target"]
    value_yi_yuan: float
    source_zh: str
    source_en: str
    confidence: Literal["H", "M", "L"]


@router.get("/statistics", response_model=list[AreaStatisticOut])
def statistics(actor: Anyone, territory: Territory = None) -> list[dict[str, Any]]:
    """地区绿色金融统计 · Green loan and bond balances by year (the plan's figures, with sources);
    an empty list for a territory without finance data."""
    return [
        {
            "territory": s.territory,
            "territory_name_zh": s.territory_name.zh,
            "territory_name_en": s.territory_name.en,
            "year": s.year,
            "measure": s.measure,
            "kind": s.kind,
            "value_yi_yuan": s.value,
            "source_zh": s.source.zh,
            "source_en": s.source.en,
            "confidence": s.confidence,
        }
        for s in area_statistics(territory)
    ]


@router.get("/gaps", response_model=GapReportOut, responses={404: {"model": Problem}, **_422})
def lever_gaps(
    db: DB,
    actor: Reader,
    territory: Territory = None,
    scenario: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> dict[str, Any]:
    """杠杆缺口 · Per pathway lever: the reduction the plan scenario needs (its wedge in the year)
    against what the library's projects deliver, and financing needed against secured."""
    with db.read() as session:
        report = gaps.gap_report(session, actor, territory, scenario, year)
    return {
        "territory": report.territory,
        "scenario": report.scenario,
        "scenario_name_zh": report.scenario_name.zh,
        "scenario_name_en": report.scenario_name.en,
        "year": report.year,
        "illustrative": report.illustrative,
        "notice_zh": report.notice.zh,
        "notice_en": report.notice.en,
        "gaps": [
            {
                **{k: getattr(g, k) for k in GapOut.model_fields if hasattr(g, k)},
                "name_zh": g.name.zh,
                "name_en": g.name.en,
                "project_ids": list(g.project_ids),
            }
            for g in report.gaps
        ],
    }


class InterestIn(BaseModel):
    instrument: str = Field(default="", max_length=50)
    amount_wan_yuan: float | None = Field(default=None, ge=0, le=1e12)
    note: str = Field(default="", max_length=2000)


class InterestOut(BaseModel):
    project_id: str
    name_zh: str = ""
    financier: str
    instrument: str
    amount_wan_yuan: float | None
    note: str
    at: Any


@router.post(
    "/projects/{project_id}/interest",
    response_model=InterestOut,
    status_code=201,
    responses={409: {"model": Problem}},
)
def express_interest(
    project_id: ProjectId, body: InterestIn, db: DB, actor: Financier
) -> dict[str, Any]:
    """表达投资意向 · A financier's interest in a published project (once per project)."""
    with db.write() as session:
        return investors.express_interest(
            session,
            actor,
            project_id,
            instrument=body.instrument,
            amount_wan_yuan=body.amount_wan_yuan,
            note=body.note,
        )


@router.get("/interests", response_model=list[InterestOut])
def interests(db: DB, actor: Matcher) -> list[dict[str, Any]]:
    """意向匹配 · Expressions of interest: all for the office, one's own for a financier."""
    with db.read() as session:
        return investors.matches(session, actor)


class ClaimIn(BaseModel):
    source: str = Field(min_length=3, max_length=200, examples=["project:LJ-CF-001"])
    scheme: Literal["finance_library", "ets", "carbon_inclusion", "voluntary"]
    claimant: str = Field(min_length=1, max_length=200)
    period_start: date
    period_end: date
    quantity_co2e_t: float = Field(ge=0, le=1e12)
    note: str = Field(default="", max_length=2000)


class ClaimOut(ClaimIn):
    claim_id: str


@router.get("/claims", response_model=list[ClaimOut])
def list_claims(
    db: DB, _: Staff, source: Annotated[str | None, Query(min_length=1, max_length=200)] = None
) -> list[dict[str, Any]]:
    """减排量声明登记簿 · The reduction-claims register (of one source when given)."""
    with db.read() as session:
        return [claims.claim_view(c) for c in claims.list_claims(session, source)]


@router.post(
    "/claims", response_model=ClaimOut, status_code=201, responses={409: {"model": Problem}}
)
def register_claim(body: ClaimIn, db: DB, actor: Office) -> dict[str, Any]:
    """登记减排量声明 · Register a claim: a second claim on the same source and period is refused
    (409) with the first claim named — one reduction, one claim."""
    with db.write() as session:
        return claims.claim_view(claims.register(session, actor, **body.model_dump()))
