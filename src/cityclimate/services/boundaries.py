"""Boundary versions side by side: the stated mapping of sub-areas and the restated series.

Liangjiang's plan territory (LJ-2016, nine sub-areas) and the administrative district created
in 2026 (LJ-2026) are two territories. A stated mapping (stored, audited; seeded from
``refdata/data/boundary_mappings.csv``) says which share of each old part lies in each new part;
:func:`series_on_boundary` restates the old territory's published gross emissions by sub-area on
the new boundary with the core's :func:`cityclimate.inventory.boundaries.recompute_on_boundary`
and puts the new territory's own published inventories beside it.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.boundaries import mapping_problems, recompute_on_boundary, unmapped_parts
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.territories import get_territory
from cityclimate.storage.models import InventoryResult, InventoryVersion, Territory
from cityclimate.storage.territories_models import BoundaryMapping


def _mapping_rows(session: Session, from_code: str, to_code: str) -> list[BoundaryMapping]:
    return list(
        session.scalars(
            select(BoundaryMapping)
            .where(
                BoundaryMapping.from_territory == from_code,
                BoundaryMapping.to_territory == to_code,
            )
            .order_by(BoundaryMapping.from_code, BoundaryMapping.to_code)
        ).all()
    )


def mapping_view(rows: list[BoundaryMapping]) -> list[dict[str, Any]]:
    return [
        {"from_code": m.from_code, "to_code": m.to_code, "share": m.share, "source": m.source}
        for m in rows
    ]


def list_mappings(session: Session) -> list[dict[str, Any]]:
    """Every stored mapping: (from territory, to territory, number of lines)."""
    rows = session.execute(
        select(BoundaryMapping.from_territory, BoundaryMapping.to_territory, func.count())
        .group_by(BoundaryMapping.from_territory, BoundaryMapping.to_territory)
        .order_by(BoundaryMapping.from_territory, BoundaryMapping.to_territory)
    ).all()
    return [{"from_territory": f, "to_territory": t, "lines": n} for f, t, n in rows]


def get_mapping(session: Session, from_code: str, to_code: str) -> list[dict[str, Any]]:
    get_territory(session, from_code)
    get_territory(session, to_code)
    return mapping_view(_mapping_rows(session, from_code, to_code))


def _parts(session: Session, code: str) -> set[str]:
    """The territory and its sub-areas: the parts a mapping may name."""
    subs = session.scalars(select(Territory.code).where(Territory.parent_code == code)).all()
    return {code, *subs}


def put_mapping(
    session: Session, actor: Actor, from_code: str, to_code: str, lines: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Replace the mapping from one boundary version to another (all lines or none; audited)."""
    get_territory(session, from_code)
    get_territory(session, to_code)
    old_parts, new_parts = _parts(session, from_code), _parts(session, to_code)
    problems: list[Problem] = []
    pairs = [(x["from_code"], x["to_code"]) for x in lines]
    for i, line in enumerate(lines, start=1):
        if pairs.count((line["from_code"], line["to_code"])) > 1:
            problems.append(
                Problem(
                    "mapping",
                    i,
                    "from_code",
                    line["from_code"],
                    "同一对板块只能有一行",
                    "each pair of parts may appear once",
                )
            )
        if line["from_code"] not in old_parts:
            problems.append(
                Problem(
                    "mapping",
                    i,
                    "from_code",
                    line["from_code"],
                    f"应为 {from_code} 或其板块",
                    f"must be {from_code} or one of its sub-areas",
                )
            )
        if line["to_code"] not in new_parts:
            problems.append(
                Problem(
                    "mapping",
                    i,
                    "to_code",
                    line["to_code"],
                    f"应为 {to_code} 或其板块",
                    f"must be {to_code} or one of its sub-areas",
                )
            )
    if not lines:
        problems.append(
            Problem("mapping", None, None, "", "映射至少需要一行", "a mapping needs a line")
        )
    frame = pl.DataFrame(
        [(x["from_code"], x["to_code"], float(x["share"])) for x in lines],
        schema={"from_code": pl.String, "to_code": pl.String, "share": pl.Float64},
        orient="row",
    )
    problems += mapping_problems(frame, where="mapping")
    if problems:
        raise DataValidationError(problems)
    before = mapping_view(_mapping_rows(session, from_code, to_code))
    session.execute(
        delete(BoundaryMapping).where(
            BoundaryMapping.from_territory == from_code, BoundaryMapping.to_territory == to_code
        )
    )
    for line in lines:
        session.add(
            BoundaryMapping(
                from_territory=from_code,
                to_territory=to_code,
                from_code=line["from_code"],
                to_code=line["to_code"],
                share=float(line["share"]),
                source=line.get("source") or "",
            )
        )
    session.flush()
    after = mapping_view(_mapping_rows(session, from_code, to_code))
    audit.record(
        session,
        actor,
        "update" if before else "create",
        "boundary_mapping",
        f"{from_code}->{to_code}",
        before={"lines": before} if before else None,
        after={"lines": after},
    )
    return after


def _published(session: Session, code: str) -> list[InventoryVersion]:
    return list(
        session.scalars(
            select(InventoryVersion)
            .where(InventoryVersion.territory_code == code, InventoryVersion.status == "published")
            .order_by(InventoryVersion.year)
        ).all()
    )


def _series_by_part(session: Session, code: str) -> pl.DataFrame:
    """Published gross emissions of a territory by part (sub-area, else the territory), t CO2e."""
    rows: list[tuple[str, int, float]] = []
    for v in _published(session, code):
        sums = session.execute(
            select(InventoryResult.sub_area, func.sum(InventoryResult.co2e_t))
            .where(
                InventoryResult.version_id == v.id,
                func.coalesce(InventoryResult.sector, "") != "sinks",
            )
            .group_by(InventoryResult.sub_area)
        ).all()
        rows += [(part or code, v.year, float(total or 0.0)) for part, total in sums]
    return pl.DataFrame(
        rows, schema={"code": pl.String, "year": pl.Int64, "co2e_t": pl.Float64}, orient="row"
    )


def series_on_boundary(session: Session, from_code: str, to_code: str) -> dict[str, Any]:
    """Both views: the old territory's series by part, restated on the new boundary, and the
    new territory's own published totals."""
    lines = get_mapping(session, from_code, to_code)
    if not lines:
        raise DataValidationError(
            [
                Problem(
                    "mapping",
                    None,
                    None,
                    f"{from_code}->{to_code}",
                    f"没有从 {from_code} 到 {to_code} 的边界映射：请先录入映射",
                    f"no boundary mapping from {from_code} to {to_code}: state one first",
                )
            ]
        )
    mapping = pl.DataFrame(
        [(x["from_code"], x["to_code"], x["share"]) for x in lines],
        schema={"from_code": pl.String, "to_code": pl.String, "share": pl.Float64},
        orient="row",
    )
    series = _series_by_part(session, from_code)
    restated = recompute_on_boundary(series, mapping) if series.height else None
    old_totals = (
        series.group_by("year").agg(pl.col("co2e_t").sum()).sort("year").to_dicts()
        if series.height
        else []
    )
    return {
        "from_territory": from_code,
        "to_territory": to_code,
        "mapping": lines,
        "old_by_part": series.sort("year", "code").to_dicts(),
        "old_totals": old_totals,
        "restated": restated.to_dicts() if restated is not None else [],
        "unmapped_parts": unmapped_parts(series, mapping) if series.height else [],
        "new_published": [
            {"year": v.year, "version_id": v.id, "co2e_t": v.gross_co2e_t}
            for v in _published(session, to_code)
        ],
        "equation": "value_new(to, year) = Σ share(from → to) × value_old(from, year)",
    }
