"""The illustrative Liangjiang indicator values, task events and published evaluations
(idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from cityclimate.indicators import demo as indicator_demo
from cityclimate.plan import demo as plan_demo
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.indicators.plan_inputs import PLAN_TERRITORY, has_demo_data
from cityclimate.storage.indicators_models import (
    EvaluationPublication,
    IndicatorEntry,
    PlanTaskEvent,
)

DEMO_PUBLISHED_YEARS = (2021, 2022)


def load_demo(session: Session, actor: Actor) -> dict[str, Any]:
    """The ILLUSTRATIVE Liangjiang demo: indicator values and targets, task events 2021–2023,
    and published evaluations of 2021 and 2022. Loading twice changes nothing."""
    if has_demo_data(session):
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
