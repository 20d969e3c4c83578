"""Indicators and plan tracking (issue 6): indicator board and detail, manual values, the task
board and task events, the annual evaluation (assessment, rectification), its publication and
XLSX export. Thin: parse, call :mod:`cityclimate.services.indicators`, answer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from cityclimate.api.deps import ADMIN, ALL_ROLES, DB, INVENTORY_WRITERS, STAFF, Id, allow
from cityclimate.api.schemas import Timestamp
from cityclimate.indicators.model import ProgressMethod
from cityclimate.io.evaluation_export import annual_evaluation_xlsx
from cityclimate.services import indicators
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError

router = APIRouter(tags=["indicators and plan"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Staff = Annotated[Actor, Depends(allow(*STAFF))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Admin = Annotated[Actor, Depends(allow(*ADMIN))]
Year = Annotated[int, Path(ge=1900, le=2200)]
YearQuery = Annotated[int | None, Query(ge=1900, le=2200)]
MethodQuery = Annotated[
    ProgressMethod | None,
    Query(
        description="进度计算方法 · progress method for every indicator: compound (Open SDG) or "
        "linear; omitted = each indicator's own (progress_method in its definition)"
    ),
]
IndicatorId = Annotated[str, Path(min_length=1, max_length=100)]
#: The territory whose stored plan is read (the first stored plan's when none is named).
TerritoryQuery = Annotated[str | None, Query(min_length=1, max_length=32)]
TaskId = Annotated[str, Path(min_length=1, max_length=50)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Notice(BaseModel):
    zh: str
    en: str


class IndicatorBoard(BaseModel):
    """Every indicator's status in a year, with its history (actual vs target path)."""

    territory: str
    year: int
    years: list[int]
    published: bool
    illustrative: bool
    notice: Notice
    progress_method: dict[str, str]
    indicators: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    #: The sector pilots' figures by measure and year up to ``year`` (plan R6), with sources.
    sector: list[dict[str, Any]] = []


class IndicatorDetail(BaseModel):
    """One indicator: definition, status, history, values with sources, entries, findings."""

    territory: str
    definition: dict[str, Any]
    year: int
    years: list[int]
    progress_method: dict[str, str]
    evaluation: dict[str, Any]
    history: list[dict[str, Any]]
    values: list[dict[str, Any]]
    entries: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    illustrative: bool
    notice: Notice


class ValueIn(BaseModel):
    """A value entered by hand (``actual``), a base value or a city target, with its source."""

    year: int = Field(ge=1900, le=2200)
    value: float = Field(allow_inf_nan=False)
    unit: str = Field(min_length=1, max_length=50)
    source: str = Field(default="", max_length=2000)
    kind: Literal["actual", "base", "target"] = "actual"


class EntryOut(BaseModel):
    id: int
    indicator_id: str
    year: int
    kind: str
    value: float
    unit: str
    source: str


class TaskBoard(BaseModel):
    territory: str
    as_of: str
    own_department: str | None
    departments: list[str]
    statuses: list[str]
    tasks: list[dict[str, Any]]
    overdue: int
    illustrative: bool
    notice: Notice
    flagged: list[dict[str, Any]] = Field(
        default=[],
        description="Stored events skipped because they break the workflow (office roles only)",
    )


class TaskEventIn(BaseModel):
    """A status change (with reason when delayed or cancelled) and/or evidence."""

    status: Literal["", "in_progress", "done", "delayed", "cancelled"] = ""
    reason: str = Field(default="", max_length=2000)
    evidence_description: str = Field(default="", max_length=2000)
    evidence_reference: str = Field(default="", max_length=1000)
    date: dt.date | None = Field(default=None, ge=dt.date(2000, 1, 1))


class TaskEventOut(BaseModel):
    id: int
    task_id: str
    date: dt.date
    event: str
    status: str


class Assessment(BaseModel):
    """The annual evaluation's assessment: grades, item scores, tasks, rectification."""

    territory: str
    year: int
    as_of: str
    years: list[int]
    published: bool
    progress_method: dict[str, str]
    grades: list[dict[str, Any]]
    item_scores: list[dict[str, Any]]
    tasks_by_status: list[dict[str, Any]]
    tasks_by_department: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    rectification: list[dict[str, Any]]
    illustrative: bool
    notice: Notice


class Publication(BaseModel):
    year: int
    published_at: Timestamp


class MemberIn(BaseModel):
    department: str = Field(min_length=1, max_length=200)


class MemberOut(BaseModel):
    user_id: int
    department: str


def _year(session: Any, actor: Actor, territory: str, year: int | None) -> int:
    chosen = year or indicators.default_year(session, actor, territory)
    if chosen is None:
        raise NotFoundError("尚无可查看的年度评估", "no annual evaluation to show yet")
    return chosen


@router.get("/indicators/board", response_model=IndicatorBoard)
def board(
    db: DB,
    actor: Reader,
    year: YearQuery = None,
    territory: TerritoryQuery = None,
    progress_method: MethodQuery = None,
) -> IndicatorBoard:
    """指标看板：各指标当年状态与目标路径 · Every indicator's status and its target path.

    From the territory's stored plan and data; an indicator without a value in the year says
    "not yet reported" (``reported: false``). Each row states its ``progress_method``. The
    public sees published years only."""
    with db.read() as session:
        code = indicators.territory_or_default(session, territory)
        chosen = _year(session, actor, code, year)
        data = indicators.board(session, actor, code, chosen, progress_method)
        return IndicatorBoard(**data)


@router.get("/indicators/{indicator_id}", response_model=IndicatorDetail)
def detail(
    indicator_id: IndicatorId,
    db: DB,
    actor: Reader,
    year: YearQuery = None,
    territory: TerritoryQuery = None,
    progress_method: MethodQuery = None,
) -> IndicatorDetail:
    """指标详情：定义、数据来源与历史 · One indicator with its sources and history."""
    with db.read() as session:
        code = indicators.territory_or_default(session, territory)
        data = indicators.indicator_detail(
            session, actor, code, indicator_id, _year(session, actor, code, year), progress_method
        )
        return IndicatorDetail(**data)


@router.post("/indicators/{indicator_id}/values", response_model=EntryOut, status_code=201)
def enter_value(
    indicator_id: IndicatorId,
    body: ValueIn,
    db: DB,
    actor: Writer,
    territory: TerritoryQuery = None,
) -> EntryOut:
    """手工录入指标数值（校验单位、年份、范围）· Enter a value by hand, validated.

    A city target changes the territory's stored plan (the one source of its targets)."""
    with db.write() as session:
        code = indicators.territory_or_default(session, territory)
        entry = indicators.add_entry(
            session, actor, territory=code, indicator_id=indicator_id, **body.model_dump()
        )
        return EntryOut(
            id=entry.id,
            indicator_id=entry.indicator_id,
            year=entry.year,
            kind=entry.kind,
            value=entry.value,
            unit=entry.unit,
            source=entry.source,
        )


@router.get("/plan/tasks", response_model=TaskBoard)
def tasks(
    db: DB,
    actor: Staff,
    department: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    overdue: bool = False,
    territory: TerritoryQuery = None,
) -> TaskBoard:
    """任务看板（部门只见本部门任务）· Tasks by department; a department sees its own."""
    with db.read() as session:
        code = indicators.territory_or_default(session, territory)
        data = indicators.task_board(
            session, actor, code, department=department, status=status, overdue_only=overdue
        )
        return TaskBoard(**data)


@router.post("/plan/tasks/{task_id}/events", response_model=TaskEventOut, status_code=201)
def task_event(
    task_id: TaskId,
    body: TaskEventIn,
    db: DB,
    actor: Staff,
    territory: TerritoryQuery = None,
) -> TaskEventOut:
    """更新任务状态或上传佐证 · Change a task's status and/or attach evidence."""
    with db.write() as session:
        event = indicators.add_task_event(
            session,
            actor,
            indicators.territory_or_default(session, territory),
            task_id,
            status=body.status,
            reason=body.reason,
            evidence_description=body.evidence_description,
            evidence_reference=body.evidence_reference,
            on=body.date,
        )
        return TaskEventOut(
            id=event.id,
            task_id=event.task_id,
            date=event.happened_on,
            event=event.event,
            status=event.status,
        )


@router.get("/plan/evaluations/{year}", response_model=Assessment)
def assessment(
    year: Year,
    db: DB,
    actor: Reader,
    territory: TerritoryQuery = None,
    progress_method: MethodQuery = None,
) -> Assessment:
    """年度评估与考核（公众仅见已发布）· The annual evaluation; the public sees published.

    From the territory's stored plan: its assignments, weights, grade bands and task events.
    ``progress_method`` grades every indicator on one path (stated as ``progress_method``);
    a published evaluation is the one with each indicator's own method."""
    with db.read() as session:
        code = indicators.territory_or_default(session, territory)
        return Assessment(**indicators.assessment(session, actor, code, year, progress_method))


@router.get(
    "/plan/evaluations/{year}/xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}},
)
def evaluation_xlsx(
    year: Year,
    db: DB,
    actor: Reader,
    territory: TerritoryQuery = None,
    progress_method: MethodQuery = None,
) -> Response:
    """年度评估 XLSX · The annual evaluation as an XLSX workbook."""
    with db.read() as session:
        code = indicators.territory_or_default(session, territory)
        evaluation = indicators.evaluation(session, actor, code, year, progress_method)
    return Response(
        annual_evaluation_xlsx(evaluation),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="annual-evaluation-{year}.xlsx"'},
    )


@router.post("/plan/evaluations/{year}/publish", response_model=Publication)
def publish(year: Year, db: DB, actor: Writer, territory: TerritoryQuery = None) -> Publication:
    """发布年度评估 · Publish the annual evaluation of a year."""
    with db.write() as session:
        code = indicators.territory_or_default(session, territory)
        item = indicators.publish_evaluation(session, actor, code, year)
        return Publication(year=item.year, published_at=item.published_at)


@router.put("/plan/members/{user_id}", response_model=MemberOut)
def set_member(
    user_id: Id, body: MemberIn, db: DB, actor: Admin, territory: TerritoryQuery = None
) -> MemberOut:
    """用户所属部门 · The department a user acts for (admin): a department of the territory's
    plan."""
    with db.write() as session:
        code = indicators.territory_or_default(session, territory)
        indicators.set_department(session, actor, user_id, body.department, territory=code)
    return MemberOut(user_id=user_id, department=body.department)
