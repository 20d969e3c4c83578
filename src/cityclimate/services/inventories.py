"""Inventory versions: compute a draft, publish it, recalculate with a reason, diff, read results.

The calculation is the core's (:func:`cityclimate.inventory.compute_emissions` and
:func:`cityclimate.inventory.report.inventory_report`), and so is the life cycle
(:mod:`cityclimate.inventory.versions`: a published version is immutable; a recalculation is a new
version with its parent and reason; publishing a version marks the one it replaces
``recalculated``). This module loads the states from storage, calls the core, saves and audits.

Writers of one territory's versions are serialised by a row lock on the territory (PostgreSQL;
SQLite's writers already take the database's write lock at their start), and every step reads
the state again after the lock: two concurrent computes get consecutive numbers, and of two
concurrent publishes of one draft the second is refused (409), as if they came one after the
other. The database's partial unique index (one published version per territory and year)
stands behind both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import compute_emissions
from cityclimate.inventory import versions as life_cycle
from cityclimate.inventory.model import EMISSION_COLUMNS
from cityclimate.inventory.report import inventory_report
from cityclimate.services import audit, socioeconomic
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.factor_sets import (
    composite_factors,
    default_factor_set,
    get_factor_set,
    method_from_json,
    method_used,
)
from cityclimate.services.imports import get_import, load_activities
from cityclimate.services.territories import get_territory, grid_region_table, territory_table
from cityclimate.storage.models import (
    ActivityImport,
    ActivityRecord,
    FactorSet,
    InventoryResult,
    InventoryVersion,
    Territory,
)

RESULT_COLUMNS = list(EMISSION_COLUMNS)


def version_view(v: InventoryVersion, *, with_report: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": v.id,
        "territory_code": v.territory_code,
        "year": v.year,
        "number": v.number,
        "status": v.status,
        "reason": v.reason,
        "parent_id": v.parent_id,
        "import_id": v.import_id,
        "factor_set_id": v.factor_set_id,
        "illustrative": v.illustrative,
        "gross_co2e_t": v.gross_co2e_t,
        "created_by": v.created_by,
        "created_at": v.created_at,
        "published_at": v.published_at,
    }
    if with_report:
        out["report"] = v.report
    return out


def _latest_confirmed_import(session: Session, territory: str, year: int) -> ActivityImport:
    for item in session.scalars(
        select(ActivityImport)
        .where(ActivityImport.territory_code == territory, ActivityImport.status == "confirmed")
        .order_by(ActivityImport.id.desc())
    ):
        if year in (item.years or []):
            return item
    raise NotFoundError(
        f"地区 {territory} 没有包含 {year} 年数据的已确认导入",
        f"territory {territory} has no confirmed import with {year} data",
    )


def _factor_set(session: Session, factor_set_id: int | None) -> FactorSet:
    if factor_set_id is None:
        return default_factor_set(session)
    return get_factor_set(session, factor_set_id)


def _year_error(item: ActivityImport, year: int, zh: str, en: str) -> DataValidationError:
    return DataValidationError([Problem(item.filename, None, "year", str(year), zh, en)])


def _calculate(
    session: Session,
    version: InventoryVersion,
    item: ActivityImport,
    factor_set: FactorSet,
    chosen_because: str = "stored with the version",
) -> None:
    """Compute the version's results with the core and store them (replacing any)."""
    if item.status != "confirmed":
        raise ConflictError(
            f"导入 {item.id} 尚未确认，不能用于计算",
            f"import {item.id} is not confirmed: confirm it before computing",
        )
    if version.year not in (item.years or []):
        raise _year_error(
            item,
            version.year,
            f"导入 {item.id} 中没有 {version.year} 年的记录",
            f"import {item.id} has no records for {version.year}",
        )
    method = method_from_json(factor_set.method)
    emissions = compute_emissions(
        load_activities(session, item.id),
        method,
        factors=composite_factors(session, factor_set),
        territories=territory_table(session),
        grid_regions=grid_region_table(session),
        where=item.filename,
    )
    rows = emissions.filter(
        (pl.col("year") == version.year) & (pl.col("territory") == version.territory_code)
    )
    if rows.is_empty():
        # e.g. a year holding only landfill deposits: by the first-order-decay method they emit
        # from the following year on (IPCC 2006 Vol. 5 Ch. 3 Eq. 3.5), not in the year itself.
        raise _year_error(
            item,
            version.year,
            f"导入 {item.id} 中 {version.year} 年的记录在该年不产生排放（例如填埋量按一阶衰减法"
            "从次年起才产生甲烷）：请计算之后的年份，或补充该年的活动水平数据",
            f"the records of {version.year} in import {item.id} cause no emissions in "
            f"{version.year} (landfill deposits, for instance, emit methane from the following "
            "year on, by first-order decay): compute a later year, or add that year's activity "
            "data",
        )
    report = inventory_report(
        rows,
        year=version.year,
        method=method,
        territory=version.territory_code,
        socioeconomic=socioeconomic.table(session, version.territory_code),
        illustrative=item.illustrative,
    )
    report["quality"] = _quality(rows)
    report["method_used"] = method_used(factor_set, chosen_because=chosen_because)
    version.report = audit.json_safe(report)
    version.gross_co2e_t = float(report["summary"]["gross_co2e_t"] or 0.0)
    version.illustrative = item.illustrative
    version.import_id = item.id
    version.factor_set_id = factor_set.id
    session.execute(delete(InventoryResult).where(InventoryResult.version_id == version.id))
    records = rows.select(RESULT_COLUMNS).with_columns(
        version_id=pl.lit(version.id), scope=pl.col("scope").cast(pl.Int64)
    )
    for chunk in records.iter_slices(5000):
        session.execute(insert(InventoryResult), audit.json_safe(chunk.to_dicts()))


def _quality(rows: pl.DataFrame) -> dict[str, Any]:
    """Data-quality status: share of CO2e by data-quality tier and by factor level."""
    total = float(rows["co2e_t"].abs().sum()) or 1.0
    out: dict[str, Any] = {}
    for column in ("quality_tier", "factor_level"):
        grouped = rows.group_by(column).agg(pl.col("co2e_t").abs().sum().alias("co2e_t"))
        out[column] = [
            {"key": key or "unknown", "share": value / total}
            for key, value in grouped.sort("co2e_t", descending=True).iter_rows()
        ]
    out["nearest_year_factors"] = int(
        rows.filter(pl.col("selection_reason").str.contains("nearest year")).height
    )
    return out


@contextmanager
def _life_cycle() -> Iterator[None]:
    """A step the life cycle refuses, or a row the database refuses, is a conflict (409)."""
    try:
        yield
    except life_cycle.LifeCycleError as exc:
        raise ConflictError(exc.message_zh, exc.message_en) from exc
    except IntegrityError as exc:
        raise ConflictError(
            "另一位用户刚刚更改了同一地区同一年份的清单版本：请刷新后重试",
            "another user changed this territory's versions of the year at the same moment: "
            "reload and retry",
        ) from exc


def _lock_series(session: Session, territory_code: str) -> None:
    """Serialise the writers of a territory's versions (a row lock on PostgreSQL).

    ``FOR NO KEY UPDATE`` so that rows referring to the territory (imports …) can still be written.
    """
    session.execute(
        select(Territory.code)
        .where(Territory.code == territory_code)
        .with_for_update(key_share=True)
    )


def _state(version: InventoryVersion) -> life_cycle.VersionState:
    status = version.status
    assert status in life_cycle.STATUSES, status
    return life_cycle.VersionState(version.number, status, None, version.reason)


def _series(session: Session, territory_code: str, year: int) -> list[InventoryVersion]:
    return list(
        session.scalars(
            select(InventoryVersion).where(
                InventoryVersion.territory_code == territory_code, InventoryVersion.year == year
            )
        ).all()
    )


def _locked(session: Session, actor: Actor, version_id: int) -> InventoryVersion:
    """The version, read again once its territory's writers are serialised."""
    version = get_version(session, actor, version_id)
    _lock_series(session, version.territory_code)
    session.refresh(version)
    return version


def compute(
    session: Session,
    actor: Actor,
    *,
    territory_code: str,
    year: int,
    import_id: int | None = None,
    factor_set_id: int | None = None,
    reason: str = "",
    parent: InventoryVersion | None = None,
) -> InventoryVersion:
    """Compute a new draft version for a territory and year (audited).

    Defaults: the latest confirmed import holding the year, and the factor set of the
    territory's latest version (else the ``default`` set). With ``parent`` (its published
    version, read under the lock) the draft is a recalculation and needs a ``reason``.
    """
    get_territory(session, territory_code)
    _lock_series(session, territory_code)
    with _life_cycle():
        made = life_cycle.start(
            [_state(v) for v in _series(session, territory_code, year)],
            parent=_state(parent) if parent is not None else None,
            reason=reason,
        )
    item = (
        get_import(session, import_id)
        if import_id is not None
        else _latest_confirmed_import(session, territory_code, year)
    )
    if item.territory_code != territory_code:
        raise ConflictError(
            f"导入 {item.id} 属于地区 {item.territory_code}",
            f"import {item.id} belongs to territory {item.territory_code}",
        )
    because = "chosen for this compute"
    if factor_set_id is None:
        factor_set_id = session.scalar(
            select(InventoryVersion.factor_set_id)
            .where(InventoryVersion.territory_code == territory_code)
            .order_by(InventoryVersion.id.desc())
            .limit(1)
        )
        because = (
            "none chosen: the platform defaults (first compute of this territory)"
            if factor_set_id is None
            else "none chosen: the set of the territory's latest version"
        )
    factor_set = _factor_set(session, factor_set_id)
    version = InventoryVersion(
        territory_code=territory_code,
        year=year,
        number=made.number,
        status=made.status,
        reason=made.reason,
        parent_id=parent.id if parent is not None else None,
        import_id=item.id,
        factor_set_id=factor_set.id,
        report={},
        created_by=actor.user_id,
    )
    session.add(version)
    with _life_cycle():
        session.flush()
    _calculate(session, version, item, factor_set, because)
    audit.record(
        session,
        actor,
        "recalculate" if parent is not None else "compute",
        "inventory_version",
        version.id,
        after=version_view(version),
    )
    return version


def get_version(session: Session, actor: Actor, version_id: int) -> InventoryVersion:
    version = session.get(InventoryVersion, version_id)
    if version is None or (version.status == "draft" and not actor.sees_drafts):
        raise NotFoundError(
            f"清单版本 {version_id} 不存在", f"inventory version {version_id} does not exist"
        )
    return version


def recompute(session: Session, actor: Actor, version_id: int) -> InventoryVersion:
    """Recompute a draft in place (a published version is immutable)."""
    version = _locked(session, actor, version_id)
    with _life_cycle():
        life_cycle.check_recompute(_state(version))
    before = version_view(version)
    _calculate(
        session,
        version,
        get_import(session, version.import_id),
        _factor_set(session, version.factor_set_id),
    )
    audit.record(
        session,
        actor,
        "recompute",
        "inventory_version",
        version.id,
        before=before,
        after=version_view(version),
    )
    return version


def publish(session: Session, actor: Actor, version_id: int) -> InventoryVersion:
    """Publish a draft; the version published for its territory and year is superseded."""
    version = _locked(session, actor, version_id)
    current = next(
        (
            v
            for v in _series(session, version.territory_code, version.year)
            if v.status == "published"
        ),
        None,
    )
    with _life_cycle():
        published, superseded = life_cycle.publish_over(
            _state(version), _state(current) if current is not None else None
        )
    if current is not None and superseded is not None:
        before = version_view(current)
        current.status = superseded.status
        with _life_cycle():
            session.flush()  # before the new one is published: the unique index holds throughout
        audit.record(
            session,
            actor,
            "supersede",
            "inventory_version",
            current.id,
            before=before,
            after=version_view(current),
        )
    before = version_view(version)
    version.status = published.status
    version.published_at = datetime.now(UTC)
    with _life_cycle():
        session.flush()
    audit.record(
        session,
        actor,
        "publish",
        "inventory_version",
        version.id,
        before=before,
        after=version_view(version),
    )
    return version


def recalculate(
    session: Session,
    actor: Actor,
    version_id: int,
    *,
    reason: str,
    import_id: int | None = None,
    factor_set_id: int | None = None,
) -> InventoryVersion:
    """A new draft recalculating a published version, with the stated reason."""
    parent = _locked(session, actor, version_id)
    return compute(
        session,
        actor,
        territory_code=parent.territory_code,
        year=parent.year,
        import_id=import_id,
        factor_set_id=factor_set_id if factor_set_id is not None else parent.factor_set_id,
        reason=reason,
        parent=parent,
    )


def list_versions(
    session: Session,
    actor: Actor,
    *,
    territory: str | None = None,
    year: int | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[InventoryVersion], int]:
    query = select(InventoryVersion)
    if territory:
        query = query.where(InventoryVersion.territory_code == territory)
    if year is not None:
        query = query.where(InventoryVersion.year == year)
    if status:
        query = query.where(InventoryVersion.status == status)
    if not actor.sees_drafts:
        query = query.where(InventoryVersion.status != "draft")
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(
            InventoryVersion.territory_code,
            InventoryVersion.year.desc(),
            InventoryVersion.number.desc(),
        )
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all()), total


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
    version = get_version(session, actor, version_id)
    other_id = against_id if against_id is not None else version.parent_id
    if other_id is None:
        raise ConflictError(
            f"版本 {version_id} 没有上一版本，请指定对比版本",
            f"version {version_id} has no parent: say which version to compare with",
        )
    other = get_version(session, actor, other_id)
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
) -> tuple[list[InventoryResult], int]:
    get_version(session, actor, version_id)
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
    return list(rows.all()), total


def result_view(r: InventoryResult) -> dict[str, Any]:
    return {"id": r.id, "version_id": r.version_id} | {c: getattr(r, c) for c in RESULT_COLUMNS}


def lineage(session: Session, actor: Actor, version_id: int, result_id: int) -> dict[str, Any]:
    """A result row with the activity record and the factor behind it."""
    version = get_version(session, actor, version_id)
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
    version = get_version(session, actor, version_id)
    return ReportExport(dict(version.report), results_frame(session, version_id))


def dashboard(session: Session, actor: Actor, territory: str) -> dict[str, Any]:
    """Latest published inventory of a territory with its trend and data-quality status."""
    get_territory(session, territory)
    published = list(
        session.scalars(
            select(InventoryVersion)
            .where(
                InventoryVersion.territory_code == territory, InventoryVersion.status == "published"
            )
            .order_by(InventoryVersion.year)
        ).all()
    )
    # Intensity and per capita come from the stored socio-economic inputs, read now: a year
    # with no GDP or population shows None ("not reported"), never an error.
    figures = {
        v.id: socioeconomic.figures_for(session, territory, v.year, v.gross_co2e_t)
        for v in published
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
