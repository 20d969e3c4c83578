"""Adaptation and early warning (issue 17): feeds, warnings (JSON and CAP 1.2), risk, sponge
city, green space, map layers, the warning-signal catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cityclimate.adaptation import active_warnings, shipped_catalogue
from cityclimate.adaptation.cap import events_from_alerts
from cityclimate.adaptation.feeds import parse_feed
from cityclimate.adaptation.heat_health import shipped_plan
from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, STAFF, allow
from cityclimate.api.schemas import Problem
from cityclimate.errors import DataValidationError
from cityclimate.errors import Problem as Problem_
from cityclimate.io.adaptation_feeds import read_feed, table_rows
from cityclimate.io.adaptation_shapes import read_shapes
from cityclimate.io.cap import alert_to_xml, alerts_from_xml
from cityclimate.io.limits import stored_name
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation import assessments, census, notices, uploads, warnings
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
    basis: str = Field(description="observed, or forecast (the warning stands on forecast values)")
    basis_name: str


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


# --- a territory's own tables, shapes and settings; notices to departments (issue 17) -------

Staff = Annotated[Actor, Depends(allow(*STAFF))]
Department = Annotated[Actor, Depends(allow("department"))]
MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_SHAPE_BYTES = 50 * 1024 * 1024
TableKind = Annotated[str, Path(pattern="^(" + "|".join(uploads.KINDS) + ")$")]
ShapeKind = Annotated[str, Path(pattern="^(sub_area|drainage_zone)$")]


class TableImportOut(BaseModel):
    kind: str
    stored: int
    events: int | None = Field(default=None, description="warning events after re-evaluation")
    active: int | None = Field(default=None, description="warnings standing after it")


class SettingsIn(BaseModel):
    jurisdiction: str = Field(max_length=32, description="CN or CN-CQ (whose warning rules)")
    region_code: str = Field(pattern=r"^\d{6}$", description="GB/T 2260 code")
    timezone: str = Field(max_length=64, description="IANA zone, e.g. Asia/Shanghai")
    sender: str = Field(min_length=1, max_length=200, description="CAP sender")
    sender_name_zh: str = Field(min_length=1, max_length=200)
    sender_name_en: str = Field(default="", max_length=200)


class SettingsOut(SettingsIn):
    territory: str
    illustrative: bool


class ShapesOut(BaseModel):
    kind: str
    features: int
    coordinate_system: str = Field(description="the Shapefile's .prj text, empty for GeoJSON")


class MeasureOut(BaseModel):
    measure: str
    level: str
    who: str
    who_name: str
    text: str
    confidence: str = Field(description="H, M or L (L: not checked against the official text)")
    source: str


class NoticeOut(BaseModel):
    id: int
    department: str
    site: str
    site_name: str
    hazard: str
    hazard_name: str
    level: str
    level_name: str
    action: str
    warning_time: str
    due_at: str
    acknowledged_at: str | None
    escalated_at: str | None
    escalate_to: str
    state: str = Field(description="pending, overdue, escalated, acknowledged or withdrawn")
    state_name: str
    measures: list[MeasureOut]


class CensusOut(BaseModel):
    records: list[dict[str, Any]] = Field(
        description="record_id, hazard_type, name, sub_area, longitude, latitude, source"
    )
    counts: list[dict[str, Any]] = Field(description="sub_area, hazard_type, hazard_name, records")


_TABLE_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": Problem, "description": "the file is over the upload limits"},
    422: {"model": Problem, "description": "every bad row, located"},
}


@router.post("/{territory}/tables/{kind}", response_model=TableImportOut, status_code=201,
             responses=_TABLE_ERRORS)  # fmt: skip
def import_table(
    territory: TerritoryCode,
    kind: TableKind,
    file: UploadFile,
    db: DB,
    actor: Writer,
    timezone: Annotated[str | None, Query(max_length=64, description="IANA zone of a feed")] = None,
) -> TableImportOut:
    """导入本地区的适应数据表（观测、预报、站点、责任部门、风险图层、普查、绿地；CSV/XLSX/JSON）·
    Import one of the territory's adaptation tables (all or nothing)."""
    name, data = _read_upload(file, MAX_TABLE_BYTES)
    rows, stated = table_rows(name, data)
    with db.write() as session:
        done = uploads.import_rows(session, actor, territory, kind, rows, where=name,
                                   timezone=timezone or stated)  # fmt: skip
    return TableImportOut(kind=kind, **done)


@router.post("/{territory}/shapes/{kind}", response_model=ShapesOut, status_code=201,
             responses=_TABLE_ERRORS)  # fmt: skip
def import_shapes(
    territory: TerritoryCode,
    kind: ShapeKind,
    file: UploadFile,
    db: DB,
    actor: Writer,
    id_field: Annotated[
        str, Query(min_length=1, max_length=64, description="id column of a Shapefile")
    ] = "id",
    source: Annotated[str, Query(max_length=500, description="where the shapes come from")] = "",
) -> ShapesOut:
    """上传地图图形（GeoJSON，或 zip 压缩的 Shapefile 导入时转换）· Upload official shapes."""
    name, data = _read_upload(file, MAX_SHAPE_BYTES)
    geojson, crs = read_shapes(name, data, id_field=id_field)
    with db.write() as session:
        count = assessments.save_shapes(session, actor, territory, kind, geojson, schematic=False,
                                        source=source or name, coordinate_system=crs)  # fmt: skip
    return ShapesOut(kind=kind, features=count, coordinate_system=crs)


@router.put("/{territory}/settings", response_model=SettingsOut,
            responses={422: {"model": Problem, "description": "an unknown jurisdiction or zone"}})  # fmt: skip
def put_settings(territory: TerritoryCode, body: SettingsIn, db: DB, actor: Writer) -> SettingsOut:
    """设置本地区的预警辖区、区划代码、时区和 CAP 发布者 · Set the territory's warning settings."""
    with db.write() as session:
        saved = warnings.save_settings(session, actor, warnings.Settings(
            territory, body.jurisdiction, body.region_code, body.timezone, body.sender,
            Text(body.sender_name_zh, body.sender_name_en), False))  # fmt: skip
    return SettingsOut(territory=territory, illustrative=saved.illustrative, **body.model_dump())


@router.get("/heat-health", response_model=list[MeasureOut])
def heat_health(_: Reader, lang: Lang = "zh") -> list[dict[str, Any]]:
    """高温健康措施（按预警颜色，谁须行动，来源与可信度）· The heat-health measures by colour."""
    return [notices.measure_view(m, lang) for m in shipped_plan()]


@router.get("/{territory}/notices", response_model=list[NoticeOut])
def get_notices(
    territory: TerritoryCode,
    db: DB,
    actor: Staff,
    lang: Lang = "zh",
    pending: Annotated[bool, Query(description="only those awaiting acknowledgement")] = False,
) -> list[dict[str, Any]]:
    """预警通知（气候办看全部，部门看本部门）· Warning notices (the office all, a department its own)."""
    now = dt.datetime.now(dt.UTC)
    with db.read() as session:
        names = warnings.site_names(session, territory, lang)
        found = notices.notices(session, actor, territory, pending_only=pending)
        return [notices.notice_view(n, lang, names, now) for n in found]


@router.post("/notices/{notice_id}/acknowledge", response_model=NoticeOut,
             responses={409: {"model": Problem, "description": "acknowledged already, or withdrawn"}})  # fmt: skip
def acknowledge_notice(
    notice_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    db: DB,
    actor: Department,
    lang: Lang = "zh",
) -> dict[str, Any]:
    """部门确认收到预警通知 · A department acknowledges a warning notice."""
    now = dt.datetime.now(dt.UTC)
    with db.write() as session:
        notice = notices.acknowledge(session, actor, notice_id, now)
        names = warnings.site_names(session, notice.territory_code, lang)
        return notices.notice_view(notice, lang, names, now)


@router.post("/{territory}/escalate", response_model=list[NoticeOut])
def escalate_notices(
    territory: TerritoryCode,
    db: DB,
    actor: Writer,
    lang: Lang = "zh",
    as_of: Annotated[
        dt.datetime | None, Query(description="ISO 8601 with offset; default now")
    ] = None,
) -> list[dict[str, Any]]:
    """将超时未确认的预警通知升级上报 · Escalate the notices overdue at a time."""
    now = dt.datetime.now(dt.UTC)
    when = now if as_of is None else (as_of if as_of.tzinfo else as_of.replace(tzinfo=dt.UTC))
    with db.write() as session:
        names = warnings.site_names(session, territory, lang)
        return [notices.notice_view(n, lang, names, when)
                for n in notices.escalate(session, actor, territory, when)]  # fmt: skip


@router.get("/{territory}/census", response_model=CensusOut)
def get_census(territory: TerritoryCode, db: DB, _: Reader, lang: Lang = "zh") -> CensusOut:
    """灾害风险普查记录及按子区域、类型的统计 · Census records and their counts."""
    with db.read() as session:
        records = [r.__dict__ for r in census.census(session, territory)]
        return CensusOut(records=records, counts=census.census_summary(session, territory, lang))
