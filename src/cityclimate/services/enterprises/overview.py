"""The climate office's compliance overview of a year: reports, deadlines, ETS balance,
credit grades and the reconciliation with the district inventory."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises.compliance import ALLOCATION_INPUTS, COMPLIANCE_RECORDS
from cityclimate.services import audit, inventories, plans
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import KINDS, NOTICE, core_actor
from cityclimate.services.enterprises.ledgers import raw_ledger, typed_ledgers
from cityclimate.services.enterprises.registry import enterprise_of
from cityclimate.services.enterprises.reports import (
    counted_filing,
    inventory_method,
    latest_filing,
    verifier_name,
)
from cityclimate.services.errors import PermissionDeniedError
from cityclimate.storage.enterprises_models import EnterpriseCycle, EnterpriseRecord
from cityclimate.storage.models import InventoryVersion


def _district_emissions(session: Session, territory: str, year: int) -> pl.DataFrame | None:
    version_id = session.scalar(
        select(InventoryVersion.id)
        .where(
            InventoryVersion.territory_code == territory,
            InventoryVersion.year == year,
            InventoryVersion.status == "published",
        )
        .order_by(InventoryVersion.number.desc())
        .limit(1)
    )
    return None if version_id is None else inventories.results_frame(session, version_id)


def compliance(
    session: Session,
    actor: Actor,
    year: int,
    *,
    territory: str | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The office's view of ``territory`` in ``year``: reports, deadlines, ETS balance, credit
    grades and the reconciliation with that territory's inventory (admin and climate office).

    Without a territory: the platform's plan territory (:func:`plans.default_territory`), or
    the territory of the first enterprise when no plan is stored. Registering an enterprise in
    another territory never changes which territory is shown."""
    who = core_actor(session, actor)
    if who.role not in (core.Role.ADMIN, core.Role.CLIMATE_OFFICE):
        raise PermissionDeniedError("只有气候办可查看合规总览", "only the climate office")
    records = list(
        session.scalars(select(EnterpriseRecord).order_by(EnterpriseRecord.enterprise_id))
    )
    territory = territory or plans.default_territory(session)
    if territory is None and records:
        territory = records[0].territory
    chosen = [r for r in records if r.territory == territory]
    if territory is None or not chosen:
        return {
            "territory": territory,
            "year": year,
            "enterprises": 0,
            "illustrative": False,
            "overview": None,
        }
    pack = year_pack(session, territory, chosen, year)
    overview = core.compliance_overview(
        who,
        pack,
        year,
        as_of=as_of or date.today(),
        method=inventory_method(session, territory),
        district_emissions=_district_emissions(session, territory, year),
    )
    data = audit.json_safe(overview.as_dict())
    data.pop("audit", None)
    names = {r.enterprise_id: r.name_zh for r in chosen}
    names_en = {r.enterprise_id: r.name_en for r in chosen}
    for key in ("credit", "ets", "obligations", "overdue", "allocations", "pue"):
        for item in data.get(key) or []:
            if isinstance(item, dict) and "enterprise_id" in item:
                item["enterprise_name_zh"] = names.get(item["enterprise_id"], "")
                item["enterprise_name_en"] = names_en.get(item["enterprise_id"], "")
    return {
        "territory": territory,
        "year": year,
        "enterprises": len(chosen),
        "illustrative": any(r.illustrative for r in chosen),
        "overview": data,
    }


def year_pack(
    session: Session, territory: str, chosen: list[EnterpriseRecord], year: int
) -> core.CompliancePack:
    """The core's compliance pack of ``year`` from storage: each enterprise's report as the
    version that counts (:func:`counted_filing`: the accepted one while a correction is open,
    with the ledgers as they were when the correction began)."""
    ids = [r.enterprise_id for r in chosen]
    counted = {eid: counted_filing(session, eid, year) for eid in ids}
    corrections = {
        eid: latest.created_at
        for eid in ids
        if (latest := latest_filing(session, eid, year)) is not None
        and (row := counted[eid]) is not None
        and latest.id != row.id
    }
    ledgers = typed_ledgers(session, ids, year, as_of=corrections)
    raw = {k: raw_ledger(k, ledgers[k].drop("_row").to_dicts()) for k in KINDS}
    cycles = {
        c.enterprise_id: c
        for c in session.scalars(select(EnterpriseCycle).where(EnterpriseCycle.year == year))
    }
    allocation_rows: list[dict[str, Any]] = []
    record_rows: list[dict[str, Any]] = []
    for r in chosen:
        cycle = cycles.get(r.enterprise_id)
        allocation_rows += [] if cycle is None else cycle.allocation_inputs
        base = {} if cycle is None else dict(cycle.record)
        latest = counted[r.enterprise_id]
        rec = {c.name: base.get(c.name) for c in COMPLIANCE_RECORDS.columns}
        rec.update(enterprise_id=r.enterprise_id, year=year)
        rec["report_status"] = "draft" if latest is None else latest.status
        if latest is not None and latest.submitted_at is not None:
            rec["report_submitted"] = rec.get("report_submitted") or latest.submitted_at.date()
        if latest is not None and latest.status == "accepted" and latest.accepted_at:
            rec["disclosure_published"] = (
                rec.get("disclosure_published") or latest.accepted_at.date()
            )
        if latest is not None and latest.verifier:
            rec["verifier"] = rec.get("verifier") or verifier_name(session, latest.verifier)
        if latest is not None and latest.status == "returned" and latest.comments:
            rec["comment"] = latest.comments[-1]
        rec["major_findings"] = rec.get("major_findings") or 0
        rec["minor_findings"] = rec.get("minor_findings") or 0
        rec["source"] = rec.get("source") or "cityclimate"
        if rec["report_status"] != "draft" and not rec.get("report_submitted"):
            rec["report_status"] = "draft"
        record_rows.append(rec)
    return core.build_pack(
        territory,
        [enterprise_of(r) for r in chosen],
        raw,
        _csv(allocation_rows, [c.name for c in ALLOCATION_INPUTS.columns]),
        _csv(record_rows, [c.name for c in COMPLIANCE_RECORDS.columns]),
        notice=f"{NOTICE['zh']} {NOTICE['en']}" if any(r.illustrative for r in chosen) else "",
    )


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    frame = pl.DataFrame(
        [{c: None if r.get(c) is None else str(r.get(c)) for c in columns} for r in rows],
        schema=dict.fromkeys(columns, pl.String),
        orient="row",
    )
    return frame.write_csv()
