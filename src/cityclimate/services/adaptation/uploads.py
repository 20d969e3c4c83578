"""One way in for a territory's adaptation tables (issue 17), whatever the face.

The API, the page and the CLI read an uploaded file into rows (:mod:`cityclimate.io`) and hand
them here with the kind of table; each kind is checked whole by the core and stored by its
service, so a second territory sets up its warnings, risk layers and census exactly as the demo
does, and the three faces cannot drift apart. Observation and forecast feeds re-evaluate the
warnings (and send the new ones to the departments responsible).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from cityclimate.adaptation import active_warnings
from cityclimate.adaptation.census import parse_census
from cityclimate.adaptation.feeds import parse_feed, parse_forecast
from cityclimate.adaptation.green import parse_green_years
from cityclimate.adaptation.sponge import EVALUATION_COLUMNS, ZONE_COLUMNS
from cityclimate.errors import DataValidationError, Problem, require_table
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation import assessments, census, notices, warnings
from cityclimate.text import Text

#: The kinds of table, with their names (what the page's chooser shows).
KINDS: dict[str, Text] = {
    "observations": Text("观测数据", "observations"),
    "forecasts": Text("预报数据", "forecasts"),
    "sites": Text("观测站点与网格", "stations and grid cells"),
    "responsibilities": Text("预警责任部门", "warning responsibilities"),
    "risk_layers": Text("风险图层", "risk layers"),
    "census": Text("灾害风险普查记录", "disaster-risk census records"),
    "green_years": Text("绿地年度数据", "green-space years"),
    "sponge_zones": Text(
        "排水分区海绵城市评价（一年）", "drainage-zone sponge-city evaluation (one year)"
    ),
}
#: Columns of a drainage-zone file: one row per zone and GB/T 51345-2018 item, one year a file
#: (the zone's name and areas repeat on each of its rows; the first row's count).
ZONE_FILE_COLUMNS = (*ZONE_COLUMNS[:1], "year", *ZONE_COLUMNS[1:], *EVALUATION_COLUMNS[1:])
SITE_COLUMNS = ("site", "kind", "name_zh", "name_en", "sub_area")


def _sites(rows: Sequence[Mapping[str, object]], where: str) -> list[dict[str, str]]:
    require_table(rows, ("site",), where)  # kind, name_zh, name_en, sub_area are optional
    problems: list[Problem] = []
    out = []
    for number, row in enumerate(rows, start=1):
        cells = {c: str(row.get(c) or "").strip() for c in SITE_COLUMNS}
        if not cells["site"]:
            problems.append(Problem(where, number, "site", "", message=Text(
                "站点或网格编号不能为空", "the station or grid-cell id is empty")))  # fmt: skip
        if cells["kind"] not in ("", "station", "grid_cell"):
            problems.append(Problem(where, number, "kind", cells["kind"], message=Text(
                "应为 station 或 grid_cell", "must be station or grid_cell")))  # fmt: skip
        out.append({**cells, "kind": cells["kind"] or "station"})
    if problems:
        raise DataValidationError(problems)
    return out


def import_rows(
    session: Session,
    actor: Actor,
    territory: str,
    kind: str,
    rows: Sequence[Mapping[str, object]],
    *,
    where: str,
    timezone: str | None = None,
) -> dict[str, Any]:
    """Check and store one table of ``kind`` (all or nothing); what was stored, as counts.

    ``timezone`` is the feed's zone for times without an offset (observations, forecasts;
    default: the territory's warning settings)."""
    warnings.require_office(actor)
    if kind not in KINDS:
        listed = ", ".join(KINDS)
        raise DataValidationError([Problem(where, None, "kind", kind, message=Text(
            f"数据类型应为：{listed}", f"the kind of table is one of: {listed}"))])  # fmt: skip
    if kind in ("observations", "forecasts"):
        zone = timezone or warnings.get_settings(session, territory).timezone
        if kind == "observations":
            stored = warnings.import_feed(session, actor, territory,
                                          parse_feed(rows, where, timezone=zone), where=where)  # fmt: skip
        else:
            stored = warnings.import_forecast(session, actor, territory,
                                              parse_forecast(rows, where, timezone=zone), where=where)  # fmt: skip
        events = warnings.evaluate(session, actor, territory)
        return {"stored": stored, "events": len(events), "active": len(active_warnings(events))}
    if kind == "sites":
        return {"stored": warnings.save_sites(session, actor, territory, _sites(rows, where))}
    if kind == "responsibilities":
        found = notices.save_responsibilities(session, actor, territory, rows, where)
        return {"stored": len(found)}
    if kind == "risk_layers":
        return {
            "stored": assessments.import_risk_layers(session, actor, territory, rows, where=where)
        }
    if kind == "census":
        records = parse_census(rows, where)
        return {"stored": census.import_census(session, actor, territory, records, where=where)}
    if kind == "sponge_zones":
        return {"stored": len(_zones(session, actor, territory, rows, where))}
    years = parse_green_years(rows, where)
    return {"stored": assessments.import_green_years(session, actor, territory, years)}


def _zones(
    session: Session, actor: Actor, territory: str, rows: Sequence[Mapping[str, object]], where: str
) -> list[Any]:
    """One year's drainage zones and their item evaluations from one table (see
    :data:`ZONE_FILE_COLUMNS`); problems are named by the file's own rows."""
    require_table(rows, ZONE_FILE_COLUMNS, where)
    years = sorted({str(r["year"]).strip() for r in rows})
    if len(years) != 1 or not years[0].isdigit():
        raise DataValidationError([Problem(where, None, "year", ", ".join(years), message=Text(
            "每个文件只含一个评价年度", "one evaluation year a file"))])  # fmt: skip
    first_row: dict[str, int] = {}
    zones = []
    for number, row in enumerate(rows, start=1):
        zone = str(row["zone"]).strip()
        if zone not in first_row:
            first_row[zone] = number
            zones.append({c: row[c] for c in ZONE_COLUMNS})
    evaluations = [{c: row[c] for c in EVALUATION_COLUMNS} for row in rows]
    zone_rows = list(first_row.values())
    try:
        return assessments.import_zones(
            session, actor, territory, int(years[0]), zones, evaluations
        )
    except DataValidationError as exc:  # the core numbers zones and evaluations apart
        raise DataValidationError([
            replace(p, where=where, row=zone_rows[p.row - 1] if p.where == "drainage zones" and p.row else p.row)
            for p in exc.problems
        ]) from exc  # fmt: skip
