"""The reporting calendar's API (issue 19): deadlines as data, each item's state on a day,
the office's own dates, and an iCalendar feed to subscribe to."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cityclimate.api.deps import ANYONE, DB, INVENTORY_WRITERS, allow
from cityclimate.reporting.calendar import ical
from cityclimate.services.actors import Actor
from cityclimate.services.reporting import calendar

router = APIRouter(prefix="/calendar", tags=["calendar"])
Public = Annotated[Actor, Depends(allow(ANYONE))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
TerritoryCode = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
Kind = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
YearQuery = Annotated[int | None, Query(ge=1990, le=2100, description="报告年度 · reporting year")]
OnQuery = Annotated[
    date | None, Query(description="判断日期 · the day to judge on (default today)")
]
Audience = Literal["office", "department", "enterprise", "public"]


class CalendarItem(BaseModel):
    """A deadline of a reporting year, for whom (``subject``: an enterprise, or none), and its
    state: done, late, overdue, due_soon (within 30 days) or upcoming."""

    kind: str
    name_zh: str
    name_en: str
    audience: str
    year: int
    due: str
    subject_zh: str
    subject_en: str
    done_on: str | None
    state: str
    days_late: int


class RuleOut(BaseModel):
    kind: str
    name_zh: str
    name_en: str
    audience: str
    month: int
    day: int
    year_offset: int
    source: str


class RuleIn(BaseModel):
    """An office-set deadline: ``month``/``day`` of reporting year + ``year_offset``."""

    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    audience: Audience = "office"
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year_offset: int = Field(default=1, ge=0, le=2)
    source: str = Field(default="", max_length=500)


def _rule(r: Any) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "name_zh": r.name.zh,
        "name_en": r.name.en,
        "audience": r.audience,
        "month": r.month,
        "day": r.day,
        "year_offset": r.year_offset,
        "source": r.source,
    }


@router.get("/{territory}/rules", response_model=list[RuleOut])
def rules(territory: TerritoryCode, db: DB, _: Public) -> list[dict[str, Any]]:
    """报告截止日期规则 · The territory's deadlines (the office's own over the defaults)."""
    from cityclimate.services.territories import get_territory

    with db.read() as session:
        get_territory(session, territory)
        return [_rule(r) for r in calendar.rules(session, territory)]


@router.put("/{territory}/rules/{kind}", response_model=RuleOut)
def put_rule(
    territory: TerritoryCode, kind: Kind, body: RuleIn, db: DB, actor: Writer
) -> dict[str, Any]:
    """设定截止日期 · Set one of the office's deadlines (audited)."""
    with db.write() as session:
        rule = calendar.set_deadline(session, actor, territory, {"kind": kind, **body.model_dump()})
        return _rule(rule)


@router.get("/{territory}/items", response_model=list[CalendarItem])
def items(
    territory: TerritoryCode, db: DB, actor: Public, year: YearQuery = None, on: OnQuery = None
) -> list[dict[str, Any]]:
    """报告日历 · The year's deadlines and their state (the office sees each enterprise)."""
    today = on or date.today()
    with db.read() as session:
        found = calendar.items(session, actor, territory, year or today.year - 1, today)
    return [calendar.item_view(i) for i in found]


@router.get(
    "/{territory}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}},
)
def feed(
    territory: TerritoryCode,
    db: DB,
    actor: Public,
    lang: Annotated[Literal["zh", "en"], Query()] = "zh",
) -> Response:
    """iCalendar 订阅 · The deadlines of last year and this year as an iCalendar feed."""
    today = date.today()
    with db.read() as session:
        found = [
            i
            for year in (today.year - 1, today.year)
            for i in calendar.items(session, actor, territory, year, today)
        ]
    body = ical(
        found,
        calendar_name=f"cityclimate {territory}",
        lang=lang,
        stamp=datetime.now(UTC),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{territory}-calendar.ics"'},
    )
