"""The open-data portal's API (issue 19): published figures for anyone, without signing in.

JSON for the portal's content; downloads in the Open SDG data layout (CSV per dataset, YAML
metadata per dataset), SDMX-CSV and XLSX, all made from the same published observations.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response
from pydantic import BaseModel

from cityclimate.api.deps import ANYONE, DB, allow
from cityclimate.reporting import opendata
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError
from cityclimate.services.reporting import portal

router = APIRouter(prefix="/open-data", tags=["open data"])
Public = Annotated[Actor, Depends(allow(ANYONE))]
TerritoryCode = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
Year = Annotated[int, Path(ge=1990, le=2100)]
DatasetId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_]+$")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(media: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {media: {"schema": {"type": "string"}}}}}


class PortalTerritory(BaseModel):
    code: str
    name_zh: str
    name_en: str
    years: list[int]
    illustrative: bool


class Sector(BaseModel):
    key: str
    name_zh: str
    name_en: str
    co2e_t: float


class InventorySummary(BaseModel):
    """The published inventory of the year (t CO2e, tce, t CO2e per 万元 and per person)."""

    version: int
    published_at: str | None
    gross_co2e_t: float | None
    net_co2e_t: float | None
    removals_co2e_t: float | None
    energy_tce: float | None
    intensity_t_per_10k_yuan: float | None
    per_capita_t: float | None
    sectors: list[Sector]


class IndicatorRow(BaseModel):
    """An indicator of the published evaluation with its progress band (Open SDG bands)."""

    indicator_id: str
    number: int
    name_zh: str
    name_en: str
    nature: str
    unit: str
    actual: float | None
    path_value: float | None
    target_value: float | None
    status: str | None
    status_zh: str | None
    status_en: str | None


class EnterpriseDisclosure(BaseModel):
    enterprise_id: str
    name_zh: str
    name_en: str
    total_co2e_t: float | None
    energy_tce: float | None
    verifier: str | None


class ParkDisclosure(BaseModel):
    park_id: str
    name_zh: str
    name_en: str
    year: int
    indicator_set: str
    electricity_method: str
    carbon_per_energy: float | None
    energy_tce: float | None
    co2_t: float | None
    tier_zh: str | None
    tier_en: str | None
    threshold: float | None
    threshold_confirmed: bool | None
    meets: bool | None
    illustrative: bool


class TerritoryName(BaseModel):
    code: str
    name_zh: str
    name_en: str


class PortalYear(BaseModel):
    """What the portal shows of a territory in a published year."""

    territory: TerritoryName
    year: int
    years: list[int]
    illustrative: bool
    inventory: InventorySummary | None
    indicators: list[IndicatorRow]
    enterprises: list[EnterpriseDisclosure]
    parks: list[ParkDisclosure]


class Dataset(BaseModel):
    id: str
    number: str
    name_zh: str
    name_en: str
    unit: str
    nature: str
    published: bool
    definition: str
    organisation: str


@router.get("/territories", response_model=list[PortalTerritory])
def territories(db: DB, _: Public) -> list[dict[str, Any]]:
    """有已发布数据的地区及年份 · Territories with published figures, and their years."""
    with db.read() as session:
        return portal.territories(session)


@router.get("/{territory}/datasets", response_model=list[Dataset])
def datasets(territory: TerritoryCode, db: DB, _: Public) -> list[dict[str, Any]]:
    """可下载的数据集 · The datasets of the downloads (inventory and the plan's indicators)."""
    with db.read() as session:
        return portal.datasets(session, territory)


@router.get("/{territory}/years/{year}", response_model=PortalYear)
def year_view(territory: TerritoryCode, year: Year, db: DB, _: Public) -> dict[str, Any]:
    """某年公开数据 · A published year: inventory, indicators, disclosures, parks."""
    with db.read() as session:
        return portal.year_view(session, territory, year)


@router.get(
    "/{territory}/data/{dataset}.csv", response_class=Response, responses=_download("text/csv")
)
def open_sdg_csv(territory: TerritoryCode, dataset: DatasetId, db: DB, _: Public) -> Response:
    """Open SDG 数据 CSV · One dataset in the Open SDG data layout (Year … GeoCode, Value)."""
    with db.read() as session:
        frame = portal.observations(session, territory)
        known = {d["id"] for d in portal.datasets(session, territory)}
    if dataset not in known:
        raise NotFoundError(f"数据集 {dataset} 不存在", f"dataset {dataset} does not exist")
    return Response(
        opendata.open_sdg_csv(frame, dataset),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{territory}-{dataset}.csv"'},
    )


@router.get(
    "/{territory}/meta/{dataset}.yml",
    response_class=Response,
    responses=_download("application/yaml"),
)
def open_sdg_meta(territory: TerritoryCode, dataset: DatasetId, db: DB, _: Public) -> Response:
    """Open SDG 元数据 YAML · The dataset's metadata (SDMX metadata concepts)."""
    with db.read() as session:
        found = next((d for d in portal.datasets(session, territory) if d["id"] == dataset), None)
    if found is None:
        raise NotFoundError(f"数据集 {dataset} 不存在", f"dataset {dataset} does not exist")
    number = found["number"]
    meta = {
        **found,
        "name": found["name_zh"],
        "indicator_number": f"1-1-{number}",
        "goal": "1",
        "target": "1-1",
        "source": "published",
    }
    return Response(
        opendata.open_sdg_meta(meta),
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{territory}-{dataset}.yml"'},
    )


@router.get("/{territory}/sdmx.csv", response_class=Response, responses=_download("text/csv"))
def sdmx(territory: TerritoryCode, db: DB, _: Public) -> Response:
    """SDMX-CSV · Every published figure of the territory in SDMX-CSV (version 1.0)."""
    with db.read() as session:
        frame = portal.observations(session, territory)
    return Response(
        opendata.sdmx_csv(frame),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{territory}-sdmx.csv"'},
    )


@router.get("/{territory}/data.xlsx", response_class=Response, responses=_download(XLSX))
def workbook(territory: TerritoryCode, db: DB, _: Public) -> Response:
    """XLSX · Every published figure of the territory, one row per observation."""
    from cityclimate.io.tables_export import table_xlsx

    with db.read() as session:
        frame = portal.observations(session, territory)
    header = [
        "地区 territory",
        "数据集 dataset",
        "年份 year",
        "部门 sector",
        "数值 value",
        "单位 unit",
    ]
    rows = [list(r) for r in frame.select(*opendata.OBSERVATION_COLUMNS).iter_rows()]
    return Response(
        table_xlsx(header, rows),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{territory}-open-data.xlsx"'},
    )
