"""The indicator board (traffic lights and history), one indicator's detail, and entering
an indicator value or target by hand."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.inputs import parse_indicator_inputs
from cityclimate.indicators.model import ProgressMethod
from cityclimate.services import audit, parks, plans
from cityclimate.services.actors import STAFF_ROLES, Actor
from cityclimate.services.indicators.evaluation import (
    indicator_report,
    method_choice,
    notice_of,
    rows_of,
)
from cityclimate.services.indicators.plan_inputs import (
    definitions,
    entry_row,
    find_definition,
    indicator_inputs,
    plan_of,
    published_years,
    record_import,
    stored_entries,
    years,
)
from cityclimate.storage.indicators_models import (
    IndicatorEntry,
)

#: Said for an indicator that has no value in the year shown.
NOT_REPORTED = {"zh": "尚未报送", "en": "not yet reported"}


def board(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    method: ProgressMethod | None = None,
) -> dict[str, Any]:
    """Every indicator's status in ``year`` and its actual vs target path, base to target year,
    each with the progress method it was computed with (``method`` forces one for all).

    An indicator without a value in ``year`` (its inventory not published, its GDP or its
    figure not entered yet) is marked ``reported: false`` and says "not yet reported"; the
    others are shown as usual. The staff may ask for any year of the plan period: a year with
    no value at all shows every indicator "not yet reported", never an error. ``sector``
    holds the territory's sector pilot figures by measure and year up to ``year``
    (:func:`cityclimate.services.parks.sector_actuals`).
    """
    report, table = indicator_report(session, actor, territory, year, method)
    history = report.history
    indicators = []
    for row in rows_of(table):
        series = history.filter(pl.col("indicator_id") == row["indicator_id"]).sort("year")
        row["history"] = rows_of(series)
        row["reported"] = row["actual"] is not None
        if not row["reported"]:
            row["status_zh"], row["status_en"] = NOT_REPORTED["zh"], NOT_REPORTED["en"]
        indicators.append(row)
    return {
        "territory": territory,
        "year": year,
        # The year shown is among the years to choose, one with no value yet too.
        "years": sorted({*years(session, actor, territory), year}),
        "published": year in published_years(session, territory),
        "illustrative": bool(report.notice_zh or report.notice_en),
        "notice": notice_of(report),
        "progress_method": method_choice(method),
        "indicators": indicators,
        "findings": [_finding(f) for f in report.findings],
        # The sector pilots' figures (PV, gas energy, fleets, charging, hydrogen, shore power,
        # truck retirement; plan R6) up to the year shown, with their sources.
        "sector": parks.sector_actuals(session, territory, until=year),
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
    session: Session,
    actor: Actor,
    territory: str,
    indicator_id: str,
    year: int,
    method: ProgressMethod | None = None,
) -> dict[str, Any]:
    """One indicator: definition, status in ``year``, history, every value with its source
    (entered and derived, which one is used), the entries typed in and the findings."""
    definition = find_definition(session, territory, indicator_id)
    report, table = indicator_report(session, actor, territory, year, method)
    row = next(r for r in rows_of(table) if r["indicator_id"] == indicator_id)
    entries = [
        {
            **entry_row(e),
            "value": e.value,
            "id": e.id,
            "illustrative": e.illustrative,
            "created_at": e.created_at.isoformat(),
            "created_by": e.created_by,
        }
        for e in stored_entries(session, territory)
        if e.indicator_id == indicator_id
    ]
    return {
        "territory": territory,
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
            "progress_method": definition.method.value,
        },
        "progress_method": method_choice(method),
        "year": year,
        "years": years(session, actor, territory),
        "evaluation": row,
        "history": rows_of(
            report.history.filter(pl.col("indicator_id") == indicator_id).sort("year")
        ),
        "values": rows_of(
            report.values.filter(pl.col("indicator_id") == indicator_id).sort("year")
        ),
        "entries": entries if actor.role in STAFF_ROLES else [],
        "findings": [_finding(f) for f in report.findings if f.where == indicator_id],
        "illustrative": bool(report.notice_zh or report.notice_en),
        "notice": notice_of(report),
    }


def add_entry(
    session: Session,
    actor: Actor,
    *,
    territory: str,
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

    A city target (``kind="target"``) is part of the plan: entering one changes the stored
    plan's city targets (audited), the one source the board and the pathways read; the entry
    is kept as the record of what was typed.
    """
    find_definition(session, territory, indicator_id)
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
    checked = parse_indicator_inputs([new], "form", definitions(session, territory), first_row=1)
    stored = stored_entries(session, territory)
    replaced = [
        e
        for e in stored
        if (e.indicator_id, e.year, e.kind, e.provenance)
        == (indicator_id, year, kind, "entered_by_hand")
    ]
    rows = [entry_row(e) for e in stored if e not in replaced] + [new]
    plan = plan_of(session, territory)
    indicator_inputs(session, plan, rows)
    if kind == "target":
        pack = plan.pack
        targets = [t for t in pack.city_targets if t.indicator_id != indicator_id]
        plans.save_pack(
            session,
            actor,
            dataclasses.replace(pack, city_targets=(*targets, *checked.city_targets)),
            action="set_city_target",
        )
    before = entry_row(replaced[0]) if replaced else None
    for entry in replaced:
        session.delete(entry)
    entry = IndicatorEntry(
        territory_code=territory,
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


def import_values(
    session: Session,
    actor: Actor,
    territory: str,
    rows: list[dict[str, str]],
    *,
    where: str,
    illustrative: bool = False,
) -> int:
    """Store a table of indicator values and base values (the core's indicator-values format,
    :mod:`cityclimate.indicators.inputs`) for ``territory``, checked whole against its plan and
    what is stored already (all or nothing, audited once). Targets are the plan's: a ``target``
    row is refused (enter it one by one, or edit the plan)."""
    targets = [i for i, r in enumerate(rows, start=2) if r.get("kind") == "target"]
    if targets:
        raise DataValidationError(
            [
                Problem(
                    where,
                    targets[0],
                    "kind",
                    "target",
                    "目标属于规划：请在规划中修改（或逐条录入）",
                    "targets belong to the plan: change them in the plan (or enter them one by one)",
                )
            ]
        )
    parse_indicator_inputs(rows, where, definitions(session, territory), first_row=2)
    stored = [entry_row(e) for e in stored_entries(session, territory)]
    indicator_inputs(session, plan_of(session, territory), stored + rows)
    for row in rows:
        session.add(
            IndicatorEntry(
                territory_code=territory,
                indicator_id=row["indicator_id"],
                year=int(row["year"]),
                kind=row["kind"] or "actual",
                value=float(row["value"]),
                unit=row["unit"],
                provenance=row.get("provenance") or "entered_by_hand",
                source=row.get("source") or "",
                illustrative=illustrative,
                created_by=actor.user_id,
            )
        )
    return record_import(
        session,
        actor,
        "indicator_values",
        territory,
        len(rows),
        where=where,
        illustrative=illustrative,
    )
