"""``cityclimate pathways …``: run carbon-peak pathway scenarios (a file, a shipped one, or the demo)."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, fail, report_error
from cityclimate.demo import pathways as demo_pathways
from cityclimate.demo.pathways import (
    NOTICE_EN,
    NOTICE_ZH,
    liangjiang_study,
)
from cityclimate.errors import CityClimateError
from cityclimate.pathways import (
    Study,
    build_study,
    parse_scenario,
    parse_toml,
    scenario_to_toml,
)
from cityclimate.pathways.report import probabilities, result_summary
from cityclimate.units import to_wan

pathways_app = typer.Typer(help="碳达峰路径 · carbon-peak pathways", no_args_is_help=True)

UNITS = {
    "co2e_t": "t CO2e",
    "energy_tce": "tce",
    "gdp_10k_yuan": "万元 (base-year prices)",
    "probability": "share of Monte Carlo runs (0-1)",
    "reduction_pct": "% cumulative reduction since the indicator's base year",
}


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _file_resolver(folder: Path) -> Any:
    """``inherits`` names a file next to the scenario (with or without .toml) or a shipped one."""

    def resolve(name: str) -> tuple[dict[str, Any], str]:
        for candidate in (folder / name, folder / f"{name}.toml"):
            if candidate.is_file():
                return parse_toml(candidate.read_text("utf-8"), candidate.name), candidate.name
        return demo_pathways.resolver(name)

    return resolve


def _study(scenario: str | None, demo: bool, runs: int, seed: int) -> Study:
    if demo:
        return liangjiang_study(runs=runs, seed=seed)
    assert scenario is not None
    pack = demo_pathways.plan_pack()
    structure, levers = pack.pathways.structure, pack.pathways.levers
    shipped = list(pack.pathways.scenarios)
    names = demo_pathways.scenario_names()
    if scenario in names:
        chosen = shipped[names.index(scenario)]
    else:
        path = Path(scenario)
        if not path.is_file():
            fail(
                f"找不到情景文件 {scenario}（内置情景：{', '.join(names)}）",
                f"no scenario file {scenario} (shipped: {', '.join(names)})",
            )
        data = parse_toml(path.read_text("utf-8"), path.name)
        data.pop("targets", None)  # the plan's targets are the one source (issue 12)
        chosen = dataclasses.replace(
            parse_scenario(data, path.name, structure, levers, _file_resolver(path.parent)),
            city_targets=pack.city_targets,
        )
    scenarios = [shipped[0]] if chosen.name == shipped[0].name else [shipped[0], chosen]
    return build_study(
        demo_pathways.emissions(),
        structure,
        levers,
        scenarios,
        pack.indicators,
        runs=runs,
        seed=seed,
        sector_value_added=demo_pathways.value_added(),
        decomposition_years=(2019, 2020),
    )


def study_report(study: Study) -> dict[str, Any]:
    """A JSON-ready report: per scenario peak, targets, probabilities, totals; wedges; LMDI."""
    scenarios = []
    for name, result in study.results.items():
        mc = study.uncertainty.get(name)
        scenarios.append(
            {
                "name": name,
                "title_zh": result.scenario.title_zh,
                "title_en": result.scenario.title_en,
                "files": list(result.scenario.files),
                **result_summary(result),
                **(
                    probabilities(mc)
                    if mc
                    else {"probability_peak_by": {}, "probability_target_met": {}}
                ),
                "fan_chart": mc.fan.to_dicts() if mc else [],
                "by_sector": result.emissions.group_by("year", "sector")
                .agg(co2e_t=pl.col("co2e_t").sum())
                .sort("year", "sector")
                .to_dicts(),
            }
        )
    d = study.decomposition
    return {
        "illustrative": study.illustrative,
        "notice": f"{NOTICE_ZH} {NOTICE_EN}" if study.illustrative else "",
        "units": UNITS,
        "monte_carlo": {
            "runs": next(iter(study.uncertainty.values())).runs if study.uncertainty else 0,
            "seed": next(iter(study.uncertainty.values())).seed if study.uncertainty else None,
        },
        "wedges_method": "Shapley value over levers (and other assumptions), net emissions",
        "scenarios": scenarios,
        "wedges": {name: w.frame().to_dicts() for name, w in study.wedges.items()},
        "wedges_by_sector": {name: w.sector_frame().to_dicts() for name, w in study.wedges.items()},
        "decomposition": (
            {
                "method": "LMDI-I additive (Ang 2005); zero values: Ang & Liu 2007 limits",
                "start_year": d.start_year,
                "end_year": d.end_year,
                "start_co2e_t": d.start_co2e_t,
                "end_co2e_t": d.end_co2e_t,
                "effects": d.effects.to_dicts(),
                "by_sector": d.by_sector.to_dicts(),
            }
            if d is not None
            else None
        ),
    }


def _render_table(study: Study) -> None:
    if study.illustrative:
        console.print(f"[bold red]{NOTICE_ZH}[/]\n[bold red]{NOTICE_EN}[/]")
    summary = Table(title="情景对比 · scenarios (万t CO2e)")
    for column in ("情景 · scenario", "峰值年 · peak year", "峰值 · peak", "P(≤2025)", "P(≤2030)"):
        summary.add_column(column)
    targets = Table(title="强度目标 · intensity targets (cumulative reduction since the base year)")
    for column in (
        "情景 · scenario",
        "指标 · indicator",
        "目标 · target",
        "模拟 · modelled",
        "达标年 · first year met",
        "P(met)",
    ):
        targets.add_column(column)
    for name, result in study.results.items():
        mc = study.uncertainty.get(name)
        rising = "" if result.peak.within_horizon else " (仍在上升 · still rising)"
        summary.add_row(
            f"{name} · {result.scenario.title_zh}",
            f"{result.peak.year}{rising}",
            f"{to_wan(result.peak.co2e_t):,.2f}",
            "—" if mc is None else f"{mc.probability_of_peaking_by(2025):.0%}",
            "—" if mc is None else f"{mc.probability_of_peaking_by(2030):.0%}",
        )
        met = (
            {}
            if mc is None
            else dict(mc.target_probability.select("indicator_id", "probability_met").iter_rows())
        )
        for t in result.targets:
            targets.add_row(
                name,
                t.name_zh,
                f"{t.target_pct:g}% by {t.target_year}",
                f"{t.reduction_at_target_year_pct:.1f}% " + ("✓" if t.met else "✗"),
                "—" if t.first_year_met is None else str(t.first_year_met),
                "—" if t.indicator_id not in met else f"{met[t.indicator_id]:.0%}",
            )
    console.print(summary)
    console.print(targets)
    for name, wedges in study.wedges.items():
        table = Table(title=f"减排楔形 · wedges of {name} vs baseline (万t CO2e, Shapley)")
        table.add_column("杠杆 · lever")
        years = [y for y in (2025, 2030, wedges.years[-1]) if y in wedges.years]
        for year in years:
            table.add_column(str(year), justify="right")
        for i, player in enumerate(wedges.players):
            table.add_row(
                player,
                *(f"{to_wan(wedges.reduction_t[i, wedges.years.index(y)]):,.2f}" for y in years),
            )
        console.print(table)
    d = study.decomposition
    if d is not None:
        table = Table(title=f"LMDI 分解 · decomposition {d.start_year}→{d.end_year} (万t CO2e)")
        table.add_column("效应 · effect")
        table.add_column("万t CO2e", justify="right")
        for row in d.effects.iter_rows(named=True):
            table.add_row(f"{row['effect_zh']} · {row['effect']}", f"{to_wan(row['co2e_t']):,.2f}")
        table.add_row("合计 · total change", f"{to_wan(d.end_co2e_t - d.start_co2e_t):,.2f}")
        console.print(table)


@pathways_app.command("run")
def run(
    scenario: Annotated[
        str | None,
        typer.Argument(help="情景名称或 TOML 文件 · shipped scenario name or TOML file"),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="两江新区示例的三个情景 · the illustrative Liangjiang demo"),
    ] = False,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="输出格式 · output format")
    ] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
    runs: Annotated[
        int, typer.Option("--runs", min=0, help="蒙特卡洛次数 · Monte Carlo runs")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子 · seed")] = 20260125,
) -> None:
    """运行碳达峰路径情景 · Run pathway scenarios: peak, targets, wedges, LMDI, probabilities."""
    if demo == (scenario is not None):
        fail("请给出情景或 --demo（二者选一）", "give either a scenario or --demo (one of the two)")
    if output is OutputFormat.xlsx and out is None:
        fail("xlsx 格式需要 --out 文件路径", "the xlsx format needs --out PATH")
    try:
        study = _study(scenario, demo, runs, seed)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    if output is OutputFormat.json:
        emit(json.dumps(study_report(study), ensure_ascii=False, indent=2), out)
    elif output is OutputFormat.xlsx:
        from cityclimate.io.pathways_export import pathways_xlsx

        assert out is not None
        out.write_bytes(
            pathways_xlsx(study, f"{NOTICE_ZH} {NOTICE_EN}" if study.illustrative else "")
        )
        console.print(f"已写入 · written: {out}")
    else:
        _render_table(study)


@pathways_app.command("scenario")
def scenario_file(
    name: Annotated[
        str, typer.Argument(help="内置情景 · shipped scenario (baseline|plan|enhanced)")
    ],
    flat: Annotated[
        bool,
        typer.Option("--flat", help="展开继承，写出完整情景 · write the merged, complete scenario"),
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
) -> None:
    """输出内置情景文件，供复制修改 · Print a shipped scenario file to copy and edit."""
    names = demo_pathways.scenario_names()
    if name not in names:
        fail(
            f"没有内置情景“{name}”（可选：{', '.join(names)}）",
            f"no shipped scenario '{name}' (choose from {', '.join(names)})",
        )
    if flat:
        emit(scenario_to_toml(demo_pathways.liangjiang_scenarios()[names.index(name)]), out)
    else:
        emit(demo_pathways.scenario_text(name), out)
