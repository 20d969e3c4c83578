"""Territories: seeded from the shipped reference data; listed, read and added."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage.models import Territory


def territory_view(t: Territory) -> dict[str, Any]:
    return {
        "code": t.code,
        "name_zh": t.name_zh,
        "name_en": t.name_en,
        "parent_code": t.parent_code,
        "level": t.level,
        "illustrative": t.illustrative,
    }


def seed_reference(session: Session, actor: Actor) -> int:
    """Add the shipped territories (GB/T 2260 and configured districts) that are missing."""
    have = set(session.scalars(select(Territory.code)).all())
    rows = refdata.territories().sort("code").to_dicts()
    # Parents first, so the foreign key holds.
    ordered: list[dict[str, Any]] = []
    pending = rows
    known = set(have)
    while pending:
        ready = [r for r in pending if not r["parent"] or r["parent"] in known]
        if not ready:
            ready = pending
        for r in ready:
            ordered.append(r)
            known.add(r["code"])
        pending = [r for r in pending if r["code"] not in known]
    added = 0
    for r in ordered:
        if r["code"] in have:
            continue
        session.add(
            Territory(
                code=r["code"],
                name_zh=r["name_zh"],
                name_en=r["name_en"] or "",
                parent_code=r["parent"] or None,
                level=r["kind"] or "",
            )
        )
        session.flush()
        added += 1
    if added:
        audit.record(session, actor, "seed", "territory", "*", after={"added": added})
    return added


def list_territories(
    session: Session, *, parent: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[Territory], int]:
    query = select(Territory)
    if parent:
        query = query.where(Territory.parent_code == parent)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Territory.code).limit(limit).offset(offset)).all()
    return list(rows), total


def get_territory(session: Session, code: str) -> Territory:
    territory = session.get(Territory, code)
    if territory is None:
        raise NotFoundError(f"地区 {code} 不存在", f"territory {code} does not exist")
    return territory


def create_territory(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name_zh: str,
    name_en: str = "",
    parent_code: str | None = None,
    level: str = "",
) -> Territory:
    if not code.strip() or not name_zh.strip():
        raise DataValidationError(
            [
                Problem(
                    "territory",
                    None,
                    "code",
                    code,
                    "代码和中文名称必填",
                    "code and name_zh are required",
                )
            ]
        )
    if session.get(Territory, code) is not None:
        raise ConflictError(f"地区 {code} 已存在", f"territory {code} already exists")
    parent_code = parent_code or None
    if parent_code is not None and session.get(Territory, parent_code) is None:
        raise NotFoundError(
            f"上级地区 {parent_code} 不存在", f"parent {parent_code} does not exist"
        )
    territory = Territory(
        code=code, name_zh=name_zh, name_en=name_en, parent_code=parent_code, level=level
    )
    session.add(territory)
    session.flush()
    audit.record(session, actor, "create", "territory", code, after=territory_view(territory))
    return territory
