"""One way in for a territory's adaptation tables (issue 17), whatever the face.

The API, the page and the CLI read an uploaded file into rows (:mod:`cityclimate.io`) and hand
them here with the kind of table; each kind is checked whole by the core and stored by its
service, so a second territory sets up its warnings, risk layers and census exactly as the demo
does, and the three faces cannot drift apart. Observation and forecast feeds re-evaluate the
warnings (and send the new ones to the departments responsible).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from cityclimate.adaptation import active_warnings
from cityclimate.adaptation.census import parse_census
from cityclimate.adaptation.feeds import parse_feed, parse_forecast
from cityclimate.adaptation.green import parse_green_years
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
}
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
    years = parse_green_years(rows, where)
    return {"stored": assessments.import_green_years(session, actor, territory, years)}
