"""``cityclimate finance import|export|estimate|gaps``: the climate-finance project library.

``export --demo`` and ``estimate --demo`` (or ``estimate FILE.xlsx``) work without a database:
the core computes every estimate with the inventory engine. ``import``, ``export`` without
``--demo`` and ``gaps`` work on the platform's database (``CITYCLIMATE_DATABASE_URL``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, report_error
from cityclimate.cli.platform import in_transaction
from cityclimate.errors import CityClimateError

finance_app = typer.Typer(
    help="气候投融资项目库 · climate-finance project library", no_args_is_help=True
)


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


Demo = Annotated[
    bool,
    typer.Option(
        "--demo", help="两江新区示例项目库（示意数据）· the ILLUSTRATIVE Liangjiang library"
    ),
]
Territory = Annotated[str | None, typer.Option("--territory", help="地区代码 · territory code")]
Out = Annotated[Path | None, typer.Option("--out", "-o", help="输出文件 · output file")]


def _demo_views() -> list[dict[str, Any]]:
    from cityclimate.demo.calibration import demo_method
    from cityclimate.demo.finance import projects
    from cityclimate.finance.estimates import estimate_many
    from cityclimate.services.finance.views import project_view

    library = projects()
    found = estimate_many(library, demo_method())
    return [project_view(p, found[p.project_id], contact=False) for p in library]


def _stored_views(territory: str | None) -> tuple[list[dict[str, Any]], list[Any]]:
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.finance import library
    from cityclimate.services.finance.views import library_views

    return in_transaction(
        lambda s: (
            library_views(s, SYSTEM, territory),
            library.list_projects(s, SYSTEM, territory),
        ),
        write=False,
    )


@finance_app.command("export")
def export(
    demo: Demo = False,
    territory: Territory = None,
    format: Annotated[
        ExportFormat, typer.Option("--format", help="json | csv | xlsx")
    ] = ExportFormat.json,
    out: Out = None,
) -> None:
    """导出项目库（含计算的减排量）· Export the library with each project's computed estimate."""
    from cityclimate.io.finance_files import library_xlsx, projects_csv, projects_json

    try:
        if demo:
            from cityclimate.demo.finance import projects
            from cityclimate.demo.liangjiang import NOTICE_EN, NOTICE_ZH

            views, library, notice = _demo_views(), projects(), f"{NOTICE_ZH} {NOTICE_EN}"
        else:
            (views, library), notice = _stored_views(territory), ""
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    if format is ExportFormat.xlsx:
        data = library_xlsx(library, notice=notice)
        target = out or Path("library.xlsx")
        target.write_bytes(data)
        console.print(f"已写入 · written: {target}")
    elif format is ExportFormat.csv:
        emit(projects_csv(views).decode("utf-8-sig"), out)
    else:
        emit(projects_json(views, notice=notice).decode("utf-8"), out)


@finance_app.command("import")
def import_library(
    file: Annotated[Path, typer.Argument(help="项目库模板 .xlsx · the library template")],
    check: Annotated[
        bool, typer.Option("--check", help="只校验不保存 · check only, store nothing")
    ] = False,
) -> None:
    """导入项目库（全部校验通过才保存）· Import the library template, all or nothing."""
    from cityclimate.io.finance_files import read_library_xlsx
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.finance import library

    try:
        projects = read_library_xlsx(file.name, file.read_bytes())
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    if check:
        console.print(f"校验通过 · valid: {len(projects)} projects")
        return
    outcome = in_transaction(lambda s: library.import_library(s, SYSTEM, projects), write=True)
    console.print(f"已导入 · imported: {outcome['created']} new, {outcome['updated']} updated")


@finance_app.command("monitored")
def import_monitored(
    file: Annotated[
        Path,
        typer.Argument(
            help="监测数据 .csv/.xlsx（项目编号、监测年份、计量项、数值、单位）· meter data"
        ),
    ],
) -> None:
    """导入监测数据：事后减排量替代事前估算（全部校验通过才保存）· Import meter data, all or nothing."""
    from cityclimate.io.finance_files import read_monitoring_table
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.finance import monitoring

    try:
        frame, rows = read_monitoring_table(file.name, file.read_bytes())
        found = in_transaction(
            lambda s: monitoring.import_monitored(s, SYSTEM, frame, rows, where=file.name),
            write=True,
        )
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    table = Table(
        "项目 project", "年份 year", "事前 ex ante t", "事后 ex post t", "差 difference t"
    )
    for r in found:
        table.add_row(
            r["project_id"], str(r["year"]), _fmt(r["ex_ante_co2e_t"]),
            _fmt(r["ex_post_co2e_t"]), _fmt(r["difference_co2e_t"]),
        )  # fmt: skip
    console.print(table)


@finance_app.command("estimate")
def estimate(
    file: Annotated[
        Path | None, typer.Argument(help="项目库模板 .xlsx · the library template")
    ] = None,
    demo: Demo = False,
    project: Annotated[
        str | None, typer.Option("--project", help="只看一个项目 · one project")
    ] = None,
    out: Out = None,
) -> None:
    """计算预期年减排量（清单排放因子）· Expected annual reductions by the inventory engine.

    ``--demo`` uses the demo's factor set; a file uses the platform defaults (nearest year allowed).
    With ``--project`` the JSON of that estimate (method, inputs, factors, year) is printed.
    """
    import json

    from cityclimate.finance.estimates import estimate_many
    from cityclimate.io.finance_files import read_library_xlsx
    from cityclimate.services.factor_sets import DEFAULT_METHOD
    from cityclimate.services.finance.views import estimate_view

    try:
        if demo or file is None:
            from cityclimate.demo.calibration import demo_method
            from cityclimate.demo.finance import projects

            library, method = projects(), demo_method()
        else:
            library, method = read_library_xlsx(file.name, file.read_bytes()), DEFAULT_METHOD
        found = estimate_many(library, method)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    if project is not None:
        if project not in found:
            report_error(CityClimateError(f"没有项目 {project}", f"no project {project}"))
            raise typer.Exit(1)
        emit(json.dumps(estimate_view(found[project]), ensure_ascii=False, indent=2), out)
        return
    table = Table("项目 project", "类型 type", "年份 year", "减排 t CO2e/a", "方法 method")
    for p in library:
        e = found[p.project_id]
        value = "—" if e.reduction_co2e_t is None else f"{e.reduction_co2e_t:,.1f}"
        table.add_row(p.project_id, p.project_type, str(e.year), value, e.method.en[:60])
    console.print(table)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


@finance_app.command("gaps")
def gaps(
    territory: Territory = None,
    scenario: Annotated[str | None, typer.Option("--scenario", help="情景 · scenario")] = None,
    year: Annotated[int | None, typer.Option("--year", help="年份 · year")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON 输出 · JSON output")] = False,
) -> None:
    """杠杆缺口 · Per lever: needed (plan scenario wedge) vs delivered by projects; financing."""
    import json

    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.finance.gaps import gap_report

    report = in_transaction(lambda s: gap_report(s, SYSTEM, territory, scenario, year), write=False)
    if as_json:
        rows = [
            {
                "lever": g.lever,
                "needed_co2e_t": g.needed_co2e_t,
                "delivered_co2e_t": g.delivered_co2e_t,
                "gap_co2e_t": g.gap_co2e_t,
                "financing_need_wan_yuan": g.financing_need_wan_yuan,
                "financing_secured_wan_yuan": g.financing_secured_wan_yuan,
                "projects": list(g.project_ids),
            }
            for g in report.gaps
        ]
        emit(
            json.dumps(
                {
                    "territory": report.territory,
                    "scenario": report.scenario,
                    "year": report.year,
                    "gaps": rows,
                },
                ensure_ascii=False,
                indent=2,
            ),
            None,
        )
        return
    table = Table(
        "杠杆 lever",
        "需要 needed",
        "项目 delivered",
        "缺口 gap",
        "融资需求 need",
        "已落实 secured",
        title=f"{report.territory} · {report.scenario} · {report.year} (t CO2e/a; 万元)",
    )
    for g in report.gaps:
        table.add_row(
            f"{g.name.zh} {g.name.en}",
            _fmt(g.needed_co2e_t),
            _fmt(g.delivered_co2e_t),
            _fmt(g.gap_co2e_t),
            _fmt(g.financing_need_wan_yuan),
            _fmt(g.financing_secured_wan_yuan),
        )
    console.print(table)


@finance_app.command("recheck")
def recheck(
    catalogue: Annotated[
        Path, typer.Argument(help="新版目录 CSV（catalogues.csv 的列）· a new catalogue edition")
    ],
    demo: Demo = False,
) -> None:
    """按新版目录复核项目库的目录类别，列出变动 · Re-check the library's tags against a new
    catalogue edition and list what moved (exit 1 when anything moved)."""
    from cityclimate.finance.catalogues import catalogues
    from cityclimate.finance.catalogues import recheck as recheck_tags

    try:
        table = catalogues(catalogue.read_text("utf-8"))
        if demo:
            from cityclimate.demo.finance import projects

            library = projects()
        else:
            library = _stored_views(None)[1]
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    moved = recheck_tags(library, table)
    for m in moved:
        console.print(
            f"{m.project_id}: {m.catalogue} {m.code} 不在新版目录中 · not in the new edition"
        )
    console.print(f"变动 · moved: {len(moved)} / {len(library)} projects checked")
    if moved:
        raise typer.Exit(1)
