"""``cityclimate indicators …``: evaluate the plan's indicators for a year, from a file or the demo."""

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
from cityclimate.indicators.annual import IndicatorReport, indicator_report_dict, report_indicators
from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
)
from cityclimate.indicators.model import IndicatorInputs, Nature, ProgressMethod

indicators_app = typer.Typer(help="指标与目标 · indicators and targets", no_args_is_help=True)

FILE_HELP = (
    "指标数值文件 (.csv/.xlsx) · indicator-values file. Columns: indicator_id, year, "
    "kind (actual | base | target), value, unit, provenance (entered_by_hand | "
    "derived_from_data, default entered_by_hand), source (required for target)."
)


class EvaluationFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def check_choice(file: Path | None, demo: bool, output: EvaluationFormat, out: Path | None) -> None:
    """Refuse a missing or doubled input, and xlsx without ``--out`` (exit 2)."""
    if demo == (file is not None):
        fail(
            "请给出数据文件或 --demo（二者选一）",
            "give either a data file or --demo (one of the two)",
        )
    if output is EvaluationFormat.xlsx and out is None:
        fail("xlsx 格式需要 --out 文件路径", "the xlsx format needs --out PATH")


def read_rows(file: Path) -> tuple[list[dict[str, str | None]], int]:
    """Rows of a CSV or Excel file as text, and the spreadsheet row of the first data row."""
    from cityclimate.io.activity_files import read_table

    if not file.is_file():
        fail(f"文件不存在：{file}", f"the file does not exist: {file}")
    frame = read_table(file.name, file.read_bytes())
    return frame.drop("_row").to_dicts(), int(frame["_row"][0])


def load_inputs(file: Path | None) -> IndicatorInputs:
    """The demo's inputs (``file`` is ``None``) or those of an indicator-values file."""
    if file is None:
        from cityclimate.demo.indicators import liangjiang_inputs

        return liangjiang_inputs()
    from cityclimate.indicators.inputs import parse_indicator_inputs

    rows, first_row = read_rows(file)
    return parse_indicator_inputs(
        rows, file.name, load_liangjiang_indicators(), first_row=first_row
    )


#: ``--progress-method`` of ``indicators evaluate`` and ``plan assess``.
ProgressMethodOption = Annotated[
    ProgressMethod | None,
    typer.Option(
        "--progress-method",
        help="进度计算方法（默认按各指标设定）· progress method for every indicator: "
        "compound (Open SDG) or linear; default each indicator's own",
    ),
]


@indicators_app.command("evaluate")
def evaluate(
    year: Annotated[
        int, typer.Option("--year", help="评估年份（必填）· evaluated year (required)")
    ],
    file: Annotated[Path | None, typer.Argument(help=FILE_HELP)] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="使用两江新区2021–2023示例数据 · use the illustrative Liangjiang demo"
        ),
    ] = False,
    output: Annotated[
        EvaluationFormat, typer.Option("--format", help="输出格式 · output format")
    ] = EvaluationFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
    progress_method: ProgressMethodOption = None,
) -> None:
    """评估指标完成情况 · Evaluate every indicator of the plan for one year.

    For each of the 13 indicators (15 rows: PUE has three limits): actual value, target path
    (序时进度), gap, progress status (Open SDG bands), binding met / not met, expected score,
    and the actual-vs-path series. JSON states the unit of every figure; XLSX has a line
    chart per indicator. Targets "set by the city" must be given as rows of kind 'target'.
    """
    check_choice(file, demo, output, out)
    try:
        if demo:  # the demo's plan pack, as `cityclimate demo load` stores it
            from cityclimate.demo import liangjiang

            pack = liangjiang.plan_pack()
            definitions, statements = list(pack.indicators), list(pack.target_statements)
        else:
            definitions = load_liangjiang_indicators()
            statements = load_liangjiang_target_statements()
        report = report_indicators(
            definitions,
            load_inputs(file),
            year,
            level_path=None if progress_method is None else progress_method.value,
            target_statements=statements,
        )
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    if output is EvaluationFormat.json:
        emit(json.dumps(indicator_report_dict(report), ensure_ascii=False, indent=2), out)
    elif output is EvaluationFormat.xlsx:
        from cityclimate.io.evaluation_export import indicator_report_xlsx

        assert out is not None
        out.write_bytes(indicator_report_xlsx(report))
        console.print(f"已写入 · written: {out}")
    else:
        print_indicator_table(report, report.table)


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def print_indicator_table(report: IndicatorReport, table: pl.DataFrame) -> None:
    """Print the notice, the indicator status table and the data-quality findings."""
    if report.illustrative:
        console.print(f"[bold red]{report.notice_zh}\n{report.notice_en}[/]")
    shown = Table(title=f"指标评估 · indicator evaluation {report.year}")
    for heading in (
        "#",
        "指标",
        "性质",
        "实际",
        "序时进度",
        "目标",
        "单位",
        "状态",
        "约束性",
        "得分",
        "方法",
    ):
        shown.add_column(heading)
    for row in table.iter_rows(named=True):
        met = row["binding_met"]
        shown.add_row(
            str(row["number"]),
            row["name_zh"],
            Nature(row["nature"]).label_zh,
            _shown(row["actual"]),
            _shown(row["path_value"]),
            _shown(row["target_value"]),
            row["unit"],
            row["status_zh"],
            "—" if met is None else ("达标" if met else "否决"),
            _shown(row["score"]),
            ProgressMethod(row["progress_method"]).label_zh,
        )
    console.print(shown)
    console.print(
        "columns: indicator, nature (binding 约束性 / expected 预期性), actual, target path for "
        "the year (序时进度), final target, unit, progress status, binding met (达标) or not met "
        "(否决 = veto), expected-indicator score (0-100), progress method (compound or linear "
        "path); --format json gives every field"
    )
    for finding in report.findings:
        console.print(
            f"[yellow]数据质量 · data quality ({finding.severity.value}):[/] "
            f"{finding.message_zh} / {finding.message_en}",
            markup=True,
        )


class BoardFormat(StrEnum):
    table = "table"
    json = "json"


@indicators_app.command("board")
def board(
    territory: Annotated[
        str | None,
        typer.Option("--territory", help="地区代码（默认首个规划）· territory code"),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="年份（默认最近有数值的年份）· year")
    ] = None,
    output: Annotated[
        BoardFormat, typer.Option("--format", help="输出格式 · output format")
    ] = BoardFormat.table,
) -> None:
    """已存储数据的指标看板 · The indicator board of a territory from the stored data.

    Reads the configured database (``CITYCLIMATE_DATABASE_URL``): the territory's stored plan,
    entered values and the values derived from its published inventories and socio-economic
    inputs. A year of the plan period with no value yet shows every indicator "not yet
    reported" (尚未报送).
    """
    from cityclimate.cli.territory import run_in_database
    from cityclimate.services import indicators
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.errors import NotFoundError

    def work(session: Any) -> dict[str, Any]:
        code = indicators.territory_or_default(session, territory)
        chosen = year or indicators.default_year(session, SYSTEM, code)
        if chosen is None:
            raise NotFoundError("尚无可查看的年度评估", "no annual evaluation to show yet")
        return indicators.board(session, SYSTEM, code, chosen)

    data = run_in_database(work, write=False)
    if output is BoardFormat.json:
        emit(json.dumps(data, ensure_ascii=False, indent=2), None)
        return
    if data["illustrative"]:
        console.print(f"[bold red]{data['notice']['zh']}\n{data['notice']['en']}[/]")
    shown = Table(title=f"指标看板 · indicator board {data['territory']} {data['year']}")
    for heading in ("#", "指标", "实际", "单位", "来源", "状态"):
        shown.add_column(heading)
    for row in data["indicators"]:
        shown.add_row(
            str(row["number"]),
            row["name_zh"],
            _shown(row["actual"]),
            row["unit"],
            "—" if row["provenance"] is None else row["provenance"],
            row["status_zh"],
        )
    console.print(shown)
    if data["sector"]:
        years = sorted({r["year"] for r in data["sector"]})
        pilots = Table(title="试点领域数据 · sector pilots (* 仅园区合计 parks only)")
        for heading in ("指标项 · measure", "单位 · unit", *map(str, years)):
            pilots.add_column(heading)
        by_measure: dict[str, dict[int, dict[str, Any]]] = {}
        for r in data["sector"]:
            by_measure.setdefault(r["measure"], {})[r["year"]] = r
        for rows in by_measure.values():
            first = next(iter(rows.values()))
            pilots.add_row(
                f"{first['name_zh']} · {first['name_en']}",
                "个 · count" if first["unit"] == "1" else first["unit"],
                *(
                    "—"
                    if y not in rows
                    else _shown(rows[y]["value"]) + ("*" if rows[y]["coverage"] == "parks" else "")
                    for y in years
                ),
            )
        console.print(pilots)
