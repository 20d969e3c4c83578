"""Inventory versions' life cycle: compute a draft, recompute it, publish it, recalculate with a reason.

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
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityclimate.inventory import versions as life_cycle
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.factor_sets import default_factor_set, get_factor_set
from cityclimate.services.imports import get_import
from cityclimate.services.inventory_calculation import calculate
from cityclimate.services.published_cache import PublishedCache, database_of
from cityclimate.services.territories import get_territory
from cityclimate.storage.models import ActivityImport, FactorSet, InventoryVersion, Territory


@dataclass(frozen=True)
class Version:
    """One inventory version as the faces see it (a snapshot, not a live database row)."""

    id: int
    territory_code: str
    year: int
    number: int
    status: str
    reason: str
    parent_id: int | None
    import_id: int
    factor_set_id: int
    illustrative: bool
    gross_co2e_t: float
    created_by: int | None
    created_at: datetime
    published_at: datetime | None
    report: dict[str, Any]

    @classmethod
    def of(cls, row: InventoryVersion) -> Version:
        """The snapshot of a stored version."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


def version_view(v: InventoryVersion | Version, *, with_report: bool = False) -> dict[str, Any]:
    """The version as a JSON-ready dict (the audit log's before/after, the pages)."""
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
    version = load_version(session, actor, version_id)
    _lock_series(session, version.territory_code)
    session.refresh(version)
    return version


def _compute(
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
    calculate(session, version, item, factor_set, because)
    audit.record(
        session,
        actor,
        "recalculate" if parent is not None else "compute",
        "inventory_version",
        version.id,
        after=version_view(version),
    )
    return version


def compute(
    session: Session,
    actor: Actor,
    *,
    territory_code: str,
    year: int,
    import_id: int | None = None,
    factor_set_id: int | None = None,
) -> Version:
    """Compute a new draft version for a territory and year (audited).

    Defaults: the latest confirmed import holding the year, and the factor set of the
    territory's latest version (else the ``default`` set).
    """
    return Version.of(
        _compute(
            session,
            actor,
            territory_code=territory_code,
            year=year,
            import_id=import_id,
            factor_set_id=factor_set_id,
        )
    )


#: Snapshots of versions that are no longer drafts, by database, id and status (a published
#: version changes only by being superseded, status ``recalculated``: a new key).
SNAPSHOTS: PublishedCache[Version] = PublishedCache(maxsize=256)


def get_version(session: Session, actor: Actor, version_id: int) -> Version:
    """One version, if the actor may see it (drafts are for the office).

    A published or recalculated (superseded) version is immutable: its snapshot (with the report) is kept per
    process (:mod:`~cityclimate.services.published_cache`); a draft is always read afresh.
    """
    status = session.scalar(
        select(InventoryVersion.status).where(InventoryVersion.id == version_id)
    )
    if status is None or status == "draft":
        return Version.of(load_version(session, actor, version_id))

    # Should the status change between the two reads (a publication superseding this one), the
    # snapshot kept holds the newer status: only readers of the old status can still ask for it.
    return SNAPSHOTS.get(
        (database_of(session), version_id, status),
        lambda: Version.of(load_version(session, actor, version_id)),
    )


def load_version(session: Session, actor: Actor, version_id: int) -> InventoryVersion:
    """The stored row of a version the actor may see, for the services that read or change it."""
    version = session.get(InventoryVersion, version_id)
    if version is None or (version.status == "draft" and not actor.sees_drafts):
        raise NotFoundError(
            f"清单版本 {version_id} 不存在", f"inventory version {version_id} does not exist"
        )
    return version


def recompute(session: Session, actor: Actor, version_id: int) -> Version:
    """Recompute a draft in place (a published version is immutable)."""
    version = _locked(session, actor, version_id)
    with _life_cycle():
        life_cycle.check_recompute(_state(version))
    before = version_view(version)
    calculate(
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
    return Version.of(version)


def publish(session: Session, actor: Actor, version_id: int) -> Version:
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
    return Version.of(version)


def recalculate(
    session: Session,
    actor: Actor,
    version_id: int,
    *,
    reason: str,
    import_id: int | None = None,
    factor_set_id: int | None = None,
) -> Version:
    """A new draft recalculating a published version, with the stated reason."""
    parent = _locked(session, actor, version_id)
    return Version.of(
        _compute(
            session,
            actor,
            territory_code=parent.territory_code,
            year=parent.year,
            import_id=import_id,
            factor_set_id=factor_set_id if factor_set_id is not None else parent.factor_set_id,
            reason=reason,
            parent=parent,
        )
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
) -> tuple[list[Version], int]:
    """Versions by territory, then year and number (newest first); the total before paging."""
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
    return [Version.of(v) for v in rows.all()], total
