"""The project library in the platform: stored projects, their estimates, stages and monitoring.

Projects arrive as core :class:`~cityclimate.finance.model.Project` values (the faces read XLSX
templates or JSON with :mod:`cityclimate.io`); a library import is checked whole against the
stored territories and saved in one transaction (all or nothing), audited. Estimates are computed
by the core (:func:`cityclimate.finance.estimates.estimate_many`, i.e. by the inventory engine)
with the territory's factor set: the set of its latest published inventory, else the platform
default. Who sees what: the office and departments every project; financiers, enterprises and
the public only published ones (推介 … 运营), and never the owner's contact.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.finance.catalogues import check_entry
from cityclimate.finance.estimates import estimate_many, input_problems
from cityclimate.finance.model import (
    PUBLISHED_STAGES,
    ClimateType,
    Estimate,
    FinanceError,
    Project,
    Stage,
)
from cityclimate.finance.stages import event
from cityclimate.inventory import Method
from cityclimate.services import audit
from cityclimate.services.actors import STAFF_ROLES, Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.factor_sets import (
    DEFAULT_FACTOR_SET,
    DEFAULT_METHOD,
    composite_factors,
    method_from_json,
)
from cityclimate.services.territories import grid_region_table, territory_table
from cityclimate.storage.finance_models import FinanceProject, FinanceStageEvent
from cityclimate.storage.models import FactorSet, InventoryVersion, Territory, utcnow

#: Columns of a stored project that hold a core field of the same name.
_PLAIN = (
    "project_id", "name_zh", "name_en", "owner_uscc", "owner_name", "owner_contact", "sub_area",
    "location", "project_type", "investment_wan_yuan", "financing_need_wan_yuan",
    "financing_secured_wan_yuan", "operation_year", "lever", "description", "illustrative",
)  # fmt: skip


def sees_everything(actor: Actor) -> bool:
    """The office and departments see every project and the owners' contacts."""
    return actor.role in STAFF_ROLES


def to_project(row: FinanceProject) -> Project:
    """The core project of a stored row."""
    return Project(
        **{name: getattr(row, name) for name in _PLAIN},
        territory=row.territory_code,
        climate_type=ClimateType(row.climate_type),
        stage=Stage(row.stage),
        catalogue_codes={k: tuple(v) for k, v in (row.catalogue_codes or {}).items()},
        phasing_wan_yuan={int(k): float(v) for k, v in (row.phasing or {}).items()},
        instruments=tuple(row.instruments or ()),
        inputs={k: float(v) for k, v in (row.inputs or {}).items()},
    )


def _columns(p: Project) -> dict[str, Any]:
    return {
        **{name: getattr(p, name) for name in _PLAIN},
        "territory_code": p.territory,
        "climate_type": p.climate_type.value,
        "stage": p.stage.value,
        "catalogue_codes": {k: list(v) for k, v in p.catalogue_codes.items()},
        "phasing": {str(k): v for k, v in p.phasing_wan_yuan.items()},
        "instruments": list(p.instruments),
        "inputs": dict(p.inputs),
    }


def without_contact(p: Project) -> Project:
    """The project as outsiders get it: no owner contact."""
    return dataclasses.replace(p, owner_contact="")


def _visible(actor: Actor, row: FinanceProject) -> bool:
    return sees_everything(actor) or Stage(row.stage) in PUBLISHED_STAGES


def _rows(session: Session, territory: str | None = None) -> list[FinanceProject]:
    query = select(FinanceProject).order_by(FinanceProject.project_id)
    if territory is not None:
        query = query.where(FinanceProject.territory_code == territory)
    return list(session.scalars(query))


def list_projects(session: Session, actor: Actor, territory: str | None = None) -> list[Project]:
    """The projects ``actor`` may see (all for staff, published ones for everyone else)."""
    return [to_project(r) for r in _rows(session, territory) if _visible(actor, r)]


def _row(session: Session, actor: Actor, project_id: str) -> FinanceProject:
    row = session.scalar(select(FinanceProject).where(FinanceProject.project_id == project_id))
    if row is None or not _visible(actor, row):
        raise NotFoundError(f"项目 {project_id} 不存在", f"project {project_id} does not exist")
    return row


def get_project(session: Session, actor: Actor, project_id: str) -> Project:
    """One project ``actor`` may see (else not found, so its existence is not revealed)."""
    return to_project(_row(session, actor, project_id))


# ---------------------------------------------------------------- estimates


@dataclass(frozen=True)
class FactorSetUsed:
    """The factor set a territory's estimates use, and why."""

    name: str
    method: Method
    factors: pl.DataFrame | None
    chosen_because: str


def territory_factor_set(session: Session, territory: str) -> FactorSetUsed:
    """The set of the territory's latest published inventory, else the platform default."""
    found = session.execute(
        select(FactorSet, InventoryVersion.year)
        .join(InventoryVersion, InventoryVersion.factor_set_id == FactorSet.id)
        .where(
            InventoryVersion.territory_code == territory,
            InventoryVersion.status == "published",
        )
        .order_by(InventoryVersion.year.desc())
        .limit(1)
    ).first()
    if found is None:
        stored = session.scalar(select(FactorSet).where(FactorSet.name == DEFAULT_FACTOR_SET))
        method = DEFAULT_METHOD if stored is None else method_from_json(stored.method)
        factors = None if stored is None else composite_factors(session, stored)
        return FactorSetUsed(DEFAULT_FACTOR_SET, method, factors, "platform default")
    factor_set, year = found
    return FactorSetUsed(
        factor_set.name,
        method_from_json(factor_set.method),
        composite_factors(session, factor_set),
        f"the set of the territory's published inventory of {year}",
    )


def estimates(
    session: Session, projects: Iterable[Project], *, ex_ante_only: bool = False
) -> dict[str, Estimate]:
    """Estimates of ``projects`` with each territory's factor set (ex post where monitored)."""
    by_territory: dict[str, list[Project]] = {}
    for p in projects:
        by_territory.setdefault(p.territory, []).append(p)
    if not by_territory:
        return {}
    territories, grid_regions = territory_table(session), grid_region_table(session)
    monitored = {} if ex_ante_only else _monitored(session)
    out: dict[str, Estimate] = {}
    for code, members in by_territory.items():
        used = territory_factor_set(session, code)
        out.update(
            estimate_many(
                members,
                used.method,
                factors=used.factors,
                territories=territories,
                grid_regions=grid_regions,
                monitored={
                    k: v for k, v in monitored.items() if k in {p.project_id for p in members}
                },
            )
        )
    return out


def _monitored(session: Session) -> dict[str, tuple[int, Mapping[str, float]]]:
    rows = session.execute(
        select(FinanceProject.project_id, FinanceProject.monitored).where(
            FinanceProject.monitored.is_not(None)
        )
    )
    return {
        pid: (int(m["year"]), {k: float(v) for k, v in m["inputs"].items()}) for pid, m in rows if m
    }


# ---------------------------------------------------------------- writes


def import_library(session: Session, actor: Actor, projects: list[Project]) -> dict[str, int]:
    """Save ``projects`` (new ones created, known ids replaced), all or nothing, audited.

    Raises
    ------
    DataValidationError
        A territory or sub-area the platform does not hold (every one named), or no projects.
    """
    known = {
        code: parent
        for code, parent in session.execute(select(Territory.code, Territory.parent_code))
    }
    problems: list[Problem] = []
    for p in projects:
        if p.territory not in known:
            problems.append(_place_problem(p, "territory", p.territory))
        if p.sub_area is not None and known.get(p.sub_area) != p.territory:
            problems.append(_place_problem(p, "sub_area", p.sub_area))
    if not projects:
        problems.append(Problem("projects", None, None, "", "没有项目", "no projects to import"))
    if problems:
        raise DataValidationError(problems)
    created = updated = 0
    for p in projects:
        row = session.scalar(
            select(FinanceProject).where(FinanceProject.project_id == p.project_id)
        )
        before = None if row is None else _columns(to_project(row))
        if row is None:
            row = FinanceProject(**_columns(p))
            session.add(row)
            session.flush()
            session.add(
                FinanceStageEvent(project_pk=row.id, from_stage=None, to_stage=p.stage.value,
                                  on=date.today(), reason="imported", by=actor.username)
            )  # fmt: skip
            created += 1
        else:
            for key, value in _columns(p).items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            updated += 1
        audit.record(session, actor, "import", "finance_project", p.project_id,
                     before=before, after=_columns(p))  # fmt: skip
    session.flush()
    return {"created": created, "updated": updated}


def _place_problem(p: Project, field: str, value: str) -> Problem:
    return Problem(
        "projects",
        None,
        field,
        value,
        f"项目 {p.project_id}：平台中没有这个地区或该地区的板块",
        f"project {p.project_id}: the platform holds no such territory or sub-area of it",
    )


def step_project(
    session: Session, actor: Actor, project_id: str, action: str, on: date, reason: str = ""
) -> Project:
    """Take one life-cycle step (core :mod:`cityclimate.finance.stages`), save and audit it.

    ``admit`` checks the entry criteria with the project's estimate first.

    Raises
    ------
    ConflictError
        The step is not allowed (from this stage, without a reason, criteria failed).
    """
    row = _row(session, actor, project_id)
    project = to_project(row)
    failed: list[str] = []
    if action == "admit":
        estimate = estimates(session, [project], ex_ante_only=True).get(project_id)
        failed = [r.criterion for r in check_entry(project, estimate) if not r.passed]
    try:
        change = event(project_id, project.stage, action, on, reason=reason, by=actor.username,
                       entry_passed=not failed, failed_criteria=failed)  # fmt: skip
    except FinanceError as exc:
        raise ConflictError(exc.message.zh, exc.message.en) from exc
    row.stage = change.to_stage.value
    row.updated_at = utcnow()
    session.add(
        FinanceStageEvent(project_pk=row.id, from_stage=project.stage.value,
                          to_stage=change.to_stage.value, on=on, reason=change.reason, by=actor.username)
    )  # fmt: skip
    audit.record(session, actor, action, "finance_project", project_id,
                 before={"stage": project.stage.value}, after={"stage": row.stage, "on": on, "reason": change.reason})  # fmt: skip
    session.flush()
    return to_project(row)


def set_monitored(
    session: Session, actor: Actor, project_id: str, year: int, inputs: Mapping[str, float]
) -> Project:
    """Store monitored inputs of a year (meter or ledger data): the ex-post basis from now on."""
    row = _row(session, actor, project_id)
    problems = input_problems(to_project(row), inputs, where="monitored")
    if problems:
        raise DataValidationError(problems)
    before = row.monitored
    row.monitored = {"year": int(year), "inputs": dict(inputs)}
    audit.record(session, actor, "monitor", "finance_project", project_id,
                 before=before, after=row.monitored)  # fmt: skip
    session.flush()
    return to_project(row)


def stage_history(session: Session, actor: Actor, project_id: str) -> list[dict[str, Any]]:
    """The project's changes of stage, oldest first."""
    row = _row(session, actor, project_id)
    events = session.scalars(
        select(FinanceStageEvent)
        .where(FinanceStageEvent.project_pk == row.id)
        .order_by(FinanceStageEvent.id)
    )
    return [
        {
            "from_stage": e.from_stage,
            "to_stage": e.to_stage,
            "on": e.on,
            "reason": e.reason,
            "by": e.by,
        }
        for e in events
    ]


def monitored_of(session: Session, project_id: str) -> dict[str, Any] | None:
    """The stored monitored inputs of a project (year and inputs), if any."""
    return session.scalar(
        select(FinanceProject.monitored).where(FinanceProject.project_id == project_id)
    )
