"""The territory's disaster-risk census records (issue 17): imported whole, shown as a layer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cityclimate.adaptation.census import HAZARD_TYPES, CensusRecord, counts
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation.warnings import require_office
from cityclimate.services.territories import get_territory
from cityclimate.storage.adaptation_models import AdaptationCensusRecord


def import_census(
    session: Session,
    actor: Actor,
    territory: str,
    records: Sequence[CensusRecord],
    *,
    where: str,
    illustrative: bool = False,
) -> int:
    """Replace the territory's census records with a file's (checked whole by the core)."""
    require_office(actor)
    get_territory(session, territory)
    table = AdaptationCensusRecord
    before = len(session.scalars(select(table.id).where(table.territory_code == territory)).all())
    session.execute(delete(table).where(table.territory_code == territory))
    if records:
        session.execute(insert(table), [
            {"territory_code": territory, "record_id": r.record_id, "hazard_type": r.hazard_type,
             "name": r.name, "sub_area": r.sub_area, "longitude": r.longitude,
             "latitude": r.latitude, "source": r.source or where, "illustrative": illustrative}
            for r in records
        ])  # fmt: skip
    audit.record(session, actor, "import", "adaptation_census", territory,
                 before={"rows": before}, after={"rows": len(records), "where": where})  # fmt: skip
    return len(records)


def census(session: Session, territory: str) -> list[CensusRecord]:
    table = AdaptationCensusRecord
    query = select(table).where(table.territory_code == territory).order_by(table.record_id)
    return [
        CensusRecord(r.record_id, r.hazard_type, r.name, r.sub_area, r.longitude, r.latitude,
                     r.source)
        for r in session.scalars(query)
    ]  # fmt: skip


def census_summary(session: Session, territory: str, lang: str) -> list[dict[str, Any]]:
    """Records counted by sub-area and hazard type, with the type's name in ``lang``."""
    return [
        {**row, "hazard_name": HAZARD_TYPES[str(row["hazard_type"])].pick(lang)}
        for row in counts(census(session, territory))
    ]
