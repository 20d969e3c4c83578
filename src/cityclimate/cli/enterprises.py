"""``cityclimate enterprises …``: check credit codes; the office's yearly compliance overview;
the year's surrender, offsets and verification findings of a registered enterprise."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, errors, fail, report_error
from cityclimate.enterprises import (
    Actor,
    ComplianceOverview,
    Role,
    check_uscc,
    compliance_overview,
    pack_from_json,
)
from cityclimate.errors import CityClimateError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

enterprises_app = typer.Typer(help="重点企业 · key enterprises", no_args_is_help=True)


class OverviewFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


class PueEdition(StrEnum):
    plan_table1 = "plan_table1"
    plan_text = "plan_text"


@enterprises_app.command("validate-code")
def validate_code(
    code: Annotated[str, typer.Argument(help="统一社会信用代码 · unified social credit code")],
) -> None:
    """校验统一社会信用代码（GB 32100-2015）· Check a unified social credit code."""
    result = check_uscc(code)
    if not result.valid:
        errors.print(f"[bold red]无效 · invalid:[/] {result.code}")
        for zh, en in zip(result.problems_zh, result.problems_en, strict=True):
            errors.print(f"  • {zh} / {en}", markup=False)
        raise typer.Exit(1)
    console.print(f"有效 · valid: {result.code}")
    if result.organisation_code_ok is False:
        console.print(
            "[yellow]提示 · note:[/] 第 9–17 位未通过组织机构代码（GB 11714）校验；"
            "historic codes may not pass it"
        )


@enterprises_app.command("compliance")
def compliance(
    file: Annotated[
        Path | None, typer.Argument(help="企业数据包 (.json) · enterprise data pack")
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="使用两江示例企业 · use the illustrative demo")
    ] = False,
    year: Annotated[int, typer.Option("--year", help="报告年度 · reporting year")] = 2020,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="判断期限的日期 YYYY-MM-DD（默认今天）· day to judge deadlines on"
        ),
    ] = None,
    inventory: Annotated[
        Path | None,
        typer.Option(
            "--inventory",
            help="区域清单活动数据 (.csv/.xlsx)，用于核对 · district activity data to reconcile with",
        ),
    ] = None,
    pue_edition: Annotated[
        PueEdition, typer.Option("--pue-limits", help="PUE 限值版本 · PUE limits in force")
    ] = PueEdition.plan_table1,
    output: Annotated[
        OverviewFormat, typer.Option("--format", help="输出格式 · output format")
    ] = OverviewFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
) -> None:
    """履约、配额、信用与清单核对总览 · Compliance, allowances, credit grades and reconciliation."""
    if demo == (file is not None):
        fail(
            "请给出数据包文件或 --demo（二者选一）",
            "give either a pack file or --demo (one of the two)",
        )
    if output is OverviewFormat.xlsx and out is None:
        fail("xlsx 格式需要 --out 文件路径", "the xlsx format needs --out PATH")
    try:
        day = date.today() if as_of is None else date.fromisoformat(as_of)
    except ValueError:
        fail(f"日期格式应为 YYYY-MM-DD：{as_of}", f"the date must be YYYY-MM-DD: {as_of}")
    office = Actor("cli", Role.CLIMATE_OFFICE)
    try:
        from cityclimate.inventory import Method, compute_emissions

        if demo:
            from cityclimate.demo import enterprises as enterprise_demo
            from cityclimate.demo import liangjiang

            pack = enterprise_demo.pack()
            method = liangjiang.method()
            district = compute_emissions(liangjiang.activities(), method)
        else:
            assert file is not None
            if not file.is_file():
                fail(f"文件不存在：{file}", f"the file does not exist: {file}")
            pack = pack_from_json(file.read_text(encoding="utf-8"), where=file.name)
            # Grid factors are published for some years only: take the nearest year's, and say so.
            method = Method(nearest_year=True, note="nearest-year factors where a year is missing")
            district = None
            if inventory is not None:
                from cityclimate.io.activities import read_activities

                if not inventory.is_file():
                    fail(f"文件不存在：{inventory}", f"the file does not exist: {inventory}")
                records = read_activities(inventory.name, inventory.read_bytes())
                district = compute_emissions(
                    records.drop("sheet").rename({"row": "_row"}), method, where=inventory.name
                )
        overview = compliance_overview(
            office,
            pack,
            year,
            as_of=day,
            method=method,
            district_emissions=district,
            pue_edition=pue_edition.value,
        )
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    if output is OverviewFormat.json:
        emit(json.dumps(overview.as_dict(), ensure_ascii=False, indent=2, default=str), out)
    elif output is OverviewFormat.xlsx:
        from cityclimate.io.enterprise_templates import compliance_xlsx

        assert out is not None
        out.write_bytes(compliance_xlsx(overview))
        console.print(f"已写入 · written: {out}")
    else:
        _print_tables(overview)


def _print_tables(overview: ComplianceOverview) -> None:
    if overview.notice:
        console.print(f"[bold red]{overview.notice}[/]")
    reports = Table(title=f"排放报告 · emission reports {overview.territory} {overview.year}")
    for column in ("企业 enterprise", "状态 status", "t CO2e", "tce", "实测行 measured rows"):
        reports.add_column(column)
    for r in overview.reports.iter_rows(named=True):
        reports.add_row(
            r["enterprise_id"],
            r["status"],
            f"{r['total_co2e_t']:,.0f}",
            f"{r['energy_tce']:,.0f}",
            str(r["measured_rows"]),
        )
    console.print(reports)
    ets = Table(title="碳排放权交易 · ETS (t)")
    for column in (
        "企业",
        "配额 final",
        "核查排放 verified",
        "清缴 surrendered",
        "余额 balance",
        "缺口 shortfall",
        "状态 status",
    ):
        ets.add_column(column)
    for a in overview.ets.iter_rows(named=True):
        ets.add_row(
            a["enterprise_id"],
            f"{a['final_t']:,.0f}",
            f"{a['verified_t']:,.0f}",
            f"{a['surrendered_t']:,.0f}",
            f"{a['balance_t']:,.0f}",
            f"{a['shortfall_t']:,.0f}",
            a["status"],
        )
    console.print(ets)
    credit = Table(title="碳履约信用 · carbon-compliance credit")
    for column in ("企业", "得分 score", "等级 grade", "名单 list"):
        credit.add_column(column)
    for c in overview.credit:
        credit.add_row(
            c.enterprise_id, f"{c.score:g}", f"{c.grade} {c.grade_zh}", c.joint_list or ""
        )
    console.print(credit)
    for p in overview.pue:
        verdict = "达标 meets" if p.meets_limit else "超标 above"
        shown = "—" if p.annual_pue is None else f"{p.annual_pue:.3f}"
        console.print(f"PUE {p.enterprise_id}: {shown} ≤ {p.limit:g} ({p.edition}): {verdict}")
    for o in overview.obligations:
        if o.status == "overdue":
            console.print(
                f"[red]逾期 overdue:[/] {o.enterprise_id} {o.name_zh} / {o.name_en}, due {o.due}, {o.days_late} d"
            )
    recon = overview.reconciliation
    if recon is not None:
        table = Table(title="与区域清单核对 · reconciliation with the district inventory")
        for column in ("部门 sector", "企业 t CO2e", "清单 t CO2e", "覆盖 coverage"):
            table.add_column(column)
        for s in recon.by_sector.iter_rows(named=True):
            table.add_row(
                str(s["sector"]),
                f"{s['enterprise_co2e_t']:,.0f}",
                f"{s['district_co2e_t']:,.0f}",
                f"{s['coverage']:.1%}",
            )
        console.print(table)
        for f in recon.findings:
            console.print(
                f"[yellow]{f.severity}[/] {f.rule} {f.where}: {f.message_zh} / {f.message_en}",
                markup=True,
            )


def _tonnes(zh: str, en: str) -> Any:
    return typer.Option(min=0, help=f"{zh}（吨）· {en} (t)")


def _count(zh: str, en: str) -> Any:
    return typer.Option(min=0, help=f"{zh}（项）· {en}")


@enterprises_app.command("record")
def record(
    enterprise_id: Annotated[str, typer.Argument(help="企业编号 · enterprise id")],
    year: Annotated[int, typer.Argument(help="履约年度 · compliance year")],
    surrendered_t: Annotated[float | None, _tonnes("清缴配额", "allowances surrendered")] = None,
    offsets_surrendered_t: Annotated[float | None, _tonnes("抵销量", "offsets surrendered")] = None,
    net_purchased_t: Annotated[float | None, _tonnes("净购入配额", "net allowances bought")] = None,
    major_findings: Annotated[int | None, _count("重大核查发现", "major findings")] = None,
    minor_findings: Annotated[int | None, _count("一般核查发现", "minor findings")] = None,
    measures: Annotated[str | None, typer.Option(help="整改措施 · measures")] = None,
    comment: Annotated[str | None, typer.Option(help="备注 · comment")] = None,
    offsets_source: Annotated[
        str | None,
        typer.Option(
            help="抵销来源：ccer:<批次>-<起号>~<止号> 或 project:<项目编号> · ccer:<block>-<first>~<last> or "
            "project:<finance project id>"
        ),
    ] = None,
    offsets_period_start: Annotated[
        str | None, typer.Option(help="抵销量所属期起 YYYY-MM-DD · offsets period from")
    ] = None,
    offsets_period_end: Annotated[
        str | None, typer.Option(help="抵销量所属期止 YYYY-MM-DD · offsets period to")
    ] = None,
) -> None:
    """录入清缴、抵销与核查发现（只改所给的项）· Set the year's surrender, offsets and findings.

    As the office does on the enterprise's page and through the API: offsets with a source are
    claimed in the shared reduction-claims register; a source and period claimed already are
    refused, naming the first claim.
    """
    from cityclimate.cli.platform import in_transaction
    from cityclimate.services import enterprises as service
    from cityclimate.services.actors import SYSTEM

    given = {
        "surrendered_t": surrendered_t,
        "offsets_surrendered_t": offsets_surrendered_t,
        "net_purchased_t": net_purchased_t,
        "major_findings": major_findings,
        "minor_findings": minor_findings,
        "measures": measures,
        "comment": comment,
        "offsets_source": offsets_source,
        "offsets_period_start": offsets_period_start,
        "offsets_period_end": offsets_period_end,
    }
    values = {k: v for k, v in given.items() if v is not None}
    if not values:
        fail("请至少给出一项（见 --help）", "give at least one value (see --help)")

    def save(session: Session) -> dict[str, Any]:
        return service.update_compliance_record(session, SYSTEM, enterprise_id, year, values)

    saved = in_transaction(save, write=True)
    table = Table("项 field", "值 value")
    for key, value in saved.items():
        table.add_row(key, "" if value is None else str(value))
    console.print(table)
