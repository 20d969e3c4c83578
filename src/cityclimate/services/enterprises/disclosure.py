"""Public disclosure forms of accepted enterprise reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.services import audit
from cityclimate.services.enterprises.overview import year_pack
from cityclimate.services.enterprises.registry import enterprise_of
from cityclimate.services.enterprises.reports import core_filing, verifier_name
from cityclimate.storage.enterprises_models import EnterpriseFiling, EnterpriseRecord


def disclosures(session: Session, year: int | None = None) -> list[dict[str, Any]]:
    """Disclosure forms of accepted reports (the newest accepted version per enterprise-year),
    made by the core's :func:`~cityclimate.enterprises.disclosure_forms` like the command
    line's: with the ETS allocation and surrender and the PUE the fields table requires, and
    the verifier's name. Public: nothing before acceptance is shown.
    """
    query = select(EnterpriseFiling).where(EnterpriseFiling.status == "accepted")
    if year is not None:
        query = query.where(EnterpriseFiling.year == year)
    newest: dict[tuple[str, int], EnterpriseFiling] = {}
    for row in session.scalars(query.order_by(EnterpriseFiling.version)):
        newest[(row.enterprise_id, row.year)] = row
    groups: dict[tuple[str, int], list[tuple[EnterpriseRecord, EnterpriseFiling]]] = {}
    for (eid, y), row in sorted(newest.items()):
        record = session.get(EnterpriseRecord, eid)
        if record is None or not enterprise_of(record).mandatory_disclosure:
            continue
        groups.setdefault((record.territory, y), []).append((record, row))
    forms = []
    for (territory, y), members in sorted(groups.items()):
        pack = year_pack(session, territory, [record for record, _ in members], y)
        made = core.disclosure_forms(pack, y, [core_filing(row) for _, row in members])
        for form, (record, row) in zip(made, members, strict=True):
            item = audit.json_safe(form.as_dict())
            item["verifier"] = verifier_name(session, row.verifier)
            item["enterprise_name_en"] = record.name_en
            item["illustrative"] = record.illustrative
            item["accepted_at"] = None if row.accepted_at is None else row.accepted_at.isoformat()
            forms.append(item)
    return forms
