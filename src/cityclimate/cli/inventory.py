"""``cityclimate inventory …``: compute the GHG inventory from a file or the demo."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, fail, report_error
from cityclimate.errors import CityClimateError
from cityclimate.inventory import Method, compute_emissions
from cityclimate.inventory.report import inventory_report

inventory_app = typer.Typer(help="温室气体清单 · GHG inventory", no_args_is_help=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class GwpChoice(StrEnum):
    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"


@inventory_app.command("compute")
def compute(
    file: Annotated[
        Path | None, typer.Argument(help="活动水平数据文件 (.csv/.xlsx) · activity data file")
    ] = None,
    demo: Annotated[
        bool,
        typer.Option("--demo", help="使用两江新区示例数据 · use the illustrative Liangjiang demo"),
    ] = False,
    year: Annotated[int, typer.Option("--year", help="清单年份 · inventory year")] = 2020,
    territory: Annotated[str | None, typer.Option(help="地区代码 · territory code")] = None,
    gwp: Annotated[GwpChoice, typer.Option("--gwp", help="GWP 值集 · GWP set")] = GwpChoice.AR5,
    output: Annotated[
        OutputFormat, typer.Option("--format", help="输出格式 · output format")
    ] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
) -> None:
    """计算温室气体清单 · Compute the GHG inventory of one year."""
    if demo == (file is not None):
        fail(
            "请给出数据文件或 --demo（二者选一）",
            "give either a data file or --demo (one of the two)",
        )
    if output is OutputFormat.xlsx and out is None:
        fail("xlsx 格式需要 --out 文件路径", "the xlsx format needs --out PATH")
    try:
        if demo:
            from cityclimate.demo import liangjiang

            activities, first_row, where = liangjiang.activities(), 2, "liangjiang/activities.csv"
            base, socio, notice = (
                liangjiang.method(),
                liangjiang.socioeconomic(),
                liangjiang.NOTICE_ZH + " " + liangjiang.NOTICE_EN,
            )
        else:
            from cityclimate.io.activity_files import read_activity_file

            assert file is not None
            activities, first_row = read_activity_file(file)
            where, base, socio, notice = file.name, Method(), None, ""
        method = Method(**{**base.__dict__, "gwp_set": gwp.value})
        emissions = compute_emissions(activities, method, where=where, first_row=first_row)
        if (
            territory is None
            and emissions.filter(pl.col("year") == year)["territory"].n_unique() > 1
        ):
            fail(
                "数据含多个地区：请用 --territory 指定",
                "the data hold several territories: choose one with --territory",
            )
        if emissions.filter(pl.col("year") == year).is_empty():
            years = sorted(set(emissions["year"].to_list()))
            fail(
                f"数据中没有 {year} 年的记录（有：{years}）",
                f"no records for {year} in the data (found: {years})",
            )
        report = inventory_report(
            emissions,
            year=year,
            method=method,
            territory=territory,
            socioeconomic=socio,
            illustrative=demo,
        )
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    rows = emissions.filter(pl.col("year") == year)
    if output is OutputFormat.json:
        emit(
            json.dumps({**report, "notice": notice}, ensure_ascii=False, indent=2, default=str), out
        )
    elif output is OutputFormat.csv:
        emit(rows.write_csv(), out)
    elif output is OutputFormat.xlsx:
        from cityclimate.io.exports import write_inventory_xlsx

        assert out is not None
        write_inventory_xlsx(report, rows, out, notice)
        console.print(f"已写入 · written: {out}")
    else:
        _print_table(report, notice)


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
        ("排放总量 · gross emissions", s["gross_co2e_t"] / 1e4, "万t CO2e"),
        ("碳汇 · removals", s["removals_co2e_t"] / 1e4, "万t CO2e"),
        ("净排放 · net emissions", s["net_co2e_t"] / 1e4, "万t CO2e"),
        ("范围一 · scope 1", s["scope1_co2e_t"] / 1e4, "万t CO2e"),
        ("范围二（调入电力热力）· scope 2", s["scope2_co2e_t"] / 1e4, "万t CO2e"),
        ("能源消费 · energy use", s["energy_tce"] / 1e4, "万tce"),
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
        part.add_column("万t CO2e", justify="right")
        for row in report["breakdowns"][name]:
            part.add_row(str(row["key"]), f"{row['co2e_t'] / 1e4:,.2f}")
        console.print(part)
    for note in report["factor_notes"]:
        console.print(f"[yellow]因子说明 · factor note:[/] {note}")
