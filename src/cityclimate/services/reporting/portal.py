"""The open-data portal (issue 19): what is published, for anyone, without signing in.

A territory's published years are those with a published inventory version or a published
annual evaluation. For a year the portal shows the inventory summary, the indicators with
their progress bands (the public board of a published evaluation year), the disclosure forms
of the territory's key enterprises and the published core indicator of its parks. The
downloads are made from :func:`observations`: every published figure as one long table.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.reporting.opendata import observations as observation_frame
from cityclimate.services import enterprises, indicators, parks
from cityclimate.services.actors import ANONYMOUS
from cityclimate.services.errors import NotFoundError
from cityclimate.services.indicators.plan_inputs import published_years as evaluation_years
from cityclimate.services.territories import get_territory
from cityclimate.storage.enterprises_models import EnterpriseRecord
from cityclimate.storage.indicators_models import EvaluationPublication
from cityclimate.storage.models import InventoryVersion, Territory
from cityclimate.storage.parks_models import ParkRecord

#: The dataset of the inventory in the downloads (the plan's indicators use their own ids).
INVENTORY = "ghg_inventory"


def _inventories(session: Session, territory: str) -> dict[int, InventoryVersion]:
    rows = session.scalars(
        select(InventoryVersion).where(
            InventoryVersion.territory_code == territory, InventoryVersion.status == "published"
        )
    )
    return {v.year: v for v in rows}


def published_years(session: Session, territory: str) -> list[int]:
    """Years with a published inventory or a published annual evaluation."""
    return sorted(set(_inventories(session, territory)) | set(evaluation_years(session, territory)))


def territories(session: Session) -> list[dict[str, Any]]:
    """Every territory with something published, with its published years."""
    coded = set(
        session.scalars(
            select(InventoryVersion.territory_code).where(InventoryVersion.status == "published")
        )
    )
    coded |= set(session.scalars(select(EvaluationPublication.territory_code)))
    out = []
    for code in sorted(coded):
        place = session.get(Territory, code)
        if place is None:
            continue
        out.append(
            {
                "code": code,
                "name_zh": place.name_zh,
                "name_en": place.name_en,
                "years": published_years(session, code),
                "illustrative": bool(place.illustrative),
            }
        )
    return out


def _inventory_view(version: InventoryVersion) -> dict[str, Any]:
    report = version.report or {}
    summary = report.get("summary", {})
    return {
        "version": version.number,
        "published_at": None if version.published_at is None else version.published_at.isoformat(),
        "gross_co2e_t": summary.get("gross_co2e_t"),
        "net_co2e_t": summary.get("net_co2e_t"),
        "removals_co2e_t": summary.get("removals_co2e_t"),
        "energy_tce": summary.get("energy_tce"),
        "intensity_t_per_10k_yuan": summary.get("intensity_t_per_10k_yuan"),
        "per_capita_t": summary.get("per_capita_t"),
        "sectors": [
            {
                "key": r["key"],
                "name_zh": r["name_zh"],
                "name_en": r["name_en"],
                "co2e_t": r["co2e_t"],
            }
            for r in report.get("breakdowns", {}).get("sector", [])
        ],
    }


def _indicator_rows(session: Session, territory: str, year: int) -> list[dict[str, Any]]:
    if year not in evaluation_years(session, territory):
        return []
    board = indicators.board(session, ANONYMOUS, territory, year)
    keep = (
        "indicator_id",
        "number",
        "name_zh",
        "name_en",
        "nature",
        "unit",
        "actual",
        "path_value",
        "target_value",
        "status",
        "status_zh",
        "status_en",
    )
    return [{k: r.get(k) for k in keep} for r in board["indicators"]]


def year_view(session: Session, territory: str, year: int) -> dict[str, Any]:
    """What the portal shows of ``territory`` in ``year`` (404: unknown territory, or nothing
    published that year)."""
    place = get_territory(session, territory)
    years = published_years(session, territory)
    if year not in years:
        raise NotFoundError(
            f"{place.name_zh} {year} 年没有已发布的数据",
            f"nothing is published for {place.name_en or place.name_zh} in {year}",
        )
    inventory = _inventories(session, territory).get(year)
    members = set(
        session.scalars(
            select(EnterpriseRecord.enterprise_id).where(EnterpriseRecord.territory == territory)
        )
    )
    own_parks = set(
        session.scalars(select(ParkRecord.park_id).where(ParkRecord.territory_code == territory))
    )
    forms = [f for f in enterprises.disclosures(session, year) if f["enterprise_id"] in members]
    park_rows = [
        {k: v for k, v in p.items() if k != "published_at"}
        for p in parks.disclosures(session)
        if p["park_id"] in own_parks and p["year"] == year
    ]
    return {
        "territory": {"code": place.code, "name_zh": place.name_zh, "name_en": place.name_en},
        "year": year,
        "years": years,
        "illustrative": bool(place.illustrative),
        "inventory": None if inventory is None else _inventory_view(inventory),
        "indicators": _indicator_rows(session, territory, year),
        "enterprises": [
            {
                "enterprise_id": f["enterprise_id"],
                "name_zh": f.get("enterprise_name") or f["enterprise_id"],
                "name_en": f.get("enterprise_name_en") or "",
                "total_co2e_t": f.get("total_co2e_t"),
                "energy_tce": f.get("energy_tce"),
                "verifier": f.get("verifier"),
            }
            for f in forms
        ],
        "parks": park_rows,
    }


def observations(session: Session, territory: str) -> pl.DataFrame:
    """Every published figure of ``territory`` (404 for an unknown territory): the inventory's
    gross emissions and its sectors (t CO2e) by published year, and each indicator's actual
    value in each published evaluation year."""
    get_territory(session, territory)
    rows: list[dict[str, Any]] = []
    for year, version in sorted(_inventories(session, territory).items()):
        view = _inventory_view(version)
        rows.append(
            {
                "territory": territory,
                "dataset": INVENTORY,
                "year": year,
                "value": view["gross_co2e_t"],
                "unit": "t CO2e",
            }
        )
        rows += [
            {
                "territory": territory,
                "dataset": INVENTORY,
                "year": year,
                "sector": s["key"],
                "value": s["co2e_t"],
                "unit": "t CO2e",
            }
            for s in view["sectors"]
        ]
    for year in evaluation_years(session, territory):
        for r in _indicator_rows(session, territory, year):
            if r["actual"] is not None:
                rows.append(
                    {
                        "territory": territory,
                        "dataset": r["indicator_id"],
                        "year": year,
                        "value": r["actual"],
                        "unit": r["unit"],
                    }
                )
    return observation_frame(rows)


def datasets(session: Session, territory: str) -> list[dict[str, Any]]:
    """The datasets of the downloads with their names, units and metadata: the inventory, and
    the indicators of the territory's plan as its latest published evaluation shows them."""
    place = get_territory(session, territory)
    published = bool(_inventories(session, territory))
    out: list[dict[str, Any]] = [
        {
            "id": INVENTORY,
            "number": "0",
            "name_zh": "温室气体排放总量（按部门）",
            "name_en": "Greenhouse gas emissions (by sector)",
            "unit": "t CO2e",
            "nature": "",
            "published": published,
            "definition": "省级温室气体清单编制指南口径的排放总量（不含碳汇），按部门分列",
            "organisation": place.name_zh,
        }
    ]
    years = evaluation_years(session, territory)
    rows = _indicator_rows(session, territory, years[-1]) if years else []
    for r in rows:
        out.append(
            {
                "id": r["indicator_id"],
                "number": str(r["number"]),
                "name_zh": r["name_zh"],
                "name_en": r["name_en"],
                "unit": r["unit"],
                "nature": r["nature"],
                "published": True,
                "definition": r["name_zh"],
                "organisation": place.name_zh,
            }
        )
    return out
