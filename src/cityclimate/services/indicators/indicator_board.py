"""The indicator board (traffic lights and history), one indicator's detail, and entering
an indicator value or target by hand."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.inputs import parse_indicator_inputs
from cityclimate.services import audit
from cityclimate.services.actors import STAFF_ROLES, Actor
from cityclimate.services.indicators.evaluation import evaluation, notice_of, rows_of
from cityclimate.services.indicators.plan_inputs import (
    PLAN_TERRITORY,
    definitions,
    entry_row,
    find_definition,
    indicator_inputs,
    published_years,
    stored_entries,
    years,
)
from cityclimate.storage.indicators_models import (
    IndicatorEntry,
)


def board(session: Session, actor: Actor, year: int) -> dict[str, Any]:
    """Every indicator's status in ``year`` and its actual vs target path, base to target year."""
    ev = evaluation(session, actor, year)
    history = ev.indicators.history
    indicators = []
    for row in rows_of(ev.indicator_table):
        series = history.filter(pl.col("indicator_id") == row["indicator_id"]).sort("year")
        row["history"] = rows_of(series)
        indicators.append(row)
    return {
        "year": year,
        "years": years(session, actor),
        "published": year in published_years(session),
        "illustrative": ev.illustrative,
        "notice": notice_of(ev),
        "indicators": indicators,
        "findings": [_finding(f) for f in ev.indicators.findings],
    }


def _finding(finding: Any) -> dict[str, Any]:
    return {
        "severity": str(finding.severity.value),
        "rule": finding.rule,
        "subject": finding.where,
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
        "fix_zh": finding.fix_zh,
        "fix_en": finding.fix_en,
    }


def indicator_detail(
    session: Session, actor: Actor, indicator_id: str, year: int
) -> dict[str, Any]:
    """One indicator: definition, status in ``year``, history, every value with its source
    (entered and derived, which one is used), the entries typed in and the findings."""
    definition = find_definition(indicator_id)
    ev = evaluation(session, actor, year)
    row = next(r for r in rows_of(ev.indicator_table) if r["indicator_id"] == indicator_id)
    entries = [
        {
            **entry_row(e),
            "value": e.value,
            "id": e.id,
            "illustrative": e.illustrative,
            "created_at": e.created_at.isoformat(),
            "created_by": e.created_by,
        }
        for e in stored_entries(session)
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
        "history": rows_of(
            ev.indicators.history.filter(pl.col("indicator_id") == indicator_id).sort("year")
        ),
        "values": rows_of(
            ev.indicators.values.filter(pl.col("indicator_id") == indicator_id).sort("year")
        ),
        "entries": entries if actor.role in STAFF_ROLES else [],
        "findings": [_finding(f) for f in ev.indicators.findings if f.where == indicator_id],
        "illustrative": ev.illustrative,
        "notice": notice_of(ev),
    }


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
    find_definition(indicator_id)
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
    stored = stored_entries(session)
    replaced = [
        e
        for e in stored
        if (e.indicator_id, e.year, e.kind, e.provenance)
        == (indicator_id, year, kind, "entered_by_hand")
    ]
    rows = [entry_row(e) for e in stored if e not in replaced] + [new]
    indicator_inputs(rows, False)
    before = entry_row(replaced[0]) if replaced else None
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
