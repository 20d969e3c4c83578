"""Load a year's compliance pack (registry, ledgers, allocation inputs and the records of the
filings) through the workflow: how a demo, or an office moving from another system, brings
its enterprises in at once."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises.compliance import CompliancePack, replay_filing
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import KINDS
from cityclimate.services.enterprises.cycles import claim_offsets
from cityclimate.services.enterprises.ledgers import store_ledger
from cityclimate.services.enterprises.registry import enterprise_row
from cityclimate.services.enterprises.reports import inventory_method, save_filing
from cityclimate.storage.enterprises_models import EnterpriseCycle, EnterpriseRecord


def load_compliance_pack(
    session: Session,
    actor: Actor,
    pack: CompliancePack,
    year: int,
    *,
    note: str,
    illustrative: bool,
    filename: str = "compliance pack",
    registered: bool = False,
) -> dict[str, Any]:
    """Register the pack's enterprises with their ``year`` ledgers and filings (audited).

    Filings are taken through the workflow to the state of the pack's records (with audit
    entries), so the office sees compliance, ETS, credit and the reconciliation at once.
    Does nothing when one of the pack's enterprises is registered already, or, with
    ``registered=True`` (another year of registered enterprises), when one of them has a
    filing or ledger of ``year`` already or is not registered.
    """
    ids = [e.enterprise_id for e in pack.enterprises]
    if registered:
        known = session.scalars(
            select(EnterpriseRecord.enterprise_id).where(EnterpriseRecord.enterprise_id.in_(ids))
        ).all()
        started = session.scalar(
            select(EnterpriseCycle).where(
                EnterpriseCycle.enterprise_id.in_(ids), EnterpriseCycle.year == year
            )
        )
        if len(known) != len(ids) or started is not None:
            return {"loaded": False}
    elif session.scalar(
        select(EnterpriseRecord).where(EnterpriseRecord.enterprise_id.in_(ids)).limit(1)
    ):
        return {"loaded": False}
    else:
        for enterprise in pack.enterprises:
            session.add(enterprise_row(enterprise, illustrative=illustrative))
    session.flush()
    for enterprise in pack.enterprises:
        eid = enterprise.enterprise_id
        for kind in KINDS:
            frame = pack.ledgers[kind].filter(pl.col("enterprise_id") == eid)
            if frame.height:
                store_ledger(session, actor, eid, year, kind, frame, filename, "", illustrative)
        allocation = pack.allocation_inputs.filter(pl.col("enterprise_id") == eid)
        records = pack.records.filter(pl.col("enterprise_id") == eid).drop("_row", strict=False)
        record = records.to_dicts()[0] if records.height else {}
        if record.get("offsets_source"):  # claimed in the shared register (issue 14)
            record = claim_offsets(session, actor, eid, year, {}, record)
        session.add(
            EnterpriseCycle(
                enterprise_id=eid,
                year=year,
                allocation_inputs=audit.json_safe(allocation.drop("_row", strict=False).to_dicts()),
                record=audit.json_safe(record),
                note=note,
            )
        )
    method = inventory_method(session, pack.territory)
    office = core.Actor("system", core.Role.ADMIN)
    for enterprise in pack.enterprises:
        eid = enterprise.enterprise_id
        records = pack.records.filter(pl.col("enterprise_id") == eid)
        if not records.height:
            continue
        emissions = core.emission_report(
            office,
            enterprise,
            pack.ledgers["energy"],
            pack.ledgers["materials"],
            year,
            method=method,
        )
        filing, steps = replay_filing(records.to_dicts()[0], eid, year, emissions)
        save_filing(session, actor, filing, steps[-1], None, illustrative=illustrative)
    audit.record(session, actor, "load", "enterprises_demo", pack.territory)
    return {"loaded": True, "enterprises": len(pack.enterprises)}
