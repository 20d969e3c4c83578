"""Inventory versions: compute, publish, recalculate, diff; results with lineage; reports."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, Database, Id, allow
from cityclimate.api.schemas import (
    ComputeRequest,
    Dashboard,
    Diff,
    FactorSetOut,
    Lineage,
    Page,
    QualityOut,
    RecalculateRequest,
    ResultOut,
    VersionDetail,
    VersionOut,
)
from cityclimate.demo.load import NOTICE
from cityclimate.io.csv_export import csv_text
from cityclimate.io.exports import inventory_xlsx
from cityclimate.services import factor_sets as factor_set_service
from cityclimate.services import inventories, inventory_quality
from cityclimate.services.actors import Actor
from cityclimate.services.published_cache import PublishedCache

router = APIRouter(tags=["inventories"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]


class ReportFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def _out(version: inventories.Version) -> VersionOut:
    fields = asdict(version)
    del fields["report"]
    return VersionOut(**fields)


def _detail(version: inventories.Version) -> VersionDetail:
    notice: dict[str, Any] = NOTICE if version.illustrative else {"zh": "", "en": ""}
    return VersionDetail(**asdict(version), notice_zh=notice["zh"], notice_en=notice["en"])


@router.get("/factor-sets", response_model=list[FactorSetOut])
def factor_sets(db: DB, _: Reader) -> list[FactorSetOut]:
    """因子集（计算方法）· Factor sets (calculation methods)."""
    with db.read() as session:
        return [
            FactorSetOut(**factor_set_service.factor_set_view(f))
            for f in factor_set_service.list_factor_sets(session)
        ]


#: Dashboard bodies (JSON bytes) by what they are computed from; per process, bounded. A read
#: served from here costs the key's three small queries, no validation or encoding.
DASHBOARD_BODIES: PublishedCache[bytes] = PublishedCache(maxsize=64)


@router.get("/dashboard", response_model=Dashboard)
def dashboard(
    db: DB, actor: Reader, territory: Annotated[str, Query(min_length=1, max_length=32)]
) -> Response:
    """总览：最新已发布清单与趋势 · Latest published inventory and the trend."""
    with db.read(atomic=False) as session:
        stamp = inventories.dashboard_stamp(session, territory)
    body = DASHBOARD_BODIES.get(stamp.key, lambda: _dashboard_body(db, actor, territory, stamp))
    return Response(body, media_type="application/json")


def _dashboard_body(
    db: Database, actor: Actor, territory: str, stamp: inventories.DashboardStamp
) -> bytes:
    with db.read() as session:
        data = inventories.dashboard(session, actor, territory, stamp)
    latest = data.pop("latest")
    notice = NOTICE if data["illustrative"] else {"zh": "", "en": ""}
    return (
        Dashboard(
            **data,
            latest=VersionDetail(**latest, notice_zh=notice["zh"], notice_en=notice["en"])
            if latest
            else None,
            notice_zh=notice["zh"],
            notice_en=notice["en"],
        )
        .model_dump_json()
        .encode()
    )


@router.get("/inventories", response_model=Page[VersionOut])
def list_versions(
    db: DB,
    actor: Reader,
    territory: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[VersionOut]:
    """清单版本 · Inventory versions (public roles see published ones)."""
    with db.read() as session:
        rows, total = inventories.list_versions(
            session,
            actor,
            territory=territory,
            year=year,
            status=status,
            limit=limit,
            offset=offset,
        )
        items = [_out(v) for v in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/inventories", response_model=VersionDetail, status_code=201)
def compute(body: ComputeRequest, db: DB, actor: Writer) -> VersionDetail:
    """计算清单（新草稿）· Compute an inventory as a new draft."""
    with db.write() as session:
        return _detail(inventories.compute(session, actor, **body.model_dump()))


@router.get("/inventories/{version_id}", response_model=VersionDetail)
def get_version(version_id: Id, db: DB, actor: Reader) -> VersionDetail:
    """一个清单版本及其报告 · One version with its report."""
    with db.read() as session:
        return _detail(inventories.get_version(session, actor, version_id))


@router.post("/inventories/{version_id}/recompute", response_model=VersionDetail)
def recompute(version_id: Id, db: DB, actor: Writer) -> VersionDetail:
    """重新计算草稿 · Recompute a draft in place."""
    with db.write() as session:
        return _detail(inventories.recompute(session, actor, version_id))


@router.post("/inventories/{version_id}/publish", response_model=VersionDetail)
def publish(version_id: Id, db: DB, actor: Writer) -> VersionDetail:
    """发布草稿 · Publish a draft (then immutable)."""
    with db.write() as session:
        return _detail(inventories.publish(session, actor, version_id))


@router.post("/inventories/{version_id}/recalculate", response_model=VersionDetail, status_code=201)
def recalculate(version_id: Id, body: RecalculateRequest, db: DB, actor: Writer) -> VersionDetail:
    """重新计算已发布版本（新草稿，说明原因）· Recalculate a published version, with a reason."""
    with db.write() as session:
        return _detail(inventories.recalculate(session, actor, version_id, **body.model_dump()))


@router.get("/inventories/{version_id}/quality", response_model=QualityOut)
def quality(
    version_id: Id,
    db: DB,
    actor: Reader,
    iterations: Annotated[
        int, Query(ge=100, le=inventory_quality.MAX_ITERATIONS)
    ] = inventory_quality.DEFAULT_ITERATIONS,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
) -> QualityOut:
    """质量结果：不确定性、关键类别、质量检查、三种框架报告表与核对 · Quality result:
    uncertainty (Monte Carlo, seeded), key categories with reasons, QA findings, the China /
    IPCC / GPC tables and their reconciliation."""
    with db.read() as session:
        result = inventory_quality.version_quality(
            session, actor, version_id, iterations=iterations, seed=seed
        )
    notice: dict[str, Any] = NOTICE if result["illustrative"] else {"zh": "", "en": ""}
    return QualityOut(**result, notice_zh=notice["zh"], notice_en=notice["en"])


@router.get("/inventories/{version_id}/diff", response_model=Diff)
def diff(
    version_id: Id,
    db: DB,
    actor: Reader,
    against: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Diff:
    """分类别差异 · Per-category difference against the parent (or another version)."""
    with db.read() as session:
        return Diff(**inventories.diff(session, actor, version_id, against))


@router.get("/inventories/{version_id}/results", response_model=Page[ResultOut])
def results(
    version_id: Id,
    db: DB,
    actor: Reader,
    category: Annotated[str | None, Query(max_length=100)] = None,
    sector: Annotated[str | None, Query(max_length=50)] = None,
    gas: Annotated[str | None, Query(max_length=20)] = None,
    sub_area: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[ResultOut]:
    """结果行（每行含活动记录和排放因子）· Result rows, each with its record and factor."""
    with db.read() as session:
        rows, total = inventories.list_results(
            session,
            actor,
            version_id,
            category=category,
            sector=sector,
            gas=gas,
            sub_area=sub_area,
            limit=limit,
            offset=offset,
        )
        items = [ResultOut(**r) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/inventories/{version_id}/results/{result_id}/lineage", response_model=Lineage)
def lineage(version_id: Id, result_id: Id, db: DB, actor: Reader) -> Lineage:
    """数据溯源：结果背后的活动记录与因子 · The activity record and factor behind a result."""
    with db.read() as session:
        return Lineage(**inventories.lineage(session, actor, version_id, result_id))


@router.get(
    "/inventories/{version_id}/report",
    response_model=VersionDetail,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            }
        }
    },
)
def report(
    version_id: Id,
    db: DB,
    actor: Reader,
    format: Annotated[ReportFormat, Query()] = ReportFormat.json,
) -> Any:
    """清单报告（JSON、CSV 明细、XLSX）· The report as JSON, CSV rows or an XLSX workbook."""
    with db.read() as session:
        version = inventories.get_version(session, actor, version_id)
        name = f"inventory-{version.territory_code}-{version.year}-v{version.number}"
        if format is ReportFormat.json:
            return _detail(version)
        export = inventories.report_export(session, actor, version_id)
        notice = f"{NOTICE['zh']} {NOTICE['en']}" if version.illustrative else ""
    if format is ReportFormat.csv:
        return Response(
            csv_text(export.rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        inventory_xlsx(export.report, export.rows, notice),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )
