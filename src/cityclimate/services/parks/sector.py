"""Sector pilot data by year (distributed PV, gas energy, CHP, charging, hydrogen, fleets,
shore power, truck retirement) of a territory: stored after the core checked every row,
replaced by key (territory, measure, year, site, park), audited; read back as the territory's
figures (:func:`sector_actuals`) for its indicator board and its pathways' actual years."""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import parks as core
from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.parks.registry import require_office
from cityclimate.storage.models import Territory
from cityclimate.storage.parks_models import ParkRecord, SectorValue
from cityclimate.text import Text


def _check_places(session: Session, territory: str, frame: pl.DataFrame, where: str) -> None:
    """The territory exists and each row's park is one of its parks (every problem listed)."""
    if session.get(Territory, territory) is None:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    "territory",
                    territory,
                    message=Text(
                        "地区不存在：请先建立该地区", "no such territory: create it first"
                    ),
                )
            ]
        )
    parks = {
        park: code
        for park, code in session.execute(select(ParkRecord.park_id, ParkRecord.territory_code))
    }
    problems = [
        Problem(
            where,
            i,
            "park_id",
            park,
            message=Text(
                f"园区不属于地区 {territory}：请填写该地区已登记的园区编号，或留空（全区数据）",
                f"not a park of {territory}: give a registered park of this territory, "
                "or leave it empty (a district figure)",
            ),
        )
        for i, park in enumerate(frame["park_id"].to_list(), start=1)
        if park is not None and parks.get(park) != territory
    ]
    if problems:
        raise DataValidationError(problems)


def put_sector(
    session: Session,
    actor: Actor,
    territory: str,
    rows: list[dict[str, Any]],
    *,
    where: str = "sector data",
    illustrative: bool = False,
) -> int:
    """Store ``territory``'s sector rows (each replaces the stored row of its measure, year,
    site and park; a row's park must be one of the territory's parks).

    Returns the number of rows stored. Raises DataValidationError (every problem, nothing
    stored) for a bad row.
    """
    require_office(actor)
    frame = core.validate_sector(
        pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame(), where=where
    )
    _check_places(session, territory, frame, where)
    for row in frame.iter_rows(named=True):
        site, park = row["site"] or "", row["park_id"] or ""
        item = session.scalar(
            select(SectorValue).where(
                SectorValue.territory_code == territory,
                SectorValue.measure == row["measure"],
                SectorValue.year == row["year"],
                SectorValue.site == site,
                SectorValue.park_id == park,
            )
        )
        if item is None:
            item = SectorValue(
                territory_code=territory,
                measure=row["measure"],
                year=row["year"],
                site=site,
                park_id=park,
            )
            session.add(item)
        item.value, item.unit = row["value"], row["unit"]
        item.source = str(row["source"] or "")[:500]
        item.illustrative = illustrative
        item.updated_by = actor.user_id
    session.flush()
    audit.record(
        session,
        actor,
        "put",
        "sector_data",
        f"{territory}: {where}",
        after={"territory": territory, "rows": frame.height},
    )
    return frame.height


def sector_frame(session: Session, territory: str | None = None) -> pl.DataFrame:
    """The stored sector rows of ``territory`` (all territories' when None)
    (:data:`~cityclimate.parks.SECTOR_COLUMNS`)."""
    query = select(SectorValue)
    if territory is not None:
        query = query.where(SectorValue.territory_code == territory)
    items = session.scalars(
        query.order_by(SectorValue.measure, SectorValue.year, SectorValue.site)
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


def sector_summary(
    session: Session, territory: str, park_id: str | None = None
) -> list[dict[str, Any]]:
    """One park's measures by year (sum over its sites), or, without ``park_id``, the
    territory's figures (:func:`sector_actuals`)."""
    if park_id is None:
        return sector_actuals(session, territory)
    frame = sector_frame(session, territory)
    if frame.is_empty():
        return []
    return core.sector_by_year(frame, park_id=park_id).to_dicts()


def sector_actuals(
    session: Session, territory: str, *, until: int | None = None
) -> list[dict[str, Any]]:
    """``territory``'s figure of each sector measure and year (up to ``until``): a district
    row, or the sum of its parks' rows marked ``coverage = "parks"``
    (:func:`cityclimate.parks.territory_sector`), each with its sources and the pathway lever
    it is the actual quantity of. Empty when nothing is stored."""
    frame = core.territory_sector(sector_frame(session, territory))
    if until is not None:
        frame = frame.filter(pl.col("year") <= until)
    return frame.to_dicts()
