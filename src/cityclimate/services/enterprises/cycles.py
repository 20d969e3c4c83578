"""What the climate office enters for an enterprise's compliance year (issue 20): the ETS
allocation inputs (prior output by product, adjustment, historical intensity), the surrender
(allowances, offsets, net purchases) and the verification findings. Stored in the year's
:class:`~cityclimate.storage.enterprises_models.EnterpriseCycle`, read by the compliance
overview (:mod:`.overview`); checked with the core's table schemas, all-or-nothing, audited."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises.compliance import ALLOCATION_INPUTS
from cityclimate.errors import DataValidationError, Problem
from cityclimate.refdata.tables import read_csv_table
from cityclimate.services import audit, claims
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import core_actor
from cityclimate.services.enterprises.registry import get_enterprise
from cityclimate.services.errors import ConflictError, PermissionDeniedError
from cityclimate.storage.enterprises_models import EnterpriseCycle

#: The allocation input columns the office enters (enterprise and year come with the page).
ALLOCATION_FIELDS = (
    "product",
    "prior_output",
    "adjustment_factor",
    "adjustment_note",
    "historical_intensity",
    "source",
)
#: The compliance record's surrender fields (t) and verification findings (counts).
SURRENDER_FIELDS = ("surrendered_t", "offsets_surrendered_t", "net_purchased_t")
FINDING_FIELDS = ("major_findings", "minor_findings")
TEXT_FIELDS = ("measures", "comment")
#: The identity of the offsets surrendered: the source as the claims register writes it
#: (``ccer:<block>-<first>~<last>`` serials or ``project:<finance project id>``) and the period it covers. A
#: record stored before these fields existed has none ("source not stated").
OFFSET_SOURCE_FIELDS = ("offsets_source", "offsets_period_start", "offsets_period_end")
RECORD_FIELDS = (*SURRENDER_FIELDS, *FINDING_FIELDS, *TEXT_FIELDS, *OFFSET_SOURCE_FIELDS)
#: Set by the platform: the claim the offsets hold in the shared register.
CLAIM_FIELD = "offsets_claim_id"


def _office(session: Session, actor: Actor) -> None:
    if core_actor(session, actor).role not in (core.Role.ADMIN, core.Role.CLIMATE_OFFICE):
        raise PermissionDeniedError(
            "只有气候办可录入履约数据", "only the climate office enters compliance data"
        )


def _cycle(session: Session, enterprise_id: str, year: int) -> EnterpriseCycle | None:
    return session.scalar(
        select(EnterpriseCycle).where(
            EnterpriseCycle.enterprise_id == enterprise_id, EnterpriseCycle.year == year
        )
    )


def _cycle_for_write(session: Session, enterprise_id: str, year: int) -> EnterpriseCycle:
    cycle = _cycle(session, enterprise_id, year)
    if cycle is None:
        cycle = EnterpriseCycle(
            enterprise_id=enterprise_id, year=year, allocation_inputs=[], record={}
        )
        session.add(cycle)
    return cycle


def cycle_view(session: Session, actor: Actor, enterprise_id: str, year: int) -> dict[str, Any]:
    """The year's allocation inputs and compliance record as entered (office only)."""
    _office(session, actor)
    get_enterprise(session, actor, enterprise_id)
    cycle = _cycle(session, enterprise_id, year)
    record = {} if cycle is None else dict(cycle.record)
    return {
        "enterprise_id": enterprise_id,
        "year": year,
        "allocation_inputs": []
        if cycle is None
        else [{k: row.get(k) for k in ALLOCATION_FIELDS} for row in cycle.allocation_inputs],
        "record": {k: record.get(k) for k in (*RECORD_FIELDS, CLAIM_FIELD)},
    }


def set_allocation_inputs(
    session: Session, actor: Actor, enterprise_id: str, year: int, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Replace the year's ETS allocation inputs of an enterprise (office; all rows or none).

    Each row: ``product``, ``prior_output`` (the product's output in its unit), optional
    ``adjustment_factor`` (1 when empty), ``adjustment_note``, ``historical_intensity`` and
    ``source``. Checked with the core's schema (:data:`ALLOCATION_INPUTS`): a missing product or
    output, a value that is not a number or a product given twice is refused, naming the row.
    """
    _office(session, actor)
    get_enterprise(session, actor, enterprise_id)
    where = f"{enterprise_id} {year}: allocation inputs"
    columns = [c.name for c in ALLOCATION_INPUTS.columns]
    filled = [
        {"enterprise_id": enterprise_id, "year": year, "source": "cityclimate"}
        | {k: v for k, v in row.items() if k in ALLOCATION_FIELDS and v not in (None, "")}
        for row in rows
    ]
    frame = pl.DataFrame(
        [{c: None if r.get(c) is None else str(r.get(c)) for c in columns} for r in filled],
        schema=dict.fromkeys(columns, pl.String),
        orient="row",
    )
    typed = read_csv_table(frame.write_csv(), ALLOCATION_INPUTS, where)
    problems = [
        Problem(where, row["_row"], name, str(row[name]), "须为非负有限数值", "must be ≥ 0")
        for row in typed.to_dicts()
        for name in ("prior_output", "adjustment_factor", "historical_intensity")
        if row.get(name) is not None and not (math.isfinite(row[name]) and row[name] >= 0)
    ]
    if problems:
        raise DataValidationError(problems)
    stored: list[dict[str, Any]] = audit.json_safe(typed.drop("_row", strict=False).to_dicts())
    cycle = _cycle_for_write(session, enterprise_id, year)
    before = list(cycle.allocation_inputs or [])
    cycle.allocation_inputs = stored
    session.flush()
    audit.record(
        session,
        actor,
        "update",
        "allocation_inputs",
        f"{enterprise_id}/{year}",
        before={"rows": before},
        after={"rows": stored},
    )
    return stored


def update_compliance_record(
    session: Session, actor: Actor, enterprise_id: str, year: int, values: dict[str, Any]
) -> dict[str, Any]:
    """Set some of the year's surrender and verification fields (office; the others stay).

    ``surrendered_t``, ``offsets_surrendered_t``, ``net_purchased_t`` in t (≥ 0, or None to
    clear); ``major_findings``, ``minor_findings`` as whole counts (≥ 0); ``measures`` and
    ``comment`` as text. Unknown keys and bad values are refused, every one named.
    """
    _office(session, actor)
    get_enterprise(session, actor, enterprise_id)
    where = f"{enterprise_id} {year}: compliance record"
    problems = [
        Problem(where, None, k, "", "不是可录入的字段", "not a field that can be entered")
        for k in values
        if k not in RECORD_FIELDS
    ]
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key in TEXT_FIELDS:
            clean[key] = None if value is None else str(value).strip()[:2000]
        elif key == "offsets_source":
            clean[key] = (str(value or "").strip() or None) and str(value).strip()[:300]
        elif key in OFFSET_SOURCE_FIELDS:
            day = _day(value)
            if day is False:
                problems.append(
                    Problem(where, None, key, str(value), "须为日期（如 2024-01-01）",
                            "must be a date (e.g. 2024-01-01)")
                )  # fmt: skip
            else:
                clean[key] = day
        elif key in SURRENDER_FIELDS or key in FINDING_FIELDS:
            number = _number(value, whole=key in FINDING_FIELDS)
            if number is False:
                problems.append(
                    Problem(
                        where,
                        None,
                        key,
                        str(value),
                        "须为非负整数" if key in FINDING_FIELDS else "须为非负数值（吨）",
                        "must be a whole number ≥ 0"
                        if key in FINDING_FIELDS
                        else "must be a number of tonnes ≥ 0",
                    )
                )
            else:
                clean[key] = number
    if problems:
        raise DataValidationError(problems)
    cycle = _cycle_for_write(session, enterprise_id, year)
    before = {k: (cycle.record or {}).get(k) for k in clean}
    merged = {**(cycle.record or {}), **clean}
    if clean.keys() & {"offsets_surrendered_t", *OFFSET_SOURCE_FIELDS}:
        merged = claim_offsets(session, actor, enterprise_id, year, cycle.record or {}, merged)
    cycle.record = merged
    session.flush()
    audit.record(
        session,
        actor,
        "update",
        "compliance_record",
        f"{enterprise_id}/{year}",
        before=before,
        after=clean,
    )
    return {k: cycle.record.get(k) for k in (*RECORD_FIELDS, CLAIM_FIELD)}


def claim_offsets(
    session: Session,
    actor: Actor,
    enterprise_id: str,
    year: int,
    stored: dict[str, Any],
    record: dict[str, Any],
) -> dict[str, Any]:
    """Claim the offsets surrendered on their source in the shared register (ETS scheme).

    Without a source the offsets stay "source not stated" (as records stored before). With one,
    the period (default: the compliance year) and a quantity > 0 are claimed; a source and period
    another enterprise, a finance project or a carbon-inclusion conversion claimed already is
    refused (409) naming that claim. A claim once registered is not changed here."""
    source = record.get("offsets_source")
    if not source and not stored.get(CLAIM_FIELD):
        return record
    quantity = record.get("offsets_surrendered_t") or 0.0
    start = record.get("offsets_period_start") or date(year, 1, 1).isoformat()
    end = record.get("offsets_period_end") or date(year, 12, 31).isoformat()
    if stored.get(CLAIM_FIELD):
        keys = (
            "offsets_source",
            "offsets_period_start",
            "offsets_period_end",
            "offsets_surrendered_t",
        )
        if (source, start, end, quantity) == tuple(stored.get(k) for k in keys):
            return {**record, "offsets_period_start": start, "offsets_period_end": end}
        raise ConflictError(
            f"抵销量已登记为 {stored[CLAIM_FIELD]}（来源 {stored.get('offsets_source')}）：不能在此修改",
            f"the offsets are registered as {stored[CLAIM_FIELD]} (source "
            f"{stored.get('offsets_source')}): they cannot be changed here",
        )
    if not quantity > 0:
        raise DataValidationError(
            [Problem(f"{enterprise_id} {year}: compliance record", None, "offsets_surrendered_t",
                     "", "填写抵销来源时须填写抵销量（吨，大于 0）",
                     "give the offsets surrendered (t, > 0) with their source")]
        )  # fmt: skip
    claim = claims.register(
        session, actor, source=str(source), scheme="ets", claimant=enterprise_id,
        period_start=date.fromisoformat(start), period_end=date.fromisoformat(end),
        quantity_co2e_t=float(quantity), note=f"{enterprise_id} {year} 抵销 offsets",
    )  # fmt: skip
    return {**record, "offsets_period_start": start, "offsets_period_end": end,
            CLAIM_FIELD: claim.claim_id}  # fmt: skip


def _day(value: Any) -> str | bool | None:
    """``value`` as an ISO date text, None when empty, False when not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        return False


def _number(value: Any, *, whole: bool) -> float | int | bool | None:
    """``value`` as a number ≥ 0 (an int when ``whole``), None when empty, False when bad."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    if not math.isfinite(number) or number < 0 or (whole and not number.is_integer()):
        return False
    return int(number) if whole else number
