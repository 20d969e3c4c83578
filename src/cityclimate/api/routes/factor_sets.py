"""Factor sets: read one, create and edit (climate office, admin; audited). The list is
``GET /factor-sets`` in the inventory routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, allow
from cityclimate.api.territory_schemas import FactorSetDetail, FactorSetIn
from cityclimate.services import factor_sets
from cityclimate.services.actors import Actor

router = APIRouter(prefix="/factor-sets", tags=["factor sets"])

SetId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]


@router.get("/{factor_set_id}", response_model=FactorSetDetail)
def get_factor_set(
    factor_set_id: SetId, db: DB, _: Annotated[Actor, Depends(allow(*ALL_ROLES))]
) -> FactorSetDetail:
    """一个因子集（方法与本地因子）· One factor set: its method and local factors."""
    with db.read() as session:
        row = factor_sets.get_factor_set(session, factor_set_id)
        return FactorSetDetail(
            **factor_sets.factor_set_view(row, factor_sets.local_rows(session, row.id))
        )


@router.post("", response_model=FactorSetDetail, status_code=201)
def create_factor_set(body: FactorSetIn, db: DB, actor: Writer) -> FactorSetDetail:
    """新建因子集 · Create a factor set (unset method fields take the platform defaults)."""
    return _save(body, db, actor, None)


@router.put("/{factor_set_id}", response_model=FactorSetDetail)
def update_factor_set(
    factor_set_id: SetId, body: FactorSetIn, db: DB, actor: Writer
) -> FactorSetDetail:
    """修改因子集（已用于发布清单的不可改）· Edit a factor set not used by a published inventory."""
    return _save(body, db, actor, factor_set_id)


def _save(body: FactorSetIn, db: DB, actor: Actor, factor_set_id: int | None) -> FactorSetDetail:
    with db.write() as session:
        row = factor_sets.save_factor_set(
            session,
            actor,
            name=body.name,
            method=body.method,
            note=body.note,
            local=[f.model_dump() for f in body.local_factors],
            factor_set_id=factor_set_id,
        )
        return FactorSetDetail(
            **factor_sets.factor_set_view(row, factor_sets.local_rows(session, row.id))
        )
