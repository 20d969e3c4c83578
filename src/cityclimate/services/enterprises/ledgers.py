"""Enterprise ledgers (energy, materials, production, data centre): filing the ledgers of one
workbook for one enterprise and year (all or nothing), reading them back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, LedgerKind
from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import KINDS, core_actor, not_found, require
from cityclimate.services.enterprises.registry import get_enterprise
from cityclimate.storage.enterprises_models import EnterpriseLedger, EnterpriseRecord


def file_ledgers(
    session: Session,
    actor: Actor,
    enterprise_id: str,
    year: int,
    ledgers: Mapping[LedgerKind, pl.DataFrame],
    *,
    filename: str,
    sha256: str,
) -> list[EnterpriseLedger]:
    """File the ledgers of one workbook for one enterprise and year: all or nothing.

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
    session: Session, enterprise_ids: list[str], year: int
) -> dict[LedgerKind, pl.DataFrame]:
    rows: dict[LedgerKind, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for item in session.scalars(
        select(EnterpriseLedger).where(
            EnterpriseLedger.enterprise_id.in_(enterprise_ids), EnterpriseLedger.year == year
        )
    ):
        rows[item.kind].extend(item.rows)  # type: ignore[index]
    return {k: core.validate_ledger(raw_ledger(k, rows[k]), k) for k in KINDS}
