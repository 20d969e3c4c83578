"""Publish a further year of the Liangjiang demo through the services, as an office would.

The year's activity data are the demo's 2020 records scaled by ``scale`` (landfill deposits of the
years in between are the 2020 deposits, so the first-order decay has its history); they are
imported, confirmed, computed with the demo's factor set and published.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.services import imports, inventories
from cityclimate.services.actors import SYSTEM
from cityclimate.storage.models import FactorSet


def publish_year(session: Session, year: int, scale: float = 1.2) -> int:
    """Import, compute and publish ``year`` of LJ-2016; returns the version id."""
    demo = liangjiang.activities()
    base = demo.filter(pl.col("year") == 2020)
    landfill = base.filter(pl.col("category").str.starts_with("waste.solid.landfill"))
    rows = [demo]
    for between in range(2021, year):
        rows.append(landfill.with_columns(year=pl.lit(between, pl.Int32)))
    rows.append(base.with_columns(year=pl.lit(year, pl.Int32), quantity=pl.col("quantity") * scale))
    frame = pl.concat(rows).with_columns(
        record_id=pl.format("R{}-{}", pl.col("year"), pl.int_range(pl.len()))
    )
    item = imports.stage_frame(
        session, SYSTEM, frame, territory_code=liangjiang.TERRITORY, filename=f"lj-{year}.csv"
    )
    imports.confirm_import(session, SYSTEM, item.id)
    factor_set = session.scalar(select(FactorSet).where(FactorSet.name == "liangjiang-demo"))
    assert factor_set is not None
    version = inventories.compute(
        session,
        SYSTEM,
        territory_code=liangjiang.TERRITORY,
        year=year,
        import_id=item.id,
        factor_set_id=factor_set.id,
    )
    inventories.publish(session, SYSTEM, version.id)
    return version.id
