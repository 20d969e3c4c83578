"""A park's inventory, reconciliation and evaluation from what is stored; publication and the
public disclosure of the core indicator.

The inventory of a year reads each member's *counted* report (the accepted version, also while
a correction is open; :func:`~cityclimate.services.enterprises.reports.counted_filing`), the
territory's inventory method (the one its published inventories use, so the park reconciles
with the district), the park's stored data and its on-site PV from the sector data, and calls
the core. A published evaluation is frozen; the disclosure lists the core indicator of every
published year.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityclimate import parks as core
from cityclimate.enterprises.model import Filing, FilingStatus
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.ledgers import typed_ledgers
from cityclimate.services.enterprises.reports import core_filing, counted_filing, inventory_method
from cityclimate.services.errors import ConflictError
from cityclimate.services.parks.registry import data_frame, load_park, require_office
from cityclimate.services.parks.sector import sector_frame
from cityclimate.storage.enterprises_models import EnterpriseFiling
from cityclimate.storage.parks_models import ParkEvaluationRecord, ParkRecord


def _filings(session: Session, boundary: core.ParkBoundary, year: int) -> dict[str, Filing]:
    out: dict[str, Filing] = {}
    for eid in boundary.enterprise_ids:
        row = counted_filing(session, eid, year)
        if row is not None and row.status == FilingStatus.ACCEPTED.value:
            out[eid] = core_filing(row)
    return out


def _facility_of(session: Session, boundary: core.ParkBoundary, year: int) -> dict[str, str]:
    """Report record id → facility, for members that are only some facilities."""
    partial = [m.enterprise_id for m in boundary.members if m.facility_ids]
    if not partial:
        return {}
    ledgers = typed_ledgers(session, partial, year)
    out: dict[str, str] = {}
    for kind, prefix in (("energy", "E"), ("materials", "M")):
        for row in ledgers[kind].iter_rows(named=True):  # type: ignore[index]
            record = f"{row['enterprise_id']}-{year}-{prefix}{row['_row']:05d}"
            out[record] = row.get("facility_id") or ""
    return out


def attributes_of(session: Session, park_id: str) -> pl.DataFrame:
    """The park's electricity attributes: those entered and its on-site PV from the sector data."""
    entered = data_frame(session, park_id, "attributes")
    onsite = core.onsite_attributes(sector_frame(session), park_id)
    return pl.concat([entered, onsite], how="vertical_relaxed")


def park_inventory(
    session: Session,
    park_id: str,
    year: int,
    electricity_method: core.ElectricityMethod | None = None,
) -> tuple[core.ParkInventory, dict[str, Filing]]:
    """The park's inventory of ``year`` and the members' reports it used."""
    park = load_park(session, park_id)
    boundary = core.boundary_for(park, year)
    filings = _filings(session, boundary, year)
    inventory = core.park_inventory(
        park,
        year,
        filings,
        data_frame(session, park_id, "activities"),
        attributes_of(session, park_id),
        inventory_method(session, park.territory),
        electricity_method=electricity_method,
        facility_of=_facility_of(session, boundary, year),
    )
    return inventory, filings


def inventory_view(inventory: core.ParkInventory, filings: dict[str, Filing]) -> dict[str, Any]:
    """A park inventory as plain data: totals, by origin, reconciliation, rows, findings."""
    view: dict[str, Any] = audit.json_safe(
        {
            "park_id": inventory.park_id,
            "year": inventory.year,
            **core.inventory_totals(inventory),
            "by_origin": inventory.by_origin().to_dicts(),
            "reconciliation": core.reconcile_members(inventory, filings).to_dicts(),
            "findings": [
                {"rule": f.rule, "zh": f.message.zh, "en": f.message.en} for f in inventory.findings
            ],
            "rows": inventory.rows.select(core.PARK_COLUMNS).to_dicts(),
        }
    )
    return view


def _years(session: Session, park: core.Park) -> list[int]:
    first = min(b.valid_from for b in park.boundaries)
    ids = {m.enterprise_id for b in park.boundaries for m in b.members}
    years = set(
        session.scalars(
            select(EnterpriseFiling.year).where(
                EnterpriseFiling.enterprise_id.in_(ids), EnterpriseFiling.status == "accepted"
            )
        ).all()
    )
    for kind in ("activities", "indicators"):
        years |= set(data_frame(session, park.park_id, kind)["year"].drop_nulls().to_list())
    years |= set(attributes_of(session, park.park_id)["year"].to_list())
    return sorted(y for y in years if y >= first)


def evaluate(
    session: Session,
    park_id: str,
    *,
    electricity_method: core.ElectricityMethod | None = None,
    years: list[int] | None = None,
) -> tuple[core.Park, pl.DataFrame, dict[int, core.ParkInventory]]:
    """The park evaluated by year (every year with data from its first boundary version on)."""
    park = load_park(session, park_id)
    years = _years(session, park) if years is None else years
    inventories = {y: park_inventory(session, park_id, y, electricity_method)[0] for y in years}
    entered = data_frame(session, park_id, "indicators").select("year", "indicator_id", "value")
    table = core.evaluate_park(park, inventories, entered, years=years)
    return park, table, inventories


def published_years(session: Session, park_id: str) -> list[int]:
    return list(
        session.scalars(
            select(ParkEvaluationRecord.year)
            .where(ParkEvaluationRecord.park_id == park_id)
            .order_by(ParkEvaluationRecord.year)
        ).all()
    )


def publish(session: Session, actor: Actor, park_id: str, year: int) -> ParkEvaluationRecord:
    """Freeze and publish the evaluation of a year (its core indicator becomes public).

    Raises
    ------
    ConflictError
        When the year is published already, or a member's report is not accepted yet.
    """
    require_office(actor)
    park, table, inventories = evaluate(session, park_id, years=[year])
    inventory = inventories[year]
    if not inventory.complete:
        raise ConflictError(
            f"成员 {', '.join(inventory.missing_members)} 尚无 {year} 年已审定的报告，不能发布",
            f"members {', '.join(inventory.missing_members)} have no accepted {year} report: "
            "it cannot be published",
        )
    if year in published_years(session, park_id):
        raise ConflictError(f"{year} 年已发布", f"{year} is published already")
    record = ParkEvaluationRecord(
        park_id=park_id,
        year=year,
        electricity_method=inventory.electricity_method.value,
        boundary_version=inventory.boundary_version,
        rows=audit.json_safe(table.to_dicts()),
        totals=audit.json_safe(
            {
                "co2_t": inventory.co2_t,
                "energy_tce": inventory.energy_tce,
                "carbon_per_energy": inventory.carbon_per_energy,
                "clean_energy_share": inventory.clean_energy_share,
            }
        ),
        illustrative=park.illustrative,
        published_by=actor.user_id,
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError as exc:  # published by someone else meanwhile
        raise ConflictError(f"{year} 年已发布", f"{year} is published already") from exc
    audit.record(
        session, actor, "publish", "park_evaluation", f"{park_id}/{year}", after=record.totals
    )
    return record


def disclosures(session: Session) -> list[dict[str, Any]]:
    """The core indicator of every published park year (public)."""
    out = []
    rows = session.execute(
        select(ParkEvaluationRecord, ParkRecord)
        .join(ParkRecord, ParkRecord.park_id == ParkEvaluationRecord.park_id)
        .order_by(ParkEvaluationRecord.park_id, ParkEvaluationRecord.year)
    ).all()
    for record, park in rows:
        core_row = next((r for r in record.rows if r.get("role") == "core"), {})
        out.append(
            {
                "park_id": park.park_id,
                "name_zh": park.name_zh,
                "name_en": park.name_en,
                "year": record.year,
                "indicator_set": park.indicator_set,
                "electricity_method": record.electricity_method,
                "carbon_per_energy": record.totals.get("carbon_per_energy"),
                "energy_tce": record.totals.get("energy_tce"),
                "co2_t": record.totals.get("co2_t"),
                "tier_zh": core_row.get("tier_zh"),
                "tier_en": core_row.get("tier_en"),
                "threshold": core_row.get("threshold"),
                "threshold_confirmed": core_row.get("threshold_confirmed"),
                "meets": core_row.get("meets"),
                "illustrative": record.illustrative,
                "published_at": record.published_at,
            }
        )
    return out
