"""The enterprise registry: register (after the core's checks), list and read enterprises,
bind an enterprise user to its enterprise and engage a third-party verifier."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises.registry import enterprise_from_record
from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.access import core_actor, may_read, not_found, require
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.storage.enterprises_models import (
    EnterpriseMember,
    EnterpriseRecord,
    VerifierEngagement,
)
from cityclimate.storage.models import User


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
        "established_on": None if e.established_on is None else e.established_on.isoformat(),
        "facilities": [asdict(f) for f in e.facilities],
        "illustrative": record.illustrative,
    }


def list_enterprises(session: Session, actor: Actor) -> list[EnterpriseRecord]:
    """The enterprises the actor may see (an enterprise user: its own, nothing else)."""
    who = core_actor(session, actor)
    rows = session.scalars(select(EnterpriseRecord).order_by(EnterpriseRecord.enterprise_id))
    return [r for r in rows if may_read(who, r.enterprise_id)]


def get_enterprise(session: Session, actor: Actor, enterprise_id: str) -> EnterpriseRecord:
    who = core_actor(session, actor)
    require(who, enterprise_id)
    record = session.get(EnterpriseRecord, enterprise_id)
    if record is None:
        raise not_found(enterprise_id)
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
    if enterprise.established_on is None:  # no obligations for years before it was registered
        enterprise = replace(enterprise, established_on=datetime.now(UTC).date())
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
    row = enterprise_row(enterprise, illustrative=illustrative or enterprise.illustrative)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "enterprise", row.enterprise_id, after=row.record)
    return row


def enterprise_row(enterprise: core.Enterprise, *, illustrative: bool) -> EnterpriseRecord:
    """The registry row of an enterprise (not yet added to the session)."""
    return EnterpriseRecord(
        enterprise_id=enterprise.enterprise_id,
        uscc=enterprise.uscc,
        name_zh=enterprise.name_zh,
        name_en=enterprise.name_en,
        territory=enterprise.territory,
        sub_area=enterprise.sub_area,
        record=audit.json_safe(record_json(enterprise)),
        illustrative=illustrative,
    )


def record_json(enterprise: core.Enterprise) -> dict[str, Any]:
    data = asdict(enterprise)
    if enterprise.code_override is not None:
        data["code_override"]["at"] = enterprise.code_override.at.isoformat()
    return data


def bind_member(session: Session, actor: Actor, user_id: int, enterprise_id: str) -> None:
    """Bind an ``enterprise`` user to its ONE enterprise (admin)."""
    user = user_with_role(session, user_id, "enterprise")
    if session.get(EnterpriseRecord, enterprise_id) is None:
        raise not_found(enterprise_id)
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
    user = user_with_role(session, user_id, "public")
    if session.get(EnterpriseRecord, enterprise_id) is None:
        raise not_found(enterprise_id)
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


def user_with_role(session: Session, user_id: int, role: str) -> User:
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


def bindings(session: Session, actor: Actor, enterprise_id: str) -> dict[str, list[dict[str, Any]]]:
    """Who is bound to an enterprise (its users, its engaged verifiers) and who could be: active
    ``enterprise`` users bound nowhere yet, active ``public`` users not engaged here (office)."""
    who = core_actor(session, actor)
    if who.role not in (core.Role.ADMIN, core.Role.CLIMATE_OFFICE):
        raise PermissionDeniedError("只有气候办可查看绑定", "only the climate office")
    get_enterprise(session, actor, enterprise_id)
    bound = set(session.scalars(select(EnterpriseMember.user_id)))
    engaged = set(
        session.scalars(
            select(VerifierEngagement.user_id).where(
                VerifierEngagement.enterprise_id == enterprise_id
            )
        )
    )
    members = set(
        session.scalars(
            select(EnterpriseMember.user_id).where(EnterpriseMember.enterprise_id == enterprise_id)
        )
    )
    users = session.scalars(select(User).order_by(User.username)).all()

    def person(u: User) -> dict[str, Any]:
        return {"id": u.id, "username": u.username, "display_name": u.display_name or u.username}

    return {
        "members": [person(u) for u in users if u.id in members],
        "verifiers": [person(u) for u in users if u.id in engaged],
        "member_candidates": [
            person(u) for u in users if u.role == "enterprise" and u.active and u.id not in bound
        ],
        "verifier_candidates": [
            person(u) for u in users if u.role == "public" and u.active and u.id not in engaged
        ],
    }
