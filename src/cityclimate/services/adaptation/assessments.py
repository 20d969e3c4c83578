"""Risk layers, drainage zones, green-space years and map shapes of a territory (issue 17).

Each table arrives as rows (the faces read the files); the core checks it whole
(:func:`cityclimate.adaptation.risk.assess_risk`,
:func:`cityclimate.adaptation.sponge.evaluate_zones`) before anything is stored, and a stored
table replaces the previous one (per territory, or per territory and year), audited.
:func:`indicator_values` gives plan indicators 11-13 to the indicator service.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cityclimate.adaptation.green import (
    GreenYear,
    green_indicator_values,
    plan_progress,
    sponge_indicator_values,
)
from cityclimate.adaptation.risk import RiskResult, assess_risk
from cityclimate.adaptation.sponge import ZoneResult, evaluate_zones, share_meeting
from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.model import IndicatorValue
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation.warnings import require_office
from cityclimate.services.errors import NotFoundError
from cityclimate.storage.adaptation_models import (
    AdaptationGreenYear,
    AdaptationRiskLayer,
    AdaptationShape,
    AdaptationZone,
    AdaptationZoneItem,
)
from cityclimate.text import Text

SHAPE_KINDS = ("sub_area", "drainage_zone")


def _optional(value: object) -> float | None:
    return None if value is None or str(value).strip() == "" else float(str(value))


def import_risk_layers(
    session: Session,
    actor: Actor,
    territory: str,
    rows: Sequence[Mapping[str, object]],
    *,
    where: str,
    illustrative: bool = False,
) -> int:
    """Replace the territory's risk layers (checked whole by the core first)."""
    require_office(actor)
    assess_risk(rows, where=where)  # raises with every located problem; nothing stored
    session.execute(
        delete(AdaptationRiskLayer).where(AdaptationRiskLayer.territory_code == territory)
    )
    session.add_all(
        AdaptationRiskLayer(
            territory_code=territory,
            sub_area=str(r["sub_area"]),
            component=str(r["component"]),
            indicator=str(r["indicator"]),
            value=float(str(r["value"])),
            unit=str(r["unit"]),
            direction=str(r["direction"]),
            lower=_optional(r.get("lower")),
            upper=_optional(r.get("upper")),
            weight=_optional(r.get("weight")) or 1.0,
            source=str(r["source"]),
            illustrative=illustrative,
        )
        for r in rows
    )
    audit.record(
        session,
        actor,
        "import",
        "adaptation_risk_layers",
        territory,
        after={"rows": len(rows), "where": where},
    )
    return len(rows)


def risk_layer_rows(session: Session, territory: str) -> list[dict[str, object]]:
    query = select(AdaptationRiskLayer).where(AdaptationRiskLayer.territory_code == territory)
    return [
        {
            "sub_area": r.sub_area,
            "component": r.component,
            "indicator": r.indicator,
            "value": r.value,
            "unit": r.unit,
            "direction": r.direction,
            "lower": r.lower,
            "upper": r.upper,
            "weight": r.weight,
            "source": r.source,
        }
        for r in session.scalars(query.order_by(AdaptationRiskLayer.id))
    ]


def risk(session: Session, territory: str, *, hazard_factor: float = 1.0) -> RiskResult:
    """Risk by sub-area from the stored layers (404 when there are none)."""
    rows = risk_layer_rows(session, territory)
    if not rows:
        raise NotFoundError(
            f"地区 {territory} 没有风险图层", f"territory {territory} has no risk layers"
        )
    if not hazard_factor > 0:
        raise DataValidationError(
            [
                Problem(
                    "risk",
                    None,
                    "hazard_factor",
                    str(hazard_factor),
                    message=Text("情景系数应为正数", "the scenario factor must be positive"),
                )
            ]
        )
    return assess_risk(rows, where="stored risk layers", hazard_factor=hazard_factor)


def import_zones(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    zones: Sequence[Mapping[str, object]],
    evaluations: Sequence[Mapping[str, object]],
    *,
    illustrative: bool = False,
) -> list[ZoneResult]:
    """Replace one year's drainage zones and item evaluations (checked whole first)."""
    require_office(actor)
    results = evaluate_zones(zones, evaluations)
    for table in (AdaptationZone, AdaptationZoneItem):
        session.execute(delete(table).where(table.territory_code == territory, table.year == year))
    session.add_all(
        AdaptationZone(
            territory_code=territory,
            year=year,
            zone=str(z["zone"]),
            name_zh=str(z.get("name_zh", "")),
            name_en=str(z.get("name_en", "")),
            area_km2=float(str(z["area_km2"])),
            built_up_km2=float(str(z["built_up_km2"])),
            illustrative=illustrative,
        )
        for z in zones
    )
    session.add_all(
        AdaptationZoneItem(
            territory_code=territory,
            year=year,
            zone=str(e["zone"]),
            item=str(e["item"]),
            target=_optional(e.get("target")),
            measured=_optional(e.get("measured")),
            passed=str(e.get("passed", "") or ""),
            source=str(e.get("source", "")),
        )
        for e in evaluations
    )
    audit.record(
        session,
        actor,
        "import",
        "adaptation_zones",
        territory,
        after={"year": year, "zones": len(zones), "items": len(evaluations)},
    )
    return results


def zone_years(session: Session, territory: str) -> list[int]:
    query = select(AdaptationZone.year).where(AdaptationZone.territory_code == territory).distinct()
    return sorted(session.scalars(query))


def zone_results(session: Session, territory: str, year: int) -> list[ZoneResult]:
    """The drainage zones of ``year`` evaluated by the core (404 when none are stored)."""
    zones = session.scalars(
        select(AdaptationZone)
        .where(AdaptationZone.territory_code == territory, AdaptationZone.year == year)
        .order_by(AdaptationZone.zone)
    ).all()
    if not zones:
        raise NotFoundError(
            f"{territory} 没有 {year} 年的排水分区评价",
            f"{territory} has no drainage-zone evaluation for {year}",
        )
    items = session.scalars(
        select(AdaptationZoneItem)
        .where(AdaptationZoneItem.territory_code == territory, AdaptationZoneItem.year == year)
        .order_by(AdaptationZoneItem.id)
    ).all()
    return evaluate_zones(
        [
            {
                "zone": z.zone,
                "name_zh": z.name_zh,
                "name_en": z.name_en,
                "area_km2": z.area_km2,
                "built_up_km2": z.built_up_km2,
            }
            for z in zones
        ],
        [
            {
                "zone": i.zone,
                "item": i.item,
                "target": i.target,
                "measured": i.measured,
                "passed": i.passed,
                "source": i.source,
            }
            for i in items
        ],
        where="stored sponge evaluations",
    )


def zone_view(result: ZoneResult, lang: str) -> dict[str, Any]:
    """A drainage zone's result as plain values (item names in ``lang``)."""
    return {
        "zone": result.zone,
        "name": result.name.pick(lang),
        "built_up_km2": result.built_up_km2,
        "meets": result.meets,
        "missing": list(result.missing),
        "items": [
            {
                "item": r.item.item,
                "name": r.item.name.pick(lang),
                "kind": r.item.kind,
                "target": r.target,
                "measured": r.measured,
                "unit": r.item.unit,
                "passed": r.passed,
                "source": r.source,
            }
            for r in result.items
        ],
    }


def sponge_summary(session: Session, territory: str, year: int) -> dict[str, Any]:
    results = zone_results(session, territory, year)
    meeting, total, share = share_meeting(results)
    return {
        "year": year,
        "results": results,
        "meeting_km2": meeting,
        "built_up_km2": total,
        "share_percent": share,
    }


def import_green_years(
    session: Session,
    actor: Actor,
    territory: str,
    years: Sequence[GreenYear],
    *,
    illustrative: bool = False,
) -> int:
    """Replace the territory's green-space years (checked by the core first)."""
    require_office(actor)
    green_indicator_values(years)  # raises on a non-positive area or population
    session.execute(
        delete(AdaptationGreenYear).where(AdaptationGreenYear.territory_code == territory)
    )
    session.add_all(
        AdaptationGreenYear(territory_code=territory, illustrative=illustrative, **y.__dict__)
        for y in years
    )
    audit.record(
        session, actor, "import", "adaptation_green_years", territory, after={"rows": len(years)}
    )
    return len(years)


def green_years(session: Session, territory: str) -> list[GreenYear]:
    query = select(AdaptationGreenYear).where(AdaptationGreenYear.territory_code == territory)
    return [
        GreenYear(
            r.year,
            r.built_up_km2,
            r.green_covered_km2,
            r.park_green_space_m2,
            r.population,
            r.new_parks_cumulative,
            r.greenway_km_cumulative,
            r.source,
        )
        for r in session.scalars(query.order_by(AdaptationGreenYear.year))
    ]


def green_summary(session: Session, territory: str) -> list[dict[str, Any]]:
    values = {
        (v.indicator_id, v.year): v.value
        for v in green_indicator_values(green_years(session, territory))
    }
    return [
        {
            **y.__dict__,
            "green_coverage_percent": values[("built_up_green_coverage", y.year)],
            "park_m2_per_person": values[("park_green_space_per_person", y.year)],
            "progress": plan_progress(y),
        }
        for y in green_years(session, territory)
    ]


def indicator_values(session: Session, territory: str) -> list[IndicatorValue]:
    """Plan indicators 11 (green coverage), 12 (park space per person) and 13 (sponge-city
    share) of every year this module has data for."""
    values = green_indicator_values(green_years(session, territory))
    by_year = {
        year: zone_results(session, territory, year) for year in zone_years(session, territory)
    }
    return values + sponge_indicator_values(
        by_year, source="drainage-zone evaluations (GB/T 51345-2018)"
    )


def stamp(session: Session, territory: str) -> tuple[object, ...]:
    """What :func:`indicator_values` depends on (for the indicator caches)."""
    parts = []
    for table in (AdaptationGreenYear, AdaptationZone, AdaptationZoneItem):
        parts.append(
            tuple(
                session.execute(
                    select(func.count(table.id), func.max(table.id)).where(
                        table.territory_code == territory
                    )
                ).one()
            )
        )
    return tuple(parts)


def save_shapes(
    session: Session,
    actor: Actor,
    territory: str,
    kind: str,
    geojson: Mapping[str, Any],
    *,
    schematic: bool,
    source: str,
    coordinate_system: str = "",
) -> int:
    """Store a territory's GeoJSON FeatureCollection of sub-areas or drainage zones; each
    feature needs ``properties.id`` (the sub-area or zone id)."""
    require_office(actor)
    problems: list[Problem] = []
    if kind not in SHAPE_KINDS:
        problems.append(
            Problem(
                "GeoJSON",
                None,
                "kind",
                kind,
                message=Text(
                    f"应为：{', '.join(SHAPE_KINDS)}", f"must be one of: {', '.join(SHAPE_KINDS)}"
                ),
            )
        )
    features = geojson.get("features") if geojson.get("type") == "FeatureCollection" else None
    if not isinstance(features, list):
        problems.append(
            Problem(
                "GeoJSON",
                None,
                "type",
                str(geojson.get("type")),
                message=Text("应为 FeatureCollection", "must be a FeatureCollection"),
            )
        )
        features = []
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or not props.get("id"):
            problems.append(
                Problem(
                    "GeoJSON",
                    number,
                    "properties.id",
                    "",
                    message=Text("每个要素须有 properties.id", "every feature needs properties.id"),
                )
            )
    if problems:
        raise DataValidationError(problems)
    row = session.scalar(
        select(AdaptationShape).where(
            AdaptationShape.territory_code == territory, AdaptationShape.kind == kind
        )
    )
    if row is None:
        row = AdaptationShape(territory_code=territory, kind=kind)
        session.add(row)
    row.geojson = json.dumps(geojson, ensure_ascii=False)
    row.schematic = schematic
    # An uploaded Shapefile's .prj says which system its coordinates are in: keep it with the source.
    row.source = f"{source} ({coordinate_system[:200]})" if coordinate_system else source
    audit.record(
        session,
        actor,
        "import",
        "adaptation_shapes",
        territory,
        after={"kind": kind, "features": len(features), "schematic": schematic},
    )
    return len(features)


def shapes(session: Session, territory: str, kind: str) -> tuple[dict[str, Any], bool, str] | None:
    row = session.scalar(
        select(AdaptationShape).where(
            AdaptationShape.territory_code == territory, AdaptationShape.kind == kind
        )
    )
    if row is None:
        return None
    return json.loads(row.geojson), row.schematic, row.source


def map_layers(session: Session, territory: str, lang: str) -> dict[str, Any]:
    """GeoJSON of sub-areas coloured by risk and of drainage zones by sponge-city status,
    with warnings standing per sub-area (for the offline ECharts map)."""
    from cityclimate.adaptation import active_warnings
    from cityclimate.services.adaptation.census import census
    from cityclimate.services.adaptation.warnings import sites, warning_events

    out: dict[str, Any] = {"sub_areas": None, "zones": None, "schematic": False, "sources": []}
    sub = shapes(session, territory, "sub_area")
    if sub is not None:
        geo, schematic, source = sub
        try:
            scores = {
                r["sub_area"]: r["risk"]
                for r in risk(session, territory).risk.iter_rows(named=True)
            }
        except NotFoundError:
            scores = {}
        try:
            standing = active_warnings(warning_events(session, territory))
        except NotFoundError:
            standing = []
        area_of = {s.site: s.sub_area for s in sites(session, territory)}
        warned: dict[str, str] = {}
        for event in standing:
            area = area_of.get(event.site, "")
            text = f"{event.hazard_name.pick(lang)} {event.level.text.pick(lang)}"
            warned[area] = f"{warned[area]}, {text}" if area in warned else text
        recorded = Counter(r.sub_area for r in census(session, territory))
        for feature in geo["features"]:
            key = feature["properties"]["id"]
            feature["properties"]["risk"] = scores.get(key)
            feature["properties"]["warnings"] = warned.get(key, "")
            feature["properties"]["census"] = recorded.get(key, 0)
        out["sub_areas"] = geo
        out["schematic"] = out["schematic"] or schematic
        out["sources"].append(source)
    zones = shapes(session, territory, "drainage_zone")
    years = zone_years(session, territory)
    if zones is not None and years:
        geo, schematic, source = zones
        results = {r.zone: r for r in zone_results(session, territory, years[-1])}
        for feature in geo["features"]:
            result = results.get(feature["properties"]["id"])
            feature["properties"]["meets"] = None if result is None else result.meets
            feature["properties"]["name"] = (
                result.name.pick(lang) if result else feature["properties"]["id"]
            )
        out["zones"] = geo
        out["zone_year"] = years[-1]
        out["schematic"] = out["schematic"] or schematic
        out["sources"].append(source)
    return out
