"""Reading stored inventory versions: results with lineage, differences, reports, the dashboard.

Everything here reads; the versions are written by :mod:`cityclimate.services.inventory_versions`.
Every read checks that the actor may see the version (drafts are for the office).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from cityclimate.services import socioeconomic
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.imports import get_import
from cityclimate.services.inventory_calculation import RESULT_COLUMNS
from cityclimate.services.inventory_versions import load_version, version_view
from cityclimate.services.published_cache import PublishedCache, database_of
from cityclimate.services.territories import get_territory
from cityclimate.storage.models import (
    ActivityRecord,
    InventoryResult,
    InventoryVersion,
    Socioeconomic,
)


def _by_category(session: Session, version_id: int) -> dict[str, float]:
    rows = session.execute(
        select(InventoryResult.category, func.sum(InventoryResult.co2e_t))
        .where(InventoryResult.version_id == version_id)
        .group_by(InventoryResult.category)
    ).all()
    return {category: float(value or 0.0) for category, value in rows}


def diff(
    session: Session, actor: Actor, version_id: int, against_id: int | None = None
) -> dict[str, Any]:
    """Per-category change (t CO2e) of a version against another (default: its parent)."""
    version = load_version(session, actor, version_id)
    other_id = against_id if against_id is not None else version.parent_id
    if other_id is None:
        raise ConflictError(
            f"版本 {version_id} 没有上一版本，请指定对比版本",
            f"version {version_id} has no parent: say which version to compare with",
        )
    other = load_version(session, actor, other_id)
    after, before = _by_category(session, version.id), _by_category(session, other.id)
    rows: list[dict[str, Any]] = []
    for category in sorted(set(after) | set(before)):
        a, b = after.get(category, 0.0), before.get(category, 0.0)
        rows.append(
            {
                "category": category,
                "before_co2e_t": b,
                "after_co2e_t": a,
                "change_co2e_t": a - b,
                "change_share": (a - b) / b if b else None,
            }
        )
    rows.sort(key=lambda r: -abs(r["change_co2e_t"]))
    return {
        "version": version_view(version),
        "against": version_view(other),
        "reason": version.reason,
        "total_before_co2e_t": sum(before.values()),
        "total_after_co2e_t": sum(after.values()),
        "categories": rows,
    }


def list_results(
    session: Session,
    actor: Actor,
    version_id: int,
    *,
    category: str | None = None,
    sector: str | None = None,
    gas: str | None = None,
    sub_area: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Result rows of a version (as :func:`result_view`), filtered; the total before paging."""
    load_version(session, actor, version_id)
    query = select(InventoryResult).where(InventoryResult.version_id == version_id)
    if category:
        query = query.where(InventoryResult.category.startswith(category, autoescape=True))
    if sector:
        query = query.where(InventoryResult.sector == sector)
    if gas:
        query = query.where(InventoryResult.gas == gas)
    if sub_area:
        query = query.where(InventoryResult.sub_area == sub_area)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(InventoryResult.id).limit(limit).offset(offset))
    return [result_view(r) for r in rows.all()], total


def result_view(r: InventoryResult) -> dict[str, Any]:
    """A stored result row as a JSON-ready dict (its id, version and emission columns)."""
    return {"id": r.id, "version_id": r.version_id} | {c: getattr(r, c) for c in RESULT_COLUMNS}


def lineage(session: Session, actor: Actor, version_id: int, result_id: int) -> dict[str, Any]:
    """A result row with the activity record and the factor behind it."""
    version = load_version(session, actor, version_id)
    result = session.get(InventoryResult, result_id)
    if result is None or result.version_id != version.id:
        raise NotFoundError(f"结果 {result_id} 不存在", f"result {result_id} does not exist")
    record = session.scalar(
        select(ActivityRecord).where(
            ActivityRecord.import_id == version.import_id,
            ActivityRecord.record_id == result.record_id,
        )
    )
    from cityclimate.services.imports import import_view, record_view

    activity = record_view(record) if record is not None else None
    source = import_view(get_import(session, version.import_id))
    shown = result_view(result)
    if not actor.sees_drafts:
        # Public and enterprise readers see the numbers behind a figure, not who uploaded the
        # file, its name, or which enterprise a record belongs to.
        source = {**source, "created_by": None, "filename": None}
        shown = {**shown, "enterprise_id": None}
        if activity is not None:
            activity = {**activity, "enterprise_id": None}
    return {
        "result": shown,
        "activity_record": activity,
        "import": source,
        "factor": {
            "factor_id": result.factor_id,
            "value": result.factor_value,
            "level": result.factor_level,
            "source": result.factor_source,
            "selection_reason": result.selection_reason,
            "gwp": result.gwp,
        },
        "equation": "emission_t = activity_value × factor_value; co2e_t = emission_t × gwp",
    }


def results_frame(session: Session, version_id: int) -> pl.DataFrame:
    columns = [getattr(InventoryResult, c) for c in RESULT_COLUMNS]
    rows = session.execute(
        select(*columns)
        .where(InventoryResult.version_id == version_id)
        .order_by(InventoryResult.id)
    ).all()
    return pl.DataFrame(
        [tuple(r) for r in rows], schema=RESULT_COLUMNS, orient="row", infer_schema_length=None
    )


@dataclass(frozen=True)
class ReportExport:
    """A version's report and its record-level result rows, for the faces to write (io)."""

    report: dict[str, Any]
    rows: pl.DataFrame


def report_export(session: Session, actor: Actor, version_id: int) -> ReportExport:
    """What the CSV and XLSX reports of a version hold (the actor must see the version)."""
    version = load_version(session, actor, version_id)
    return ReportExport(dict(version.report), results_frame(session, version_id))


#: Dashboards by database, territory, published versions and socio-economic inputs (at most
#: one per territory in use; a few old keys linger until pushed out).
DASHBOARDS: PublishedCache[dict[str, Any]] = PublishedCache(maxsize=64)


@dataclass(frozen=True)
class DashboardStamp:
    """What a territory's dashboard is computed from, read now: :attr:`key` says it whole."""

    key: tuple[object, ...]
    ids: tuple[int, ...]
    inputs: dict[int, socioeconomic.YearInputs]


#: The two reads of :func:`dashboard_stamp`, built once (building a statement cost as much as
#: running it) and run on the connection, as plain columns need nothing of the ORM.
_PUBLISHED_IDS = (
    select(InventoryVersion.id)
    .where(
        InventoryVersion.territory_code == bindparam("territory"),
        InventoryVersion.status == "published",
    )
    .order_by(InventoryVersion.id)
)
_YEAR_INPUTS = (
    select(Socioeconomic.year, *socioeconomic.YEAR_INPUT_COLUMNS)
    .where(Socioeconomic.territory_code == bindparam("territory"))
    .order_by(Socioeconomic.year)
)


def dashboard_stamp(session: Session, territory: str) -> DashboardStamp:
    """The published version ids and the socio-economic inputs of ``territory`` (404 if none
    such), keyed with the database: a cache key for anything made from the dashboard.

    Read on every dashboard request, so kept to two small queries of plain columns (no rows
    made into objects); the territory is looked up only when it has nothing published.
    """
    connection, where = session.connection(), {"territory": territory}
    ids = tuple(connection.execute(_PUBLISHED_IDS, where).scalars())
    if not ids:
        get_territory(session, territory)  # 404 for a territory that does not exist
    rows = connection.execute(_YEAR_INPUTS, where).all()
    inputs_key = tuple(tuple(r) for r in rows)
    inputs: dict[int, socioeconomic.YearInputs] = {r.year: r for r in rows}
    return DashboardStamp((database_of(session), territory, ids, inputs_key), ids, inputs)


def dashboard(
    session: Session, actor: Actor, territory: str, stamp: DashboardStamp | None = None
) -> dict[str, Any]:
    """Latest published inventory of a territory with its trend and data-quality status.

    Kept per process (:mod:`~cityclimate.services.published_cache`) under what it is computed
    from (:func:`dashboard_stamp`, read here unless given): the ids of the published versions
    and the socio-economic inputs of the territory, so that a new publication or a corrected GDP
    is shown at once. The same for every actor: it shows published versions only. A shallow
    copy: do not change nested values.
    """
    stamp = stamp or dashboard_stamp(session, territory)
    made = DASHBOARDS.get(
        stamp.key, lambda: _dashboard(session, territory, stamp.ids, stamp.inputs)
    )
    return dict(made)


def _dashboard(
    session: Session,
    territory: str,
    ids: tuple[int, ...],
    inputs: dict[int, socioeconomic.YearInputs],
) -> dict[str, Any]:
    # Computed from the versions and inputs of the key only (never re-read), so that a value is
    # exactly what its key says even if something is published meanwhile.
    published = list(
        session.scalars(
            select(InventoryVersion)
            .where(InventoryVersion.id.in_(ids))
            .order_by(InventoryVersion.year, InventoryVersion.id)
        ).all()
    )
    # Intensity and per capita come from the stored socio-economic inputs: a year with no GDP
    # or population shows None ("not reported"), never an error.
    figures = {
        v.id: socioeconomic.figures_of(inputs.get(v.year), v.gross_co2e_t) for v in published
    }
    trend = [
        {
            "year": v.year,
            "version_id": v.id,
            "gross_co2e_t": v.gross_co2e_t,
            "intensity_t_per_10k_yuan": figures[v.id]["intensity_t_per_10k_yuan"],
            "per_capita_t": figures[v.id]["per_capita_t"],
        }
        for v in published
    ]
    latest = published[-1] if published else None
    latest_view = None
    if latest is not None:
        latest_view = version_view(latest, with_report=True)
        report = dict(latest_view["report"])
        report["summary"] = dict(report.get("summary", {})) | figures[latest.id]
        latest_view["report"] = report
    return {
        "territory": territory,
        "trend": trend,
        "latest": latest_view,
        "illustrative": any(v.illustrative for v in published),
    }
