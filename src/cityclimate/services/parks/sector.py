"""Sector pilot data by year (distributed PV, gas energy, CHP, charging, hydrogen, fleets,
shore power, truck retirement): stored after the core checked every row, replaced by key
(measure, year, site, park), audited."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import parks as core
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.parks.registry import require_office
from cityclimate.storage.parks_models import SectorValue


def put_sector(
    session: Session,
    actor: Actor,
    rows: list[dict[str, Any]],
    *,
    where: str = "sector data",
    illustrative: bool = False,
) -> int:
    """Store sector rows (each replaces the stored row of its measure, year, site and park).

    Returns the number of rows stored. Raises DataValidationError (every problem, nothing
    stored) for a bad row.
    """
    require_office(actor)
    frame = core.validate_sector(
        pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame(), where=where
    )
    for row in frame.iter_rows(named=True):
        site, park = row["site"] or "", row["park_id"] or ""
        item = session.scalar(
            select(SectorValue).where(
                SectorValue.measure == row["measure"],
                SectorValue.year == row["year"],
                SectorValue.site == site,
                SectorValue.park_id == park,
            )
        )
        if item is None:
            item = SectorValue(measure=row["measure"], year=row["year"], site=site, park_id=park)
            session.add(item)
        item.value, item.unit = row["value"], row["unit"]
        item.source = str(row["source"] or "")[:500]
        item.illustrative = illustrative
        item.updated_by = actor.user_id
    session.flush()
    audit.record(session, actor, "put", "sector_data", where, after={"rows": frame.height})
    return frame.height


def sector_frame(session: Session) -> pl.DataFrame:
    """Every stored sector row (:data:`~cityclimate.parks.SECTOR_COLUMNS`)."""
    items = session.scalars(
        select(SectorValue).order_by(SectorValue.measure, SectorValue.year, SectorValue.site)
    ).all()
    return pl.DataFrame(
        [
            {
                "measure": i.measure,
                "year": i.year,
                "site": i.site or None,
                "park_id": i.park_id or None,
                "value": i.value,
                "unit": i.unit,
                "source": i.source,
            }
            for i in items
        ],
        schema=core.SECTOR_COLUMNS,
        orient="row",
    )


def sector_summary(session: Session, park_id: str | None = None) -> list[dict[str, Any]]:
    """Each measure by year (sum over sites; one park's rows when ``park_id`` is given)."""
    frame = sector_frame(session)
    if frame.is_empty():
        return []
    return core.sector_by_year(frame, park_id=park_id).to_dicts()
