"""Who may do what with an enterprise's data: the platform's actor mapped to the core's
:class:`cityclimate.enterprises.Actor` (with the enterprises it is bound to or engaged by),
and the answers when the core refuses (another enterprise's data is "not found")."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import enterprises as core
from cityclimate.enterprises.ledgers import LedgerKind
from cityclimate.enterprises.workflow import Action
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import NotFoundError, PermissionDeniedError
from cityclimate.storage.enterprises_models import EnterpriseMember, VerifierEngagement

#: Shown with enterprises registered as illustrative (the demo's).
NOTICE = {
    "zh": "示例数据：以下企业及其台账均为示意性数据，并非真实企业或统计数据。",
    "en": "ILLUSTRATIVE DATA: these enterprises and their ledgers are illustrative, not real "
    "enterprises or statistics.",
}

KINDS: tuple[LedgerKind, ...] = ("energy", "materials", "production", "data_centre")


ACTIONS: tuple[Action, ...] = ("submit", "verify", "accept", "return")


def core_actor(session: Session, actor: Actor) -> core.Actor:
    """The core's actor for a platform actor, with the enterprises it is bound to."""
    uid = str(actor.user_id) if actor.user_id is not None else actor.username
    if actor.role in OFFICE:
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


def not_found(enterprise_id: str) -> NotFoundError:
    return NotFoundError(f"没有企业 {enterprise_id}", f"no enterprise {enterprise_id}")


def require(who: core.Actor, enterprise_id: str, *, write: bool = False) -> None:
    try:
        core.require_access(who, enterprise_id, write=write)
    except core.EnterpriseAccessError as exc:
        if write and who.role is core.Role.VERIFIER and enterprise_id in who.enterprise_ids:
            raise PermissionDeniedError(exc.message_zh, exc.message_en) from exc
        raise not_found(enterprise_id) from exc


def may_read(who: core.Actor, enterprise_id: str) -> bool:
    try:
        core.require_access(who, enterprise_id)
    except core.EnterpriseAccessError:
        return False
    return True
