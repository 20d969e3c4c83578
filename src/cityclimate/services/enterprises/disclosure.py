"""Public disclosure forms of accepted enterprise reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.services import audit
from cityclimate.services.enterprises.registry import enterprise_of
from cityclimate.services.enterprises.reports import core_filing
from cityclimate.storage.enterprises_models import (
    EnterpriseCycle,
    EnterpriseFiling,
    EnterpriseRecord,
)


def disclosures(session: Session, year: int | None = None) -> list[dict[str, Any]]:
    """Disclosure forms of accepted reports (the newest accepted version per enterprise-year).

    Public: nothing before acceptance is shown.
    """
    query = select(EnterpriseFiling).where(EnterpriseFiling.status == "accepted")
    if year is not None:
        query = query.where(EnterpriseFiling.year == year)
    newest: dict[tuple[str, int], EnterpriseFiling] = {}
    for row in session.scalars(query.order_by(EnterpriseFiling.version)):
        newest[(row.enterprise_id, row.year)] = row
    forms = []
    for (eid, y), row in sorted(newest.items()):
        record = session.get(EnterpriseRecord, eid)
        if record is None:
            continue
        enterprise = enterprise_of(record)
        if not enterprise.mandatory_disclosure:
            continue
        cycle = session.scalar(
            select(EnterpriseCycle).where(
                EnterpriseCycle.enterprise_id == eid, EnterpriseCycle.year == y
            )
        )
        measures = None if cycle is None else cycle.record.get("measures")
        form = core.disclosure_form(enterprise, core_filing(row), measures=measures)
        item = audit.json_safe(form.as_dict())
        item["enterprise_name_en"] = enterprise.name_en
        item["illustrative"] = record.illustrative
        item["accepted_at"] = None if row.accepted_at is None else row.accepted_at.isoformat()
        forms.append(item)
    return forms
