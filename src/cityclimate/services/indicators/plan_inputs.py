"""What the plan's evaluation reads from the database: the indicator definitions, the
entered indicator values and targets, the task events, and which years may be seen."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.indicators import demo as indicator_demo
from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
)
from cityclimate.indicators.inputs import parse_indicator_inputs
from cityclimate.indicators.model import IndicatorDefinition, IndicatorInputs
from cityclimate.plan import demo as plan_demo
from cityclimate.plan.model import PlanItem
from cityclimate.services.actors import OFFICE, STAFF_ROLES, Actor
from cityclimate.services.errors import NotFoundError
from cityclimate.storage.indicators_models import (
    EvaluationPublication,
    IndicatorEntry,
    PlanTaskEvent,
)

#: The territory whose plan (indicators and task list) the platform tracks.
PLAN_TERRITORY = liangjiang.TERRITORY

#: Roles that see every department's tasks; the staff (STAFF_ROLES) see every year's evaluation,
#: others see published years only.
OFFICE_ROLES = frozenset(OFFICE)

ENTRIES_WHERE = "indicator_entries"
EVENTS_WHERE = "plan_task_events"

NOTICE = {"zh": indicator_demo.NOTICE_ZH, "en": indicator_demo.NOTICE_EN}


def definitions() -> list[IndicatorDefinition]:
    return load_liangjiang_indicators()


def find_definition(indicator_id: str) -> IndicatorDefinition:
    for definition in definitions():
        if definition.id == indicator_id:
            return definition
    raise NotFoundError(f"指标 {indicator_id} 不存在", f"indicator {indicator_id} does not exist")


def entry_row(entry: IndicatorEntry) -> dict[str, str]:
    return {
        "indicator_id": entry.indicator_id,
        "year": str(entry.year),
        "kind": entry.kind,
        "value": repr(entry.value),
        "unit": entry.unit,
        "provenance": entry.provenance,
        "source": entry.source,
    }


def event_row(event: PlanTaskEvent) -> dict[str, str]:
    return {
        "task_id": event.task_id,
        "date": event.happened_on.isoformat(),
        "event": event.event,
        "status": event.status,
        "reason": event.reason,
        "evidence_description": event.evidence_description,
        "evidence_reference": event.evidence_reference,
    }


def stored_entries(session: Session) -> list[IndicatorEntry]:
    query = select(IndicatorEntry).where(IndicatorEntry.territory_code == PLAN_TERRITORY)
    return list(session.scalars(query.order_by(IndicatorEntry.id)).all())


def stored_events(session: Session) -> list[PlanTaskEvent]:
    query = select(PlanTaskEvent).where(PlanTaskEvent.territory_code == PLAN_TERRITORY)
    return list(session.scalars(query.order_by(PlanTaskEvent.id)).all())


def has_demo_data(session: Session) -> bool:
    """The plan territory's data include the illustrative demo."""
    query = select(func.count()).where(
        IndicatorEntry.territory_code == PLAN_TERRITORY, IndicatorEntry.illustrative.is_(True)
    )
    return bool(session.scalar(query))


def indicator_inputs(rows: list[dict[str, str]], illustrative: bool) -> IndicatorInputs:
    entered = (
        parse_indicator_inputs(rows, ENTRIES_WHERE, definitions(), first_row=1)
        if rows
        else IndicatorInputs(values=(), base_values=(), city_targets=())
    )
    if not illustrative:
        return entered
    derived, derived_bases = indicator_demo.liangjiang_derived_values()
    return IndicatorInputs(
        values=(*entered.values, *derived),
        base_values=(*entered.base_values, *derived_bases),
        city_targets=entered.city_targets,
        notice_zh=NOTICE["zh"],
        notice_en=NOTICE["en"],
    )


def items() -> list[PlanItem]:
    """The task tree with the office's assignments (the demo's, ILLUSTRATIVE, for now)."""
    return plan_demo.liangjiang_items()


def published_years(session: Session) -> list[int]:
    query = select(EvaluationPublication.year).where(
        EvaluationPublication.territory_code == PLAN_TERRITORY
    )
    return sorted(session.scalars(query).all())


def years(session: Session, actor: Actor) -> list[int]:
    """Years the actor may see evaluated: those with indicator values (published ones only for
    roles outside the staff)."""
    if actor.role not in STAFF_ROLES:
        return published_years(session)
    rows = [entry_row(e) for e in stored_entries(session)]
    inputs = indicator_inputs(rows, has_demo_data(session))
    first = min(d.base_year for d in definitions()) + 1
    last = max(d.target_year for d in definitions())
    return sorted({v.year for v in inputs.values if first <= v.year <= last})


def check_year(session: Session, actor: Actor, year: int) -> None:
    if year not in years(session, actor):
        raise NotFoundError(
            f"{year} 年的年度评估不存在或尚未发布",
            f"no annual evaluation for {year}, or it is not published",
        )


def default_year(session: Session, actor: Actor) -> int | None:
    available = years(session, actor)
    return available[-1] if available else None
