"""``cityclimate parks …``: a zero-carbon park evaluated by year, and its self-assessment workbook.

``--demo`` uses the illustrative Liangjiang park without a database (the demo's members,
park data and method); ``--park ID`` reads a stored park through the services.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, fail, report_error
from cityclimate.errors import CityClimateError

parks_app = typer.Typer(
    help="零碳园区与低碳试点 · zero-carbon parks and pilots", no_args_is_help=True
)


class ParkFormat(StrEnum):
    table = "table"
    json = "json"


class MethodChoice(StrEnum):
    location_based = "location_based"
    market_based = "market_based"


ParkOption = Annotated[str | None, typer.Option("--park", help="园区编号 · park id (stored)")]
DemoOption = Annotated[
    bool, typer.Option("--demo", help="使用两江示例园区 · use the illustrative Liangjiang park")
]
MethodOption = Annotated[
    MethodChoice | None,
    typer.Option(
        "--method", help="外购电力核算方法 · purchased electricity: location or market based"
    ),
]


def _summary(park_id: str | None, demo: bool, method: MethodChoice | None) -> dict[str, Any]:
    """The evaluation summary of the demo park or of a stored one (exit 2 on bad input)."""
    from cityclimate import parks as core

    if demo == (park_id is not None):
        fail("请给出 --park 或 --demo（二者选一）", "give either --park or --demo (one of the two)")
    choice = None if method is None else core.ElectricityMethod(method.value)
    try:
        if demo:
            from cityclimate.demo import liangjiang
            from cityclimate.demo import parks as demo_parks

            park = demo_parks.park()
            table, inventories = demo_parks.evaluation(liangjiang.method(), choice)
            summary = core.evaluation_summary(park, table, inventories)
            summary["notice"] = {"zh": demo_parks.NOTICE_ZH, "en": demo_parks.NOTICE_EN}
            return summary
        from cityclimate.cli.platform import _database
        from cityclimate.services import parks
        from cityclimate.storage import transaction

        _, engine, sessions = _database()
        assert park_id is not None
        with transaction(sessions) as session:
            park, table, inventories = parks.evaluate(session, park_id, electricity_method=choice)
        engine.dispose()
        return core.evaluation_summary(park, table, inventories)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc


@parks_app.command("evaluate")
def evaluate(
    park: ParkOption = None,
    demo: DemoOption = False,
    method: MethodOption = None,
    output: Annotated[ParkFormat, typer.Option("--format", help="输出格式 · output format")] = (
        ParkFormat.table
    ),
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
) -> None:
    """评估园区指标（逐年）· Evaluate a park's indicator set year by year.

    For each year: the park inventory (t CO2, tce, complete or which members' reports are
    missing) and each indicator's value, size tier (by the park's energy use), threshold,
    met or not, and the path to the target year.
    """
    summary = _summary(park, demo, method)
    if output is ParkFormat.json:
        emit(json.dumps(summary, ensure_ascii=False, indent=2, default=str), out)
        return
    for year in summary["years"]:
        table = Table(title=f"{summary['park']['name_zh']} · {year['year']}")
        for column in (
            "指标 indicator",
            "值 value",
            "档位 tier",
            "阈值 threshold",
            "达标 meets",
            "路径 path",
        ):
            table.add_column(column)
        for row in year["indicators"]:
            table.add_row(
                f"{row['name_zh']} {row['name_en']}",
                _fmt(row["value"]),
                row["tier_zh"] or "—",
                _fmt(row["threshold"]),
                {True: "是 yes", False: "否 no"}.get(row["meets"], "—"),
                _fmt(row["path_value"]),
            )
        console.print(table)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


@parks_app.command("report")
def report(
    out: Annotated[Path, typer.Option("--out", help="输出文件 (.xlsx) · output workbook")],
    park: ParkOption = None,
    demo: DemoOption = False,
    method: MethodOption = None,
) -> None:
    """园区自评估报告（XLSX）· Write the park's self-assessment workbook."""
    from cityclimate.io.park_workbook import self_assessment_xlsx

    summary = _summary(park, demo, method)
    out.write_bytes(self_assessment_xlsx(summary))
    console.print(f"已写入 · written: {out}")
