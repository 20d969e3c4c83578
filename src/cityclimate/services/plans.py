"""Stored plans (issue 12): import a territory's plan pack, read it, export it.

A plan pack arrives as file contents (path inside the pack → bytes or text; the faces read
folders and zips with :mod:`cityclimate.io.plan_pack_files`). The core checks it whole
(:func:`cityclimate.planpack.read.parse_plan_pack`); only a valid pack for a known territory is
stored, replacing that territory's previous plan in one transaction, and the import is audited.
Every module that needs the plan reads it through :func:`get_plan`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.model import CityTarget, IndicatorDefinition, TargetRule
from cityclimate.plan.tasks import tasks_only
from cityclimate.planpack.model import PACK_TOML, PlanPack
from cityclimate.planpack.read import parse_plan_pack
from cityclimate.planpack.write import write_plan_pack
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError
from cityclimate.storage.models import Territory, utcnow
from cityclimate.storage.plans_models import Plan, PlanFile


@dataclass(frozen=True)
class StoredPlan:
    """A territory's stored plan: the typed pack and its storage record."""

    pack: PlanPack
    revision: int
    digest: str
    row: Plan


def _digest(files: Mapping[str, str]) -> str:
    hasher = hashlib.sha256()
    for name, text in sorted(files.items()):
        hasher.update(name.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return hasher.hexdigest()


@lru_cache(maxsize=16)
def _parse(files: tuple[tuple[str, str], ...]) -> PlanPack:
    return parse_plan_pack(dict(files))


def summary(pack: PlanPack) -> dict[str, Any]:
    """What a plan holds, in numbers (for lists, audit entries and the API)."""
    return {
        **dataclasses.asdict(pack.header),
        "indicators": len(pack.indicators),
        "city_targets": len(pack.city_targets),
        "tasks": len(tasks_only(pack.items)),
        "departments": len(pack.departments),
        "assignments": len(pack.assignments),
        "assessed_departments": len(pack.weights),
        "scenarios": [s.name for s in pack.pathways.scenarios],
    }


def _row(session: Session, territory: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.territory_code == territory))


def _stored_files(session: Session, row: Plan) -> dict[str, str]:
    return {
        f.path: f.content
        for f in session.scalars(select(PlanFile).where(PlanFile.plan_id == row.id))
    }


def save_pack(
    session: Session,
    actor: Actor,
    pack: PlanPack,
    *,
    action: str,
    edit: tuple[Mapping[str, Any] | None, Mapping[str, Any]] | None = None,
) -> StoredPlan:
    """Store ``pack`` as its territory's plan (replacing the previous one), audited.

    The pack is written in its canonical form and read back by the core before anything is
    stored, so what is stored is exactly what every module will read. ``edit`` (what an
    edit changed: the edited part before and after) goes into the audit entry beside the plan's
    summary before and after, under ``edit``.

    Raises
    ------
    DataValidationError
        When the territory is unknown or the pack does not read back whole.
    """
    territory = pack.header.territory
    if session.get(Territory, territory) is None:
        raise DataValidationError(
            [
                Problem(
                    PACK_TOML,
                    None,
                    "territory",
                    territory,
                    "平台中没有此地区；请先创建该地区（地区代码须一致）再导入规划",
                    "no such territory on the platform; create it first (same code), then "
                    "import the plan",
                )
            ]
        )
    files = write_plan_pack(pack)
    canonical = _parse(tuple(sorted(files.items())))
    row = _row(session, territory)
    before = None
    if row is None:
        row = Plan(territory_code=territory, revision=0)
        session.add(row)
    else:
        before = {**summary(get_plan(session, territory).pack), "revision": row.revision}
        if edit is not None:
            before["edit"] = None if edit[0] is None else dict(edit[0])
        session.execute(delete(PlanFile).where(PlanFile.plan_id == row.id))
    header = canonical.header
    row.name_zh = header.name_zh
    row.name_en = header.name_en
    row.document_zh = header.document_zh
    row.period_start = header.period_start
    row.period_end = header.period_end
    row.base_year = header.base_year
    row.illustrative = header.illustrative
    row.revision += 1
    row.updated_by = actor.user_id
    row.updated_at = utcnow()
    session.flush()
    session.add_all(PlanFile(plan_id=row.id, path=p, content=t) for p, t in files.items())
    session.flush()
    digest = _digest(files)
    audit.record(
        session,
        actor,
        action,
        "plan",
        territory,
        before=before,
        after={
            **summary(canonical),
            "revision": row.revision,
            "sha256": digest,
            **({"edit": dict(edit[1])} if edit is not None else {}),
        },
    )
    return StoredPlan(canonical, row.revision, digest, row)


def import_plan(session: Session, actor: Actor, files: Mapping[str, bytes | str]) -> StoredPlan:
    """Check a plan pack whole and store it as its territory's plan (all or nothing, audited).

    Raises
    ------
    DataValidationError
        Every problem of every file (file, row, field, fix), or an unknown territory.
    """
    return save_pack(session, actor, parse_plan_pack(files), action="import")


def find_plan(session: Session, territory: str) -> StoredPlan | None:
    """The stored plan of ``territory``, or ``None`` when it has none."""
    row = _row(session, territory)
    if row is None:
        return None
    files = _stored_files(session, row)
    return StoredPlan(_parse(tuple(sorted(files.items()))), row.revision, _digest(files), row)


def get_plan(session: Session, territory: str) -> StoredPlan:
    """The stored plan of ``territory``.

    Raises
    ------
    NotFoundError
        When the territory has no stored plan.
    """
    stored = find_plan(session, territory)
    if stored is None:
        raise NotFoundError(
            f"地区 {territory} 尚无规划；请先导入规划包",
            f"territory {territory} has no plan yet; import a plan pack first",
        )
    return stored


def default_territory(session: Session) -> str | None:
    """The territory whose plan was stored first (what pages show when none is chosen); a
    plan imported later for another territory never changes it."""
    return session.scalar(select(Plan.territory_code).order_by(Plan.id).limit(1))


def export_plan(session: Session, territory: str) -> dict[str, str]:
    """The stored plan's pack files (path → UTF-8 text), as imported in canonical form."""
    stored = get_plan(session, territory)
    return _stored_files(session, stored.row)


def list_plans(session: Session) -> list[dict[str, Any]]:
    """Every stored plan: territory, name, period, revision (no files read)."""
    return [
        {
            "territory": row.territory_code,
            "name_zh": row.name_zh,
            "name_en": row.name_en,
            "period_start": row.period_start,
            "period_end": row.period_end,
            "revision": row.revision,
            "illustrative": row.illustrative,
            "updated_at": row.updated_at,
        }
        for row in session.scalars(select(Plan).order_by(Plan.territory_code))
    ]


@dataclass(frozen=True)
class PlanTargets:
    """The targets of a territory's stored plan: its indicator definitions (targets the plan
    sets itself, with their sources) and the targets a higher level sets (由市级下达).

    The ONE source of every target: the indicator board and the pathways both read it.
    """

    territory: str
    definitions: tuple[IndicatorDefinition, ...]
    city_targets: tuple[CityTarget, ...]
    illustrative: bool

    def target(self, indicator_id: str) -> tuple[float | None, str]:
        """(value in the indicator's unit as stated, source) of one indicator's target;
        ``(None, …)`` for a city-set target not assigned yet."""
        definition = next((d for d in self.definitions if d.id == indicator_id), None)
        if definition is None:
            raise NotFoundError(
                f"规划中没有指标 {indicator_id}", f"the plan has no indicator {indicator_id}"
            )
        if definition.target_rule is TargetRule.SET_BY_CITY:
            city = next((t for t in self.city_targets if t.indicator_id == indicator_id), None)
            return (None, definition.source) if city is None else (city.value, city.source)
        return definition.target_value, definition.source


def targets(session: Session, territory: str) -> PlanTargets:
    """The targets of ``territory``'s stored plan (see :class:`PlanTargets`).

    Raises
    ------
    NotFoundError
        When the territory has no stored plan.
    """
    pack = get_plan(session, territory).pack
    return PlanTargets(territory, pack.indicators, pack.city_targets, pack.header.illustrative)
