"""What the plan's evaluation reads from the database, for one territory: its STORED plan
(indicator definitions and targets, the task tree with the office's assignments, departments,
weights, grade bands, target statements; :mod:`cityclimate.services.plans`), the entered
indicator values, the values derived from its stored published inventories and socio-economic
inputs (:mod:`.derived`), its task events, and which years may be seen. No shipped file is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.indicators.inputs import parse_indicator_inputs
from cityclimate.indicators.model import IndicatorDefinition, IndicatorInputs
from cityclimate.plan.inputs import assign_tasks
from cityclimate.plan.model import PlanItem
from cityclimate.planpack.model import PlanPack
from cityclimate.services import audit, plans
from cityclimate.services.actors import OFFICE, STAFF_ROLES, Actor
from cityclimate.services.errors import NotFoundError
from cityclimate.services.indicators.derived import derived_values, published_versions
from cityclimate.storage.indicators_models import (
    EvaluationPublication,
    IndicatorEntry,
    PlanTaskEvent,
)

#: Roles that see every department's tasks; the staff (STAFF_ROLES) see every year's evaluation,
#: others see published years only.
OFFICE_ROLES = frozenset(OFFICE)

ENTRIES_WHERE = "indicator_entries"
EVENTS_WHERE = "plan_task_events"

#: Said with a territory's data when some of its indicator values are illustrative.
VALUES_NOTICE = {
    "zh": "示例数据：部分指标数值为示意性数据，并非统计数据。",
    "en": "ILLUSTRATIVE DATA: some indicator values are illustrative, not statistics.",
}


@dataclass(frozen=True)
class PlanView:
    """A territory's stored plan as the evaluation reads it."""

    territory: str
    pack: PlanPack
    digest: str
    definitions: tuple[IndicatorDefinition, ...]
    #: The task tree with the office's assignments applied.
    items: tuple[PlanItem, ...]


def plan_of(session: Session, territory: str) -> PlanView:
    """The stored plan of ``territory`` (404 when it has none)."""
    stored = plans.get_plan(session, territory)
    pack = stored.pack
    return PlanView(
        territory,
        pack,
        stored.digest,
        pack.indicators,
        tuple(assign_tasks(pack.items, pack.assignments)),
    )


def territory_or_default(session: Session, territory: str | None) -> str:
    """``territory``, or the platform's first stored plan's when none is named."""
    if territory:
        return territory
    chosen = plans.default_territory(session)
    if chosen is None:
        raise NotFoundError("尚未导入任何规划", "no plan has been imported yet")
    return chosen


def definitions(session: Session, territory: str) -> list[IndicatorDefinition]:
    return list(plan_of(session, territory).definitions)


def find_definition(session: Session, territory: str, indicator_id: str) -> IndicatorDefinition:
    for definition in definitions(session, territory):
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


def stored_entries(session: Session, territory: str) -> list[IndicatorEntry]:
    query = select(IndicatorEntry).where(IndicatorEntry.territory_code == territory)
    return list(session.scalars(query.order_by(IndicatorEntry.id)).all())


def stored_events(session: Session, territory: str) -> list[PlanTaskEvent]:
    query = select(PlanTaskEvent).where(PlanTaskEvent.territory_code == territory)
    return list(session.scalars(query.order_by(PlanTaskEvent.id)).all())


def has_illustrative_values(session: Session, territory: str) -> bool:
    """Some of the territory's stored indicator values are illustrative (the demo's)."""
    query = select(func.count()).where(
        IndicatorEntry.territory_code == territory, IndicatorEntry.illustrative.is_(True)
    )
    return bool(session.scalar(query))


def notice(session: Session, plan: PlanView) -> dict[str, str]:
    """The notice shown with the territory's plan data ("" when nothing is illustrative)."""
    header = plan.pack.header
    parts = [(header.notice_zh, header.notice_en)] if header.illustrative else []
    if has_illustrative_values(session, plan.territory):
        parts.append((VALUES_NOTICE["zh"], VALUES_NOTICE["en"]))
    return {"zh": "".join(p[0] for p in parts), "en": " ".join(p[1] for p in parts)}


def indicator_inputs(
    session: Session, plan: PlanView, rows: list[dict[str, str]]
) -> IndicatorInputs:
    """Entered values and base values (``rows``), the values derived from the territory's
    stored inventories and socio-economic inputs, and the plan's city targets.

    Targets come from the stored plan only (the one source): entered ``target`` rows are
    kept as a record of what was typed, and entering one updates the plan.
    """
    defs = list(plan.definitions)
    kept = [r for r in rows if r["kind"] != "target"]
    entered = (
        # Stored values are read back without the entry's plausibility bounds (issue 20):
        # a value stored before them never fails the board.
        parse_indicator_inputs(kept, ENTRIES_WHERE, defs, first_row=1, plausible=False)
        if kept
        else IndicatorInputs(values=(), base_values=(), city_targets=())
    )
    said = notice(session, plan)
    return IndicatorInputs(
        values=(*entered.values, *derived_values(session, plan.territory, defs)),
        base_values=entered.base_values,
        city_targets=plan.pack.city_targets,
        notice_zh=said["zh"],
        notice_en=said["en"],
    )


def published_years(session: Session, territory: str) -> list[int]:
    query = select(EvaluationPublication.year).where(
        EvaluationPublication.territory_code == territory
    )
    return sorted(session.scalars(query).all())


def plan_years(plan: PlanView) -> range:
    """The years of the plan period that are evaluated: after the first base year up to the
    last target year."""
    first = min(d.base_year for d in plan.definitions) + 1
    return range(first, max(d.target_year for d in plan.definitions) + 1)


def years(session: Session, actor: Actor, territory: str) -> list[int]:
    """Years the actor may see evaluated: those of the plan period with an indicator value,
    entered or derived (published ones only for roles outside the staff)."""
    if actor.role not in STAFF_ROLES:
        return published_years(session, territory)
    plan = plan_of(session, territory)
    inputs = indicator_inputs(
        session, plan, [entry_row(e) for e in stored_entries(session, territory)]
    )
    period = plan_years(plan)
    first, last = period.start, period.stop - 1
    inventories = published_versions(session, territory)
    return sorted(
        {v.year for v in inputs.values if first <= v.year <= last}
        | set(inventories) & set(range(first, last + 1))
    )


def check_year(session: Session, actor: Actor, territory: str, year: int) -> None:
    if year not in years(session, actor, territory):
        raise NotFoundError(
            f"{year} 年的年度评估不存在或尚未发布",
            f"no annual evaluation for {year}, or it is not published",
        )


def check_board_year(session: Session, actor: Actor, territory: str, year: int) -> None:
    """The staff see the board of any year of the plan period, one with no value yet too (every
    indicator "not yet reported"); the public sees published years only (:func:`check_year`).

    Raises
    ------
    NotFoundError
        A year outside the plan period (staff) or not published (others).
    """
    if actor.role not in STAFF_ROLES:
        check_year(session, actor, territory, year)
        return
    period = plan_years(plan_of(session, territory))
    if year not in period:
        first, last = period.start, period.stop - 1
        raise NotFoundError(
            f"{year} 年不在规划评估期（{first}–{last} 年）内",
            f"{year} is outside the plan's evaluated years ({first}–{last})",
        )


def default_year(session: Session, actor: Actor, territory: str) -> int | None:
    available = years(session, actor, territory)
    return available[-1] if available else None


def record_import(
    session: Session,
    actor: Actor,
    entity: str,
    territory: str,
    count: int,
    *,
    where: str,
    illustrative: bool,
) -> int:
    """Audit a table stored at once (one entry for the whole table); returns ``count``."""
    session.flush()
    audit.record(
        session,
        actor,
        "import",
        entity,
        territory,
        after={"rows": count, "where": where, "illustrative": illustrative},
    )
    return count
