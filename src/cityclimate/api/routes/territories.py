"""Territories."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cityclimate.api.deps import ADMIN, ALL_ROLES, DB, allow
from cityclimate.api.schemas import Page, TerritoryCreate, TerritoryOut
from cityclimate.services import territories
from cityclimate.services.actors import Actor

router = APIRouter(prefix="/territories", tags=["territories"])


@router.get("", response_model=Page[TerritoryOut])
def list_territories(
    db: DB,
    _: Annotated[Actor, Depends(allow(*ALL_ROLES))],
    parent: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[TerritoryOut]:
    """地区列表 · Territories (filter by parent)."""
    with db.read() as session:
        rows, total = territories.list_territories(
            session, parent=parent, limit=limit, offset=offset
        )
        items = [TerritoryOut(**territories.territory_view(t)) for t in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{code}", response_model=TerritoryOut)
def get_territory(
    code: str, db: DB, _: Annotated[Actor, Depends(allow(*ALL_ROLES))]
) -> TerritoryOut:
    """一个地区 · One territory."""
    with db.read() as session:
        return TerritoryOut(**territories.territory_view(territories.get_territory(session, code)))


@router.post("", response_model=TerritoryOut, status_code=201)
def create_territory(
    body: TerritoryCreate, db: DB, actor: Annotated[Actor, Depends(allow(*ADMIN))]
) -> TerritoryOut:
    """新增地区 · Add a territory (admin)."""
    with db.write() as session:
        t = territories.create_territory(session, actor, **body.model_dump())
        return TerritoryOut(**territories.territory_view(t))
