"""Adaptation and early warning (issue 17): feeds, warnings (JSON and CAP 1.2), risk, sponge
city, green space, map layers, the warning-signal catalogue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cityclimate.adaptation import active_warnings, shipped_catalogue
from cityclimate.adaptation.cap import events_from_alerts
from cityclimate.adaptation.feeds import parse_feed
from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, allow
from cityclimate.api.schemas import Problem
from cityclimate.errors import DataValidationError
from cityclimate.errors import Problem as Problem_
from cityclimate.io.adaptation_feeds import read_feed
from cityclimate.io.cap import alert_to_xml, alerts_from_xml
from cityclimate.io.limits import stored_name
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation import assessments, warnings
from cityclimate.services.errors import NotFoundError
from cityclimate.text import Text

router = APIRouter(prefix="/adaptation", tags=["adaptation"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
TerritoryCode = Annotated[str, Path(min_length=1, max_length=32)]
Lang = Annotated[str, Query(pattern="^(zh|en)$", description="zh 或 en · language of names")]
MAX_FEED_BYTES = 20 * 1024 * 1024
MAX_CAP_BYTES = 2 * 1024 * 1024


class WarningOut(BaseModel):
    sequence: int
    site: str
    site_name: str
    hazard: str
    hazard_name: str
    action: str = Field(description="issue, upgrade, downgrade or cancel")
    action_name: str
    level: str = Field(description="blue, yellow, orange or red")
    level_name: str
    previous: str | None
    time: str
    rule_id: str
    criterion: str
    value: float
    unit: str


class WarningsOut(BaseModel):
    territory: str
    jurisdiction: str
    timezone: str
    illustrative: bool
    events: list[WarningOut]
    active: list[WarningOut]


class FeedOut(BaseModel):
    stored: int
    events: int
    active: int


class RuleOut(BaseModel):
    rule_id: str
    jurisdiction: str
    hazard: str
    level: str
    variable: str
    aggregation: str
    threshold: float
    unit: str
    window_hours: int
    days: int
    valid_from: str
    valid_to: str | None
    confirmed: bool
    criterion_zh: str
    criterion_en: str
    source: str


class RiskOut(BaseModel):
    territory: str
    hazard_factor: float
    method: str
    risk: list[dict[str, Any]] = Field(
        description="sub_area, hazard, exposure, vulnerability, risk, rank"
    )
    inputs: list[dict[str, Any]] = Field(
        description="every input: value, unit, direction, lower, upper, limits, weight, normalised, source"
    )


class SpongeOut(BaseModel):
    territory: str
    year: int
    years: list[int]
    meeting_km2: float
    built_up_km2: float
    share_percent: float
    zones: list[dict[str, Any]]


class CapImportOut(BaseModel):
    alerts: int
    identifiers: list[str]
    events: list[dict[str, Any]]


def _read_upload(file: UploadFile, limit: int) -> tuple[str, bytes]:
    """The upload's name and bytes; a file over ``limit`` is refused whole (422)."""
    name = stored_name(file.filename)
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise DataValidationError(
            [
                Problem_(
                    name,
                    None,
                    "file",
                    str(len(data)),
                    message=Text(
                        f"文件超过 {limit // (1024 * 1024)} MiB",
                        f"the file is over {limit // (1024 * 1024)} MiB",
                    ),
                )
            ]
        )
    return name, data


def _views(session: Any, territory: str, events: list[Any], lang: str) -> list[WarningOut]:
    names = warnings.site_names(session, territory, lang)
    return [WarningOut(**warnings.event_view(e, lang, names)) for e in events]


@router.get("/catalogue", response_model=list[RuleOut])
def catalogue(_: Reader) -> list[RuleOut]:
    """预警信号目录（国家与重庆，含来源与是否核实）· The warning-signal catalogue (dated, sourced)."""
    return [
        RuleOut(
            rule_id=r.rule_id,
            jurisdiction=r.jurisdiction,
            hazard=r.hazard,
            level=r.level.value,
            variable=r.variable,
            aggregation=r.aggregation.value,
            threshold=r.threshold,
            unit=r.unit,
            window_hours=r.window_hours,
            days=r.days,
            valid_from=r.valid_from.isoformat(),
            valid_to=r.valid_to.isoformat() if r.valid_to else None,
            confirmed=r.confirmed,
            criterion_zh=r.criterion.zh,
            criterion_en=r.criterion.en,
            source=r.source,
        )
        for r in shipped_catalogue()
    ]


@router.get("/{territory}/warnings", response_model=WarningsOut)
def get_warnings(territory: TerritoryCode, db: DB, _: Reader, lang: Lang = "zh") -> WarningsOut:
    """预警事件（发布、升级、降级、解除）与当前生效预警 · Warning events and the warnings standing."""
    with db.read() as session:
        settings = warnings.get_settings(session, territory)
        events = warnings.warning_events(session, territory)
        return WarningsOut(
            territory=territory,
            jurisdiction=settings.jurisdiction,
            timezone=settings.timezone,
            illustrative=settings.illustrative,
            events=_views(session, territory, events, lang),
            active=_views(session, territory, active_warnings(events), lang),
        )


@router.post(
    "/{territory}/feeds",
    response_model=FeedOut,
    status_code=201,
    responses={422: {"model": Problem, "description": "every bad row, located"}},
)
def import_feed(
    territory: TerritoryCode,
    file: UploadFile,
    db: DB,
    actor: Writer,
    timezone: Annotated[
        str | None, Query(max_length=64, description="IANA zone, e.g. Asia/Shanghai")
    ] = None,
) -> FeedOut:
    """导入观测数据（CSV/JSON，站点或网格，含时区）并重新评估预警 · Import a feed and re-evaluate."""
    name, data = _read_upload(file, MAX_FEED_BYTES)
    rows, stated = read_feed(name, data)
    with db.write() as session:
        zone = timezone or stated or warnings.get_settings(session, territory).timezone
        observations = parse_feed(rows, name, timezone=zone)
        stored = warnings.import_feed(session, actor, territory, observations, where=name)
        events = warnings.evaluate(session, actor, territory)
        return FeedOut(stored=stored, events=len(events), active=len(active_warnings(events)))


@router.get(
    "/{territory}/cap/{sequence}",
    response_class=Response,
    responses={200: {"content": {"application/cap+xml": {}}, "description": "one CAP 1.2 alert"}},
)
def cap_alert(
    territory: TerritoryCode, sequence: Annotated[int, Path(ge=1, le=10_000_000)], db: DB, _: Reader
) -> Response:
    """一条预警的 CAP 1.2 XML（含更新/解除链）· One warning event as a CAP 1.2 alert."""
    with db.read() as session:
        alerts = warnings.cap_alerts(session, territory)
    if not 1 <= sequence <= len(alerts):
        raise NotFoundError(f"没有第 {sequence} 条预警", f"no warning number {sequence}")
    return Response(alert_to_xml(alerts[sequence - 1]), media_type="application/cap+xml")


@router.post(
    "/cap",
    response_model=CapImportOut,
    responses={422: {"model": Problem, "description": "not valid CAP 1.2, located"}},
)
def import_cap(file: UploadFile, _: Writer) -> CapImportOut:
    """读取 CAP 1.2 警报（按模式校验，拒绝 DTD/实体）· Read CAP 1.2 alerts (validated, entities refused)."""
    name, data = _read_upload(file, MAX_CAP_BYTES)
    alerts = alerts_from_xml(data, name)
    events = events_from_alerts(alerts, name)
    return CapImportOut(
        alerts=len(alerts),
        identifiers=[a.identifier for a in alerts],
        events=[warnings.event_view(e, "en", {}) for e in events],
    )


@router.get("/{territory}/risk", response_model=RiskOut)
def get_risk(
    territory: TerritoryCode,
    db: DB,
    _: Reader,
    hazard_factor: Annotated[
        float, Query(gt=0, le=10, description="hazard scenario multiplier")
    ] = 1.0,
) -> RiskOut:
    """风险 = 危险性 × 暴露度 × 脆弱性（归一化可见，含来源）· Risk by sub-area with its inputs."""
    with db.read() as session:
        result = assessments.risk(session, territory, hazard_factor=hazard_factor)
    return RiskOut(
        territory=territory,
        hazard_factor=hazard_factor,
        method="n = clamp((v - lower)/(upper - lower), 0, 1), 1 - n when lower is worse; "
        "component = weighted mean; risk = H x E x V",
        risk=result.risk.to_dicts(),
        inputs=result.inputs.to_dicts(),
    )


@router.get("/{territory}/sponge", response_model=SpongeOut)
def get_sponge(
    territory: TerritoryCode,
    db: DB,
    _: Reader,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> SpongeOut:
    """海绵城市：各排水分区考核/考查项与达标面积比例 · Sponge city per drainage zone (GB/T 51345-2018)."""
    with db.read() as session:
        years = assessments.zone_years(session, territory)
        if not years:
            raise NotFoundError(
                f"{territory} 没有海绵城市评价", f"{territory} has no sponge-city evaluation"
            )
        chosen = year if year is not None else years[-1]
        summary = assessments.sponge_summary(session, territory, chosen)
    return SpongeOut(
        territory=territory,
        year=chosen,
        years=years,
        meeting_km2=summary["meeting_km2"],
        built_up_km2=summary["built_up_km2"],
        share_percent=summary["share_percent"],
        zones=[assessments.zone_view(r, "en") for r in summary["results"]],
    )


class GreenProgressOut(BaseModel):
    """Share (%) of the plan's targets reached: 96 new parks, 300 km of greenways."""

    new_parks: float
    greenway_km: float


class GreenYearOut(BaseModel):
    """One year of parks, greenways and green coverage (areas km², park space m²)."""

    year: int
    built_up_km2: float
    green_covered_km2: float
    park_green_space_m2: float
    population: float
    new_parks_cumulative: int
    greenway_km_cumulative: float
    source: str
    green_coverage_percent: float | None
    park_m2_per_person: float | None
    progress: GreenProgressOut


class MapOut(BaseModel):
    """Map layers as GeoJSON FeatureCollections (``None`` where no shapes are stored)."""

    sub_areas: dict[str, Any] | None = Field(
        description="sub-areas; properties: id, risk (0–1), warnings standing"
    )
    zones: dict[str, Any] | None = Field(
        description="drainage zones; properties: id, name, meets (sponge-city standard)"
    )
    zone_year: int | None = None
    schematic: bool = Field(description="the shapes are schematic, not official boundaries")
    sources: list[str]


@router.get("/{territory}/green", response_model=list[GreenYearOut])
def get_green(territory: TerritoryCode, db: DB, _: Reader) -> list[dict[str, Any]]:
    """公园、绿道与绿化覆盖率（指标 11、12）· Parks, greenways and green coverage by year."""
    with db.read() as session:
        return assessments.green_summary(session, territory)


@router.get("/{territory}/map", response_model=MapOut)
def get_map(territory: TerritoryCode, db: DB, _: Reader, lang: Lang = "zh") -> dict[str, Any]:
    """地图图层（GeoJSON：子区域风险与预警、排水分区达标）· Map layers as GeoJSON."""
    with db.read() as session:
        return assessments.map_layers(session, territory, lang)
