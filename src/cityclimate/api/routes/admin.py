"""Users and the audit log (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cityclimate.api.deps import ADMIN, DB, Id, allow
from cityclimate.api.schemas import AuditOut, Page, UserCreate, UserOut, UserUpdate
from cityclimate.services import accounts, audit
from cityclimate.services.actors import Actor

router = APIRouter(tags=["admin"])
Admin = Annotated[Actor, Depends(allow(*ADMIN))]


@router.get("/users", response_model=Page[UserOut])
def list_users(
    db: DB,
    _: Admin,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[UserOut]:
    """用户列表 · Users."""
    with db.read() as session:
        rows, total = accounts.list_users(session, limit=limit, offset=offset)
        items = [UserOut(**accounts.user_view(u)) for u in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(body: UserCreate, db: DB, actor: Admin) -> UserOut:
    """新建用户 · Create a user."""
    with db.write() as session:
        return UserOut(
            **accounts.user_view(accounts.create_user(session, actor, **body.model_dump()))
        )


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(user_id: Id, body: UserUpdate, db: DB, actor: Admin) -> UserOut:
    """修改用户（角色、停用、密码）· Change a user's role, activity, name or password."""
    with db.write() as session:
        user = accounts.update_user(session, actor, user_id, **body.model_dump(exclude_unset=True))
        return UserOut(**accounts.user_view(user))


@router.get("/audit", response_model=Page[AuditOut])
def audit_log(
    db: DB,
    _: Admin,
    entity: Annotated[str | None, Query(max_length=50)] = None,
    username: Annotated[str | None, Query(max_length=100)] = None,
    action: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[AuditOut]:
    """审计日志 · The audit log, newest first."""
    with db.read() as session:
        rows, total = audit.list_entries(
            session, entity=entity, username=username, action=action, limit=limit, offset=offset
        )
        items = [AuditOut.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)
