"""Enterprise ledgers (energy, materials, production, data centre): filing the ledgers of one
workbook for one enterprise and year (all or nothing), reading them back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, LedgerKind
from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import KINDS, core_actor, not_found, require
from cityclimate.services.enterprises.registry import get_enterprise
from cityclimate.services.errors import ConflictError
from cityclimate.storage.enterprises_models import (
    EnterpriseFiling,
    EnterpriseLedger,
    EnterpriseLedgerVersion,
    EnterpriseRecord,
)


def file_ledgers(
    session: Session,
    actor: Actor,
    enterprise_id: str,
    year: int,
    ledgers: Mapping[LedgerKind, pl.DataFrame],
    *,
    filename: str,
    sha256: str,
    replace: bool = False,
) -> list[EnterpriseLedger]:
    """File the ledgers of one workbook for one enterprise and year: all or nothing.

    Ledgers of a year whose report is accepted are frozen (a change goes through a
    correction); a ledger replacing a stored one needs ``replace=True``, and the stored set is
    kept as a version (:class:`EnterpriseLedgerVersion`): :class:`ConflictError` otherwise.

    The faces read the workbook (``io.enterprise_templates.read_ledger_upload``: limits,
    layout, every row validated, enterprise and year checked, sheets without rows left out);
    each ledger given replaces that ledger of the year. No ledger at all is refused: an
    unfilled template must not empty what is stored.
    """
    who = core_actor(session, actor)
    require(who, enterprise_id, write=True)
    if session.get(EnterpriseRecord, enterprise_id) is None:
        raise not_found(enterprise_id)
    wrong = sorted(k for k, frame in ledgers.items() if (frame["year"] != year).any())
    if not ledgers or wrong:
        raise DataValidationError(
            [
                Problem(
                    filename,
                    None,
                    "year" if wrong else None,
                    ", ".join(wrong),
                    f"没有可填报的 {year} 年台账行：请使用台账模板逐行填写该年度的数据",
                    f"no ledger rows of {year} to file: fill in the ledger template with that "
                    "year's rows",
                )
            ]
        )
    may_file(session, enterprise_id, year, list(ledgers), replace=replace)
    return [
        store_ledger(session, actor, enterprise_id, year, kind, frame, filename, sha256, False)
        for kind, frame in ledgers.items()
    ]


def store_ledger(
    session: Session,
    actor: Actor,
    enterprise_id: str,
    year: int,
    kind: LedgerKind,
    frame: pl.DataFrame,
    filename: str,
    digest: str,
    illustrative: bool,
) -> EnterpriseLedger:
    rows = audit.json_safe(frame.drop("_row", strict=False).to_dicts())
    existing = session.scalar(
        select(EnterpriseLedger).where(
            EnterpriseLedger.enterprise_id == enterprise_id,
            EnterpriseLedger.year == year,
            EnterpriseLedger.kind == kind,
        )
    )
    before = None if existing is None else {"rows": existing.row_count, "file": existing.filename}
    if existing is not None:
        _keep_version(session, actor, existing)
    if existing is None:
        existing = EnterpriseLedger(enterprise_id=enterprise_id, year=year, kind=kind)
        session.add(existing)
    existing.rows = rows
    existing.row_count = len(rows)
    existing.filename = filename
    existing.sha256 = digest
    existing.illustrative = illustrative
    existing.created_by = actor.user_id
    existing.created_at = datetime.now(UTC)
    session.flush()
    audit.record(
        session,
        actor,
        "file" if before is None else "replace",
        "enterprise_ledger",
        f"{enterprise_id}/{year}/{kind}",
        before=before,
        after={"rows": len(rows), "file": filename, "sha256": digest},
    )
    return existing


def may_file(
    session: Session, enterprise_id: str, year: int, kinds: list[str], *, replace: bool
) -> None:
    """Refuse (409) ledgers for a year whose report is accepted, or a replacement not confirmed."""
    latest = session.scalar(
        select(EnterpriseFiling)
        .where(EnterpriseFiling.enterprise_id == enterprise_id, EnterpriseFiling.year == year)
        .order_by(EnterpriseFiling.version.desc())
        .limit(1)
    )
    if latest is not None and latest.status == "accepted":
        raise ConflictError(
            f"{year} 年的报告（第 {latest.version} 版）已审定，台账已冻结：如需更改，请先发起更正，"
            "再上传更正后的台账",
            f"the {year} report (version {latest.version}) is accepted and its ledgers are "
            "frozen: start a correction, then file the corrected ledgers",
        )
    stored = sorted(
        session.scalars(
            select(EnterpriseLedger.kind).where(
                EnterpriseLedger.enterprise_id == enterprise_id,
                EnterpriseLedger.year == year,
                EnterpriseLedger.kind.in_(kinds),
            )
        )
    )
    if stored and not replace:
        raise ConflictError(
            f"{year} 年已有台账（{'、'.join(stored)}）：确认替换请勾选“替换”（replace=true），"
            "原台账将保留为历史版本",
            f"ledgers for {year} are already filed ({', '.join(stored)}): confirm the "
            "replacement (replace=true); the stored set is kept as a version",
        )


def _keep_version(session: Session, actor: Actor, current: EnterpriseLedger) -> None:
    """Keep a ledger that is being replaced as the next version of its history."""
    number = session.scalar(
        select(func.max(EnterpriseLedgerVersion.version)).where(
            EnterpriseLedgerVersion.enterprise_id == current.enterprise_id,
            EnterpriseLedgerVersion.year == current.year,
            EnterpriseLedgerVersion.kind == current.kind,
        )
    )
    session.add(
        EnterpriseLedgerVersion(
            enterprise_id=current.enterprise_id,
            year=current.year,
            kind=current.kind,
            version=(number or 0) + 1,
            rows=current.rows,
            row_count=current.row_count,
            filename=current.filename,
            sha256=current.sha256,
            illustrative=current.illustrative,
            filed_by=current.created_by,
            filed_at=current.created_at,
            replaced_by=actor.user_id,
            replaced_at=datetime.now(UTC),
        )
    )


def ledger_versions(
    session: Session, actor: Actor, enterprise_id: str, year: int
) -> list[EnterpriseLedgerVersion]:
    """The replaced ledger sets of a year, oldest first."""
    get_enterprise(session, actor, enterprise_id)
    return list(
        session.scalars(
            select(EnterpriseLedgerVersion)
            .where(
                EnterpriseLedgerVersion.enterprise_id == enterprise_id,
                EnterpriseLedgerVersion.year == year,
            )
            .order_by(EnterpriseLedgerVersion.kind, EnterpriseLedgerVersion.version)
        )
    )


def list_ledgers(
    session: Session, actor: Actor, enterprise_id: str, year: int | None = None
) -> list[EnterpriseLedger]:
    get_enterprise(session, actor, enterprise_id)
    query = select(EnterpriseLedger).where(EnterpriseLedger.enterprise_id == enterprise_id)
    if year is not None:
        query = query.where(EnterpriseLedger.year == year)
    return list(session.scalars(query.order_by(EnterpriseLedger.year, EnterpriseLedger.kind)))


def ledger_view(item: EnterpriseLedger, *, with_rows: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": item.id,
        "enterprise_id": item.enterprise_id,
        "year": item.year,
        "kind": item.kind,
        "row_count": item.row_count,
        "filename": item.filename,
        "illustrative": item.illustrative,
        "filed_at": item.created_at.isoformat(),
    }
    if with_rows:
        view["rows"] = item.rows
    return view


def raw_ledger(kind: LedgerKind, rows: list[dict[str, Any]]) -> pl.DataFrame:
    names = [f.name for f in LEDGER_FIELDS[kind]]
    text = [{n: None if r.get(n) is None else str(r[n]) for n in names} for r in rows]
    return pl.DataFrame(text, schema=dict.fromkeys(names, pl.String), orient="row")


def typed_ledgers(
    session: Session,
    enterprise_ids: list[str],
    year: int,
    *,
    as_of: Mapping[str, datetime] | None = None,
) -> dict[LedgerKind, pl.DataFrame]:
    """The enterprises' validated ledgers of ``year``.

    ``as_of`` maps an enterprise to a moment: its ledgers as they were then (the first set
    replaced after it, when one was), e.g. the ledgers of its accepted report while a
    correction is open.
    """
    rows: dict[LedgerKind, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for item in session.scalars(
        select(EnterpriseLedger).where(
            EnterpriseLedger.enterprise_id.in_(enterprise_ids), EnterpriseLedger.year == year
        )
    ):
        moment = (as_of or {}).get(item.enterprise_id)
        older = None if moment is None else _replaced_after(session, item, moment)
        rows[item.kind].extend(item.rows if older is None else older.rows)  # type: ignore[index]
    return {k: core.validate_ledger(raw_ledger(k, rows[k]), k) for k in KINDS}


def _replaced_after(
    session: Session, item: EnterpriseLedger, moment: datetime
) -> EnterpriseLedgerVersion | None:
    """The first version of ``item`` replaced after ``moment``: the set in force at it."""
    return session.scalar(
        select(EnterpriseLedgerVersion)
        .where(
            EnterpriseLedgerVersion.enterprise_id == item.enterprise_id,
            EnterpriseLedgerVersion.year == item.year,
            EnterpriseLedgerVersion.kind == item.kind,
            EnterpriseLedgerVersion.replaced_at > moment,
        )
        .order_by(EnterpriseLedgerVersion.version)
        .limit(1)
    )
