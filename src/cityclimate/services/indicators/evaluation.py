"""The annual evaluation (indicator status, tasks on 31 December, grades, rectification):
computed by the core from what is stored, kept in a small process cache keyed by the
stored rows, shown as the assessment, published, exported to XLSX."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.indicators.annual import IndicatorReport, records, report_indicators
from cityclimate.indicators.model import ProgressMethod
from cityclimate.indicators.progress import with_progress_method
from cityclimate.plan.annual_evaluation import (
    AnnualEvaluation,
    annual_evaluation,
    with_assessed_departments,
)
from cityclimate.plan.inputs import parse_task_events, task_states_on
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.indicators import derived
from cityclimate.services.indicators.plan_inputs import (
    EVENTS_WHERE,
    check_board_year,
    check_year,
    entry_row,
    event_row,
    indicator_inputs,
    plan_of,
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
from cityclimate.storage.rectification_models import RectificationClosure

_CACHE: OrderedDict[tuple[Any, ...], AnnualEvaluation] = OrderedDict()

_CACHE_SIZE = 16


_CACHE_LOCK = threading.Lock()


def _stamp(session: Session, territory: str) -> tuple[Any, ...]:
    entries = session.execute(
        select(func.count(IndicatorEntry.id), func.max(IndicatorEntry.id)).where(
            IndicatorEntry.territory_code == territory
        )
    ).one()
    events = session.execute(
        select(func.count(PlanTaskEvent.id), func.max(PlanTaskEvent.id)).where(
            PlanTaskEvent.territory_code == territory
        )
    ).one()
    bind = session.get_bind()
    return (
        bind.engine.url.render_as_string(hide_password=True),
        *entries,
        *events,
        derived.stamp(session, territory),
    )


def evaluation(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    method: ProgressMethod | None = None,
) -> AnnualEvaluation:
    """The annual evaluation of ``territory`` in ``year`` (status of indicators, tasks on
    31 December, grades, rectification), from its stored plan and data. The public sees
    published years only (others answer 404). ``method`` evaluates every indicator with one
    progress method (and so grades the departments on it); ``None`` each one's own."""
    check_year(session, actor, territory, year)
    plan = plan_of(session, territory)
    chosen = None if method is None else method.value
    key = (territory, year, chosen, plan.digest, *_stamp(session, territory))
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return _with_closures(session, territory, year, cached)
    tasks = list(plan.items)
    events = parse_task_events(
        [event_row(e) for e in stored_events(session, territory)], EVENTS_WHERE, tasks, first_row=1
    )
    as_of = dt.date(year, 12, 31)
    result = annual_evaluation(
        with_progress_method(plan.definitions, method),
        indicator_inputs(session, plan, [entry_row(e) for e in stored_entries(session, territory)]),
        tasks,
        task_states_on(tasks, events, as_of),
        plan.pack.weights,
        year=year,
        as_of=as_of,
        grade_bands=plan.pack.grades,
        target_statements=plan.pack.target_statements,
    )
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return _with_closures(session, territory, year, result)


def _with_closures(
    session: Session, territory: str, year: int, result: AnnualEvaluation
) -> AnnualEvaluation:
    """``result`` with ``follow_up = "closed"`` on the rectification items the office or the
    department closed with evidence (services.rectification), so the evaluation, its XLSX and
    its pages never call a closed item open. Read on every call: a closure changes nothing the
    cached evaluation is keyed on."""
    closed = session.execute(
        select(
            RectificationClosure.department,
            RectificationClosure.subject_kind,
            RectificationClosure.subject_id,
        ).where(RectificationClosure.territory_code == territory, RectificationClosure.year == year)
    ).all()
    if not closed or result.rectification.is_empty():
        return result
    keys = pl.DataFrame(
        [tuple(c) for c in closed],
        schema=["department", "subject_kind", "subject_id"],
        orient="row",
    ).with_columns(pl.lit(True).alias("_closed"))
    frame = (
        result.rectification.join(
            keys, on=["department", "subject_kind", "subject_id"], how="left", maintain_order="left"
        )
        .with_columns(
            pl.when(pl.col("_closed"))
            .then(pl.lit("closed"))
            .otherwise(pl.col("follow_up"))
            .alias("follow_up")
        )
        .drop("_closed")
    )
    return dataclasses.replace(result, rectification=frame)


def default_assessment_year(session: Session, actor: Actor, territory: str) -> int | None:
    """The latest year whose annual evaluation can be made (a year in progress, in which an
    assessed indicator has no value yet, cannot be graded and is skipped)."""
    for year in reversed(years(session, actor, territory)):
        try:
            evaluation(session, actor, territory, year)
        except DataValidationError:
            continue
        return year
    return None


def indicator_report(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    method: ProgressMethod | None = None,
) -> tuple[IndicatorReport, pl.DataFrame]:
    """Every indicator of ``territory`` in ``year`` (the report, and its table with the
    departments assessed on each indicator). Unlike the department assessment, it never
    refuses a year in progress: an indicator without a value is simply not assessable.
    ``method`` evaluates every indicator with one progress method; ``None`` each one's own.
    The staff may ask for any year of the plan period, one with no value at all too."""
    check_board_year(session, actor, territory, year)
    plan = plan_of(session, territory)
    rows = [entry_row(e) for e in stored_entries(session, territory)]
    report = report_indicators(
        plan.definitions,
        indicator_inputs(session, plan, rows),
        year,
        level_path=None if method is None else method.value,
        target_statements=plan.pack.target_statements,
    )
    table = with_assessed_departments(report.table, plan.pack.weights)
    return report, table


def method_choice(method: ProgressMethod | None) -> dict[str, str]:
    """What the caller chose: one method for all, or each indicator's own (``per_indicator``)."""
    if method is None:
        return {"value": "per_indicator", "label_zh": "按各指标设定", "label_en": "per indicator"}
    return {"value": method.value, "label_zh": method.label_zh, "label_en": method.label_en}


def notice_of(ev: AnnualEvaluation | IndicatorReport) -> dict[str, str]:
    return {"zh": ev.notice_zh, "en": ev.notice_en}


def json_value(value: Any) -> Any:
    return audit.json_safe(value.isoformat() if isinstance(value, dt.date) else value)


def rows_of(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: json_value(v) for k, v in row.items()} for row in records(frame)]


def assessment(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    method: ProgressMethod | None = None,
) -> dict[str, Any]:
    """Grades of the departments, item scores, tasks by status and department, rectification;
    ``method`` as in :func:`evaluation` (the choice is stated as ``progress_method``)."""
    ev = evaluation(session, actor, territory, year, method)
    return {
        "territory": territory,
        "year": year,
        "progress_method": method_choice(method),
        "as_of": ev.as_of.isoformat(),
        "years": years(session, actor, territory),
        "published": year in published_years(session, territory),
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


def publish_evaluation(
    session: Session, actor: Actor, territory: str, year: int
) -> EvaluationPublication:
    """Publish the annual evaluation of ``territory`` in ``year`` (the public then sees it)."""
    evaluation(session, actor, territory, year)  # must evaluate without errors
    query = select(EvaluationPublication).where(
        EvaluationPublication.territory_code == territory, EvaluationPublication.year == year
    )
    existing = session.scalar(query)
    if existing is not None:
        return existing
    item = EvaluationPublication(territory_code=territory, year=year, published_by=actor.user_id)
    session.add(item)
    session.flush()
    audit.record(session, actor, "publish", "annual_evaluation", year, after={"year": year})
    return item
