"""Enterprise emission reports and their workflow: prepare from the filed ledgers, correct an
accepted report, submit / verify / accept / return, and the year's deadlines."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import Method
from cityclimate.services import audit, factor_sets
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import ACTIONS, core_actor, may_read, require
from cityclimate.services.enterprises.ledgers import typed_ledgers
from cityclimate.services.enterprises.registry import enterprise_of, get_enterprise
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.storage.enterprises_models import EnterpriseFiling, EnterpriseRecord
from cityclimate.storage.models import FactorSet, InventoryVersion, User


def inventory_method(session: Session, territory: str) -> Method:
    """The method of the territory's latest published inventory (so reports reconcile)."""
    factor_set_id = session.scalar(
        select(InventoryVersion.factor_set_id)
        .where(InventoryVersion.territory_code == territory, InventoryVersion.status != "draft")
        .order_by(InventoryVersion.year.desc(), InventoryVersion.number.desc())
        .limit(1)
    )
    if factor_set_id is None:
        return Method()
    factor_set = session.get(FactorSet, factor_set_id)
    return Method() if factor_set is None else factor_sets.method_from_json(factor_set.method)


def _emissions(
    session: Session, who: core.Actor, record: EnterpriseRecord, year: int
) -> pl.DataFrame:
    ledgers = typed_ledgers(session, [record.enterprise_id], year)
    if ledgers["energy"].is_empty() and ledgers["materials"].is_empty():
        raise DataValidationError(
            [
                Problem(
                    record.enterprise_id,
                    None,
                    None,
                    str(year),
                    f"{year} 年没有能源或物料台账：请先上传台账",
                    f"no energy or materials ledger for {year}: file the ledgers first",
                )
            ]
        )
    return core.emission_report(
        who,
        enterprise_of(record),
        ledgers["energy"],
        ledgers["materials"],
        year,
        method=inventory_method(session, record.territory),
    )


def core_filing(row: EnterpriseFiling) -> core.Filing:
    return core.Filing(
        filing_id=row.filing_id,
        enterprise_id=row.enterprise_id,
        year=row.year,
        version=row.version,
        status=core.FilingStatus(row.status),
        emissions=pl.DataFrame(row.emissions, infer_schema_length=None)
        if row.emissions
        else pl.DataFrame({"co2e_t": []}, schema={"co2e_t": pl.Float64}),
        comments=tuple(row.comments),
        submitted_at=row.submitted_at,
        accepted_at=row.accepted_at,
        verifier=row.verifier,
        supersedes=row.supersedes,
    )


def save_filing(
    session: Session,
    actor: Actor,
    filing: core.Filing,
    record: core.AuditRecord,
    row: EnterpriseFiling | None,
    *,
    illustrative: bool = False,
) -> EnterpriseFiling:
    before = (
        None if row is None else {"status": row.status, "co2e_t": row.totals.get("total_co2e_t")}
    )
    if row is None:
        row = EnterpriseFiling(
            filing_id=filing.filing_id,
            enterprise_id=filing.enterprise_id,
            year=filing.year,
            version=filing.version,
            illustrative=illustrative,
        )
        session.add(row)
    row.status = filing.status.value
    row.emissions = audit.json_safe(filing.emissions.to_dicts())
    row.totals = audit.json_safe(core.report_totals(filing.emissions))
    row.comments = list(filing.comments)
    row.submitted_at = filing.submitted_at
    row.accepted_at = filing.accepted_at
    row.verifier = filing.verifier
    row.supersedes = filing.supersedes
    row.updated_at = datetime.now(UTC)
    session.flush()
    audit.record(
        session,
        actor,
        record.action,
        "enterprise_filing",
        filing.filing_id,
        before=before,
        after={
            "status": record.to_status,
            "from": record.from_status,
            "comment": record.comment,
            "role": record.role,
            "co2e_t": row.totals.get("total_co2e_t"),
        },
    )
    return row


def latest_filing(session: Session, enterprise_id: str, year: int) -> EnterpriseFiling | None:
    return session.scalar(
        select(EnterpriseFiling)
        .where(EnterpriseFiling.enterprise_id == enterprise_id, EnterpriseFiling.year == year)
        .order_by(EnterpriseFiling.version.desc())
        .limit(1)
    )


def counted_filing(session: Session, enterprise_id: str, year: int) -> EnterpriseFiling | None:
    """The version compliance, credit and disclosure read: while a correction of an accepted
    report is open, the accepted version; otherwise the latest."""
    latest = latest_filing(session, enterprise_id, year)
    if latest is None or latest.status == "accepted":
        return latest
    accepted = session.scalar(
        select(EnterpriseFiling)
        .where(
            EnterpriseFiling.enterprise_id == enterprise_id,
            EnterpriseFiling.year == year,
            EnterpriseFiling.status == "accepted",
        )
        .order_by(EnterpriseFiling.version.desc())
        .limit(1)
    )
    return latest if accepted is None else accepted


def verifier_name(session: Session, verifier: str | None) -> str | None:
    """The name a person reads for a report's verifier (a platform user's display name)."""
    if verifier is None or not verifier.isdigit():
        return verifier
    user = session.get(User, int(verifier))
    if user is None:
        return verifier
    return user.display_name or user.username


def prepare_report(
    session: Session, actor: Actor, enterprise_id: str, year: int
) -> EnterpriseFiling:
    """Compute the year's report from the filed ledgers: a new draft, or the open one amended.

    Raises
    ------
    ConflictError
        When the latest version is submitted or verified (wait for the outcome) or accepted
        (accepted reports never change: make a correction).
    """
    who = core_actor(session, actor)
    require(who, enterprise_id, write=True)
    record = get_enterprise(session, actor, enterprise_id)
    latest = latest_filing(session, enterprise_id, year)
    emissions = _emissions(session, who, record, year)
    now = datetime.now(UTC)
    try:
        if latest is None:
            filing, step_record = core.new_filing(who, enterprise_id, year, emissions, now)
        else:
            filing, step_record = core.amend(who, core_filing(latest), emissions, now)
    except core.WorkflowError as exc:
        raise ConflictError(exc.message_zh, exc.message_en) from exc
    return save_filing(
        session, actor, filing, step_record, latest, illustrative=record.illustrative
    )


def correct_report(
    session: Session, actor: Actor, enterprise_id: str, year: int, reason: str
) -> EnterpriseFiling:
    """Start the next version of an accepted report (the accepted one stays as it is)."""
    who = core_actor(session, actor)
    require(who, enterprise_id, write=True)
    record = get_enterprise(session, actor, enterprise_id)
    latest = latest_filing(session, enterprise_id, year)
    if latest is None:
        raise NotFoundError(f"{year} 年尚无报告", f"no report for {year} yet")
    emissions = _emissions(session, who, record, year)
    try:
        filing, step_record = core.correct(
            who, core_filing(latest), emissions, datetime.now(UTC), reason
        )
    except core.WorkflowError as exc:
        raise ConflictError(exc.message_zh, exc.message_en) from exc
    return save_filing(session, actor, filing, step_record, None, illustrative=record.illustrative)


def get_filing(session: Session, actor: Actor, filing_pk: int) -> EnterpriseFiling:
    row = session.get(EnterpriseFiling, filing_pk)
    who = core_actor(session, actor) if row is not None else None
    if row is None or who is None or not may_read(who, row.enterprise_id):
        if actor.role == "public":  # a verifier: the same words whether it exists or not
            raise NotFoundError(
                f"没有报告 {filing_pk}，或您未受聘核查该报告所属企业",
                f"no report {filing_pk}, or you are not engaged to verify its enterprise",
            )
        raise NotFoundError(f"没有报告 {filing_pk}", f"no report {filing_pk}")
    return row


def step_report(
    session: Session, actor: Actor, filing_pk: int, action: str, comment: str = ""
) -> EnterpriseFiling:
    """Take one workflow step (submit, verify, accept, return) on a stored report."""
    if action not in ACTIONS:
        raise DataValidationError(
            [
                Problem(
                    "action",
                    None,
                    "action",
                    action,
                    "操作须为 submit、verify、accept 或 return",
                    "the action must be submit, verify, accept or return",
                )
            ]
        )
    row = get_filing(session, actor, filing_pk)
    who = core_actor(session, actor)
    latest = latest_filing(session, row.enterprise_id, row.year)
    if latest is not None and latest.id != row.id:
        raise ConflictError(
            "该版本已被新版本取代", "this version has been superseded by a newer one"
        )
    try:
        filing, record = core.step(
            who,
            core_filing(row),
            action,
            datetime.now(UTC),
            comment,
        )
    except core.EnterpriseAccessError as exc:
        raise PermissionDeniedError(exc.message_zh, exc.message_en) from exc
    except core.WorkflowError as exc:
        raise ConflictError(exc.message_zh, exc.message_en) from exc
    return save_filing(session, actor, filing, record, row)


def list_filings(
    session: Session, actor: Actor, enterprise_id: str | None = None
) -> list[EnterpriseFiling]:
    who = core_actor(session, actor)
    query = select(EnterpriseFiling).order_by(
        EnterpriseFiling.enterprise_id, EnterpriseFiling.year, EnterpriseFiling.version
    )
    if enterprise_id is not None:
        require(who, enterprise_id)
        query = query.where(EnterpriseFiling.enterprise_id == enterprise_id)
    return [r for r in session.scalars(query) if may_read(who, r.enterprise_id)]


def filing_view(row: EnterpriseFiling, *, with_rows: bool = False) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": row.id,
        "filing_id": row.filing_id,
        "enterprise_id": row.enterprise_id,
        "year": row.year,
        "version": row.version,
        "status": row.status,
        "total_co2e_t": row.totals.get("total_co2e_t"),
        "co2_t": row.totals.get("co2_t"),
        "energy_tce": row.totals.get("energy_tce"),
        "comments": list(row.comments),
        "submitted_at": None if row.submitted_at is None else row.submitted_at.isoformat(),
        "accepted_at": None if row.accepted_at is None else row.accepted_at.isoformat(),
        "verifier": row.verifier,
        "supersedes": row.supersedes,
        "illustrative": row.illustrative,
    }
    if with_rows:
        keep = (
            "record_id",
            "category",
            "fuel",
            "gas",
            "activity_value",
            "activity_unit",
            "factor_level",
            "ncv_basis",
            "carbon_content_basis",
            "co2e_t",
        )
        view["rows"] = [{k: r.get(k) for k in keep} for r in row.emissions]
    return view


def allowed_actions(session: Session, actor: Actor, row: EnterpriseFiling) -> list[str]:
    """The workflow steps this actor may take now on this report (for the pages)."""
    who = core_actor(session, actor)
    status = core.FilingStatus(row.status)
    out: list[str] = []
    for action, (starts, _target, roles) in core.TRANSITIONS.items():
        if status in starts and who.role in roles and may_read(who, row.enterprise_id):
            out.append(action)
    return out


def deadlines(
    session: Session, actor: Actor, enterprise_id: str, year: int, *, today: date | None = None
) -> list[dict[str, Any]]:
    """The enterprise's obligations for ``year`` (report by 31 March, disclosure by 15 March of
    the next year, as configured) and where each stands today."""
    record = get_enterprise(session, actor, enterprise_id)
    latest = counted_filing(session, enterprise_id, year)
    done: dict[tuple[str, str], date | None] = {}
    if latest is not None and latest.submitted_at is not None:
        done[(enterprise_id, "emission_report")] = latest.submitted_at.date()
    if latest is not None and latest.status == "accepted" and latest.accepted_at is not None:
        done[(enterprise_id, "disclosure")] = latest.accepted_at.date()
    items = core.obligations([enterprise_of(record)], year, done, today or date.today())
    return [
        asdict(o) | {"due": o.due.isoformat(), "done_on": o.done_on and o.done_on.isoformat()}
        for o in items
    ]
