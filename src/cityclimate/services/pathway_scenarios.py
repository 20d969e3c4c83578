"""Scenarios of a territory's pathways: the plan's and the saved ones, read, validated, saved.

Saved scenarios are TOML text (usually ``inherits`` a plan scenario or another saved one);
``inherits`` resolves among the saved scenarios first, then the plan's. A text is validated by
the core (:func:`cityclimate.pathways.parse_scenario`) before it is saved: a bad text is refused
whole, with every problem naming its key. Saved scenarios start at the context's base year and
carry the plan's targets, whatever their text says. A saved scenario that others inherit from is
checked with its dependants before it changes. Runs, wedges, the Monte Carlo and the views of
results are in :mod:`cityclimate.services.pathways`, which re-exports these functions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.pathways import (
    PathwayResult,
    Scenario,
    parse_scenario,
    parse_toml,
    run_scenario,
    scenario_to_toml,
    unknown_scenario,
)
from cityclimate.pathways.rebase import rebase_scenario
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.pathway_context import Context, context
from cityclimate.storage.models import utcnow
from cityclimate.storage.pathways_models import PathwayScenario

__all__ = ["Context", "context"]

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
MAX_TOML_CHARS = 100_000
WHERE = "scenario.toml"


def run(ctx: Context, scenario: Scenario) -> PathwayResult:
    """One deterministic run (~15 ms)."""
    return run_scenario(ctx.model, ctx.structure, scenario, ctx.definitions)


def _saved(session: Session, name: str) -> PathwayScenario | None:
    return session.scalar(select(PathwayScenario).where(PathwayScenario.name == name))


def _resolver(session: Session, ctx: Context) -> Any:
    def resolve(name: str) -> tuple[dict[str, Any], str]:
        row = _saved(session, name) if name not in ctx.scenarios else None
        if row is not None:
            return parse_toml(row.toml, f"{row.name}.toml"), f"{row.name}.toml"
        text = ctx.scenario_texts.get(name)
        if not text:
            raise unknown_scenario(name, ctx.scenarios)
        return parse_toml(text, f"{name}.toml"), f"{name}.toml"

    return resolve


def _in_context(ctx: Context, scenario: Scenario) -> Scenario:
    """A parsed scenario at the context's base year with the plan's targets."""
    return dataclasses.replace(
        rebase_scenario(scenario, ctx.base_year),
        city_targets=ctx.scenarios[ctx.baseline].city_targets,
    )


def parse_text(
    session: Session, text: str, name: str | None = None, ctx: Context | None = None
) -> Scenario:
    """Validate a scenario's TOML text with the core; ``name`` (if given) becomes its name.

    Raises
    ------
    DataValidationError
        Every problem, each naming its key and the allowed range.
    """
    where = f"{name}.toml" if name else WHERE
    if len(text) > MAX_TOML_CHARS:
        raise DataValidationError(
            [Problem(where, None, None, "", "情景文件过长", "the scenario text is too long")]
        )
    data = parse_toml(text, where)
    if name is not None:
        given = data.get("name")
        if given is not None and given != name:
            raise DataValidationError(
                [
                    Problem(
                        where,
                        None,
                        "name",
                        str(given),
                        f"文件中的名称须与保存的名称“{name}”一致（或删去 name）",
                        f"the name in the file must be the saved name '{name}' (or leave it out)",
                    )
                ]
            )
        data["name"] = name
    ctx = ctx or context(session)
    data.pop("targets", None)  # the plan's targets are the one source (issue 12)
    scenario = parse_scenario(data, where, ctx.structure, ctx.levers, _resolver(session, ctx))
    return _in_context(ctx, scenario)


def is_shipped(ctx: Context, name: str) -> bool:
    """True for the plan's scenarios (they come with the stored plan, not saved here)."""
    return name in ctx.scenarios


def flat_text(scenario: Scenario) -> str:
    """The complete scenario (after inheritance) as TOML."""
    return scenario_to_toml(scenario)


def get_scenario(session: Session, name: str, ctx: Context | None = None) -> Scenario:
    """A plan or saved scenario by name."""
    ctx = ctx or context(session)
    if name in ctx.scenarios:
        return ctx.scenarios[name]
    row = _saved(session, name)
    if row is None:
        raise NotFoundError(f"情景 {name} 不存在", f"scenario {name} does not exist")
    return parse_text(session, row.toml, row.name, ctx)


def scenario_text(session: Session, name: str, ctx: Context | None = None) -> str:
    """The text of a scenario as written (the plan's file or the saved text)."""
    ctx = ctx or context(session)
    if name in ctx.scenarios:
        return ctx.scenario_texts[name]
    row = _saved(session, name)
    if row is None:
        raise NotFoundError(f"情景 {name} 不存在", f"scenario {name} does not exist")
    return row.toml


def list_scenarios(session: Session, ctx: Context | None = None) -> list[dict[str, Any]]:
    """The plan's scenarios first, then the saved ones by name, with their peaks.

    A saved scenario that does not fit this territory's plan (another structure, a lever the
    plan lacks) is left out of the list.
    """
    ctx = ctx or context(session)
    out = []
    for scenario in ctx.scenarios.values():
        out.append(_summary(ctx, scenario, "shipped", None))
    rows = session.scalars(select(PathwayScenario).order_by(PathwayScenario.name)).all()
    for row in rows:
        try:
            scenario = parse_text(session, row.toml, row.name, ctx)
        except DataValidationError:
            continue
        out.append(_summary(ctx, scenario, "user", row))
    return out


def _summary(
    ctx: Context, scenario: Scenario, kind: str, row: PathwayScenario | None
) -> dict[str, Any]:
    result = run(ctx, scenario)
    return {
        "name": scenario.name,
        "title_zh": scenario.title_zh,
        "title_en": scenario.title_en,
        "kind": kind,
        "inherits": row.inherits if row else "",  # the plan stores its scenarios complete
        "illustrative": scenario.illustrative,
        "peak_year": result.peak.year,
        "peak_co2e_t": result.peak.co2e_t,
        "peak_within_horizon": result.peak.within_horizon,
        "updated_at": row.updated_at if row else None,
    }


def save_scenario(
    session: Session, actor: Actor, name: str, text: str, ctx: Context | None = None
) -> Scenario:
    """Validate (against ``ctx``'s plan) and save (create or replace) a user scenario; audited."""
    ctx = ctx or context(session)
    if not NAME_PATTERN.match(name):
        raise DataValidationError(
            [
                Problem(
                    WHERE,
                    None,
                    "name",
                    name,
                    "名称须为 1–60 个小写字母、数字、- 或 _，以字母或数字开头",
                    "the name must be 1–60 lowercase letters, digits, - or _, starting with "
                    "a letter or digit",
                )
            ]
        )
    if name in ctx.scenarios:
        raise ConflictError(
            f"规划情景 {name} 不能被覆盖，请另取名称",
            f"the plan's scenario {name} cannot be replaced; choose another name",
        )
    scenario = parse_text(session, text, name, ctx)
    data = parse_toml(text, WHERE)
    row = _saved(session, name)
    before = _row_view(row) if row is not None else None
    if row is None:
        row = PathwayScenario(name=name, created_by=actor.user_id, toml=text)
        session.add(row)
    row.toml = text
    row.title_zh = scenario.title_zh[:200]
    row.title_en = scenario.title_en[:200]
    row.inherits = str(data.get("inherits", ""))[:60]
    row.illustrative = scenario.illustrative
    row.updated_at = utcnow()
    session.flush()
    _check_dependants(session, name, ctx)
    audit.record(
        session,
        actor,
        "update" if before else "create",
        "pathway_scenario",
        name,
        before=before,
        after=_row_view(row),
    )
    return scenario


def _check_dependants(session: Session, name: str, ctx: Context) -> None:
    """Refuse a change that would break a saved scenario inheriting from ``name``.

    Every saved scenario must stay valid, so the others are validated again against the new
    text (only those inheriting from ``name`` can fail); the caller's unit of work then rolls
    the change back.
    """
    problems: list[Problem] = []
    rows = list(session.scalars(select(PathwayScenario).where(PathwayScenario.name != name)))
    dependants, grew = {name}, True
    while grew:  # the scenarios inheriting from ``name``, directly or through others
        before = len(dependants)
        dependants |= {r.name for r in rows if r.inherits in dependants}
        grew = len(dependants) > before
    for other in rows:
        if other.name not in dependants:
            continue
        try:
            parse_text(session, other.toml, other.name, ctx)
        except DataValidationError as exc:
            problems += exc.problems
    if problems:
        raise DataValidationError(
            [
                Problem(
                    q.where,
                    q.row,
                    q.field,
                    q.value,
                    f"保存后继承它的情景将出错：{q.message_zh}",
                    f"a saved scenario inheriting from it would break: {q.message_en}",
                )
                for q in problems
            ]
        )


def _row_view(row: PathwayScenario) -> dict[str, Any]:
    return {
        "name": row.name,
        "title_zh": row.title_zh,
        "title_en": row.title_en,
        "inherits": row.inherits,
        "toml": row.toml,
    }


def levers_text(
    ctx: Context,
    base: Scenario,
    settings: Mapping[str, tuple[float, float, float]],
    kind: str,
    own_text: str = "",
) -> str:
    """TOML text of ``base`` with some levers set (the lever editor writes this).

    ``settings``: lever id → (strength, start year, ramp years); only levers whose setting
    differs from ``base`` are written. A shipped base is inherited (``inherits = "plan"``); a
    saved base's own text is kept (its other keys too) with the levers changed in it. The name
    is left out: it is given when the text is saved.
    """
    data: dict[str, Any]
    if kind == "shipped":
        data = {
            "inherits": base.name,
            "title_zh": f"{base.title_zh}（修改）",
            "title_en": f"{base.title_en} (edited)",
        }
    else:
        data = parse_toml(own_text, WHERE)
    data.pop("name", None)
    levers = ctx.levers
    changed: dict[str, Any] = {}
    for lever_id, (strength, start, ramp_years) in settings.items():
        lever = levers.get(lever_id)
        if lever is None:
            continue
        current = base.levers.get(lever_id)
        old = (
            (current.strength, current.start_year, current.ramp_years)
            if current
            else (0.0, lever.start_year, lever.ramp_years)
        )
        new = (float(strength), round(start), round(ramp_years))
        if new != (float(old[0]), int(old[1]), int(old[2])):
            changed[lever_id] = {"strength": new[0], "start_year": new[1], "ramp_years": new[2]}
    if changed:
        table = dict(data.get("levers") or {})
        table.update(changed)
        data["levers"] = table
    return tomli_w.dumps(data)
