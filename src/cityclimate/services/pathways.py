"""Carbon-peak pathways of a territory: its plan's and saved scenarios, runs, wedges, Monte Carlo.

Every run is in a :class:`~cityclimate.services.pathway_context.Context`: the territory's stored
plan (structure, levers, scenarios, targets) calibrated to its published inventory of the chosen
year, with the published years as the actual series (:mod:`cityclimate.services.pathway_context`).
One scenario then runs in ~15 ms, so the lever editor recomputes on every change. Wedges (2ᴺ
runs, ~1 s) and the Monte Carlo are cached in the context by the scenario's complete TOML text.

Reading, validating and saving scenarios is :mod:`cityclimate.services.pathway_scenarios`
(re-exported here, so the faces call one module).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
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
    scenario_to_toml,
)
from cityclimate.pathways.decomposition import decompose, inventory_input
from cityclimate.pathways.report import probabilities, result_summary
from cityclimate.services.audit import json_safe
from cityclimate.services.pathway_context import Context, context
from cityclimate.services.pathway_scenarios import (
    MAX_TOML_CHARS,
    flat_text,
    get_scenario,
    is_shipped,
    levers_text,
    list_scenarios,
    parse_text,
    run,
    save_scenario,
    scenario_text,
)

__all__ = [
    "MAX_TOML_CHARS",
    "Context",
    "context",
    "flat_text",
    "get_scenario",
    "is_shipped",
    "levers_text",
    "list_scenarios",
    "parse_text",
    "run",
    "save_scenario",
    "scenario_text",
]

#: Monte Carlo settings of the platform (seeded, so a page shows the same numbers every time).
RUNS = 1000
SEED = 20260125
PEAK_BY = (2025, 2030)


# ---------------------------------------------------------------- runs and their views


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
        "lever_actuals": [dict(r) for r in ctx.lever_actuals],
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
