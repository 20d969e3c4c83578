"""The illustrative demo enterprises: registry, 2020 ledgers and filings taken through the
workflow (idempotent)."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises import demo as enterprise_demo
from cityclimate.enterprises.compliance import replay_filing
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import KINDS
from cityclimate.services.enterprises.ledgers import store_ledger
from cityclimate.services.enterprises.registry import enterprise_row
from cityclimate.services.enterprises.reports import inventory_method, save_filing
from cityclimate.storage.enterprises_models import EnterpriseCycle, EnterpriseRecord


def load_demo_enterprises(session: Session, actor: Actor) -> dict[str, Any]:
    """Load the illustrative demo enterprises with their 2020 ledgers and filings (idempotent).

    Filings are taken through the workflow to the state of the demo's records (with audit
    entries), so the office sees compliance, ETS, credit and the reconciliation at once.
    """
    pack = enterprise_demo.pack()
    if session.scalar(select(EnterpriseRecord).limit(1)) is not None:
        return {"loaded": False}
    year = enterprise_demo.YEAR
    for enterprise in pack.enterprises:
        session.add(enterprise_row(enterprise, illustrative=True))
    session.flush()
    for enterprise in pack.enterprises:
        eid = enterprise.enterprise_id
        for kind in KINDS:
            frame = pack.ledgers[kind].filter(pl.col("enterprise_id") == eid)
            if frame.height:
                store_ledger(
                    session, actor, eid, year, kind, frame, "demo (ILLUSTRATIVE)", "", True
                )
        allocation = pack.allocation_inputs.filter(pl.col("enterprise_id") == eid)
        records = pack.records.filter(pl.col("enterprise_id") == eid).drop("_row", strict=False)
        record = records.to_dicts()[0] if records.height else {}
        session.add(
            EnterpriseCycle(
                enterprise_id=eid,
                year=year,
                allocation_inputs=audit.json_safe(allocation.drop("_row", strict=False).to_dicts()),
                record=audit.json_safe(record),
                note=enterprise_demo.NOTICE_EN,
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
        save_filing(session, actor, filing, steps[-1], None, illustrative=True)
    audit.record(session, actor, "load", "enterprises_demo", pack.territory)
    return {"loaded": True, "enterprises": len(pack.enterprises)}
