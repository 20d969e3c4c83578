"""Zero-carbon parks and low-carbon pilots (issue 18): definitions, data, inventory,
evaluation by year, publication and the public disclosure of the core indicator."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from cityclimate import parks as core
from cityclimate.api.deps import ALL_ROLES, ANYONE, DB, INVENTORY_WRITERS, STAFF, allow
from cityclimate.services import parks
from cityclimate.services.actors import Actor

router = APIRouter(prefix="/parks", tags=["parks"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Staff = Annotated[Actor, Depends(allow(*STAFF))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Public = Annotated[Actor, Depends(allow(ANYONE))]
ParkId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Year = Annotated[int, Path(ge=1990, le=2100)]
Method = Annotated[
    Literal["location_based", "market_based"] | None,
    Query(description="外购电力核算方法 · purchased electricity: location or market based"),
]
Cell = str | float | int | bool | None


class MemberIn(BaseModel):
    enterprise_id: str = Field(min_length=1, max_length=64)
    facility_ids: list[Annotated[str, Field(max_length=64)]] = Field(default=[], max_length=200)


class AssetIn(BaseModel):
    asset_id: str = Field(min_length=1, max_length=64)
    kind: str = Field(max_length=32)
    name_zh: str = Field(default="", max_length=200)
    name_en: str = Field(default="", max_length=200)
    capacity: float | None = Field(default=None, ge=0, le=1e12)
    capacity_unit: str | None = Field(default=None, max_length=50)


class BoundaryIn(BaseModel):
    version: int = Field(ge=1, le=1000)
    valid_from: int = Field(ge=1990, le=2100)
    members: list[MemberIn] = Field(default=[], max_length=5000)
    assets: list[AssetIn] = Field(default=[], max_length=500)
    reason: str = Field(default="", max_length=500)


class ParkIn(BaseModel):
    """A park's definition; boundary versions already stored must be given unchanged."""

    name_zh: str = Field(min_length=1, max_length=300)
    name_en: str = Field(default="", max_length=300)
    kind: Literal[
        "zero_carbon_park", "near_zero_park", "community", "campus", "commercial", "scenic"
    ]
    territory: str = Field(min_length=1, max_length=32)
    indicator_set: str = Field(min_length=1, max_length=64)
    base_year: int = Field(ge=1990, le=2100)
    target_year: int = Field(ge=1990, le=2100)
    electricity_method: Literal["location_based", "market_based"] = "market_based"
    boundaries: list[BoundaryIn] = Field(min_length=1, max_length=100)


class ParkOut(BaseModel):
    park_id: str
    name_zh: str
    name_en: str
    kind: str
    territory: str
    indicator_set: str
    base_year: int
    target_year: int
    electricity_method: str
    illustrative: bool
    boundaries: list[dict[str, Any]]
    published_years: list[int]


class RowsIn(BaseModel):
    rows: list[dict[str, Cell]] = Field(max_length=100_000)
    source: str = Field(default="", max_length=300)


class Stored(BaseModel):
    stored: int


class _Open(BaseModel):
    """A typed answer that may carry further keys (documented ones are listed)."""

    model_config = ConfigDict(extra="allow")


class IndicatorSetOut(_Open):
    """An indicator set with its indicators, size tiers and thresholds, and its source."""

    set_id: str
    name_zh: str
    name_en: str
    confirmed: bool | None = None
    source: str | None = None
    indicators: list[dict[str, Any]]
    thresholds: list[dict[str, Any]]


class DisclosureOut(_Open):
    """The published core indicator of one park year (t CO2 per tce of energy use)."""

    park_id: str
    year: int
    carbon_per_energy: float | None
    energy_tce: float | None
    co2_t: float | None
    meets: bool | None = None
    illustrative: bool
    published_at: str


class SectorValueOut(_Open):
    """One sector pilot measure in one year, in its unit: a park's (sum over its sites) or the
    territory's figure (``coverage``: ``district`` = the territory's own row, ``parks`` = the
    sum of its parks' rows only, a lower bound), with the pathway lever it is the actual
    quantity of and its sources."""

    measure: str
    name_zh: str
    name_en: str
    unit: str
    year: int
    value: float | None
    coverage: str | None = None
    lever: str | None = None
    source: str | None = None


class ParkInventoryOut(_Open):
    """A park's inventory of one year, with its reconciliation to the members' reports."""

    park_id: str
    year: int
    electricity_method: str
    complete: bool
    co2_t: float | None
    energy_tce: float | None
    carbon_per_energy_t_per_tce: float | None
    reconciliation: list[dict[str, Any]]
    rows: list[dict[str, Any]]


class ParkEvaluationOut(_Open):
    """A park's indicators by year (tier by energy use, threshold, path), and published years."""

    park: dict[str, Any]
    years: list[dict[str, Any]]
    published_years: list[int]


class PublishedOut(_Open):
    """A published park evaluation year and its totals."""

    park_id: str
    year: int
    totals: dict[str, Any]


def _out(park: core.Park, published: list[int]) -> ParkOut:
    return ParkOut(**parks.park_json(park), published_years=published)


def _method(value: str | None) -> core.ElectricityMethod | None:
    return None if value is None else core.ElectricityMethod(value)


@router.get("/indicator-sets", response_model=list[IndicatorSetOut])
def indicator_sets(_: Reader) -> list[dict[str, Any]]:
    """指标体系（含分档阈值及来源）· Indicator sets with their indicators, tiers and thresholds."""
    indicators = core.indicators()
    thresholds = core.thresholds()
    out = []
    for row in core.indicator_sets().iter_rows(named=True):
        set_id = row["set_id"]
        out.append(
            {
                **row,
                "indicators": indicators.filter(set_id=set_id).drop("set_id").to_dicts(),
                "thresholds": thresholds.filter(set_id=set_id).drop("set_id").to_dicts(),
            }
        )
    return out


@router.get("/disclosures", response_model=list[DisclosureOut])
def disclosures(db: DB, _: Public) -> list[dict[str, Any]]:
    """公开披露：已发布年份的核心指标 · Public: the core indicator of every published park year."""
    with db.read() as session:
        rows = parks.disclosures(session)
    return [{**r, "published_at": r["published_at"].isoformat()} for r in rows]


@router.get("/sector", response_model=list[SectorValueOut])
def sector(
    db: DB,
    _: Reader,
    territory: Annotated[str, Query(min_length=1, max_length=32)],
    park_id: Annotated[str | None, Query(max_length=64)] = None,
) -> list[dict[str, Any]]:
    """试点领域数据（逐年）· A territory's sector pilot figures by measure and year (or one
    park's, with ``park_id``)."""
    with db.read() as session:
        return parks.sector_summary(session, territory, park_id)


@router.put("/sector", response_model=Stored)
def put_sector(
    body: RowsIn,
    db: DB,
    actor: Writer,
    territory: Annotated[str, Query(min_length=1, max_length=32)],
) -> Stored:
    """录入试点领域数据 · Store a territory's sector pilot rows (measure, year, site, park_id,
    value, unit, source).

    Each row replaces the stored row of its measure, year, site and park; a row's park must be
    a park of the territory; a bad row refuses the whole request (422, every problem located).
    """
    with db.write() as session:
        return Stored(
            stored=parks.put_sector(session, actor, territory, body.rows, where="request")
        )


@router.get("", response_model=list[ParkOut])
def list_parks(db: DB, _: Reader) -> list[ParkOut]:
    """园区与试点 · Parks and pilots."""
    with db.read() as session:
        return [
            _out(p, parks.published_years(session, p.park_id)) for p in parks.list_parks(session)
        ]


@router.put("/{park_id}", response_model=ParkOut)
def save_park(park_id: ParkId, body: ParkIn, db: DB, actor: Writer) -> ParkOut:
    """建立或修改园区（边界版本只增不改）· Create or update a park (boundary versions are added, never changed)."""
    definition = parks.park_from_json({**body.model_dump(), "park_id": park_id})
    with db.write() as session:
        park = parks.save_park(session, actor, definition)
        return _out(park, parks.published_years(session, park_id))


@router.get("/{park_id}", response_model=ParkOut)
def get_park(park_id: ParkId, db: DB, _: Reader) -> ParkOut:
    """园区定义及边界版本 · A park with its boundary versions."""
    with db.read() as session:
        return _out(parks.load_park(session, park_id), parks.published_years(session, park_id))


@router.put("/{park_id}/data/{kind}", response_model=Stored)
def put_data(
    park_id: ParkId,
    kind: Literal["activities", "attributes", "indicators"],
    body: RowsIn,
    db: DB,
    actor: Writer,
) -> Stored:
    """园区自身数据（全部年份）· Replace the park's own data of one kind (all years, all or nothing).

    ``activities``: activity records of the shared infrastructure (inventory columns);
    ``attributes``: green power contracts, certificates, on-site generation; ``indicators``:
    values of the set's entered indicators (year, indicator_id, value, source).
    """
    with db.write() as session:
        parks.put_data(session, actor, park_id, kind, body.rows, source=body.source)
    return Stored(stored=len(body.rows))


@router.get("/{park_id}/inventory/{year}", response_model=ParkInventoryOut)
def inventory(
    park_id: ParkId, year: Year, db: DB, _: Staff, method: Method = None
) -> dict[str, Any]:
    """园区清单（成员报告+园区数据，含溯源与核对）· The park's inventory of a year with lineage and reconciliation."""
    with db.read() as session:
        result, filings = parks.park_inventory(session, park_id, year, _method(method))
    return parks.inventory_view(result, filings)


@router.get("/{park_id}/evaluation", response_model=ParkEvaluationOut)
def evaluation(park_id: ParkId, db: DB, _: Staff, method: Method = None) -> dict[str, Any]:
    """逐年评估（档位、阈值、达标、路径）· The park evaluated by year: tier, threshold, met, path."""
    with db.read() as session:
        park, table, inventories = parks.evaluate(
            session, park_id, electricity_method=_method(method)
        )
        published = parks.published_years(session, park_id)
    summary = core.evaluation_summary(park, table, inventories)
    summary["published_years"] = published
    return summary


@router.post("/{park_id}/evaluations/{year}/publish", response_model=PublishedOut)
def publish(park_id: ParkId, year: Year, db: DB, actor: Writer) -> dict[str, Any]:
    """发布某年评估（核心指标公开）· Publish a year's evaluation (its core indicator becomes public)."""
    with db.write() as session:
        record = parks.publish(session, actor, park_id, year)
        return {"park_id": park_id, "year": year, "totals": record.totals}


@router.get(
    "/{park_id}/self-assessment.xlsx",
    response_class=Response,
    responses={
        200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}
    },
)
def self_assessment(park_id: ParkId, db: DB, _: Staff, method: Method = None) -> Response:
    """自评估报告（XLSX）· The park's self-assessment workbook."""
    from cityclimate.io.park_workbook import XLSX, self_assessment_xlsx

    with db.read() as session:
        park, table, inventories = parks.evaluate(
            session, park_id, electricity_method=_method(method)
        )
    body = self_assessment_xlsx(core.evaluation_summary(park, table, inventories))
    return Response(
        body,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="self-assessment-{park_id}.xlsx"'},
    )
