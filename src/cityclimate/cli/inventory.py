"""``cityclimate inventory …``: compute the GHG inventory from a file or the demo."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cityclimate.cli.output import console, emit, fail, report_error
from cityclimate.errors import CityClimateError, DataValidationError
from cityclimate.inventory import Method, compute_emissions
from cityclimate.inventory.framework_reports import framework_report
from cityclimate.inventory.qa import findings_table
from cityclimate.inventory.quality import QualityReport, quality_report, quality_result
from cityclimate.inventory.report import inventory_report, method_statement
from cityclimate.units import to_wan

inventory_app = typer.Typer(help="温室气体清单 · GHG inventory", no_args_is_help=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class UncertaintyFormat(StrEnum):
    table = "table"
    json = "json"


class GwpChoice(StrEnum):
    SAR = "SAR"
    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"


class FuelEdition(StrEnum):
    """Fuel-parameter editions: CO2 and calorific values from one edition, never mixed."""

    cn_gbt32151_2024 = "cn_gbt32151_2024"
    cn_guideline_2013 = "cn_guideline_2013"
    ipcc2006 = "ipcc2006"


class FrameworkChoice(StrEnum):
    cn = "cn"
    ipcc = "ipcc"
    gpc = "gpc"


@dataclass(frozen=True)
class _Loaded:
    activities: pl.DataFrame
    first_row: int
    where: str
    method: Method
    socioeconomic: pl.DataFrame | None
    notice: str
    reported: pl.DataFrame | None
    emissions: pl.DataFrame
    energy_statistics: pl.DataFrame | None = None


@dataclass(frozen=True)
class _Choices:
    """The method choices a user makes on the command line."""

    gwp: GwpChoice = GwpChoice.AR5
    nearest_year: bool = False
    fuel_edition: FuelEdition | None = None
    ch4_by_origin: bool = False

    def apply(self, method: Method) -> Method:
        from dataclasses import replace

        method = replace(method, gwp_set=self.gwp.value, ch4_gwp_by_origin=self.ch4_by_origin)
        if self.nearest_year:
            method = replace(method, nearest_year=True)
        if self.fuel_edition is FuelEdition.ipcc2006:
            # IPCC per-TJ CO2 factors; calorific values stay those of the Chinese standard.
            method = replace(method, combustion_co2="ipcc2006")
        elif self.fuel_edition is not None:
            edition = self.fuel_edition.value
            method = replace(method, combustion_co2=edition, ncv_set=edition)
        return method


def _load(file: Path | None, demo: bool, choices: _Choices) -> _Loaded:
    """Read the activity data (file or demo), choose the method and compute the emissions."""
    if demo == (file is not None):
        fail(
            "请给出数据文件或 --demo（二者选一）",
            "give either a data file or --demo (one of the two)",
        )
    socio = reported = None
    notice = ""
    if demo:
        from cityclimate.demo import liangjiang

        activities, first_row, where = liangjiang.activities(), 2, "liangjiang/activities.csv"
        method = choices.apply(liangjiang.method())
        socio, reported = liangjiang.socioeconomic(), liangjiang.plan_figures()
        notice = liangjiang.NOTICE_ZH + " " + liangjiang.NOTICE_EN
        numbered = activities
    else:
        assert file is not None
        from cityclimate.io.activities import locate, numbered_for_compute, read_with_headers

        if not file.is_file():
            fail(f"文件不存在：{file}", f"the file does not exist: {file}")
        method = choices.apply(Method())
        # Factor availability under the chosen method is checked with every other rule.
        records, headers = read_with_headers(file.name, file.read_bytes(), method=method)
        activities, first_row = records.drop("sheet", "row"), int(records["row"][0])
        where = file.name
        try:  # each problem named by the file's sheet, row and column, as the user sees them
            emissions = compute_emissions(numbered_for_compute(records), method, where=where)
        except DataValidationError as exc:
            raise locate(records, where, exc, headers) from exc
        return _Loaded(activities, first_row, where, method, socio, notice, reported, emissions)
    emissions = compute_emissions(numbered, method, where=where, first_row=first_row)
    return _Loaded(activities, first_row, where, method, socio, notice, reported, emissions)


FileArgument = Annotated[
    Path | None,
    typer.Argument(help="活动水平数据文件 (.csv/.xlsx/.xls 模板) · activity data file or template"),
]
DemoOption = Annotated[
    bool,
    typer.Option("--demo", help="使用两江新区示例数据 · use the illustrative Liangjiang demo"),
]
YearOption = Annotated[int, typer.Option("--year", help="清单年份 · inventory year")]
TerritoryOption = Annotated[str | None, typer.Option(help="地区代码 · territory code")]
GwpOption = Annotated[GwpChoice, typer.Option("--gwp", help="GWP 值集 · GWP set")]
IterationsOption = Annotated[
    int, typer.Option("--iterations", min=100, help="蒙特卡洛次数 · Monte Carlo iterations")
]
SeedOption = Annotated[int, typer.Option("--seed", help="随机种子 · random seed")]
ChecksOption = Annotated[
    Path | None,
    typer.Option(
        "--checks",
        help="公布数据核对文件 CSV（figure,territory,year,value,unit）· published figures to "
        "check (e.g. a plan's)",
    ),
]
EnergyStatisticsOption = Annotated[
    Path | None,
    typer.Option(
        "--energy-statistics",
        help="能源统计 CSV（territory,year,fuel,quantity,unit）· energy statistics for the "
        "energy-balance check",
    ),
]
FuelEditionOption = Annotated[
    FuelEdition | None,
    typer.Option(
        "--fuel-edition",
        help="燃料参数版本（含碳量与低位发热量取自同一版本）· fuel-parameter edition "
        "(carbon contents and calorific values from the same edition; default cn_gbt32151_2024)",
    ),
]
Ch4ByOriginOption = Annotated[
    bool,
    typer.Option(
        "--ch4-by-origin",
        help="CH4 按来源取 GWP（化石 29.8 / 非化石 27.0，仅 AR6）· CH4 GWP by origin (fossil "
        "29.8, non-fossil 27.0; AR6 only, IPCC AR6 WG1 Table 7.15)",
    ),
]
NearestYearOption = Annotated[
    bool,
    typer.Option(
        "--nearest-year",
        help="无当年因子时用最近年份的因子（结果中注明）· use the nearest year's factor when "
        "none is published for the year (stated in the results)",
    ),
]


def _with_inputs(loaded: _Loaded, checks: Path | None, statistics: Path | None) -> _Loaded:
    """Add published figures and energy statistics read from CSV files (if given)."""
    from dataclasses import replace

    reported = loaded.reported
    if checks is not None:
        reported = pl.read_csv(checks, schema_overrides={"year": pl.Int32, "value": pl.Float64})
    stats = None
    if statistics is not None:
        stats = pl.read_csv(statistics, schema_overrides={"year": pl.Int32, "quantity": pl.Float64})
    return replace(loaded, reported=reported, energy_statistics=stats)


def _territory(emissions: pl.DataFrame, year: int, territory: str | None) -> str:
    rows = emissions.filter(pl.col("year") == year)
    if rows.is_empty():
        years = sorted(set(emissions["year"].to_list()))
        fail(
            f"数据中没有 {year} 年的记录（有：{years}）",
            f"no records for {year} in the data (found: {years})",
        )
    found = sorted(set(rows["territory"].to_list()))
    if territory is None:
        if len(found) > 1:
            fail(
                "数据含多个地区：请用 --territory 指定",
                "the data hold several territories: choose one with --territory",
            )
        return str(found[0])
    return territory


@inventory_app.command("template")
def template(
    out: Annotated[Path, typer.Option("--out", help="模板文件路径 (.xlsx) · template path")],
    demo: Annotated[
        bool, typer.Option("--demo", help="预填示例数据 · pre-fill with the demo data")
    ] = False,
) -> None:
    """生成 Excel 导入模板 · Write the Excel import template."""
    from cityclimate.io.activity_template import TEMPLATE_VERSION, template_bytes

    activities = None
    if demo:
        from cityclimate.demo import liangjiang

        activities = liangjiang.activities()
    out.write_bytes(template_bytes(activities))
    console.print(f"已写入模板 · template written: {out}  ({TEMPLATE_VERSION})")


@inventory_app.command("compute")
def compute(
    file: FileArgument = None,
    demo: DemoOption = False,
    year: YearOption = 2020,
    territory: TerritoryOption = None,
    gwp: GwpOption = GwpChoice.AR5,
    framework: Annotated[
        FrameworkChoice | None,
        typer.Option("--framework", help="报告框架 · reporting framework (cn, ipcc, gpc)"),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="输出格式 · output format")
    ] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
    iterations: IterationsOption = 10_000,
    seed: SeedOption = 0,
    nearest_year: NearestYearOption = False,
    fuel_edition: FuelEditionOption = None,
    ch4_by_origin: Ch4ByOriginOption = False,
    checks: ChecksOption = None,
    energy_statistics: EnergyStatisticsOption = None,
) -> None:
    """计算温室气体清单 · Compute the GHG inventory of one year.

    The table format also prints the uncertainty (total ±95 %), key categories, QA findings
    and the three frameworks reconciled.
    """
    if output is OutputFormat.xlsx and out is None:
        fail("xlsx 格式需要 --out 文件路径", "the xlsx format needs --out PATH")
    try:
        choices = _Choices(gwp, nearest_year, fuel_edition, ch4_by_origin)
        loaded = _with_inputs(_load(file, demo, choices), checks, energy_statistics)
        emissions = loaded.emissions
        chosen = _territory(emissions, year, territory)
        report = inventory_report(
            emissions,
            year=year,
            method=loaded.method,
            territory=chosen,
            socioeconomic=loaded.socioeconomic,
            illustrative=demo,
        )
        rows = emissions.filter((pl.col("year") == year) & (pl.col("territory") == chosen))
        table = None if framework is None else framework_report(rows, framework.value)
        quality = None
        if output in (OutputFormat.table, OutputFormat.json) or (
            output is OutputFormat.xlsx and framework is not None
        ):
            quality = _quality(emissions, loaded, year, chosen, iterations, seed)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    notice = loaded.notice
    if output is OutputFormat.json:
        assert quality is not None
        payload: dict[str, Any] = {**report, "notice": notice, "quality": quality_result(quality)}
        if table is not None:
            payload["framework"] = {"name": framework, "rows": table.to_dicts()}
        emit(json.dumps(payload, ensure_ascii=False, indent=2, default=str), out)
    elif output is OutputFormat.csv:
        from cityclimate.io.csv_export import csv_text

        emit(csv_text(rows if table is None else table), out)
    elif output is OutputFormat.xlsx:
        assert out is not None
        if table is None:
            from cityclimate.io.exports import inventory_xlsx

            out.write_bytes(inventory_xlsx(report, rows, notice))
        else:
            from cityclimate.io.exports import framework_xlsx

            assert quality is not None
            workbook = framework_xlsx(
                {framework.value: table} if framework else {},
                quality.reconciliation,
                extra={
                    "质量检查 QA findings": findings_table(quality.findings),
                    "关键类别 Key categories": quality.key_categories,
                    "不确定性 Uncertainty": quality.monte_carlo.by_category,
                },
                notice=notice,
            )
            out.write_bytes(workbook)
        console.print(f"已写入 · written: {out}")
    else:
        _print_table(report, notice)
        if table is not None:
            _print_framework(table, framework.value if framework else "")
        assert quality is not None
        _print_quality(quality)


@inventory_app.command("uncertainty")
def uncertainty(
    file: FileArgument = None,
    demo: DemoOption = False,
    year: YearOption = 2020,
    territory: TerritoryOption = None,
    gwp: GwpOption = GwpChoice.AR5,
    iterations: IterationsOption = 100_000,
    seed: SeedOption = 0,
    nearest_year: NearestYearOption = False,
    fuel_edition: FuelEditionOption = None,
    ch4_by_origin: Ch4ByOriginOption = False,
    output: Annotated[
        UncertaintyFormat, typer.Option("--format", help="输出格式 · output format")
    ] = UncertaintyFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
) -> None:
    """不确定性分析（方法1与蒙特卡洛）· Uncertainty: Approach 1 and Monte Carlo.

    The JSON format carries the whole quality result (uncertainty, key categories, QA findings,
    the three framework tables and their reconciliation) and the method used.
    """
    try:
        choices = _Choices(gwp, nearest_year, fuel_edition, ch4_by_origin)
        loaded = _load(file, demo, choices)
        emissions = loaded.emissions
        chosen = _territory(emissions, year, territory)
        quality = _quality(emissions, loaded, year, chosen, iterations, seed)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    if output is UncertaintyFormat.json:
        payload = {
            "territory": chosen,
            "year": year,
            "method": method_statement(loaded.method),
            "notice": loaded.notice,
            "quality": quality_result(quality),
        }
        emit(json.dumps(payload, ensure_ascii=False, indent=2, default=str), out)
        return
    _print_uncertainty(quality)


def _quality(
    emissions: pl.DataFrame,
    loaded: _Loaded,
    year: int,
    territory: str,
    iterations: int,
    seed: int,
) -> QualityReport:
    """The quality report, with a Rich progress bar over the Monte Carlo chunks."""
    with Progress(
        TextColumn("蒙特卡洛 · Monte Carlo"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("mc", total=iterations)
        return quality_report(
            emissions,
            year=year,
            territory=territory,
            activities=loaded.activities,
            reported=loaded.reported,
            energy_statistics=loaded.energy_statistics,
            iterations=iterations,
            seed=seed,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


def _print_uncertainty(quality: QualityReport) -> None:
    total = quality.monte_carlo.total.row(0, named=True)
    a1 = quality.approach1.total.row(0, named=True)
    console.print(
        f"[bold]排放总量 · gross emissions {quality.territory} {quality.year}:[/] "
        f"{to_wan(total['co2e_t']):,.2f} 万t CO2e, 95% 区间 · interval "
        f"{to_wan(total['p2_5_t']):,.2f}–{to_wan(total['p97_5_t']):,.2f} "
        f"({total['lower_pct']:+.1f}% / {total['upper_pct']:+.1f}%; "
        f"Monte Carlo, {quality.monte_carlo.iterations:,} iterations, seed "
        f"{quality.monte_carlo.seed}); 方法1 · Approach 1 (net, incl. sinks) "
        f"±{a1['uncertainty_pct']:.1f}%"
    )
    part = Table(title="分类别不确定性 · uncertainty by category (Monte Carlo, 95%)")
    for name in ("category", "万t CO2e", "−%", "+%"):
        part.add_column(name, justify="left" if name == "category" else "right")
    for r in quality.monte_carlo.by_category.sort("co2e_t", descending=True).iter_rows(named=True):
        part.add_row(
            r["category"],
            f"{to_wan(r['co2e_t']):,.2f}",
            "—" if r["lower_pct"] is None else f"{r['lower_pct']:+.1f}",
            "—" if r["upper_pct"] is None else f"{r['upper_pct']:+.1f}",
        )
    console.print(part)
    drivers = Table(title="主要不确定性来源 · main drivers of the spread")
    for name in ("input", "id", "%", "share of variance %"):
        drivers.add_column(name)
    for r in quality.monte_carlo.sensitivity.head(5).iter_rows(named=True):
        drivers.add_row(
            r["input"], r["id"], f"{r['unc_pct']:g}", f"{r['contribution_to_variance_pct']:.1f}"
        )
    console.print(drivers)


def _print_quality(quality: QualityReport) -> None:
    _print_uncertainty(quality)
    keys = Table(
        title="关键类别 · key categories (IPCC Approach 1 95%, Approach 2 90%"
        + (f"; trend vs {quality.base_year})" if quality.base_year else ")")
    )
    for name in ("category", "万t CO2e", "level %", "why key · 原因"):
        keys.add_column(name, overflow="fold")
    for r in quality.key_categories.filter(pl.col("is_key")).iter_rows(named=True):
        keys.add_row(
            r["category"],
            f"{to_wan(r['co2e_t']):,.2f}",
            f"{r['level_pct']:.1f}",
            f"{r['reason_zh']} · {r['reason_en']}",
        )
    console.print(keys)
    console.print(f"[bold]质量检查 · QA/QC findings: {len(quality.findings)}[/]")
    colour = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in quality.findings:
        console.print(
            f"  [{colour[f.severity]}]{f.severity}[/] {f.rule} @ {f.where}: "
            f"{f.message_zh} / {f.message_en}",
            markup=True,
            highlight=False,
        )
        console.print(f"      → {f.fix_zh} / {f.fix_en}", highlight=False)
    recon = Table(title="三种框架总量核对 · the three frameworks reconciled (万t CO2e)")
    for name in ("framework", "line", "万t CO2e", "ok"):
        recon.add_column(name)
    for r in quality.reconciliation.iter_rows(named=True):
        ok = "" if r["reconciles"] is None else ("✓" if r["reconciles"] else "✗")
        recon.add_row(
            r["framework"], f"{r['name_zh']} · {r['name_en']}", f"{to_wan(r['co2e_t']):,.2f}", ok
        )
    console.print(recon)


def _print_framework(table: pl.DataFrame, framework: str) -> None:
    shown = Table(title=f"{framework} 报告表 · report (万t CO2e; NE/NO/IE/NA/C = notation keys)")
    for name in ("code", "名称 · name", "万t CO2e"):
        shown.add_column(name)
    for r in table.iter_rows(named=True):
        value = r["notation"] if r["co2e_t"] is None else f"{to_wan(r['co2e_t']):,.2f}"
        shown.add_row(r["code"], "  " * r["depth"] + f"{r['name_zh']} · {r['name_en']}", value)
    console.print(shown)


def _print_table(report: dict[str, Any], notice: str) -> None:
    if notice:
        console.print(f"[bold red]{notice}[/]")
    s = report["summary"]
    title = f"温室气体清单 · GHG inventory  {report['territory']}  {report['year']}  (GWP {report['method']['gwp_set']})"
    table = Table(title=title, show_header=True)
    table.add_column("指标 · figure")
    table.add_column("数值 · value", justify="right")
    table.add_column("单位 · unit")
    lines = [
        ("排放总量 · gross emissions", to_wan(s["gross_co2e_t"]), "万t CO2e"),
        ("碳汇 · removals", to_wan(s["removals_co2e_t"]), "万t CO2e"),
        ("净排放 · net emissions", to_wan(s["net_co2e_t"]), "万t CO2e"),
        ("范围一 · scope 1", to_wan(s["scope1_co2e_t"]), "万t CO2e"),
        ("范围二（调入电力热力）· scope 2", to_wan(s["scope2_co2e_t"]), "万t CO2e"),
        ("能源消费 · energy use", to_wan(s["energy_tce"]), "万tce"),
        ("化石能源占比 · fossil share", 100 * s["fossil_share"], "%"),
        ("  天然气 · gas (of fossil)", 100 * s["gas_share"], "%"),
        ("  油品 · oil (of fossil)", 100 * s["oil_share"], "%"),
        ("  煤炭 · coal (of fossil)", 100 * s["coal_share"], "%"),
    ]
    if "intensity_t_per_10k_yuan" in s:
        lines += [
            (
                "碳排放强度 · carbon intensity",
                s["intensity_t_per_10k_yuan"],
                f"t CO2e/万元 ({s['gdp_price_base_year']} prices)",
            ),
            ("人均排放 · per capita", s["per_capita_t"], "t CO2e/person"),
        ]
    for label, value, unit in lines:
        table.add_row(label, "—" if value is None else f"{value:,.2f}", unit)
    console.print(table)
    for name, label in (
        ("sector", "分部门 · by sector"),
        ("sub_area", "分板块 · by sub-area"),
        ("gas", "分气体 · by gas"),
    ):
        part = Table(title=label)
        part.add_column(name)
        part.add_column("名称 · name")
        part.add_column("万t CO2e", justify="right")
        for row in report["breakdowns"][name]:
            part.add_row(str(row["key"]), row["name_zh"], f"{to_wan(row['co2e_t']):,.2f}")
        console.print(part)
    for note in report["factor_notes"]:
        console.print(f"[yellow]因子说明 · factor note:[/] {note}")
