"""Territories as stored data: created, edited, listed and used by every validation.

A territory has a code, names (zh, en), a kind (country, province, city, district, sub-area), a
parent, its province, area, validity dates, sub-areas (child territories of kind ``sub_area``),
its grid-region membership by table edition and the IPCC climate zone of its landfills. The
shipped reference CSV only seeds the database (``cityclimate db upgrade`` and ``demo load``);
from then on the stored table is the one the imports and computes validate against
(:func:`territory_table`, :func:`grid_region_table`).

The climate zone (IPCC 2006 Vol.5 Ch.3 Table 3.3, for the landfill decay rates) defaults to the
nearest ancestor's, usually the province's (``refdata/data/territories.csv``: Chongqing is
``boreal_temperate_wet``, with its reasoning in the source column); the territory keeps the text
saying where its zone came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage.models import Territory
from cityclimate.storage.territories_models import BoundaryMapping, TerritoryGridRegion
from cityclimate.text import Text

KINDS = ("country", "province", "city", "district", "sub_area")
#: Kinds that may hold sub-areas.
AREA_KINDS = ("city", "district")
#: Years a grid-table edition may cover.
GRID_YEARS = (1990, 2100)


@dataclass(frozen=True)
class SubArea:
    """A sub-area given with its territory (its code is the full code, e.g. ``LJ-2016-DS``)."""

    code: str
    name_zh: str
    name_en: str = ""


@dataclass(frozen=True)
class GridMembership:
    """The grid region a territory belongs to in one edition of the grid-factor tables."""

    edition: str
    grid_region: str
    valid_from: int
    valid_to: int
    source: str = ""


@dataclass(frozen=True)
class TerritoryInput:
    """What a user gives to create or edit a territory (``None``: keep / derive)."""

    name_zh: str
    name_en: str = ""
    kind: str = "district"
    parent_code: str | None = None
    province: str | None = None
    area_km2: float | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    climate_zone: str | None = None
    source: str = ""
    sub_areas: tuple[SubArea, ...] | None = None
    grid_regions: tuple[GridMembership, ...] | None = None


def territory_view(t: Territory) -> dict[str, Any]:
    return {
        "code": t.code,
        "name_zh": t.name_zh,
        "name_en": t.name_en,
        "parent_code": t.parent_code,
        "level": t.level,
        "kind": t.level,
        "province": t.province or None,
        "area_km2": t.area_km2,
        "valid_from": t.valid_from.isoformat() if t.valid_from else None,
        "valid_to": t.valid_to.isoformat() if t.valid_to else None,
        "climate_zone": t.climate_zone or None,
        "climate_zone_source": t.climate_zone_source,
        "source": t.source,
        "illustrative": t.illustrative,
    }


def territory_detail(session: Session, t: Territory) -> dict[str, Any]:
    """The territory with its sub-areas and grid-region memberships."""
    subs = session.scalars(
        select(Territory)
        .where(Territory.parent_code == t.code, Territory.level == "sub_area")
        .order_by(Territory.code)
    ).all()
    grids = session.scalars(
        select(TerritoryGridRegion)
        .where(TerritoryGridRegion.territory_code == t.code)
        .order_by(TerritoryGridRegion.valid_from)
    ).all()
    return territory_view(t) | {
        "sub_areas": [{"code": s.code, "name_zh": s.name_zh, "name_en": s.name_en} for s in subs],
        "grid_regions": [
            {
                "edition": g.edition,
                "grid_region": g.grid_region,
                "valid_from": g.valid_from,
                "valid_to": g.valid_to,
                "source": g.source,
            }
            for g in grids
        ],
    }


# ---------------------------------------------------------------- the tables the core reads


def territory_table(session: Session) -> pl.DataFrame:
    """The stored territories in the shape of :func:`cityclimate.refdata.territories`."""
    rows = session.execute(
        select(
            Territory.code,
            Territory.name_zh,
            Territory.name_en,
            Territory.parent_code,
            Territory.level,
            Territory.province,
            Territory.area_km2,
            Territory.valid_from,
            Territory.valid_to,
            Territory.source,
            Territory.climate_zone,
        ).order_by(Territory.code)
    ).all()
    return pl.DataFrame(
        [
            (
                r[0],
                r[1],
                r[2],
                r[3],
                r[4] or "district",
                r[5] or None,
                r[6],
                r[7].isoformat() if r[7] else None,
                r[8].isoformat() if r[8] else None,
                r[9],
                r[10] or None,
            )
            for r in rows
        ],
        schema={
            "code": pl.String,
            "name_zh": pl.String,
            "name_en": pl.String,
            "parent": pl.String,
            "kind": pl.String,
            "province": pl.String,
            "area_km2": pl.Float64,
            "valid_from": pl.String,
            "valid_to": pl.String,
            "source": pl.String,
            "climate_zone": pl.String,
        },
        orient="row",
    )


def grid_region_table(session: Session) -> pl.DataFrame:
    """Stored grid-region memberships in the shape of :func:`cityclimate.refdata.grid_regions`.

    The core reads the membership of a territory's province (``province`` = the territory code).
    """
    rows = session.execute(
        select(
            TerritoryGridRegion.edition,
            TerritoryGridRegion.territory_code,
            TerritoryGridRegion.grid_region,
            TerritoryGridRegion.valid_from,
            TerritoryGridRegion.valid_to,
            TerritoryGridRegion.source,
        ).order_by(TerritoryGridRegion.territory_code, TerritoryGridRegion.valid_from)
    ).all()
    return pl.DataFrame(
        [tuple(r) for r in rows],
        schema={
            "edition": pl.String,
            "province": pl.String,
            "grid_region": pl.String,
            "valid_from": pl.Int64,
            "valid_to": pl.Int64,
            "source": pl.String,
        },
        orient="row",
    )


# ---------------------------------------------------------------- seeding from the shipped CSV


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def seed_reference(session: Session, actor: Actor) -> int:
    """Add the shipped territories, grid memberships and boundary mappings that are missing.

    Rows already stored are kept as they are (a user's edit wins), except that empty fields a
    migration added (province, area, validity, climate zone, source) are filled from the CSV.
    """
    have = {t.code: t for t in session.scalars(select(Territory)).all()}
    rows = refdata.territories().sort("code").to_dicts()
    known = set(have)
    ordered: list[dict[str, Any]] = []
    pending = rows
    while pending:  # parents first, so the foreign key holds
        ready = [r for r in pending if not r["parent"] or r["parent"] in known] or pending
        for r in ready:
            ordered.append(r)
            known.add(r["code"])
        pending = [r for r in pending if r["code"] not in known]
    added = 0
    for r in ordered:
        stored = have.get(r["code"])
        if stored is None:
            stored = Territory(
                code=r["code"],
                name_zh=r["name_zh"],
                name_en=r["name_en"] or "",
                parent_code=r["parent"] or None,
                level=r["kind"] or "",
            )
            session.add(stored)
            added += 1
        _fill_missing(stored, r)
        session.flush()
        have[r["code"]] = stored
    for stored in have.values():
        if not stored.climate_zone:
            stored.climate_zone, stored.climate_zone_source = _inherited_zone(session, stored)
    _seed_grid_regions(session)
    _seed_boundary_mappings(session, set(have))
    session.flush()
    if added:
        audit.record(session, actor, "seed", "territory", "*", after={"added": added})
    return added


def _fill_missing(stored: Territory, r: dict[str, Any]) -> None:
    if not stored.province:
        stored.province = r["province"] or (r["code"] if r["kind"] == "province" else "")
    if stored.area_km2 is None:
        stored.area_km2 = r["area_km2"]
    if stored.valid_from is None:
        stored.valid_from = _date(r["valid_from"])
    if stored.valid_to is None:
        stored.valid_to = _date(r["valid_to"])
    if not stored.source:
        stored.source = r["source"] or ""
    if not stored.climate_zone and r.get("climate_zone"):
        stored.climate_zone = r["climate_zone"]
        stored.climate_zone_source = "refdata territories.csv (see its source column)"


def _seed_grid_regions(session: Session) -> None:
    stored = set(session.execute(select(TerritoryGridRegion.territory_code)).scalars().all())
    for g in refdata.grid_regions().iter_rows(named=True):
        if g["province"] in stored or session.get(Territory, g["province"]) is None:
            continue
        session.add(
            TerritoryGridRegion(
                territory_code=g["province"],
                edition=g["edition"],
                grid_region=g["grid_region"],
                valid_from=g["valid_from"],
                valid_to=g["valid_to"],
                source=g["source"],
            )
        )


def _seed_boundary_mappings(session: Session, codes: set[str]) -> None:
    stored = set(session.execute(select(BoundaryMapping.from_territory)).scalars().all())
    for m in refdata.boundary_mappings().iter_rows(named=True):
        if m["from_territory"] in stored:
            continue
        if not {m["from_territory"], m["to_territory"], m["from_code"], m["to_code"]} <= codes:
            continue
        session.add(BoundaryMapping(**m))


def _inherited_zone(session: Session, t: Territory) -> tuple[str, str]:
    """The climate zone of the nearest ancestor that has one, and a text saying so."""
    node = session.get(Territory, t.parent_code) if t.parent_code else None
    seen: set[str] = set()
    while node is not None and node.code not in seen:
        if node.climate_zone:
            return node.climate_zone, f"from {node.level or 'parent'} {node.code}"
        seen.add(node.code)
        node = session.get(Territory, node.parent_code) if node.parent_code else None
    return "", ""


# ---------------------------------------------------------------- reading


def list_territories(
    session: Session,
    *,
    parent: str | None = None,
    kind: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Territory], int]:
    query = select(Territory)
    if parent:
        query = query.where(Territory.parent_code == parent)
    if kind:
        query = query.where(Territory.level == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Territory.code).limit(limit).offset(offset)).all()
    return list(rows), total


def territory_names(session: Session) -> dict[str, Text]:
    """The name of every stored territory and sub-area by code, in both languages."""
    rows = session.execute(select(Territory.code, Territory.name_zh, Territory.name_en)).all()
    return {code: Text(zh, en or "") for code, zh, en in rows}


def get_territory(session: Session, code: str) -> Territory:
    territory = session.get(Territory, code)
    if territory is None:
        raise NotFoundError(f"地区 {code} 不存在", f"territory {code} does not exist")
    return territory


# ---------------------------------------------------------------- writing


def create_territory(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name_zh: str,
    name_en: str = "",
    parent_code: str | None = None,
    level: str = "",
    data: TerritoryInput | None = None,
) -> Territory:
    """Create a territory with its sub-areas and grid memberships (audited)."""
    data = data or TerritoryInput(
        name_zh=name_zh, name_en=name_en, parent_code=parent_code, kind=level or "district"
    )
    code = code.strip()
    if not code:
        _refuse("code", code, "代码必填", "the code is required")
    if session.get(Territory, code) is not None:
        raise ConflictError(f"地区 {code} 已存在", f"territory {code} already exists")
    territory = Territory(code=code, name_zh="", name_en="", level="")
    _apply(session, territory, data)
    session.add(territory)
    session.flush()
    _save_children(session, actor, territory, data)
    audit.record(
        session, actor, "create", "territory", code, after=territory_detail(session, territory)
    )
    return territory


def update_territory(session: Session, actor: Actor, code: str, data: TerritoryInput) -> Territory:
    """Edit a territory (all fields given; sub-areas and memberships replaced if given)."""
    territory = get_territory(session, code)
    before = territory_detail(session, territory)
    _apply(session, territory, data)
    session.flush()
    _save_children(session, actor, territory, data)
    audit.record(
        session,
        actor,
        "update",
        "territory",
        code,
        before=before,
        after=territory_detail(session, territory),
    )
    return territory


def save_territory(
    session: Session, actor: Actor, code: str, data: TerritoryInput
) -> tuple[Territory, bool]:
    """Create the territory, or edit it if it exists; returns it and whether it was created."""
    if session.get(Territory, code) is None:
        return create_territory(session, actor, code=code, name_zh=data.name_zh, data=data), True
    return update_territory(session, actor, code, data), False


def _refuse(fieldname: str, value: object, zh: str, en: str) -> None:
    raise DataValidationError([Problem("territory", None, fieldname, str(value), zh, en)])


def _apply(session: Session, t: Territory, data: TerritoryInput) -> None:
    """Validate ``data`` against the stored territories and write it onto ``t``."""
    problems: list[Problem] = []

    def problem(fieldname: str, value: object, zh: str, en: str) -> None:
        problems.append(Problem("territory", None, fieldname, str(value), zh, en))

    if not data.name_zh.strip():
        problem("name_zh", data.name_zh, "中文名称必填", "name_zh is required")
    if data.kind not in KINDS:
        problem("kind", data.kind, f"类型应为：{', '.join(KINDS)}", f"kind must be one of {KINDS}")
    parent = session.get(Territory, data.parent_code) if data.parent_code else None
    if data.parent_code and parent is None:
        problem(
            "parent_code",
            data.parent_code,
            "上级地区不存在：请先创建上级地区",
            "the parent does not exist: create it first",
        )
    if data.kind != "country" and not data.parent_code:
        problem(
            "parent_code",
            "",
            "除国家外，地区须有上级地区",
            "every territory but a country needs a parent",
        )
    if data.kind == "sub_area" and parent is not None and parent.level not in AREA_KINDS:
        problem(
            "parent_code",
            data.parent_code,
            "板块的上级应为区县或城市",
            "a sub-area's parent must be a district or a city",
        )
    node = parent
    while node is not None:  # no cycles on edit
        if node.code == t.code:
            problem(
                "parent_code",
                data.parent_code,
                "上级地区不能是其自身或下级",
                "the parent cannot be the territory itself or one below it",
            )
            break
        node = session.get(Territory, node.parent_code) if node.parent_code else None
    if data.area_km2 is not None and not 0 < data.area_km2 < 20_000_000:
        problem(
            "area_km2",
            data.area_km2,
            "面积应为正数（平方公里）",
            "the area must be positive, in km²",
        )
    if data.valid_from and data.valid_to and data.valid_to < data.valid_from:
        problem(
            "valid_to",
            data.valid_to,
            "有效期截止日不能早于起始日",
            "valid_to cannot be before valid_from",
        )
    if data.climate_zone and data.climate_zone not in refdata.CLIMATE_ZONES:
        zones = ", ".join(sorted(refdata.CLIMATE_ZONES))
        problem("climate_zone", data.climate_zone, f"气候区应为：{zones}", f"use one of: {zones}")
    problems += _membership_problems(data.grid_regions or ())
    problems += _sub_area_problems(session, t.code, data.sub_areas or ())
    if problems:
        raise DataValidationError(problems)
    province = data.province or (
        t.code if data.kind == "province" else (parent.province if parent is not None else "")
    )
    t.name_zh, t.name_en = data.name_zh.strip(), data.name_en.strip()
    t.level, t.parent_code, t.province = data.kind, data.parent_code or None, province or ""
    t.area_km2, t.valid_from, t.valid_to = data.area_km2, data.valid_from, data.valid_to
    t.source = data.source
    if data.climate_zone:
        t.climate_zone, t.climate_zone_source = data.climate_zone, "stated by the user"
    else:
        t.climate_zone, t.climate_zone_source = _inherited_zone(session, t)


def _membership_problems(grids: tuple[GridMembership, ...]) -> list[Problem]:
    problems = []
    editions = [g.edition for g in grids]
    for i, g in enumerate(grids, start=1):
        if not g.edition.strip() or not g.grid_region.strip():
            problems.append(
                Problem(
                    "grid_regions",
                    i,
                    "edition",
                    g.edition,
                    "电网表版本和区域电网必填",
                    "edition and grid_region are required",
                )
            )
        if not GRID_YEARS[0] <= g.valid_from <= g.valid_to <= GRID_YEARS[1]:
            problems.append(
                Problem(
                    "grid_regions",
                    i,
                    "valid_from",
                    f"{g.valid_from}-{g.valid_to}",
                    f"年份应在 {GRID_YEARS[0]}–{GRID_YEARS[1]} 之间且起始不晚于截止",
                    f"years must lie in {GRID_YEARS[0]}–{GRID_YEARS[1]}, from ≤ to",
                )
            )
        if editions.count(g.edition) > 1:
            problems.append(
                Problem(
                    "grid_regions",
                    i,
                    "edition",
                    g.edition,
                    "同一电网表版本只能出现一次",
                    "each edition may appear only once",
                )
            )
    return problems


def _sub_area_problems(session: Session, code: str, subs: tuple[SubArea, ...]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for i, s in enumerate(subs, start=1):
        other = session.get(Territory, s.code)
        if not s.code.strip() or not s.name_zh.strip():
            problems.append(
                Problem(
                    "sub_areas", i, "code", s.code, "板块代码和名称必填", "code and name_zh needed"
                )
            )
        elif s.code in seen or s.code == code or (other is not None and other.parent_code != code):
            problems.append(
                Problem(
                    "sub_areas",
                    i,
                    "code",
                    s.code,
                    "板块代码已被使用：请换一个代码",
                    "this code is already in use: choose another",
                )
            )
        seen.add(s.code)
    return problems


def _save_children(session: Session, actor: Actor, t: Territory, data: TerritoryInput) -> None:
    if data.grid_regions is not None:
        session.execute(
            delete(TerritoryGridRegion).where(TerritoryGridRegion.territory_code == t.code)
        )
        for g in data.grid_regions:
            session.add(
                TerritoryGridRegion(
                    territory_code=t.code,
                    edition=g.edition.strip(),
                    grid_region=g.grid_region.strip(),
                    valid_from=g.valid_from,
                    valid_to=g.valid_to,
                    source=g.source,
                )
            )
    for s in data.sub_areas or ():
        child = session.get(Territory, s.code)
        if child is None:
            child = Territory(code=s.code, name_zh="", name_en="", level="sub_area")
            session.add(child)
        child.name_zh, child.name_en, child.level = s.name_zh.strip(), s.name_en.strip(), "sub_area"
        child.parent_code, child.province = t.code, t.province
        child.valid_from, child.valid_to = t.valid_from, t.valid_to
        child.climate_zone, child.climate_zone_source = t.climate_zone, f"from parent {t.code}"
    session.flush()
