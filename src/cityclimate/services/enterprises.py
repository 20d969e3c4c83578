"""Enterprise reporting on the platform (issue 8): registry, bindings, ledgers, the report
workflow, the office's compliance overview and the public disclosure forms.

Who may do what is decided twice: routes allow platform roles, and every use case here maps the
platform's actor to the core's :class:`cityclimate.enterprises.Actor` (with the enterprises it is
bound to) and lets the core's :func:`~cityclimate.enterprises.require_access` and workflow decide.

- ``admin`` / ``climate_office`` → the core's admin / climate office (every enterprise);
- ``enterprise`` bound to one enterprise (``enterprise_members``) → its own enterprise only;
- ``public`` with verifier engagements (``verifier_engagements``) → a third-party verifier of
  those enterprises (read, verify or return; nothing else);
- anyone else → the public: nothing but published disclosure forms.

Another enterprise's data answers "not found" (404), never revealing that it exists.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises import demo as enterprise_demo
from cityclimate.enterprises.compliance import (
    ALLOCATION_INPUTS,
    COMPLIANCE_RECORDS,
    replay_filing,
)
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, LedgerKind
from cityclimate.enterprises.registry import enterprise_from_record
from cityclimate.enterprises.workflow import Action
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import Method
from cityclimate.io import enterprise_templates
from cityclimate.services import audit, inventories
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.storage.enterprises_models import (
    EnterpriseCycle,
    EnterpriseFiling,
    EnterpriseLedger,
    EnterpriseMember,
    EnterpriseRecord,
    VerifierEngagement,
)
from cityclimate.storage.models import FactorSet, InventoryVersion, User

NOTICE = {"zh": enterprise_demo.NOTICE_ZH, "en": enterprise_demo.NOTICE_EN}
KINDS: tuple[LedgerKind, ...] = ("energy", "materials", "production", "data_centre")
ACTIONS: tuple[Action, ...] = ("submit", "verify", "accept", "return")


# ---------------------------------------------------------------- who acts


def core_actor(session: Session, actor: Actor) -> core.Actor:
    """The core's actor for a platform actor, with the enterprises it is bound to."""
    uid = str(actor.user_id) if actor.user_id is not None else actor.username
    if actor.role in ("admin", "climate_office"):
        return core.Actor(uid, core.Role(actor.role))
    if actor.user_id is not None and actor.role == "enterprise":
        member = session.get(EnterpriseMember, actor.user_id)
        if member is not None:
            return core.Actor(uid, core.Role.ENTERPRISE, frozenset({member.enterprise_id}))
    if actor.user_id is not None and actor.role == "public":
        engaged = session.scalars(
            select(VerifierEngagement.enterprise_id).where(
                VerifierEngagement.user_id == actor.user_id
            )
        ).all()
        if engaged:
            return core.Actor(uid, core.Role.VERIFIER, frozenset(engaged))
    return core.Actor(uid, core.Role.PUBLIC)


def _not_found(enterprise_id: str) -> NotFoundError:
    return NotFoundError(f"没有企业 {enterprise_id}", f"no enterprise {enterprise_id}")


def _require(who: core.Actor, enterprise_id: str, *, write: bool = False) -> None:
    try:
        core.require_access(who, enterprise_id, write=write)
    except core.EnterpriseAccessError as exc:
        if write and who.role is core.Role.VERIFIER and enterprise_id in who.enterprise_ids:
            raise PermissionDeniedError(exc.message_zh, exc.message_en) from exc
        raise _not_found(enterprise_id) from exc


# ---------------------------------------------------------------- registry


def enterprise_of(record: EnterpriseRecord) -> core.Enterprise:
    return enterprise_from_record(record.record)


def enterprise_view(record: EnterpriseRecord) -> dict[str, Any]:
    e = enterprise_of(record)
    check = core.check_uscc(e.uscc)
    return {
        "enterprise_id": e.enterprise_id,
        "uscc": e.uscc,
        "uscc_valid": check.valid,
        "name_zh": e.name_zh,
        "name_en": e.name_en,
        "industry": e.industry,
        "territory": e.territory,
        "sub_area": e.sub_area,
        "ets_controlled": e.ets_controlled,
        "key_energy_user": e.key_energy_user,
        "data_centre": e.data_centre,
        "mandatory_disclosure": e.mandatory_disclosure,
        "ets_sector": e.ets_sector,
        "data_centre_class": e.data_centre_class,
        "facilities": [asdict(f) for f in e.facilities],
        "illustrative": record.illustrative,
    }


def list_enterprises(session: Session, actor: Actor) -> list[EnterpriseRecord]:
    """The enterprises the actor may see (an enterprise user: its own, nothing else)."""
    who = core_actor(session, actor)
    rows = session.scalars(select(EnterpriseRecord).order_by(EnterpriseRecord.enterprise_id))
    return [r for r in rows if _may_read(who, r.enterprise_id)]


def _may_read(who: core.Actor, enterprise_id: str) -> bool:
    try:
        core.require_access(who, enterprise_id)
    except core.EnterpriseAccessError:
        return False
    return True


def get_enterprise(session: Session, actor: Actor, enterprise_id: str) -> EnterpriseRecord:
    who = core_actor(session, actor)
    _require(who, enterprise_id)
    record = session.get(EnterpriseRecord, enterprise_id)
    if record is None:
        raise _not_found(enterprise_id)
    return record


def register_enterprise(
    session: Session,
    actor: Actor,
    record: dict[str, Any],
    *,
    illustrative: bool = False,
    code_override_reason: str = "",
) -> EnterpriseRecord:
    """Add an enterprise to the registry after the core's checks (admin, climate office).

    A code failing the GB 32100 check is refused unless an administrator gives
    ``code_override_reason`` (kept with the record and in the audit log).
    """
    who = core_actor(session, actor)
    if who.role not in (core.Role.ADMIN, core.Role.CLIMATE_OFFICE):
        raise PermissionDeniedError("只有气候办可登记企业", "only the climate office registers")
    try:
        enterprise = enterprise_from_record(record)
    except (TypeError, KeyError, ValueError) as exc:
        raise DataValidationError(
            [Problem("enterprise", None, None, "", f"企业记录格式错误：{exc}", f"malformed: {exc}")]
        ) from exc
    if code_override_reason.strip() and not core.check_uscc(enterprise.uscc).valid:
        try:
            enterprise, step = core.accept_failing_code(
                enterprise, who, code_override_reason, datetime.now(UTC)
            )
        except core.EnterpriseAccessError as exc:
            raise PermissionDeniedError(exc.message_zh, exc.message_en) from exc
        audit.record(
            session,
            actor,
            step.action,
            "enterprise",
            enterprise.enterprise_id,
            after={"uscc": enterprise.uscc, "reason": step.comment},
        )
    core.register([enterprise])
    if session.get(EnterpriseRecord, enterprise.enterprise_id) is not None:
        raise ConflictError(
            f"企业 {enterprise.enterprise_id} 已登记", f"{enterprise.enterprise_id} exists"
        )
    clash = session.scalar(select(EnterpriseRecord).where(EnterpriseRecord.uscc == enterprise.uscc))
    if clash is not None:
        raise ConflictError(
            f"统一社会信用代码已被企业 {clash.enterprise_id} 使用",
            f"the code is already used by {clash.enterprise_id}",
        )
    row = EnterpriseRecord(
        enterprise_id=enterprise.enterprise_id,
        uscc=enterprise.uscc,
        name_zh=enterprise.name_zh,
        name_en=enterprise.name_en,
        territory=enterprise.territory,
        sub_area=enterprise.sub_area,
        record=audit.json_safe(_record_json(enterprise)),
        illustrative=illustrative or enterprise.illustrative,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "enterprise", row.enterprise_id, after=row.record)
    return row


def _record_json(enterprise: core.Enterprise) -> dict[str, Any]:
    data = asdict(enterprise)
    if enterprise.code_override is not None:
        data["code_override"]["at"] = enterprise.code_override.at.isoformat()
    return data


def bind_member(session: Session, actor: Actor, user_id: int, enterprise_id: str) -> None:
    """Bind an ``enterprise`` user to its ONE enterprise (admin)."""
    user = _user(session, user_id, "enterprise")
    if session.get(EnterpriseRecord, enterprise_id) is None:
        raise _not_found(enterprise_id)
    existing = session.get(EnterpriseMember, user_id)
    if existing is not None:
        raise ConflictError(
            f"用户 {user.username} 已属于企业 {existing.enterprise_id}",
            f"user {user.username} already belongs to {existing.enterprise_id}",
        )
    session.add(EnterpriseMember(user_id=user_id, enterprise_id=enterprise_id))
    audit.record(
        session, actor, "bind", "enterprise_member", user_id, after={"enterprise": enterprise_id}
    )


def engage_verifier(session: Session, actor: Actor, user_id: int, enterprise_id: str) -> None:
    """Engage a third-party verifier (a ``public`` user) for an enterprise."""
    user = _user(session, user_id, "public")
    if session.get(EnterpriseRecord, enterprise_id) is None:
        raise _not_found(enterprise_id)
    found = session.scalar(
        select(VerifierEngagement).where(
            VerifierEngagement.user_id == user_id,
            VerifierEngagement.enterprise_id == enterprise_id,
        )
    )
    if found is None:
        session.add(VerifierEngagement(user_id=user_id, enterprise_id=enterprise_id))
        audit.record(
            session, actor, "engage", "verifier", user.username, after={"enterprise": enterprise_id}
        )


def _user(session: Session, user_id: int, role: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"没有用户 {user_id}", f"no user {user_id}")
    if user.role != role:
        raise DataValidationError(
            [
                Problem(
                    "user",
                    None,
                    "role",
                    user.role,
                    f"该用户的角色须为 {role}",
                    f"the user's role must be {role}",
                )
            ]
        )
    return user


# ---------------------------------------------------------------- ledgers


def ledger_template() -> bytes:
    """The empty Excel ledger template (all four sheets)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledgers.xlsx"
        enterprise_templates.write_ledger_template(path)
        return path.read_bytes()


def file_ledgers(
    session: Session,
    actor: Actor,
    enterprise_id: str,
    year: int,
    *,
    filename: str,
    content: bytes,
) -> list[EnterpriseLedger]:
    """File an Excel ledger workbook for one enterprise and year: all sheets or nothing.

    Every sheet present replaces that ledger of the year. A row of another enterprise or
    another year, or any mistake, refuses the whole file with every problem located.
    """
    who = core_actor(session, actor)
    _require(who, enterprise_id, write=True)
    if session.get(EnterpriseRecord, enterprise_id) is None:
        raise _not_found(enterprise_id)
    # The user's file name names the problems; a safe form of it names the temporary file.
    name = re.sub(r"[^\w.\- ]+", "_", Path(filename or "").name).strip(". ") or "ledgers.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        ledgers = enterprise_templates.read_ledger_workbook(path, enterprise_id=enterprise_id)
    problems = [
        Problem(
            f"{name} [{enterprise_templates.SHEETS[kind]}]",
            int(r["_row"]),
            "year",
            str(r["year"]),
            f"年份须为 {year}（本次填报的年度）",
            f"the year must be {year} (the year being filed)",
        )
        for kind, frame in ledgers.items()
        for r in frame.filter(pl.col("year") != year).iter_rows(named=True)
    ]
    if problems:
        raise DataValidationError(problems)
    digest = hashlib.sha256(content).hexdigest()
    stored = [
        _store_ledger(session, actor, enterprise_id, year, kind, frame, name, digest, False)
        for kind, frame in ledgers.items()
    ]
    return stored


def _store_ledger(
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


def _raw_ledger(kind: LedgerKind, rows: list[dict[str, Any]]) -> pl.DataFrame:
    names = [f.name for f in LEDGER_FIELDS[kind]]
    text = [{n: None if r.get(n) is None else str(r[n]) for n in names} for r in rows]
    return pl.DataFrame(text, schema=dict.fromkeys(names, pl.String), orient="row")


def _typed_ledgers(
    session: Session, enterprise_ids: list[str], year: int
) -> dict[LedgerKind, pl.DataFrame]:
    rows: dict[LedgerKind, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for item in session.scalars(
        select(EnterpriseLedger).where(
            EnterpriseLedger.enterprise_id.in_(enterprise_ids), EnterpriseLedger.year == year
        )
    ):
        rows[item.kind].extend(item.rows)  # type: ignore[index]
    return {k: core.validate_ledger(_raw_ledger(k, rows[k]), k) for k in KINDS}


# ---------------------------------------------------------------- reports and workflow


def _method(session: Session, territory: str) -> Method:
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
    return Method() if factor_set is None else inventories.method_from_json(factor_set.method)


def _emissions(
    session: Session, who: core.Actor, record: EnterpriseRecord, year: int
) -> pl.DataFrame:
    ledgers = _typed_ledgers(session, [record.enterprise_id], year)
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
        method=_method(session, record.territory),
    )


def _filing(row: EnterpriseFiling) -> core.Filing:
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


def _save(
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


def _latest(session: Session, enterprise_id: str, year: int) -> EnterpriseFiling | None:
    return session.scalar(
        select(EnterpriseFiling)
        .where(EnterpriseFiling.enterprise_id == enterprise_id, EnterpriseFiling.year == year)
        .order_by(EnterpriseFiling.version.desc())
        .limit(1)
    )


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
    _require(who, enterprise_id, write=True)
    record = get_enterprise(session, actor, enterprise_id)
    latest = _latest(session, enterprise_id, year)
    emissions = _emissions(session, who, record, year)
    now = datetime.now(UTC)
    try:
        if latest is None:
            filing, step_record = core.new_filing(who, enterprise_id, year, emissions, now)
        else:
            filing, step_record = core.amend(who, _filing(latest), emissions, now)
    except core.WorkflowError as exc:
        raise ConflictError(exc.message_zh, exc.message_en) from exc
    return _save(session, actor, filing, step_record, latest, illustrative=record.illustrative)


def correct_report(
    session: Session, actor: Actor, enterprise_id: str, year: int, reason: str
) -> EnterpriseFiling:
    """Start the next version of an accepted report (the accepted one stays as it is)."""
    who = core_actor(session, actor)
    _require(who, enterprise_id, write=True)
    record = get_enterprise(session, actor, enterprise_id)
    latest = _latest(session, enterprise_id, year)
    if latest is None:
        raise NotFoundError(f"{year} 年尚无报告", f"no report for {year} yet")
    emissions = _emissions(session, who, record, year)
    try:
        filing, step_record = core.correct(
            who, _filing(latest), emissions, datetime.now(UTC), reason
        )
    except core.WorkflowError as exc:
        raise ConflictError(exc.message_zh, exc.message_en) from exc
    return _save(session, actor, filing, step_record, None, illustrative=record.illustrative)


def get_filing(session: Session, actor: Actor, filing_pk: int) -> EnterpriseFiling:
    row = session.get(EnterpriseFiling, filing_pk)
    if row is None:
        raise NotFoundError(f"没有报告 {filing_pk}", f"no report {filing_pk}")
    who = core_actor(session, actor)
    if not _may_read(who, row.enterprise_id):
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
    latest = _latest(session, row.enterprise_id, row.year)
    if latest is not None and latest.id != row.id:
        raise ConflictError(
            "该版本已被新版本取代", "this version has been superseded by a newer one"
        )
    try:
        filing, record = core.step(
            who,
            _filing(row),
            action,
            datetime.now(UTC),
            comment,
        )
    except core.EnterpriseAccessError as exc:
        raise PermissionDeniedError(exc.message_zh, exc.message_en) from exc
    except core.WorkflowError as exc:
        raise ConflictError(exc.message_zh, exc.message_en) from exc
    return _save(session, actor, filing, record, row)


def list_filings(
    session: Session, actor: Actor, enterprise_id: str | None = None
) -> list[EnterpriseFiling]:
    who = core_actor(session, actor)
    query = select(EnterpriseFiling).order_by(
        EnterpriseFiling.enterprise_id, EnterpriseFiling.year, EnterpriseFiling.version
    )
    if enterprise_id is not None:
        _require(who, enterprise_id)
        query = query.where(EnterpriseFiling.enterprise_id == enterprise_id)
    return [r for r in session.scalars(query) if _may_read(who, r.enterprise_id)]


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
        if status in starts and who.role in roles and _may_read(who, row.enterprise_id):
            out.append(action)
    return out


def deadlines(
    session: Session, actor: Actor, enterprise_id: str, year: int, *, today: date | None = None
) -> list[dict[str, Any]]:
    """The enterprise's obligations for ``year`` (report by 31 March, disclosure by 15 March of
    the next year, as configured) and where each stands today."""
    record = get_enterprise(session, actor, enterprise_id)
    latest = _latest(session, enterprise_id, year)
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


# ---------------------------------------------------------------- the office's overview


def _district_emissions(session: Session, territory: str, year: int) -> pl.DataFrame | None:
    version_id = session.scalar(
        select(InventoryVersion.id)
        .where(
            InventoryVersion.territory_code == territory,
            InventoryVersion.year == year,
            InventoryVersion.status == "published",
        )
        .order_by(InventoryVersion.number.desc())
        .limit(1)
    )
    return None if version_id is None else inventories.results_frame(session, version_id)


def compliance(
    session: Session, actor: Actor, year: int, *, as_of: date | None = None
) -> dict[str, Any]:
    """The office's view of ``year``: reports, deadlines, ETS balance, credit grades and the
    reconciliation with the district inventory (admin and climate office)."""
    who = core_actor(session, actor)
    if who.role not in (core.Role.ADMIN, core.Role.CLIMATE_OFFICE):
        raise PermissionDeniedError("只有气候办可查看合规总览", "only the climate office")
    records = list(
        session.scalars(select(EnterpriseRecord).order_by(EnterpriseRecord.enterprise_id))
    )
    if not records:
        return {"year": year, "enterprises": 0, "illustrative": False, "overview": None}
    territory = records[0].territory
    ids = [r.enterprise_id for r in records if r.territory == territory]
    chosen = [r for r in records if r.territory == territory]
    ledgers = _typed_ledgers(session, ids, year)
    raw = {k: _raw_ledger(k, ledgers[k].drop("_row").to_dicts()) for k in KINDS}
    cycles = {
        c.enterprise_id: c
        for c in session.scalars(select(EnterpriseCycle).where(EnterpriseCycle.year == year))
    }
    allocation_rows: list[dict[str, Any]] = []
    record_rows: list[dict[str, Any]] = []
    for r in chosen:
        cycle = cycles.get(r.enterprise_id)
        allocation_rows += [] if cycle is None else cycle.allocation_inputs
        base = {} if cycle is None else dict(cycle.record)
        latest = _latest(session, r.enterprise_id, year)
        rec = {c.name: base.get(c.name) for c in COMPLIANCE_RECORDS.columns}
        rec.update(enterprise_id=r.enterprise_id, year=year)
        rec["report_status"] = "draft" if latest is None else latest.status
        if latest is not None and latest.submitted_at is not None:
            rec["report_submitted"] = rec.get("report_submitted") or latest.submitted_at.date()
        if latest is not None and latest.status == "accepted" and latest.accepted_at:
            rec["disclosure_published"] = (
                rec.get("disclosure_published") or latest.accepted_at.date()
            )
        if latest is not None and latest.verifier:
            rec["verifier"] = rec.get("verifier") or latest.verifier
        if latest is not None and latest.status == "returned" and latest.comments:
            rec["comment"] = latest.comments[-1]
        rec["major_findings"] = rec.get("major_findings") or 0
        rec["minor_findings"] = rec.get("minor_findings") or 0
        rec["source"] = rec.get("source") or "cityclimate"
        if rec["report_status"] != "draft" and not rec.get("report_submitted"):
            rec["report_status"] = "draft"
        record_rows.append(rec)
    pack = core.build_pack(
        territory,
        [enterprise_of(r) for r in chosen],
        raw,
        _csv(allocation_rows, [c.name for c in ALLOCATION_INPUTS.columns]),
        _csv(record_rows, [c.name for c in COMPLIANCE_RECORDS.columns]),
        notice=f"{NOTICE['zh']} {NOTICE['en']}" if any(r.illustrative for r in chosen) else "",
    )
    overview = core.compliance_overview(
        who,
        pack,
        year,
        as_of=as_of or date.today(),
        method=_method(session, territory),
        district_emissions=_district_emissions(session, territory, year),
    )
    data = audit.json_safe(overview.as_dict())
    data.pop("audit", None)
    names = {r.enterprise_id: r.name_zh for r in chosen}
    names_en = {r.enterprise_id: r.name_en for r in chosen}
    for key in ("credit", "ets", "obligations", "overdue", "allocations", "pue"):
        for item in data.get(key) or []:
            if isinstance(item, dict) and "enterprise_id" in item:
                item["enterprise_name_zh"] = names.get(item["enterprise_id"], "")
                item["enterprise_name_en"] = names_en.get(item["enterprise_id"], "")
    return {
        "year": year,
        "enterprises": len(chosen),
        "illustrative": any(r.illustrative for r in chosen),
        "overview": data,
    }


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    frame = pl.DataFrame(
        [{c: None if r.get(c) is None else str(r.get(c)) for c in columns} for r in rows],
        schema=dict.fromkeys(columns, pl.String),
        orient="row",
    )
    return frame.write_csv()


# ---------------------------------------------------------------- public disclosure


def disclosures(session: Session, year: int | None = None) -> list[dict[str, Any]]:
    """Disclosure forms of accepted reports (the newest accepted version per enterprise-year).

    Public: nothing before acceptance is shown.
    """
    query = select(EnterpriseFiling).where(EnterpriseFiling.status == "accepted")
    if year is not None:
        query = query.where(EnterpriseFiling.year == year)
    newest: dict[tuple[str, int], EnterpriseFiling] = {}
    for row in session.scalars(query.order_by(EnterpriseFiling.version)):
        newest[(row.enterprise_id, row.year)] = row
    forms = []
    for (eid, y), row in sorted(newest.items()):
        record = session.get(EnterpriseRecord, eid)
        if record is None:
            continue
        enterprise = enterprise_of(record)
        if not enterprise.mandatory_disclosure:
            continue
        cycle = session.scalar(
            select(EnterpriseCycle).where(
                EnterpriseCycle.enterprise_id == eid, EnterpriseCycle.year == y
            )
        )
        measures = None if cycle is None else cycle.record.get("measures")
        form = core.disclosure_form(enterprise, _filing(row), measures=measures)
        item = audit.json_safe(form.as_dict())
        item["enterprise_name_en"] = enterprise.name_en
        item["illustrative"] = record.illustrative
        item["accepted_at"] = None if row.accepted_at is None else row.accepted_at.isoformat()
        forms.append(item)
    return forms


# ---------------------------------------------------------------- demo


def load_demo_enterprises(session: Session, actor: Actor) -> dict[str, Any]:
    """Load the illustrative demo enterprises with their 2020 ledgers and filings (idempotent).

    Filings are taken through the workflow to the state of the demo's records (with audit
    entries), so the office sees compliance, ETS, credit and the reconciliation at once.
    """
    pack = enterprise_demo.pack()
    if session.scalar(select(EnterpriseRecord).limit(1)) is not None:
        return {"loaded": False}
    year = enterprise_demo.YEAR
    for enterprise in pack.enterprises:
        session.add(
            EnterpriseRecord(
                enterprise_id=enterprise.enterprise_id,
                uscc=enterprise.uscc,
                name_zh=enterprise.name_zh,
                name_en=enterprise.name_en,
                territory=enterprise.territory,
                sub_area=enterprise.sub_area,
                record=audit.json_safe(_record_json(enterprise)),
                illustrative=True,
            )
        )
    session.flush()
    for enterprise in pack.enterprises:
        eid = enterprise.enterprise_id
        for kind in KINDS:
            frame = pack.ledgers[kind].filter(pl.col("enterprise_id") == eid)
            if frame.height:
                _store_ledger(
                    session, actor, eid, year, kind, frame, "demo (ILLUSTRATIVE)", "", True
                )
        allocation = pack.allocation_inputs.filter(pl.col("enterprise_id") == eid)
        records = pack.records.filter(pl.col("enterprise_id") == eid).drop("_row", strict=False)
        record = records.to_dicts()[0] if records.height else {}
        session.add(
            EnterpriseCycle(
                enterprise_id=eid,
                year=year,
                allocation_inputs=audit.json_safe(allocation.drop("_row", strict=False).to_dicts()),
                record=audit.json_safe(record),
                note=enterprise_demo.NOTICE_EN,
            )
        )
    method = _method(session, pack.territory)
    office = core.Actor("system", core.Role.ADMIN)
    for enterprise in pack.enterprises:
        eid = enterprise.enterprise_id
        records = pack.records.filter(pl.col("enterprise_id") == eid)
        if not records.height:
            continue
        emissions = core.emission_report(
            office,
            enterprise,
            pack.ledgers["energy"],
            pack.ledgers["materials"],
            year,
            method=method,
        )
        filing, steps = replay_filing(records.to_dicts()[0], eid, year, emissions)
        _save(session, actor, filing, steps[-1], None, illustrative=True)
    audit.record(session, actor, "load", "enterprises_demo", pack.territory)
    return {"loaded": True, "enterprises": len(pack.enterprises)}
