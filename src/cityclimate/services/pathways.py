"""Carbon-peak pathways in the platform: shipped and saved scenarios, runs, wedges, Monte Carlo.

The model is calibrated once per process to the Liangjiang demo inventory (the shipped demo
activities, which are the ones the platform's demo versions are computed from) and kept; one
scenario then runs in ~15 ms, so the lever editor recomputes on every change. Wedges (2ᴺ runs,
~1 s) and the Monte Carlo are cached by the scenario's complete TOML text, so they are computed
once per distinct scenario. Everything shown is ILLUSTRATIVE (:data:`NOTICE`).

Saved scenarios are TOML text (usually ``inherits`` a shipped or another saved scenario);
``inherits`` resolves among the saved scenarios first, then the shipped ones. A text is
validated by the core (:func:`cityclimate.pathways.parse_scenario`) before it is saved: a bad
text is refused whole, with every problem naming its key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import polars as pl
import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators import IndicatorDefinition, load_liangjiang_indicators
from cityclimate.inventory import compute_emissions
from cityclimate.pathways import (
    NOTICE_EN,
    NOTICE_ZH,
    SECTORS,
    SHIPPED_SCENARIOS,
    Decomposition,
    Lever,
    MonteCarloResult,
    PathwayResult,
    PathwayStructure,
    PreparedModel,
    Scenario,
    Study,
    Wedges,
    build_study,
    compute_wedges,
    load_levers,
    load_sector_value_added,
    load_structure,
    monte_carlo,
    parse_scenario,
    parse_toml,
    run_scenario,
    scenario_to_toml,
    shipped_resolver,
    shipped_scenario_text,
)
from cityclimate.pathways.report import probabilities, result_summary
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.audit import json_safe
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage.models import utcnow
from cityclimate.storage.pathways_models import PathwayScenario

NOTICE = {"zh": NOTICE_ZH, "en": NOTICE_EN}
STRUCTURE = "liangjiang"
BASELINE = "baseline"
#: Monte Carlo settings of the platform (seeded, so a page shows the same numbers every time).
RUNS = 1000
SEED = 20260125
PEAK_BY = (2025, 2030)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
MAX_TOML_CHARS = 100_000
WHERE = "scenario.toml"


@dataclass(frozen=True)
class Context:
    """What every run needs, built once per process."""

    structure: PathwayStructure
    levers: Mapping[str, Lever]
    definitions: tuple[IndicatorDefinition, ...]
    model: PreparedModel
    shipped: Mapping[str, Scenario]
    decomposition: Decomposition | None
    emissions: pl.DataFrame


@lru_cache(maxsize=1)
def context() -> Context:
    """Calibrate the model to the demo inventory (once per process)."""
    structure = load_structure(STRUCTURE)
    levers = load_levers()
    definitions = tuple(load_liangjiang_indicators())
    emissions = compute_emissions(liangjiang.activities(), liangjiang.method())
    shipped = [
        parse_scenario(*shipped_resolver(name), structure, levers) for name in SHIPPED_SCENARIOS
    ]
    study = build_study(
        emissions,
        structure,
        levers,
        shipped[:1],
        definitions,
        runs=0,
        sector_value_added=load_sector_value_added(STRUCTURE),
        decomposition_years=(2019, 2020),
    )
    return Context(
        structure=structure,
        levers=levers,
        definitions=definitions,
        model=study.model,
        shipped={s.name: s for s in shipped},
        decomposition=study.decomposition,
        emissions=emissions,
    )


# ---------------------------------------------------------------- scenarios: read, validate, save


def _saved(session: Session, name: str) -> PathwayScenario | None:
    return session.scalar(select(PathwayScenario).where(PathwayScenario.name == name))


def _resolver(session: Session) -> Any:
    def resolve(name: str) -> tuple[dict[str, Any], str]:
        row = _saved(session, name) if name not in SHIPPED_SCENARIOS else None
        if row is not None:
            return parse_toml(row.toml, f"{row.name}.toml"), f"{row.name}.toml"
        return shipped_resolver(name)

    return resolve


def parse_text(session: Session, text: str, name: str | None = None) -> Scenario:
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
    ctx = context()
    return parse_scenario(data, where, ctx.structure, ctx.levers, _resolver(session))


def is_shipped(name: str) -> bool:
    """True for the shipped scenarios (baseline, plan, enhanced)."""
    return name in SHIPPED_SCENARIOS


def flat_text(scenario: Scenario) -> str:
    """The complete scenario (after inheritance) as TOML."""
    return scenario_to_toml(scenario)


def get_scenario(session: Session, name: str) -> Scenario:
    """A shipped or saved scenario by name."""
    ctx = context()
    if name in ctx.shipped:
        return ctx.shipped[name]
    row = _saved(session, name)
    if row is None:
        raise NotFoundError(f"情景 {name} 不存在", f"scenario {name} does not exist")
    return parse_text(session, row.toml, row.name)


def scenario_text(session: Session, name: str) -> str:
    """The text of a scenario as written (shipped file or the saved text)."""
    if name in SHIPPED_SCENARIOS:
        return shipped_scenario_text(name)
    row = _saved(session, name)
    if row is None:
        raise NotFoundError(f"情景 {name} 不存在", f"scenario {name} does not exist")
    return row.toml


def list_scenarios(session: Session) -> list[dict[str, Any]]:
    """Shipped scenarios first, then the saved ones by name, with their peaks."""
    out = []
    for scenario in context().shipped.values():
        out.append(_summary(scenario, "shipped", None))
    rows = session.scalars(select(PathwayScenario).order_by(PathwayScenario.name)).all()
    for row in rows:
        try:
            scenario = parse_text(session, row.toml, row.name)
        except DataValidationError:
            continue  # only if a shipped parent changed in a new release (saving keeps them valid)
        out.append(_summary(scenario, "user", row))
    return out


def _summary(scenario: Scenario, kind: str, row: PathwayScenario | None) -> dict[str, Any]:
    result = run(scenario)
    return {
        "name": scenario.name,
        "title_zh": scenario.title_zh,
        "title_en": scenario.title_en,
        "kind": kind,
        "inherits": row.inherits
        if row
        else (scenario.files[1][:-5] if len(scenario.files) > 1 else ""),
        "illustrative": scenario.illustrative,
        "peak_year": result.peak.year,
        "peak_co2e_t": result.peak.co2e_t,
        "peak_within_horizon": result.peak.within_horizon,
        "updated_at": row.updated_at if row else None,
    }


def save_scenario(session: Session, actor: Actor, name: str, text: str) -> Scenario:
    """Validate and save (create or replace) a user scenario; audited."""
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
    if name in SHIPPED_SCENARIOS:
        raise ConflictError(
            f"内置情景 {name} 不能被覆盖，请另取名称",
            f"the shipped scenario {name} cannot be replaced; choose another name",
        )
    scenario = parse_text(session, text, name)
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
    _check_dependants(session, name)
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


def _check_dependants(session: Session, name: str) -> None:
    """Refuse a change that would break a saved scenario inheriting from ``name``.

    Every saved scenario must stay valid, so the others are validated again against the new
    text (only those inheriting from ``name`` can fail); the caller's unit of work then rolls
    the change back.
    """
    problems: list[Problem] = []
    for other in session.scalars(select(PathwayScenario).where(PathwayScenario.name != name)):
        try:
            parse_text(session, other.toml, other.name)
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
    levers = context().levers
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


# ---------------------------------------------------------------- runs and their views


def run(scenario: Scenario) -> PathwayResult:
    """One deterministic run (~15 ms)."""
    ctx = context()
    return run_scenario(ctx.model, ctx.structure, scenario, ctx.definitions)


@lru_cache(maxsize=64)
def _wedges_cached(text: str) -> Wedges:
    ctx = context()
    scenario = _from_flat(text)
    return compute_wedges(ctx.model, ctx.shipped[BASELINE], scenario)


@lru_cache(maxsize=64)
def _monte_carlo_cached(text: str) -> MonteCarloResult:
    ctx = context()
    scenario = _from_flat(text)
    result = run(scenario)
    return monte_carlo(
        ctx.model,
        ctx.structure,
        scenario,
        runs=RUNS,
        seed=SEED,
        peak_by=PEAK_BY,
        targets=result.targets,
    )


def _from_flat(text: str) -> Scenario:
    ctx = context()
    return parse_scenario(parse_toml(text, WHERE), WHERE, ctx.structure, ctx.levers)


def wedges(scenario: Scenario) -> Wedges | None:
    """Wedges against the baseline (cached by the scenario's content); None for the baseline."""
    if scenario.name == BASELINE:
        return None
    return _wedges_cached(scenario_to_toml(scenario))


def uncertainty(scenario: Scenario) -> MonteCarloResult:
    """Monte Carlo of the scenario (cached by content)."""
    return _monte_carlo_cached(scenario_to_toml(scenario))


def decomposition() -> Decomposition | None:
    """LMDI of the demo inventory 2019 → 2020."""
    return context().decomposition


def sector_series(result: PathwayResult) -> dict[str, list[float]]:
    """Gross emissions by sector (and waste) per year, t CO2e, sectors in reporting order."""
    frame = result.emissions.group_by("year", "sector").agg(pl.col("co2e_t").sum())
    order = [s for s in SECTORS] + sorted(set(frame["sector"]) - set(SECTORS))
    years = list(result.scenario.years)
    out: dict[str, list[float]] = {}
    for sector in order:
        values = dict(frame.filter(pl.col("sector") == sector).select("year", "co2e_t").iter_rows())
        if values:
            out[sector] = [float(values.get(y, 0.0)) for y in years]
    return out


def result_view(
    scenario: Scenario, *, with_wedges: bool = True, with_uncertainty: bool = True
) -> dict[str, Any]:
    """A JSON-ready result of one scenario (t CO2e, tce, %)."""
    result = run(scenario)
    mc = uncertainty(scenario) if with_uncertainty else None
    w = wedges(scenario) if with_wedges else None
    view: dict[str, Any] = {
        "name": scenario.name,
        "title_zh": scenario.title_zh,
        "title_en": scenario.title_en,
        "files": list(scenario.files),
        "illustrative": True,
        "notice_zh": NOTICE_ZH,
        "notice_en": NOTICE_EN,
        "years": list(scenario.years),
        **result_summary(result),
        "by_sector": sector_series(result),
        "levers": {
            lever_id: {
                "strength": s.strength,
                "start_year": s.start_year,
                "ramp_years": s.ramp_years,
            }
            for lever_id, s in scenario.levers.items()
        },
        "monte_carlo": None,
        "wedges": None,
    }
    if mc is not None:
        view["monte_carlo"] = {
            "runs": mc.runs,
            "seed": mc.seed,
            **probabilities(mc),
            "fan": mc.fan.to_dicts(),
        }
    if w is not None:
        view["wedges"] = {
            "method": "Shapley value over the levers that differ (and other assumptions), "
            "net emissions, against the baseline",
            "years": list(w.years),
            "baseline_net_t": [float(x) for x in w.baseline_t],
            "scenario_net_t": [float(x) for x in w.scenario_t],
            "by_lever": {p: [float(x) for x in w.reduction_t[i]] for i, p in enumerate(w.players)},
        }
    out: dict[str, Any] = json_safe(view)
    return out


def decomposition_view() -> dict[str, Any] | None:
    d = decomposition()
    if d is None:
        return None
    out: dict[str, Any] = json_safe(
        {
            "method": "LMDI-I additive (Ang 2005); zero values: Ang & Liu 2007 limits",
            "start_year": d.start_year,
            "end_year": d.end_year,
            "start_co2e_t": d.start_co2e_t,
            "end_co2e_t": d.end_co2e_t,
            "effects": d.effects.to_dicts(),
        }
    )
    return out


# ---------------------------------------------------------------- export


def export_study(session: Session, names: list[str]) -> StudyExport:
    """The study of the named scenarios (baseline first), with its notice, for an export."""
    ctx = context()
    chosen = [get_scenario(session, n) for n in dict.fromkeys(names) if n != BASELINE]
    scenarios = [ctx.shipped[BASELINE], *chosen]
    results = {s.name: run(s) for s in scenarios}
    study = Study(
        model=ctx.model,
        structure=ctx.structure,
        levers=ctx.levers,
        results=results,
        wedges={s.name: w for s in chosen if (w := wedges(s)) is not None},
        uncertainty={s.name: uncertainty(s) for s in scenarios},
        decomposition=ctx.decomposition,
        illustrative=True,
    )
    return StudyExport(study, f"{NOTICE_ZH} {NOTICE_EN}")


@dataclass(frozen=True)
class StudyExport:
    """A study and the notice its export carries (the faces write it with io)."""

    study: Study
    notice: str
