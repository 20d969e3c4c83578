"""Who may see and change which enterprise's footprints.

An ``enterprise`` user acts for the one enterprise it is bound to; the climate office sees all;
everyone else (public) sees only published declarations.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage.enterprises_models import EnterpriseMember

#: Shown with the demo's products and datasets.
NOTICE = {
    "zh": "示例数据：以下产品、产品系统和数据集均为示意性数据，并非真实产品的碳足迹。",
    "en": "ILLUSTRATIVE DATA: these products, product systems and datasets are illustrative, "
    "not the footprints of real products.",
}


def enterprise_of(session: Session, actor: Actor) -> str | None:
    """The enterprise an ``enterprise`` user acts for (None for everyone else)."""
    if actor.role != "enterprise" or actor.user_id is None:
        return None
    member = session.get(EnterpriseMember, actor.user_id)
    return None if member is None else member.enterprise_id


def own_enterprise(session: Session, actor: Actor, on_behalf_of: str | None = None) -> str:
    """The actor's enterprise, or a refusal for users not bound to one; the climate office may
    act ``on_behalf_of`` an enterprise (the demo loader, support)."""
    if on_behalf_of and actor.role in OFFICE:
        return on_behalf_of
    enterprise = enterprise_of(session, actor)
    if enterprise is None:
        raise ConflictError(
            "你的账号尚未绑定企业：请气候办先把账号绑定到企业",
            "your account is not bound to an enterprise: ask the climate office to bind it",
        )
    return enterprise


def may_read(session: Session, actor: Actor, enterprise_id: str) -> bool:
    return actor.role in OFFICE or enterprise_of(session, actor) == enterprise_id


_KINDS = {
    "product": ("没有这个产品", "no such product"),
    "request": ("没有这个数据请求", "no such data request"),
    "footprint": ("没有这个碳足迹", "no such footprint"),
}


def not_found(kind: str) -> NotFoundError:
    zh, en = _KINDS[kind]
    return NotFoundError(zh, en)


def require_write(session: Session, actor: Actor, enterprise_id: str, kind: str) -> None:
    """Only the enterprise itself (or the office) changes its records; others get "not found"."""
    if actor.role in OFFICE or enterprise_of(session, actor) == enterprise_id:
        return
    raise not_found(kind)
