"""Parks and pilots on the platform: definitions, boundary versions and the park's own data.

A park is stored as its definition (``parks``) and its boundary versions
(``park_boundaries``); a stored version never changes (a published evaluation used it), a
new one is added. The park's own data (activity records of the shared infrastructure,
electricity attributes, entered indicator values) are stored per kind, all years at once,
after the core checked every row (all or nothing). Every write is audited.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import parks as core
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import ACTIVITY_COLUMNS, Method, compute_emissions
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.enterprises.reports import inventory_method
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.storage.enterprises_models import EnterpriseRecord
from cityclimate.storage.models import Territory
from cityclimate.storage.parks_models import ParkBoundaryRecord, ParkData, ParkRecord
from cityclimate.text import Text

#: Kinds of park data and the columns each row has.
DATA_KINDS: dict[str, dict[str, type[pl.DataType]]] = {
    "activities": ACTIVITY_COLUMNS,
    "attributes": core.ATTRIBUTE_COLUMNS,
    "indicators": {
        "year": pl.Int64,
        "indicator_id": pl.String,
        "value": pl.Float64,
        "source": pl.String,
    },
}


def require_office(actor: Actor) -> None:
    """Only the climate office (and admins) define parks and enter their data."""
    if actor.role not in OFFICE:
        raise PermissionDeniedError(
            "只有气候办可维护园区数据", "only the climate office maintains park data"
        )


def park_not_found(park_id: str) -> NotFoundError:
    return NotFoundError(f"没有园区 {park_id}", f"no park {park_id}")


def park_from_json(data: dict[str, Any]) -> core.Park:
    """A core park from its JSON form (``park_json``); bad values raise DataValidationError."""
    try:
        return core.Park(
            park_id=str(data["park_id"]),
            name_zh=str(data["name_zh"]),
            name_en=str(data.get("name_en") or ""),
            kind=core.ParkKind(data["kind"]),
            territory=str(data["territory"]),
            indicator_set=str(data["indicator_set"]),
            base_year=int(data["base_year"]),
            target_year=int(data["target_year"]),
            electricity_method=core.ElectricityMethod(
                data.get("electricity_method") or core.ElectricityMethod.MARKET
            ),
            illustrative=bool(data.get("illustrative", False)),
            boundaries=tuple(_boundary(b) for b in data.get("boundaries") or ()),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise DataValidationError(
            [
                Problem(
                    "park",
                    None,
                    str(exc.args[0]) if exc.args else None,
                    "",
                    message=Text(
                        f"园区定义不完整或有误（{exc}）：请给出编号、名称、类型、地区、指标体系、基准年、目标年和边界",
                        f"the park definition is incomplete or wrong ({exc}): give id, name, "
                        "kind, territory, indicator set, base and target year and boundaries",
                    ),
                )
            ]
        ) from exc


def _boundary(data: dict[str, Any]) -> core.ParkBoundary:
    return core.ParkBoundary(
        version=int(data["version"]),
        valid_from=int(data["valid_from"]),
        members=tuple(
            core.Member(str(m["enterprise_id"]), tuple(str(f) for f in m.get("facility_ids") or ()))
            for m in data.get("members") or ()
        ),
        assets=tuple(
            core.SharedAsset(
                asset_id=str(a["asset_id"]),
                kind=str(a["kind"]),
                name_zh=str(a.get("name_zh") or a["asset_id"]),
                name_en=str(a.get("name_en") or ""),
                capacity=None if a.get("capacity") is None else float(a["capacity"]),
                capacity_unit=a.get("capacity_unit"),
            )
            for a in data.get("assets") or ()
        ),
        reason=str(data.get("reason") or ""),
    )


def boundary_json(boundary: core.ParkBoundary) -> dict[str, Any]:
    return {
        "version": boundary.version,
        "valid_from": boundary.valid_from,
        "members": [
            {"enterprise_id": m.enterprise_id, "facility_ids": list(m.facility_ids)}
            for m in boundary.members
        ],
        "assets": [
            {
                "asset_id": a.asset_id,
                "kind": a.kind,
                "name_zh": a.name_zh,
                "name_en": a.name_en,
                "capacity": a.capacity,
                "capacity_unit": a.capacity_unit,
            }
            for a in boundary.assets
        ],
        "reason": boundary.reason,
    }


def park_json(park: core.Park) -> dict[str, Any]:
    return {
        "park_id": park.park_id,
        "name_zh": park.name_zh,
        "name_en": park.name_en,
        "kind": park.kind.value,
        "territory": park.territory,
        "indicator_set": park.indicator_set,
        "base_year": park.base_year,
        "target_year": park.target_year,
        "electricity_method": park.electricity_method.value,
        "illustrative": park.illustrative,
        "boundaries": [boundary_json(b) for b in park.boundaries],
    }


def load_park(session: Session, park_id: str) -> core.Park:
    """The stored park with its boundary versions (core value)."""
    row = session.get(ParkRecord, park_id)
    if row is None:
        raise park_not_found(park_id)
    boundaries = session.scalars(
        select(ParkBoundaryRecord)
        .where(ParkBoundaryRecord.park_id == park_id)
        .order_by(ParkBoundaryRecord.valid_from)
    ).all()
    return core.Park(
        park_id=row.park_id,
        name_zh=row.name_zh,
        name_en=row.name_en,
        kind=core.ParkKind(row.kind),
        territory=row.territory_code,
        indicator_set=row.indicator_set,
        base_year=row.base_year,
        target_year=row.target_year,
        electricity_method=core.ElectricityMethod(row.electricity_method),
        illustrative=row.illustrative,
        boundaries=tuple(
            _boundary(
                {
                    "version": b.version,
                    "valid_from": b.valid_from,
                    "members": b.members,
                    "assets": b.assets,
                    "reason": b.reason,
                }
            )
            for b in boundaries
        ),
    )


def list_parks(session: Session) -> list[core.Park]:
    ids = session.scalars(select(ParkRecord.park_id).order_by(ParkRecord.park_id)).all()
    return [load_park(session, i) for i in ids]


def _reference_problems(session: Session, park: core.Park) -> list[Problem]:
    where = f"park {park.park_id}"
    problems = core.check_park(park)
    if session.get(Territory, park.territory) is None:
        problems.append(
            Problem(
                where,
                None,
                "territory",
                park.territory,
                message=Text("地区不存在：请先建立该地区", "no such territory: create it first"),
            )
        )
    known_sets = set(core.indicator_sets()["set_id"].to_list())
    if park.indicator_set not in known_sets:
        problems.append(
            Problem(
                where,
                None,
                "indicator_set",
                park.indicator_set,
                message=Text(
                    f"没有该指标体系：请从 {', '.join(sorted(known_sets))} 中选择",
                    f"no such indicator set: choose one of {', '.join(sorted(known_sets))}",
                ),
            )
        )
    ids = {m.enterprise_id for b in park.boundaries for m in b.members}
    known = set(
        session.scalars(
            select(EnterpriseRecord.enterprise_id).where(EnterpriseRecord.enterprise_id.in_(ids))
        ).all()
    )
    for eid in sorted(ids - known):
        problems.append(
            Problem(
                where,
                None,
                "members",
                eid,
                message=Text(
                    f"企业 {eid} 未在企业名录中登记：请先登记该企业",
                    f"enterprise {eid} is not in the registry: register it first",
                ),
            )
        )
    return problems


def save_park(
    session: Session, actor: Actor, park: core.Park, *, illustrative: bool = False
) -> core.Park:
    """Create a park or update its definition; boundary versions are added, never changed.

    Raises
    ------
    DataValidationError
        Every problem of the definition (unknown territory, set or member …).
    ConflictError
        When a stored boundary version would change.
    """
    require_office(actor)
    problems = _reference_problems(session, park)
    if problems:
        raise DataValidationError(problems)
    row = session.get(ParkRecord, park.park_id)
    before = None
    stored: dict[int, ParkBoundaryRecord] = {}
    if row is None:
        row = ParkRecord(park_id=park.park_id)
        session.add(row)
    else:
        before = {"name_zh": row.name_zh, "indicator_set": row.indicator_set}
        stored = {
            b.version: b
            for b in session.scalars(
                select(ParkBoundaryRecord).where(ParkBoundaryRecord.park_id == park.park_id)
            )
        }
    row.territory_code = park.territory
    row.name_zh, row.name_en = park.name_zh, park.name_en
    row.kind = park.kind.value
    row.indicator_set = park.indicator_set
    row.base_year, row.target_year = park.base_year, park.target_year
    row.electricity_method = park.electricity_method.value
    row.illustrative = illustrative or park.illustrative
    row.updated_by = actor.user_id
    session.flush()
    given = {b.version for b in park.boundaries}
    for version, old in stored.items():
        new = next((b for b in park.boundaries if b.version == version), None)
        kept = {
            "version": old.version,
            "valid_from": old.valid_from,
            "members": old.members,
            "assets": old.assets,
            "reason": old.reason,
        }
        if new is None or boundary_json(new) != boundary_json(_boundary(kept)):
            raise ConflictError(
                f"边界版本 {version} 已保存，不能修改或删除：请添加新版本",
                f"boundary version {version} is stored and cannot change or go: add a new version",
            )
    for boundary in park.boundaries:
        if boundary.version in stored:
            continue
        data = boundary_json(boundary)
        session.add(
            ParkBoundaryRecord(
                park_id=park.park_id,
                version=boundary.version,
                valid_from=boundary.valid_from,
                members=data["members"],
                assets=data["assets"],
                reason=boundary.reason,
                created_by=actor.user_id,
            )
        )
    session.flush()
    audit.record(
        session,
        actor,
        "save",
        "park",
        park.park_id,
        before=before,
        after={"name_zh": park.name_zh, "boundary_versions": sorted(given)},
    )
    return load_park(session, park.park_id)


def _typed(kind: str, rows: list[dict[str, Any]], where: str) -> pl.DataFrame:
    schema = DATA_KINDS[kind]
    unknown = sorted({k for r in rows for k in r} - set(schema))
    if unknown:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    unknown[0],
                    ", ".join(unknown),
                    message=Text(
                        f"未知的列：{', '.join(unknown)}；可用的列为 {', '.join(schema)}",
                        f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(schema)}",
                    ),
                )
            ]
        )
    try:
        return pl.DataFrame(
            [{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row", strict=False
        )
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    None,
                    "",
                    message=Text(
                        f"数据类型有误（{exc}）：年份为整数，数值为数字",
                        f"wrong data types ({exc}): years are whole numbers, values numbers",
                    ),
                )
            ]
        ) from exc


def check_data(park: core.Park, kind: str, frame: pl.DataFrame, where: str, method: Method) -> None:
    """The core's checks of one kind of park data (all rows, every problem); activity
    records are computed with the territory's method as the park inventory will be."""
    if kind == "activities":
        for year in sorted(set(frame["year"].drop_nulls().to_list())):
            compute_emissions(frame.filter(pl.col("year") == year), method, where=where)
        if frame["year"].null_count():
            raise DataValidationError(
                [Problem(where, None, "year", "", message=Text("年份为空", "a year is empty"))]
            )
    elif kind == "attributes":
        holders = {m.enterprise_id for b in park.boundaries for m in b.members}
        problems = core.check_attributes(frame, holders)
        if problems:
            raise DataValidationError(problems)
    else:
        ids = set(core.set_indicators(park.indicator_set)["indicator_id"].to_list())
        problems = []
        for i, row in enumerate(frame.iter_rows(named=True), start=1):
            if row["indicator_id"] not in ids:
                problems.append(
                    Problem(
                        where,
                        i,
                        "indicator_id",
                        str(row["indicator_id"]),
                        message=Text(
                            f"不是该园区指标体系的指标：应为 {', '.join(sorted(ids))} 之一",
                            f"not an indicator of the park's set: use one of {', '.join(sorted(ids))}",
                        ),
                    )
                )
            value = row["value"]
            if value is None or not math.isfinite(value) or row["year"] is None:
                problems.append(
                    Problem(
                        where,
                        i,
                        "value",
                        str(value),
                        message=Text(
                            "年份和数值不能为空，数值须为有限数", "give a year and a finite value"
                        ),
                    )
                )
        if problems:
            raise DataValidationError(problems)


def put_data(
    session: Session,
    actor: Actor,
    park_id: str,
    kind: str,
    rows: list[dict[str, Any]],
    *,
    source: str = "",
    illustrative: bool = False,
) -> ParkData:
    """Replace the park's data of one kind (all years) after the core checked every row."""
    require_office(actor)
    if kind not in DATA_KINDS:
        raise NotFoundError(f"没有数据类型 {kind}", f"no data kind {kind}")
    park = load_park(session, park_id)
    where = f"park {park_id} {kind}"
    frame = _typed(kind, rows, where)
    check_data(park, kind, frame, where, inventory_method(session, park.territory))
    item = session.scalar(
        select(ParkData).where(ParkData.park_id == park_id, ParkData.kind == kind)
    )
    before = None if item is None else {"rows": len(item.rows)}
    if item is None:
        item = ParkData(park_id=park_id, kind=kind)
        session.add(item)
    item.rows = audit.json_safe(frame.to_dicts())
    item.source = source[:300]
    item.illustrative = illustrative
    item.updated_by = actor.user_id
    session.flush()
    audit.record(
        session,
        actor,
        "put",
        "park_data",
        f"{park_id}/{kind}",
        before=before,
        after={"rows": len(rows)},
    )
    return item


def data_frame(session: Session, park_id: str, kind: str) -> pl.DataFrame:
    """The stored data of one kind as a typed frame (empty when none was stored)."""
    item = session.scalar(
        select(ParkData).where(ParkData.park_id == park_id, ParkData.kind == kind)
    )
    return _typed(kind, [] if item is None else item.rows, f"park {park_id} {kind}")


def member_names(session: Session, park: core.Park) -> dict[str, Text]:
    """The registry names of every member of the park's boundary versions."""
    ids = {m.enterprise_id for b in park.boundaries for m in b.members}
    rows = session.scalars(
        select(EnterpriseRecord).where(EnterpriseRecord.enterprise_id.in_(ids))
    ).all()
    return {r.enterprise_id: Text(r.name_zh, r.name_en) for r in rows}
