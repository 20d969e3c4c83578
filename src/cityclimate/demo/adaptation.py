"""The Liangjiang adaptation demo: ILLUSTRATIVE, simulated data, schematic shapes.

- A simulated summer (1 June – 31 August 2024, China Standard Time) of observations at two
  stations and one grid cell (``adaptation/sites.csv``): hourly rain and three-hourly
  temperature made by :func:`summer_feed_rows` from a few stated storms and a stated run of
  daily maxima, so that it raises rainstorm (blue, orange → red, yellow) and heat (yellow,
  orange, red) warnings. Nothing here is a real observation.
- Risk layers of the nine sub-areas (``risk_layers.csv``), drainage zones with their
  GB/T 51345-2018 items for 2021–2023 (``zones.csv``), green-space years (``green_years.csv``
  with the areas and population of ``indicators/series.csv``).
- Who answers for which warnings (``responsibilities.csv``, departments of the demo plan,
  deadlines to acknowledge made up) and a disaster-risk census of ten made-up sites
  (``census.csv``): both ILLUSTRATIVE.
- Shapes: rectangles in a grid (:func:`schematic_shapes`), **schematic, not boundaries**.

:func:`load_adaptation` writes all of it through the services (``cityclimate demo load``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from cityclimate.adaptation.census import parse_census
from cityclimate.adaptation.feeds import parse_feed
from cityclimate.adaptation.green import GreenYear
from cityclimate.adaptation.sponge import shipped_items
from cityclimate.demo import liangjiang
from cityclimate.demo.indicators import liangjiang_series
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation import assessments, census, notices, warnings
from cityclimate.text import Text

TIMEZONE = "Asia/Shanghai"
CST = dt.timezone(dt.timedelta(hours=8))
FIRST_DAY = dt.date(2024, 6, 1)
ESCALATED_ON = dt.datetime(2024, 8, 1, tzinfo=CST)
DAYS = 92
SCHEMATIC = "示意图 SCHEMATIC: rectangles in a grid, not official boundaries"
NOTICE = Text(
    "示例数据：模拟的 2024 年夏季观测，并非真实预警；地图为示意图。",
    "ILLUSTRATIVE: a simulated summer 2024, not real warnings; the map shapes are schematic.",
)
#: Storms: (site, first hour (local), hourly rain in mm). Hand-made to raise each colour.
STORMS: tuple[tuple[str, dt.datetime, tuple[float, ...]], ...] = (
    ("S-YL", dt.datetime(2024, 6, 18, 20, tzinfo=CST), (5.0,) * 12),  # 60 mm in 12 h: blue
    ("S-JBZ", dt.datetime(2024, 7, 8, 2, tzinfo=CST), (10.0, 30.0, 40.0, 35.0, 10.0, 5.0)),  # red
    (
        "G-ST-01",
        dt.datetime(2024, 8, 12, 1, tzinfo=CST),
        (8.0, 9.0, 9.0, 9.0, 8.0, 9.0, 4.0),
    ),  # yellow
    ("S-JBZ", dt.datetime(2024, 6, 25, 14, tzinfo=CST), (2.0, 3.0, 1.0)),  # a shower: nothing
)
#: Daily maximum temperature (°C) by date; other days 31–33 °C.
HEAT_WAVE = {
    dt.date(2024, 7, 21): 35.2,
    dt.date(2024, 7, 22): 35.8,
    dt.date(2024, 7, 23): 36.4,
    dt.date(2024, 7, 24): 37.6,
    dt.date(2024, 7, 25): 39.1,
    dt.date(2024, 7, 26): 40.3,
    dt.date(2024, 7, 27): 38.2,
    dt.date(2024, 7, 28): 36.0,
    dt.date(2024, 7, 29): 34.0,
}
#: Site offsets of the daily maximum (°C).
OFFSETS = {"S-JBZ": 0.4, "S-YL": 0.0, "G-ST-01": -0.6}


def _csv(name: str, package: str = "cityclimate.demo", *parts: str) -> list[dict[str, str]]:
    folder = parts or ("data", "liangjiang", "adaptation")
    text = resources.files(package).joinpath(*folder, name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def site_rows() -> list[dict[str, str]]:
    """The demo's stations and grid cell (``sites.csv``)."""
    return _csv("sites.csv")


def risk_rows() -> list[dict[str, str]]:
    """The demo's risk layers (``risk_layers.csv``)."""
    return _csv("risk_layers.csv")


def summer_feed_rows() -> list[dict[str, object]]:
    """The simulated summer as feed rows (site, time, variable, value, unit), local times."""
    rain: dict[tuple[str, dt.datetime], float] = {}
    for site, start, amounts in STORMS:
        for hour, amount in enumerate(amounts):
            rain[(site, start + dt.timedelta(hours=hour))] = amount
    rows: list[dict[str, object]] = []
    for site, offset in OFFSETS.items():
        for day in range(DAYS):
            date = FIRST_DAY + dt.timedelta(days=day)
            peak = HEAT_WAVE.get(date, 31.0 + 2.0 * math.sin(day / 9.0) ** 2) + offset
            for hour in range(24):
                time = dt.datetime.combine(date, dt.time(hour), tzinfo=CST)
                stamp = time.strftime("%Y-%m-%dT%H:%M")
                rows.append(
                    {
                        "site": site,
                        "time": stamp,
                        "variable": "precipitation",
                        "value": rain.get((site, time), 0.0),
                        "unit": "mm",
                    }
                )
                if hour % 3 == 2:  # 02:00, 05:00 … 14:00 … 23:00
                    warmth = max(0.0, math.sin(math.pi * (hour - 5) / 18.0))
                    rows.append(
                        {
                            "site": site,
                            "time": stamp,
                            "variable": "air_temperature",
                            "value": round(peak - 8.0 + 8.0 * warmth, 2),
                            "unit": "degC",
                        }
                    )
    return rows


def _rectangles(
    ids: list[tuple[str, str]], columns: int, origin: tuple[float, float]
) -> dict[str, Any]:
    width, height = 0.12, 0.08
    features = []
    for index, (key, name) in enumerate(ids):
        x = origin[0] + (index % columns) * width
        y = origin[1] + (index // columns) * height
        ring = [[x, y], [x + width, y], [x + width, y + height], [x, y + height], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"id": key, "name": name},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[round(a, 4), round(b, 4)] for a, b in ring]],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def schematic_shapes() -> dict[str, dict[str, Any]]:
    """Sub-areas (3 × 3) and drainage zones (3 × 2) as rectangles: SCHEMATIC."""
    subs = [
        (t["code"], t["name_zh"])
        for t in _csv("territories.csv", "cityclimate.refdata", "data")
        if t["code"].startswith(f"{liangjiang.TERRITORY}-")
    ]
    zones = sorted({(r["zone"], r["name_zh"]) for r in _csv("zones.csv")})
    return {
        "sub_area": _rectangles(subs, 3, (106.45, 29.55)),
        "drainage_zone": _rectangles(zones, 3, (106.45, 29.55)),
    }


def zone_tables(year: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """(zones, item evaluations) of ``year``: every item passes except a zone's
    ``failing_item``; the runoff capture rate is measured against its target."""
    rows = [r for r in _csv("zones.csv") if int(r["year"]) == year]
    zones: list[dict[str, object]] = [
        {k: r[k] for k in ("zone", "name_zh", "name_en", "area_km2", "built_up_km2")} for r in rows
    ]
    evaluations: list[dict[str, object]] = []
    for r in rows:
        for item in shipped_items().values():
            if item.comparison == "pass":
                passed = "no" if item.item == r["failing_item"] else "yes"
                evaluations.append(
                    {"zone": r["zone"], "item": item.item, "passed": passed, "source": r["source"]}
                )
            else:
                evaluations.append(
                    {
                        "zone": r["zone"],
                        "item": item.item,
                        "target": r["capture_target"],
                        "measured": r["capture_measured"],
                        "source": r["source"],
                    }
                )
    return zones, evaluations


def green_years() -> list[GreenYear]:
    series = liangjiang_series()
    out = []
    for r in _csv("green_years.csv"):
        year = int(r["year"])
        out.append(
            GreenYear(
                year=year,
                built_up_km2=series["built_up_area"].values[year],
                green_covered_km2=series["green_covered_area"].values[year],
                park_green_space_m2=series["park_green_space"].values[year],
                population=series["population"].values[year],
                new_parks_cumulative=int(r["new_parks_cumulative"]),
                greenway_km_cumulative=float(r["greenway_km_cumulative"]),
                source=r["source"],
            )
        )
    return out


def settings() -> warnings.Settings:
    return warnings.Settings(
        territory=liangjiang.TERRITORY,
        jurisdiction="CN-CQ",
        # Liangjiang has no GB/T 2260 code of its own: Yubei District's (500112) stands in [U].
        region_code="500112",
        timezone=TIMEZONE,
        sender="demo.liangjiang.cityclimate",
        sender_name=Text(
            "两江新区示例预警发布（示例）", "Liangjiang demo warning desk (illustrative)"
        ),
        illustrative=True,
    )


def load_adaptation(session: Session, actor: Actor) -> dict[str, int]:
    """Write the adaptation demo through the services (the caller checks it is not loaded)."""
    territory = liangjiang.TERRITORY
    warnings.save_settings(session, actor, settings())
    warnings.save_sites(session, actor, territory, site_rows())
    observations = parse_feed(summer_feed_rows(), "simulated summer 2024", timezone=TIMEZONE)
    warnings.import_feed(
        session, actor, territory, observations, where="simulated summer 2024", illustrative=True
    )
    # Responsibilities before the evaluation: it sends the summer's warnings to them.
    notices.save_responsibilities(
        session, actor, territory, _csv("responsibilities.csv"), "responsibilities.csv"
    )
    events = warnings.evaluate(session, actor, territory)
    # As if the office escalated on 1 August: July's unacknowledged notices are escalated,
    # August's stay overdue (no department user of the demo acknowledges anything).
    notices.escalate(session, actor, territory, ESCALATED_ON)
    census.import_census(session, actor, territory, parse_census(_csv("census.csv"), "census.csv"),
                         where="census.csv", illustrative=True)  # fmt: skip
    assessments.import_risk_layers(
        session,
        actor,
        territory,
        _csv("risk_layers.csv"),
        where="risk_layers.csv",
        illustrative=True,
    )
    for year in (2021, 2022, 2023):
        zones, evaluations = zone_tables(year)
        assessments.import_zones(
            session, actor, territory, year, zones, evaluations, illustrative=True
        )
    assessments.import_green_years(session, actor, territory, green_years(), illustrative=True)
    for kind, geo in schematic_shapes().items():
        assessments.save_shapes(
            session, actor, territory, kind, geo, schematic=True, source=SCHEMATIC
        )
    return {"observations": len(observations), "warnings": len(events)}
