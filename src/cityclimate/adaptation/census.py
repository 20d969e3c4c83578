"""The disaster-risk census (自然灾害综合风险普查): hazard sites with their type and location.

The national census of 2020–2022 recorded hazard-bearing sites (landslides, collapses, debris
flows, waterlogging points, flood-prone places, fire hazards …) with coordinates. A territory
imports its records (CSV or XLSX, one row a site); they are shown as a layer of the map and
counted by sub-area and type beside the risk assessment, each record keeping its source.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityclimate.errors import DataValidationError, Problem, require_table
from cityclimate.text import Text

#: Columns of a census file (``sub_area`` and ``source`` may be empty).
COLUMNS = ("record_id", "hazard_type", "name", "sub_area", "longitude", "latitude", "source")
#: The hazard types a record may have, with their names.
HAZARD_TYPES: dict[str, Text] = {
    "landslide": Text("滑坡", "landslide"),
    "collapse": Text("崩塌", "collapse"),
    "debris_flow": Text("泥石流", "debris flow"),
    "subsidence": Text("地面塌陷", "ground subsidence"),
    "waterlogging": Text("内涝积水点", "waterlogging point"),
    "flood": Text("洪水风险区", "flood-prone area"),
    "fire": Text("火灾隐患", "fire hazard"),
    "other": Text("其他", "other"),
}


@dataclass(frozen=True)
class CensusRecord:
    """One census site (WGS 84 degrees)."""

    record_id: str
    hazard_type: str
    name: str
    sub_area: str
    longitude: float
    latitude: float
    source: str


def parse_census(rows: Sequence[Mapping[str, object]], where: str) -> list[CensusRecord]:
    """Census records of a table's rows; every bad row is reported at once (row, column, fix).

    Raises
    ------
    DataValidationError
        No data rows or a missing column; an empty or repeated ``record_id``; an unknown
        ``hazard_type``; a longitude outside −180…180 or a latitude outside −90…90; an empty name.
    """
    require_table(rows, COLUMNS, where)
    problems: list[Problem] = []
    records: list[CensusRecord] = []
    seen: dict[str, int] = {}
    types = ", ".join(HAZARD_TYPES)
    for number, row in enumerate(rows, start=1):
        cells = {c: "" if row.get(c) is None else str(row.get(c)).strip() for c in COLUMNS}

        def bad(
            column: str, zh: str, en: str, cells: dict[str, str] = cells, n: int = number
        ) -> None:
            problems.append(Problem(where, n, column, cells[column], message=Text(zh, en)))

        record_id = cells["record_id"]
        if not record_id:
            bad("record_id", "记录编号不能为空", "the record id is empty")
        elif record_id in seen:
            bad(
                "record_id",
                f"与第 {seen[record_id]} 行编号重复",
                f"repeats the id of row {seen[record_id]}",
            )
        seen.setdefault(record_id, number)
        if cells["hazard_type"] not in HAZARD_TYPES:
            bad("hazard_type", f"灾害类型应为：{types}", f"the hazard type is one of: {types}")
        if not cells["name"]:
            bad("name", "名称不能为空", "the name is empty")
        longitude, latitude = _degrees(cells["longitude"]), _degrees(cells["latitude"])
        if not -180 <= longitude <= 180:
            bad("longitude", "经度应为 -180 至 180 的十进制度数（WGS 84）",
                "the longitude is decimal degrees from -180 to 180 (WGS 84)")  # fmt: skip
        if not -90 <= latitude <= 90:
            bad("latitude", "纬度应为 -90 至 90 的十进制度数（WGS 84）",
                "the latitude is decimal degrees from -90 to 90 (WGS 84)")  # fmt: skip
        records.append(CensusRecord(record_id, cells["hazard_type"], cells["name"],
                                    cells["sub_area"], longitude, latitude, cells["source"]))  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    return records


def _degrees(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return math.nan
    return value if math.isfinite(value) else math.nan


def counts(records: Sequence[CensusRecord]) -> list[dict[str, object]]:
    """Records counted by sub-area and hazard type, sub-areas in code order."""
    tally = Counter((r.sub_area, r.hazard_type) for r in records)
    return [{"sub_area": area, "hazard_type": kind, "records": n}
            for (area, kind), n in sorted(tally.items())]  # fmt: skip
