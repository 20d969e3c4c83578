"""Financiers: find published projects, express interest; the office sees the matches."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityclimate.finance.matching import find_projects
from cityclimate.finance.model import INSTRUMENTS, PUBLISHED_STAGES, Project, ProjectFilter, Stage
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.services.finance.library import estimates, list_projects
from cityclimate.storage.finance_models import FinanceInterest, FinanceProject
from cityclimate.storage.models import User


def find(
    session: Session, actor: Actor, f: ProjectFilter, territory: str | None = None
) -> list[tuple[Project, Any]]:
    """Published projects passing ``f``, best reduction per 万元 first, with their estimates."""
    projects = [p for p in list_projects(session, actor, territory) if p.stage in PUBLISHED_STAGES]
    found = estimates(session, projects)
    return [(p, found.get(p.project_id)) for p in find_projects(projects, found, f)]


def express_interest(
    session: Session,
    actor: Actor,
    project_id: str,
    *,
    instrument: str = "",
    amount_wan_yuan: float | None = None,
    note: str = "",
) -> dict[str, Any]:
    """Record a financier's interest in a published project (once per financier), audited."""
    if actor.role != "financier" or actor.user_id is None:
        raise PermissionDeniedError(
            "只有金融机构用户可以表达意向", "only financiers express interest"
        )
    row = session.scalar(select(FinanceProject).where(FinanceProject.project_id == project_id))
    if row is None or Stage(row.stage) not in PUBLISHED_STAGES:
        raise NotFoundError(f"项目 {project_id} 不存在", f"project {project_id} does not exist")
    if instrument and instrument not in INSTRUMENTS:
        raise ConflictError(
            f"未知的融资工具“{instrument}”；可选：{'、'.join(INSTRUMENTS)}",
            f"unknown instrument '{instrument}'; use one of {', '.join(INSTRUMENTS)}",
        )
    known = session.scalar(
        select(FinanceInterest).where(
            FinanceInterest.project_pk == row.id, FinanceInterest.user_id == actor.user_id
        )
    )
    if known is not None:
        raise ConflictError(
            f"您已对项目 {project_id} 表达过意向", f"you already expressed interest in {project_id}"
        )
    item = FinanceInterest(
        project_pk=row.id, user_id=actor.user_id, instrument=instrument,
        amount_wan_yuan=amount_wan_yuan, note=note.strip()[:2000],
    )  # fmt: skip
    session.add(item)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            f"您已对项目 {project_id} 表达过意向", f"you already expressed interest in {project_id}"
        ) from exc
    view = _view(item, project_id, actor.username)
    audit.record(session, actor, "interest", "finance_project", project_id, after=view)
    return view


def _view(item: FinanceInterest, project_id: str, username: str) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "financier": username,
        "instrument": item.instrument,
        "amount_wan_yuan": item.amount_wan_yuan,
        "note": item.note,
        "at": item.at,
    }


def matches(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Expressions of interest: all of them for the office, a financier's own for a financier."""
    query = (
        select(FinanceInterest, FinanceProject.project_id, FinanceProject.name_zh, User.username)
        .join(FinanceProject, FinanceProject.id == FinanceInterest.project_pk)
        .join(User, User.id == FinanceInterest.user_id)
        .order_by(FinanceInterest.id)
    )
    if actor.role not in OFFICE:
        query = query.where(FinanceInterest.user_id == actor.user_id)
    return [
        {**_view(item, pid, username), "name_zh": name}
        for item, pid, name, username in session.execute(query)
    ]
