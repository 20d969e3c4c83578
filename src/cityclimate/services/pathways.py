"""Carbon-peak pathways of a territory: its plan's and saved scenarios, runs, wedges, Monte Carlo.

Every run is in a :class:`~cityclimate.services.pathway_context.Context`: the territory's stored
plan (structure, levers, scenarios, targets) calibrated to its published inventory of the chosen
year, with the published years as the actual series (:mod:`cityclimate.services.pathway_context`).
One scenario then runs in ~15 ms, so the lever editor recomputes on every change. Wedges (2ᴺ
runs, ~1 s) and the Monte Carlo are cached in the context by the scenario's complete TOML text.

Saved scenarios are TOML text (usually ``inherits`` a plan scenario or another saved one);
``inherits`` resolves among the saved scenarios first, then the plan's. A text is validated by
the core (:func:`cityclimate.pathways.parse_scenario`) before it is saved: a bad text is refused
whole, with every problem naming its key. Saved scenarios start at the context's base year and
carry the plan's targets, whatever their text says.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.pathways import (
    SECTORS,
    Decomposition,
    MonteCarloResult,
    PathwayResult,
    Scenario,
    Study,
    Wedges,
    compute_wedges,
    monte_carlo,
    parse_scenario,
    parse_toml,
    run_scenario,
    scenario_to_toml,
)
from cityclimate.pathways.decomposition import decompose, inventory_input
from cityclimate.pathways.rebase import rebase_scenario
from cityclimate.pathways.report import probabilities, result_summary
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.audit import json_safe
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.pathway_context import Context, context
from cityclimate.storage.models import utcnow
from cityclimate.storage.pathways_models import PathwayScenario

__all__ = ["Context", "context"]

#: Monte Carlo settings of the platform (seeded, so a page shows the same numbers every time).
RUNS = 1000
SEED = 20260125
PEAK_BY = (2025, 2030)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
MAX_TOML_CHARS = 100_000
WHERE = "scenario.toml"


# ---------------------------------------------------------------- scenarios: read, validate, save


def _saved(session: Session, name: str) -> PathwayScenario | None:
    return session.scalar(select(PathwayScenario).where(PathwayScenario.name == name))


def _resolver(session: Session, ctx: Context) -> Any:
    def resolve(name: str) -> tuple[dict[str, Any], str]:
        row = _saved(session, name) if name not in ctx.scenarios else None
        if row is not None:
            return parse_toml(row.toml, f"{row.name}.toml"), f"{row.name}.toml"
        text = ctx.scenario_texts.get(name)
        if not text:
            raise DataValidationError(
                [
                    Problem(
                        "inherits",
                        None,
                        "inherits",
                        name,
                        f"没有名为“{name}”的情景（规划情景：{'、'.join(ctx.scenarios)}）",
                        f"no scenario named '{name}' (the plan's: {', '.join(ctx.scenarios)})",
                    )
                ]
            )
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


# ---------------------------------------------------------------- runs and their views


def run(ctx: Context, scenario: Scenario) -> PathwayResult:
    """One deterministic run (~15 ms)."""
    return run_scenario(ctx.model, ctx.structure, scenario, ctx.definitions)


def _cached(ctx: Context, kind: str, scenario: Scenario, compute: Any) -> Any:
    key = (kind, scenario_to_toml(scenario))
    if key not in ctx.cache:
        ctx.cache[key] = compute()
    return ctx.cache[key]


def wedges(ctx: Context, scenario: Scenario) -> Wedges | None:
    """Wedges against the baseline (cached by the scenario's content); None for the baseline."""
    if scenario.name == ctx.baseline:
        return None
    baseline = ctx.scenarios[ctx.baseline]
    return _cached(  # type: ignore[no-any-return]
        ctx, "wedges", scenario, lambda: compute_wedges(ctx.model, baseline, scenario)
    )


def uncertainty(ctx: Context, scenario: Scenario) -> MonteCarloResult:
    """Monte Carlo of the scenario (cached by content)."""

    def compute() -> MonteCarloResult:
        return monte_carlo(
            ctx.model,
            ctx.structure,
            scenario,
            runs=RUNS,
            seed=SEED,
            peak_by=PEAK_BY,
            targets=run(ctx, scenario).targets,
        )

    return _cached(ctx, "monte_carlo", scenario, compute)  # type: ignore[no-any-return]


def decomposition(ctx: Context, start: int | None = None, end: int | None = None) -> Decomposition:
    """LMDI of the territory's published inventories between two stored years.

    Default: the first and the last published year whose sectors' value added is stored.

    Raises
    ------
    DataValidationError
        A year that is not published, the same year twice, or a year whose sector value added
        (from the stored socio-economic inputs) is missing.
    """
    complete = sorted(set(ctx.actual_years) & set(ctx.sector_value_added["year"].to_list()))
    if start is None or end is None:
        if len(complete) < 2:
            raise DataValidationError(
                [
                    Problem(
                        "socioeconomic",
                        None,
                        "year",
                        ", ".join(map(str, ctx.actual_years)),
                        "分解需要两个已发布清单年份及其分部门增加值（工业增加值、第三产业增加值）",
                        "the decomposition needs two published inventory years with their "
                        "sectors' value added (industrial and tertiary value added)",
                    )
                ]
            )
        start, end = (
            (complete[0], complete[-1])
            if start is None and end is None
            else (
                start or complete[0],
                end or complete[-1],
            )
        )
    problems = [
        Problem(
            "pathways",
            None,
            field,
            str(year),
            f"{ctx.territory} 没有 {year} 年的已发布清单",
            f"{ctx.territory} has no published inventory of {year}",
        )
        for field, year in (("start", start), ("end", end))
        if year not in ctx.actual_years
    ]
    if start == end:
        problems.append(
            Problem("pathways", None, "end", str(end), "请选择两个不同的年份", "choose two years")
        )
    if problems:
        raise DataValidationError(problems)
    first, first_other = inventory_input(ctx.emissions, ctx.sector_value_added, start)
    last, last_other = inventory_input(ctx.emissions, ctx.sector_value_added, end)
    return decompose(
        first,
        last,
        start_year=start,
        end_year=end,
        non_energy_start_t=first_other,
        non_energy_end_t=last_other,
    )


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


def actual_view(ctx: Context) -> list[dict[str, Any]]:
    """The published years (the actual series): year, gross and net t CO2e, version id."""
    return [
        {
            "year": a.year,
            "gross_co2e_t": a.gross_co2e_t,
            "net_co2e_t": a.net_co2e_t,
            "version_id": a.version_id,
        }
        for a in ctx.actual
    ]


def result_view(
    ctx: Context, scenario: Scenario, *, with_wedges: bool = True, with_uncertainty: bool = True
) -> dict[str, Any]:
    """A JSON-ready result of one scenario (t CO2e, tce, %), with the actual years beside it."""
    result = run(ctx, scenario)
    mc = uncertainty(ctx, scenario) if with_uncertainty else None
    w = wedges(ctx, scenario) if with_wedges else None
    view: dict[str, Any] = {
        "name": scenario.name,
        "title_zh": scenario.title_zh,
        "title_en": scenario.title_en,
        "territory": ctx.territory,
        "base_year": ctx.base_year,
        "files": list(scenario.files),
        "illustrative": ctx.illustrative or scenario.illustrative,
        "notice_zh": ctx.notice.zh,
        "notice_en": ctx.notice.en,
        "years": list(scenario.years),
        "actual": actual_view(ctx),
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


def decomposition_view(
    ctx: Context, start: int | None = None, end: int | None = None
) -> dict[str, Any]:
    """The LMDI between two stored years as JSON, or ``problems`` when it cannot be made."""
    try:
        d = decomposition(ctx, start, end)
    except DataValidationError as exc:
        return {
            "available": False,
            "years": list(ctx.actual_years),
            "problems": [
                {
                    "field": q.field,
                    "value": q.value,
                    "message_zh": q.message_zh,
                    "message_en": q.message_en,
                }
                for q in exc.problems
            ],
        }
    out: dict[str, Any] = json_safe(
        {
            "available": True,
            "years": list(ctx.actual_years),
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


def export_study(session: Session, ctx: Context, names: list[str]) -> StudyExport:
    """The study of the named scenarios (baseline first), the actual years and the notice."""
    baseline = ctx.scenarios[ctx.baseline]
    chosen = [get_scenario(session, n, ctx) for n in dict.fromkeys(names) if n != ctx.baseline]
    scenarios = [baseline, *chosen]
    results = {s.name: run(ctx, s) for s in scenarios}
    try:
        lmdi: Decomposition | None = decomposition(ctx)
    except DataValidationError:
        lmdi = None
    study = Study(
        model=ctx.model,
        structure=ctx.structure,
        levers=ctx.levers,
        results=results,
        wedges={s.name: w for s in chosen if (w := wedges(ctx, s)) is not None},
        uncertainty={s.name: uncertainty(ctx, s) for s in scenarios},
        decomposition=lmdi,
        illustrative=ctx.illustrative,
    )
    actual = pl.DataFrame(
        actual_view(ctx),
        schema={
            "year": pl.Int64,
            "gross_co2e_t": pl.Float64,
            "net_co2e_t": pl.Float64,
            "version_id": pl.Int64,
        },
    )
    notice = f"{ctx.notice.zh} {ctx.notice.en}".strip()
    return StudyExport(study, notice, actual)


@dataclass(frozen=True)
class StudyExport:
    """A study, the published (actual) years and the notice its export carries (the faces write
    it with io)."""

    study: Study
    notice: str
    actual: pl.DataFrame
