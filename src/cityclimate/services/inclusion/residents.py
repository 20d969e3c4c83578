"""Residents: pseudonymous accounts, separate consents, their own data (view, export, delete).

Every look at a resident's personal data (their events, consents, ledger lines) is audited
(``view_personal``), whoever looks: the resident themself or the office. Other roles see
aggregates only (:mod:`cityclimate.services.inclusion.reports`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cityclimate.inclusion.privacy import CONSENTS, pseudonym, retention_cutoff
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.services.territories import get_territory
from cityclimate.storage.inclusion_models import (
    InclusionAccount,
    InclusionConsent,
    InclusionEvent,
    InclusionLedgerEntry,
)

ACCOUNT = "inclusion_account"


def enrol(
    session: Session,
    actor: Actor,
    territory_code: str,
    external_id: str,
    key: bytes,
    *,
    on: date,
    location_consent: bool = False,
    user_id: int | None = None,
    sub_area: str = "",
    illustrative: bool = False,
) -> str:
    """Open (or find) the pseudonymous account of ``external_id``; returns the pseudonym.

    The external id (a card or app account number) is not stored: only its keyed hash. With
    ``user_id``, the account is linked to that sign-in (proving the card is theirs is the card
    operator's step; an account linked to someone else is refused).
    """
    get_territory(session, territory_code)  # 404 for an unknown territory
    name = pseudonym(key, external_id)
    existing = session.get(InclusionAccount, name)
    if existing is not None:
        if user_id is not None and existing.user_id not in (None, user_id):
            raise ConflictError(
                "该卡号已由另一位用户绑定", "that card is linked to another user already"
            )
        if user_id is not None and existing.user_id is None:
            if account_of_user(session, user_id) is not None:
                raise ConflictError(
                    "您已绑定一个碳普惠账户", "you have a carbon-inclusion account already"
                )
            existing.user_id = user_id
            audit.record(session, actor, "enrol", ACCOUNT, name, after={"linked_user": user_id})
        return name
    if user_id is not None and account_of_user(session, user_id) is not None:
        raise ConflictError("您已绑定一个碳普惠账户", "you have a carbon-inclusion account already")
    session.add(InclusionAccount(pseudonym=name, territory_code=territory_code, user_id=user_id,
                                 sub_area=sub_area, illustrative=illustrative))  # fmt: skip
    session.flush()
    session.add(InclusionConsent(pseudonym=name, kind="participation", given_on=on))
    if location_consent:
        session.add(InclusionConsent(pseudonym=name, kind="location", given_on=on))
    audit.record(session, actor, "enrol", ACCOUNT, name,
                 after={"location_consent": location_consent, "sub_area": sub_area})  # fmt: skip
    return name


def _account(session: Session, name: str) -> InclusionAccount:
    account = session.get(InclusionAccount, name)
    if account is None:
        raise NotFoundError(f"没有账户 {name}", f"no account {name}")
    return account


def account_of_user(session: Session, user_id: int | None) -> str | None:
    """The pseudonym linked to a sign-in, if any."""
    if user_id is None:
        return None
    return session.scalar(
        select(InclusionAccount.pseudonym).where(InclusionAccount.user_id == user_id)
    )


def _may_see(session: Session, actor: Actor, name: str) -> InclusionAccount:
    account = _account(session, name)
    if actor.role in OFFICE or (actor.user_id is not None and account.user_id == actor.user_id):
        return account
    raise PermissionDeniedError(
        "只有本人和气候办可以查看个人数据",
        "only the resident and the climate office see personal data",
    )


def set_consent(
    session: Session, actor: Actor, name: str, kind: str, *, given: bool, on: date
) -> None:
    """Give or withdraw a consent (the resident only); withdrawing location stops crediting trips."""
    account = _may_see(session, actor, name)
    if kind not in CONSENTS:
        raise ConflictError(
            f"未知的同意类型 {kind}", f"unknown consent '{kind}'; use {', '.join(CONSENTS)}"
        )
    current = session.scalar(
        select(InclusionConsent).where(
            InclusionConsent.pseudonym == account.pseudonym,
            InclusionConsent.kind == kind,
            InclusionConsent.withdrawn_on.is_(None),
        )
    )
    if given and current is None:
        session.add(InclusionConsent(pseudonym=name, kind=kind, given_on=on))
    elif not given and current is not None:
        current.withdrawn_on = on
    else:
        return
    audit.record(session, actor, "consent" if given else "withdraw_consent", ACCOUNT, name,
                 after={"kind": kind, "on": on})  # fmt: skip


def consents_on(
    session: Session, names: list[str] | None, kind: str, on_first: date, on_last: date
) -> set[str]:
    """Accounts (of ``names``, or all) with ``kind`` consent valid throughout [first, last]."""
    query = select(InclusionConsent.pseudonym).where(
        InclusionConsent.kind == kind, InclusionConsent.given_on <= on_first,
        (InclusionConsent.withdrawn_on.is_(None)) | (InclusionConsent.withdrawn_on > on_last),
    )  # fmt: skip
    if names is not None:
        query = query.where(InclusionConsent.pseudonym.in_(names))
    return set(session.scalars(query))


def my_data(session: Session, actor: Actor, name: str) -> dict[str, Any]:
    """Everything the platform holds on one resident (view and export); audited."""
    account = _may_see(session, actor, name)
    consents = [
        {"kind": c.kind, "given_on": c.given_on, "withdrawn_on": c.withdrawn_on}
        for c in session.scalars(
            select(InclusionConsent)
            .where(InclusionConsent.pseudonym == name)
            .order_by(InclusionConsent.id)
        )
    ]
    events = [
        {"source": e.source_id, "event_id": e.event_id, "behaviour": e.behaviour,
         "occurred_on": e.occurred_on, "distance_km": e.distance_km, "duration_s": e.duration_s,
         "quantity": e.quantity, "status": e.status, "reason": e.reason, "method_id": e.method_id,
         "method_version": e.method_version, "points": e.points, "reduction_g": e.reduction_g}
        for e in session.scalars(select(InclusionEvent).where(InclusionEvent.pseudonym == name)
                                 .order_by(InclusionEvent.occurred_on, InclusionEvent.id))
    ]  # fmt: skip
    ledger: list[dict[str, Any]] = [
        {"number": e.number, "kind": e.kind, "period": e.period, "method": e.method,
         "events": e.events, "points": e.points, "reduction_g": e.reduction_g,
         "reference": e.reference}
        for e in session.scalars(select(InclusionLedgerEntry).where(InclusionLedgerEntry.account == name)
                                 .order_by(InclusionLedgerEntry.number))
    ]  # fmt: skip
    audit.record(session, actor, "view_personal", ACCOUNT, name)
    return {
        "pseudonym": name,
        "sub_area": account.sub_area,
        "illustrative": account.illustrative,
        "consents": consents,
        "events": events,
        "ledger": ledger,
        "points_balance": sum(int(e["points"]) for e in ledger),
        "reduction_g": sum(int(e["reduction_g"]) for e in ledger if e["kind"] == "earn"),
    }


def delete_account(session: Session, actor: Actor, name: str) -> int:
    """Delete a resident's events, consents, appeals and account (on request); returns the number
    of events deleted. The ledger keeps its pseudonymous monthly lines (the chain must not break);
    nothing links them to a person any more."""
    _may_see(session, actor, name)
    count = len(
        session.scalars(select(InclusionEvent.id).where(InclusionEvent.pseudonym == name)).all()
    )
    session.execute(delete(InclusionEvent).where(InclusionEvent.pseudonym == name))
    session.execute(delete(InclusionConsent).where(InclusionConsent.pseudonym == name))
    session.execute(delete(InclusionAccount).where(InclusionAccount.pseudonym == name))
    audit.record(session, actor, "delete_personal", ACCOUNT, name, before={"events": count})
    return count


def apply_retention(session: Session, actor: Actor, as_of: date) -> int:
    """Delete events older than the retention period; returns how many."""
    cutoff = retention_cutoff(as_of)
    result = session.execute(delete(InclusionEvent).where(InclusionEvent.occurred_on < cutoff))
    count = int(getattr(result, "rowcount", 0) or 0)
    audit.record(
        session, actor, "retention", "inclusion_event", cutoff.isoformat(), after={"deleted": count}
    )
    return count
