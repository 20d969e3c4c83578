"""The annual evaluation (indicator status, tasks on 31 December, grades, rectification):
computed by the core from what is stored, kept in a small process cache keyed by the
stored rows, shown as the assessment, published, exported to XLSX."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.indicators.annual import records
from cityclimate.indicators.definitions import (
    load_liangjiang_target_statements,
)
from cityclimate.plan import demo as plan_demo
from cityclimate.plan.annual_evaluation import AnnualEvaluation
from cityclimate.plan.inputs import (
    Table,
    annual_evaluation_from_tables,
)
from cityclimate.plan.tasks import load_liangjiang_tasks
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.indicators.plan_inputs import (
    EVENTS_WHERE,
    PLAN_TERRITORY,
    check_year,
    definitions,
    entry_row,
    event_row,
    has_demo_data,
    indicator_inputs,
    published_years,
    stored_entries,
    stored_events,
    years,
)
from cityclimate.storage.indicators_models import (
    EvaluationPublication,
    IndicatorEntry,
    PlanTaskEvent,
)

_CACHE: OrderedDict[tuple[Any, ...], AnnualEvaluation] = OrderedDict()

_CACHE_SIZE = 16


_CACHE_LOCK = threading.Lock()


def _stamp(session: Session) -> tuple[Any, ...]:
    entries = session.execute(
        select(func.count(IndicatorEntry.id), func.max(IndicatorEntry.id))
    ).one()
    events = session.execute(select(func.count(PlanTaskEvent.id), func.max(PlanTaskEvent.id))).one()
    bind = session.get_bind()
    return (bind.engine.url.render_as_string(hide_password=True), *entries, *events)


def evaluation(session: Session, actor: Actor, year: int) -> AnnualEvaluation:
    """The annual evaluation of ``year`` (status of indicators, tasks on 31 December, grades,
    rectification). The public sees published years only (others answer 404)."""
    check_year(session, actor, year)
    key = (year, *_stamp(session))
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    result = annual_evaluation_from_tables(
        definitions(),
        indicator_inputs([entry_row(e) for e in stored_entries(session)], has_demo_data(session)),
        load_liangjiang_tasks(),
        weights=plan_demo.read_demo_table(plan_demo.WEIGHTS),
        assignments=plan_demo.read_demo_table(plan_demo.ASSIGNMENTS),
        events=Table([event_row(e) for e in stored_events(session)], EVENTS_WHERE, 1),
        year=year,
        target_statements=load_liangjiang_target_statements(),
    )
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def notice_of(ev: AnnualEvaluation) -> dict[str, str]:
    return {"zh": ev.notice_zh, "en": ev.notice_en}


def json_value(value: Any) -> Any:
    return audit.json_safe(value.isoformat() if isinstance(value, dt.date) else value)


def rows_of(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: json_value(v) for k, v in row.items()} for row in records(frame)]


def assessment(session: Session, actor: Actor, year: int) -> dict[str, Any]:
    """Grades of the departments, item scores, tasks by status and department, rectification."""
    ev = evaluation(session, actor, year)
    return {
        "year": year,
        "as_of": ev.as_of.isoformat(),
        "years": years(session, actor),
        "published": year in published_years(session),
        "grades": rows_of(ev.grades),
        "item_scores": rows_of(ev.item_scores),
        "tasks_by_status": rows_of(ev.tasks_by_status),
        "tasks_by_department": rows_of(ev.tasks_by_department),
        "overdue": rows_of(ev.overdue),
        "rectification": rows_of(ev.rectification),
        "indicator_names": rows_of(ev.indicator_table.select("indicator_id", "name_zh", "name_en")),
        "illustrative": ev.illustrative,
        "notice": notice_of(ev),
    }


def publish_evaluation(session: Session, actor: Actor, year: int) -> EvaluationPublication:
    """Publish the annual evaluation of ``year`` (the public role then sees it)."""
    evaluation(session, actor, year)  # must evaluate without errors
    query = select(EvaluationPublication).where(
        EvaluationPublication.territory_code == PLAN_TERRITORY, EvaluationPublication.year == year
    )
    existing = session.scalar(query)
    if existing is not None:
        return existing
    item = EvaluationPublication(
        territory_code=PLAN_TERRITORY, year=year, published_by=actor.user_id
    )
    session.add(item)
    session.flush()
    audit.record(session, actor, "publish", "annual_evaluation", year, after={"year": year})
    return item
