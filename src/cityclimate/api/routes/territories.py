"""Territories, their socio-economic inputs and boundary mappings (issue 12)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, UploadFile

from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, allow
from cityclimate.api.schemas import Page
from cityclimate.api.territory_schemas import (
    BoundarySeries,
    MappingIn,
    MappingOut,
    SocioeconomicIn,
    SocioeconomicOut,
    TerritoryCreate,
    TerritoryDetail,
    TerritoryFields,
    TerritoryOut,
)
from cityclimate.io.socioeconomic_files import read_socioeconomic
from cityclimate.services import boundaries, socioeconomic, territories
from cityclimate.services.actors import Actor
from cityclimate.services.territories import GridMembership, SubArea, TerritoryInput

router = APIRouter(prefix="/territories", tags=["territories"])

Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Code = Annotated[str, Path(max_length=32)]
Year = Annotated[int, Path(ge=1949, le=2100)]
MAX_SHEET_BYTES = 2 * 2**20


def _input(body: TerritoryFields, kind: str | None = None) -> TerritoryInput:
    return TerritoryInput(
        name_zh=body.name_zh,
        name_en=body.name_en,
        kind=kind or body.kind,
        parent_code=body.parent_code,
        province=body.province,
        area_km2=body.area_km2,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        climate_zone=body.climate_zone,
        source=body.source,
        sub_areas=None
        if body.sub_areas is None
        else tuple(SubArea(s.code, s.name_zh, s.name_en) for s in body.sub_areas),
        grid_regions=None
        if body.grid_regions is None
        else tuple(
            GridMembership(g.edition, g.grid_region, g.valid_from, g.valid_to, g.source)
            for g in body.grid_regions
        ),
    )


@router.get("", response_model=Page[TerritoryOut])
def list_territories(
    db: DB,
    _: Reader,
    parent: Annotated[str | None, Query(max_length=32)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[TerritoryOut]:
    """地区列表 · Territories (filter by parent and kind)."""
    with db.read() as session:
        rows, total = territories.list_territories(
            session, parent=parent, kind=kind, limit=limit, offset=offset
        )
        items = [TerritoryOut(**territories.territory_view(t)) for t in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{code}", response_model=TerritoryDetail)
def get_territory(code: Code, db: DB, _: Reader) -> TerritoryDetail:
    """一个地区（含板块与电网区域）· One territory with its sub-areas and grid regions."""
    with db.read() as session:
        t = territories.get_territory(session, code)
        return TerritoryDetail(**territories.territory_detail(session, t))


@router.post("", response_model=TerritoryDetail, status_code=201)
def create_territory(body: TerritoryCreate, db: DB, actor: Writer) -> TerritoryDetail:
    """新增地区（含板块、电网区域、气候区）· Add a territory (office, admin; audited)."""
    with db.write() as session:
        t = territories.create_territory(
            session,
            actor,
            code=body.code,
            name_zh=body.name_zh,
            data=_input(body, body.level if body.kind == "district" and body.level else None),
        )
        return TerritoryDetail(**territories.territory_detail(session, t))


@router.put("/{code}", response_model=TerritoryDetail)
def update_territory(code: Code, body: TerritoryFields, db: DB, actor: Writer) -> TerritoryDetail:
    """修改地区 · Edit a territory (all fields; sub-areas and grid regions if given; audited)."""
    with db.write() as session:
        t = territories.update_territory(session, actor, code, _input(body))
        return TerritoryDetail(**territories.territory_detail(session, t))


@router.get("/{code}/socioeconomic", response_model=list[SocioeconomicOut])
def list_socioeconomic(code: Code, db: DB, _: Reader) -> list[SocioeconomicOut]:
    """社会经济数据（各年）· Socio-economic inputs, by year."""
    with db.read() as session:
        return [
            SocioeconomicOut(**socioeconomic.socioeconomic_view(r))
            for r in socioeconomic.list_years(session, code)
        ]


@router.put("/{code}/socioeconomic/{year}", response_model=SocioeconomicOut)
def put_socioeconomic(
    code: Code, year: Year, body: SocioeconomicIn, db: DB, actor: Writer
) -> SocioeconomicOut:
    """录入一年的社会经济数据（校验量级与单位）· Enter one year's inputs (validated, audited)."""
    values = body.model_dump(exclude={"source", "illustrative"})
    with db.write() as session:
        row = socioeconomic.put_year(
            session,
            actor,
            code,
            year,
            values,
            source=body.source,
            illustrative=body.illustrative,
        )
        return SocioeconomicOut(**socioeconomic.socioeconomic_view(row))


@router.post("/{code}/socioeconomic", response_model=list[SocioeconomicOut], status_code=201)
def import_socioeconomic(
    code: Code, file: UploadFile, db: DB, actor: Writer
) -> list[SocioeconomicOut]:
    """导入社会经济数据表（.xlsx/.csv，每年一行）· Import a sheet of yearly inputs (all or none)."""
    name = (file.filename or "socioeconomic.xlsx")[-200:]
    frame = read_socioeconomic(name, file.file.read(MAX_SHEET_BYTES + 1))
    with db.write() as session:
        rows = socioeconomic.import_table(session, actor, code, frame, where=name)
        return [SocioeconomicOut(**socioeconomic.socioeconomic_view(r)) for r in rows]


@router.get("/{code}/boundary/{to_code}", response_model=MappingOut)
def get_mapping(code: Code, to_code: Code, db: DB, _: Reader) -> MappingOut:
    """边界映射（旧板块 → 新边界）· The stated mapping from one boundary version to another."""
    with db.read() as session:
        lines = boundaries.get_mapping(session, code, to_code)
    return MappingOut(from_territory=code, to_territory=to_code, lines=lines)


@router.put("/{code}/boundary/{to_code}", response_model=MappingOut)
def put_mapping(code: Code, to_code: Code, body: MappingIn, db: DB, actor: Writer) -> MappingOut:
    """录入边界映射（整体替换，留痕）· State the mapping (replaces it whole; audited)."""
    with db.write() as session:
        lines = boundaries.put_mapping(
            session, actor, code, to_code, [line.model_dump() for line in body.lines]
        )
    return MappingOut(from_territory=code, to_territory=to_code, lines=lines)


@router.get("/{code}/boundary/{to_code}/series", response_model=BoundarySeries)
def boundary_series(code: Code, to_code: Code, db: DB, _: Reader) -> BoundarySeries:
    """按新边界重算的排放序列（两种口径并列）· The series restated on the new boundary, beside
    the new territory's own published inventories."""
    with db.read() as session:
        return BoundarySeries(**boundaries.series_on_boundary(session, code, to_code))
