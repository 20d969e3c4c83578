"""Indicators and plan tracking (issue 6): the indicator board, manual values, the task board,
task status changes, the annual evaluation (assessment, rectification) and its publication.

The database holds what people enter: indicator values and targets (``indicator_entries``,
the rows of the core's indicator-values table), task events (status changes and evidence),
which department a user acts for, and which annual evaluations are published. Everything
else is the core: :func:`cityclimate.indicators.inputs.parse_indicator_inputs` validates
values (unit, year, range), :func:`cityclimate.plan.inputs.task_states_on` replays events
through the workflow, :func:`cityclimate.plan.inputs.annual_evaluation_from_tables`
evaluates. Derived indicators of the Liangjiang demo come from the core's demo inventory
(ILLUSTRATIVE, labelled so). The plan's task list is Liangjiang's: the plan territory is the
demo district.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators import demo as indicator_demo
from cityclimate.indicators.annual import records
from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
)
from cityclimate.indicators.inputs import parse_indicator_inputs
from cityclimate.indicators.model import IndicatorDefinition, IndicatorInputs
from cityclimate.plan import demo as plan_demo
from cityclimate.plan.annual_evaluation import AnnualEvaluation
from cityclimate.plan.inputs import (
    Table,
    annual_evaluation_from_tables,
    parse_task_events,
    task_states_on,
)
from cityclimate.plan.model import PlanItem, TaskStatus
from cityclimate.plan.tasks import load_liangjiang_tasks, tasks_frame
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError, PermissionDeniedError
from cityclimate.storage.indicators_models import (
    DepartmentMember,
    EvaluationPublication,
    IndicatorEntry,
    PlanTaskEvent,
)
from cityclimate.storage.models import User

#: The territory whose plan (indicators and task list) the platform tracks.
PLAN_TERRITORY = liangjiang.TERRITORY
#: Roles that see every year's evaluation and the task board; others see published years only.
OFFICE_ROLES = frozenset({"admin", "climate_office"})
STAFF_ROLES = OFFICE_ROLES | {"department"}
ENTRY_COLUMNS = ("indicator_id", "year", "kind", "value", "unit", "provenance", "source")
EVENT_COLUMNS = (
    "task_id",
    "date",
    "event",
    "status",
    "reason",
    "evidence_description",
    "evidence_reference",
)
ENTRIES_WHERE = "indicator_entries"
EVENTS_WHERE = "plan_task_events"
DEMO_PUBLISHED_YEARS = (2021, 2022)
NOTICE = {"zh": indicator_demo.NOTICE_ZH, "en": indicator_demo.NOTICE_EN}

_CACHE: OrderedDict[tuple[Any, ...], AnnualEvaluation] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


# ---------------------------------------------------------------- reading what is stored


def definitions() -> list[IndicatorDefinition]:
    return load_liangjiang_indicators()


def _definition(indicator_id: str) -> IndicatorDefinition:
    for definition in definitions():
        if definition.id == indicator_id:
            return definition
    raise NotFoundError(f"指标 {indicator_id} 不存在", f"indicator {indicator_id} does not exist")


def _entry_row(entry: IndicatorEntry) -> dict[str, str]:
    return {
        "indicator_id": entry.indicator_id,
        "year": str(entry.year),
        "kind": entry.kind,
        "value": repr(entry.value),
        "unit": entry.unit,
        "provenance": entry.provenance,
        "source": entry.source,
    }


def _event_row(event: PlanTaskEvent) -> dict[str, str]:
    return {
        "task_id": event.task_id,
        "date": event.happened_on.isoformat(),
        "event": event.event,
        "status": event.status,
        "reason": event.reason,
        "evidence_description": event.evidence_description,
        "evidence_reference": event.evidence_reference,
    }


def _entries(session: Session) -> list[IndicatorEntry]:
    query = select(IndicatorEntry).where(IndicatorEntry.territory_code == PLAN_TERRITORY)
    return list(session.scalars(query.order_by(IndicatorEntry.id)).all())


def _events(session: Session) -> list[PlanTaskEvent]:
    query = select(PlanTaskEvent).where(PlanTaskEvent.territory_code == PLAN_TERRITORY)
    return list(session.scalars(query.order_by(PlanTaskEvent.id)).all())


def _illustrative(session: Session) -> bool:
    """The plan territory's data include the illustrative demo."""
    query = select(func.count()).where(
        IndicatorEntry.territory_code == PLAN_TERRITORY, IndicatorEntry.illustrative.is_(True)
    )
    return bool(session.scalar(query))


def _inputs(rows: list[dict[str, str]], illustrative: bool) -> IndicatorInputs:
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


def _stamp(session: Session) -> tuple[Any, ...]:
    entries = session.execute(
        select(func.count(IndicatorEntry.id), func.max(IndicatorEntry.id))
    ).one()
    events = session.execute(select(func.count(PlanTaskEvent.id), func.max(PlanTaskEvent.id))).one()
    bind = session.get_bind()
    return (bind.engine.url.render_as_string(hide_password=True), *entries, *events)


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
    rows = [_entry_row(e) for e in _entries(session)]
    inputs = _inputs(rows, _illustrative(session))
    first = min(d.base_year for d in definitions()) + 1
    last = max(d.target_year for d in definitions())
    return sorted({v.year for v in inputs.values if first <= v.year <= last})


def _check_year(session: Session, actor: Actor, year: int) -> None:
    if year not in years(session, actor):
        raise NotFoundError(
            f"{year} 年的年度评估不存在或尚未发布",
            f"no annual evaluation for {year}, or it is not published",
        )


def evaluation(session: Session, actor: Actor, year: int) -> AnnualEvaluation:
    """The annual evaluation of ``year`` (status of indicators, tasks on 31 December, grades,
    rectification). The public sees published years only (others answer 404)."""
    _check_year(session, actor, year)
    key = (year, *_stamp(session))
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    result = annual_evaluation_from_tables(
        definitions(),
        _inputs([_entry_row(e) for e in _entries(session)], _illustrative(session)),
        load_liangjiang_tasks(),
        weights=plan_demo.read_demo_table(plan_demo.WEIGHTS),
        assignments=plan_demo.read_demo_table(plan_demo.ASSIGNMENTS),
        events=Table([_event_row(e) for e in _events(session)], EVENTS_WHERE, 1),
        year=year,
        target_statements=load_liangjiang_target_statements(),
    )
    with _CACHE_LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def default_year(session: Session, actor: Actor) -> int | None:
    available = years(session, actor)
    return available[-1] if available else None


# ---------------------------------------------------------------- views


def _notice(ev: AnnualEvaluation) -> dict[str, str]:
    return {"zh": ev.notice_zh, "en": ev.notice_en}


def _clean(value: Any) -> Any:
    return audit.json_safe(value.isoformat() if isinstance(value, dt.date) else value)


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: _clean(v) for k, v in row.items()} for row in records(frame)]


def board(session: Session, actor: Actor, year: int) -> dict[str, Any]:
    """Every indicator's status in ``year`` and its actual vs target path, base to target year."""
    ev = evaluation(session, actor, year)
    history = ev.indicators.history
    indicators = []
    for row in _rows(ev.indicator_table):
        series = history.filter(pl.col("indicator_id") == row["indicator_id"]).sort("year")
        row["history"] = _rows(series)
        indicators.append(row)
    return {
        "year": year,
        "years": years(session, actor),
        "published": year in published_years(session),
        "illustrative": ev.illustrative,
        "notice": _notice(ev),
        "indicators": indicators,
        "findings": [_finding(f) for f in ev.indicators.findings],
    }


def _finding(finding: Any) -> dict[str, Any]:
    return {
        "severity": str(finding.severity.value),
        "rule": finding.rule,
        "subject": finding.subject,
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
    }


def indicator_detail(
    session: Session, actor: Actor, indicator_id: str, year: int
) -> dict[str, Any]:
    """One indicator: definition, status in ``year``, history, every value with its source
    (entered and derived, which one is used), the entries typed in and the findings."""
    definition = _definition(indicator_id)
    ev = evaluation(session, actor, year)
    row = next(r for r in _rows(ev.indicator_table) if r["indicator_id"] == indicator_id)
    entries = [
        {
            **_entry_row(e),
            "value": e.value,
            "id": e.id,
            "illustrative": e.illustrative,
            "created_at": e.created_at.isoformat(),
            "created_by": e.created_by,
        }
        for e in _entries(session)
        if e.indicator_id == indicator_id
    ]
    return {
        "definition": {
            "id": definition.id,
            "number": definition.number,
            "sub_limit": definition.sub_limit,
            "name_zh": definition.name_zh,
            "name_en": definition.name_en,
            "category_zh": definition.category_zh,
            "category_en": definition.category_en,
            "unit": definition.unit,
            "nature": definition.nature.value,
            "direction": definition.direction.value,
            "base_year": definition.base_year,
            "base_value": definition.base_value,
            "target_year": definition.target_year,
            "target_value": definition.target_value,
            "target_rule": definition.target_rule.value,
            "target_kind": definition.target_kind.value,
            "department_responsible": definition.department_responsible,
            "source": definition.source,
        },
        "year": year,
        "years": years(session, actor),
        "evaluation": row,
        "history": _rows(
            ev.indicators.history.filter(pl.col("indicator_id") == indicator_id).sort("year")
        ),
        "values": _rows(
            ev.indicators.values.filter(pl.col("indicator_id") == indicator_id).sort("year")
        ),
        "entries": entries if actor.role in STAFF_ROLES else [],
        "findings": [_finding(f) for f in ev.indicators.findings if f.subject == indicator_id],
        "illustrative": ev.illustrative,
        "notice": _notice(ev),
    }


# ---------------------------------------------------------------- manual values


def add_entry(
    session: Session,
    actor: Actor,
    *,
    indicator_id: str,
    year: int,
    value: float,
    unit: str,
    source: str,
    kind: str = "actual",
) -> IndicatorEntry:
    """Enter a value (or a base value or city target) by hand, validated by the core.

    A figure entered again for the same indicator, year and kind replaces the earlier one
    (the audit log keeps both). Refuses a unit that does not convert to the indicator's, a
    year outside the plan, a share above 100 %, a target without source … with the core's
    message, naming the field.
    """
    _definition(indicator_id)
    if not math.isfinite(value):
        raise DataValidationError(
            [
                Problem(
                    "form", 1, "value", str(value), "数值须为有限数", "the value must be a number"
                )
            ]
        )
    new = {
        "indicator_id": indicator_id,
        "year": str(year),
        "kind": kind,
        "value": repr(float(value)),
        "unit": unit.strip(),
        "provenance": "entered_by_hand",
        "source": source.strip(),
    }
    # The figure alone first, so that its messages name the form, then with everything stored.
    parse_indicator_inputs([new], "form", definitions(), first_row=1)
    stored = _entries(session)
    replaced = [
        e
        for e in stored
        if (e.indicator_id, e.year, e.kind, e.provenance)
        == (indicator_id, year, kind, "entered_by_hand")
    ]
    rows = [_entry_row(e) for e in stored if e not in replaced] + [new]
    _inputs(rows, False)
    before = _entry_row(replaced[0]) if replaced else None
    for entry in replaced:
        session.delete(entry)
    entry = IndicatorEntry(
        territory_code=PLAN_TERRITORY,
        indicator_id=indicator_id,
        year=year,
        kind=kind,
        value=float(value),
        unit=new["unit"],
        provenance="entered_by_hand",
        source=new["source"],
        illustrative=False,
        created_by=actor.user_id,
    )
    session.add(entry)
    session.flush()
    audit.record(session, actor, "enter", "indicator_value", entry.id, before=before, after=new)
    return entry


# ---------------------------------------------------------------- departments and tasks


def department_of(session: Session, actor: Actor) -> str | None:
    if actor.user_id is None:
        return None
    member = session.get(DepartmentMember, actor.user_id)
    return member.department if member else None


def departments() -> list[str]:
    return sorted({i.lead_department for i in items() if i.level.value == "task"})


def set_department(session: Session, actor: Actor, user_id: int, department: str) -> None:
    """Say which department a user acts for (a lead department of the task list)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"用户 {user_id} 不存在", f"user {user_id} does not exist")
    if department not in departments():
        raise DataValidationError(
            [
                Problem(
                    "department",
                    None,
                    "department",
                    department,
                    "不是任务清单中的牵头单位",
                    "not a lead department of the task list",
                )
            ]
        )
    member = session.get(DepartmentMember, user_id)
    before = {"department": member.department} if member else None
    if member is None:
        session.add(DepartmentMember(user_id=user_id, department=department))
    else:
        member.department = department
    session.flush()
    audit.record(
        session,
        actor,
        "assign",
        "department_member",
        user_id,
        before=before,
        after={"department": department},
    )


def _visible_department(session: Session, actor: Actor) -> str | None:
    """``None`` for the office (sees all); a department's own name (``""`` when its account is
    not linked to a department yet: it sees no task); refuses the other roles."""
    if actor.role in OFFICE_ROLES:
        return None
    if actor.role != "department":
        raise PermissionDeniedError("您的角色无权查看任务", "your role may not see the tasks")
    return department_of(session, actor) or ""


def task_board(
    session: Session,
    actor: Actor,
    *,
    department: str | None = None,
    status: str | None = None,
    overdue_only: bool = False,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Tasks with their status today, by department; a department sees its own tasks only."""
    today = today or dt.date.today()
    own = _visible_department(session, actor)
    tree = items()
    events = parse_task_events(
        [_event_row(e) for e in _events(session)], EVENTS_WHERE, tree, first_row=1
    )
    frame = tasks_frame(tree, task_states_on(tree, events, today), today)
    if own is not None:
        frame = frame.filter(pl.col("lead_department") == own)  # "" matches no task
    elif department:
        frame = frame.filter(pl.col("lead_department") == department)
    if status:
        frame = frame.filter(pl.col("status") == status)
    if overdue_only:
        frame = frame.filter(pl.col("overdue"))
    rows = _rows(frame)
    by_id = {item.id: item for item in tree}
    for row in rows:
        # The task's place in the tree: its chapter, section and subsection, outermost first.
        parents: list[PlanItem] = []
        parent_id = by_id[row["task_id"]].parent_id
        while parent_id is not None and parent_id in by_id:
            parents.insert(0, by_id[parent_id])
            parent_id = by_id[parent_id].parent_id
        row["branch"] = [
            {"id": p.id, "title_zh": p.title_zh, "title_en": p.title_en} for p in parents
        ]
    return {
        "as_of": today.isoformat(),
        "own_department": own,
        "departments": departments() if own is None else [own] if own else [],
        "statuses": [s.value for s in TaskStatus],
        "tasks": rows,
        "overdue": sum(1 for r in rows if r["overdue"]),
        "illustrative": _illustrative(session),
        "notice": NOTICE if _illustrative(session) else {"zh": "", "en": ""},
    }


def add_task_event(
    session: Session,
    actor: Actor,
    task_id: str,
    *,
    status: str = "",
    reason: str = "",
    evidence_description: str = "",
    evidence_reference: str = "",
    on: dt.date | None = None,
) -> PlanTaskEvent:
    """Change a task's status and/or attach evidence (today by default), through the workflow.

    A department may change only the tasks it leads. Evidence is recorded before a status
    change of the same day, so ``done`` with its evidence in one step is allowed.
    """
    on = on or dt.date.today()
    if on > dt.date.today():
        raise DataValidationError(
            [
                Problem(
                    "form", None, "date", on.isoformat(), "日期不能在将来", "date is in the future"
                )
            ]
        )
    tree = items()
    task = next((i for i in tree if i.id == task_id and i.level.value == "task"), None)
    if task is None:
        raise NotFoundError(f"任务 {task_id} 不存在", f"task {task_id} does not exist")
    own = _visible_department(session, actor)
    if own is not None and task.lead_department != own:
        raise PermissionDeniedError(
            f"任务 {task_id} 不由本部门牵头", f"task {task_id} is not led by your department"
        )
    new_rows: list[dict[str, str]] = []
    if evidence_description.strip() or evidence_reference.strip():
        new_rows.append(
            {
                "task_id": task_id,
                "date": on.isoformat(),
                "event": "evidence",
                "status": "",
                "reason": "",
                "evidence_description": evidence_description.strip(),
                "evidence_reference": evidence_reference.strip(),
            }
        )
    if status:
        new_rows.append(
            {
                "task_id": task_id,
                "date": on.isoformat(),
                "event": "status",
                "status": status,
                "reason": reason.strip(),
                "evidence_description": "",
                "evidence_reference": "",
            }
        )
    if not new_rows:
        raise DataValidationError(
            [
                Problem(
                    "form",
                    None,
                    "status",
                    "",
                    "请选择新状态或填写佐证材料",
                    "choose a new status or give evidence",
                )
            ]
        )
    stored = [_event_row(e) for e in _events(session)]
    # Validate the new rows alone (messages name the form), then replay the whole history.
    parse_task_events(new_rows, "form", tree, first_row=1)
    replay = parse_task_events(stored + new_rows, EVENTS_WHERE, tree, first_row=1)
    try:
        task_states_on(tree, replay, on)
    except DataValidationError as exc:
        mine = [p for p in exc.problems if p.row is not None and p.row > len(stored)]
        raise DataValidationError(
            [
                Problem("form", None, p.field, p.value, p.message_zh, p.message_en)
                for p in (mine or exc.problems)
            ]
        ) from exc
    saved: PlanTaskEvent | None = None
    for row in new_rows:
        saved = PlanTaskEvent(
            territory_code=PLAN_TERRITORY,
            task_id=task_id,
            happened_on=on,
            event=row["event"],
            status=row["status"],
            reason=row["reason"],
            evidence_description=row["evidence_description"],
            evidence_reference=row["evidence_reference"],
            created_by=actor.user_id,
        )
        session.add(saved)
        session.flush()
        audit.record(session, actor, row["event"], "plan_task", task_id, after=row)
    assert saved is not None
    return saved


# ---------------------------------------------------------------- assessment, publication, export


def assessment(session: Session, actor: Actor, year: int) -> dict[str, Any]:
    """Grades of the departments, item scores, tasks by status and department, rectification."""
    ev = evaluation(session, actor, year)
    return {
        "year": year,
        "as_of": ev.as_of.isoformat(),
        "years": years(session, actor),
        "published": year in published_years(session),
        "grades": _rows(ev.grades),
        "item_scores": _rows(ev.item_scores),
        "tasks_by_status": _rows(ev.tasks_by_status),
        "tasks_by_department": _rows(ev.tasks_by_department),
        "overdue": _rows(ev.overdue),
        "rectification": _rows(ev.rectification),
        "illustrative": ev.illustrative,
        "notice": _notice(ev),
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


def evaluation_xlsx(session: Session, actor: Actor, year: int) -> bytes:
    """The annual evaluation as an XLSX workbook (the notice on its first sheet)."""
    from cityclimate.io.evaluation_export import write_annual_evaluation_xlsx

    ev = evaluation(session, actor, year)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"annual-evaluation-{year}.xlsx"
        write_annual_evaluation_xlsx(ev, path)
        return path.read_bytes()


# ---------------------------------------------------------------- demo


def load_demo(session: Session, actor: Actor) -> dict[str, Any]:
    """The ILLUSTRATIVE Liangjiang demo: indicator values and targets, task events 2021–2023,
    and published evaluations of 2021 and 2022. Loading twice changes nothing."""
    if _illustrative(session):
        return {"loaded": False}
    for row in indicator_demo.read_demo_rows("indicator_values.csv"):
        session.add(
            IndicatorEntry(
                territory_code=PLAN_TERRITORY,
                indicator_id=row["indicator_id"],
                year=int(row["year"]),
                kind=row["kind"],
                value=float(row["value"]),
                unit=row["unit"],
                provenance=row["provenance"] or "entered_by_hand",
                source=row["source"] or "",
                illustrative=True,
            )
        )
    events = plan_demo.read_demo_table(plan_demo.EVENTS)
    for data in events.rows:
        session.add(
            PlanTaskEvent(
                territory_code=PLAN_TERRITORY,
                task_id=data["task_id"] or "",
                happened_on=dt.date.fromisoformat(data["date"] or ""),
                event=data["event"] or "",
                status=data.get("status") or "",
                reason=data.get("reason") or "",
                evidence_description=data.get("evidence_description") or "",
                evidence_reference=data.get("evidence_reference") or "",
                illustrative=True,
            )
        )
    session.flush()
    for year in DEMO_PUBLISHED_YEARS:
        session.add(EvaluationPublication(territory_code=PLAN_TERRITORY, year=year))
    session.flush()
    audit.record(
        session,
        actor,
        "load",
        "indicators_demo",
        PLAN_TERRITORY,
        after={"published": list(DEMO_PUBLISHED_YEARS)},
    )
    return {"loaded": True}
