"""``cityclimate finance certify criteria | list | apply | decide`` (issue 14): green enterprise
and green project certification on the platform's database, as the office."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cityclimate.cli.output import console, report_error
from cityclimate.cli.platform import in_transaction
from cityclimate.errors import CityClimateError, require_table

certification_app = typer.Typer(
    help="绿色企业、绿色项目认定 · green enterprise and project certification", no_args_is_help=True
)
Json = Annotated[bool, typer.Option("--json", help="JSON 输出 · JSON output")]


def _print(views: list[dict[str, object]], as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(views, ensure_ascii=False))
        return
    table = Table(
        "#", "认定 scheme", "企业 enterprise", "项目 project", "状态 state", "有效期至 valid to"
    )
    for v in views:
        table.add_row(str(v["id"]), str(v["scheme_name"]), str(v["enterprise_name"]),
                      str(v["project_id"] or "—"), str(v["status_name"]), str(v["valid_to"] or "—"))  # fmt: skip
    console.print(table)


@certification_app.command("criteria")
def criteria(as_json: Json = False) -> None:
    """认定指标及其来源 · The criteria with their sources and confidence."""
    from cityclimate.finance.certification import shipped_criteria

    rows = [{**c.__dict__, "name": c.name.zh} for c in shipped_criteria()]
    if as_json:
        console.print_json(json.dumps([{k: v for k, v in r.items() if k != "name"} | {"name_zh": r["name"]}
                                       for r in rows], ensure_ascii=False, default=str))  # fmt: skip
        return
    table = Table(
        "认定 scheme", "指标 criterion", "方式 kind", "有效期 years", "可信度", "来源 source"
    )
    for r in rows:
        table.add_row(str(r["scheme"]), str(r["name"]), str(r["kind"]), str(r["validity_years"]),
                      str(r["confidence"]), str(r["source"]))  # fmt: skip
    console.print(table)


@certification_app.command("list")
def list_certifications(as_json: Json = False) -> None:
    """全部认定申请与决定 · Every application and decision."""
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.finance import certification

    today = dt.date.today()
    views = in_transaction(lambda s: [certification.view(s, SYSTEM, r, today, "zh")
                                      for r in certification.listed(s, SYSTEM, today)], write=False)  # fmt: skip
    _print(views, as_json)


@certification_app.command("apply")
def apply(
    scheme: Annotated[str, typer.Option(help="green_enterprise | green_project")],
    enterprise: Annotated[str, typer.Option(help="企业编号 · enterprise id")],
    answers: Annotated[Path, typer.Option(help="CSV: criterion, value, evidence")],
    project: Annotated[
        str | None, typer.Option(help="项目编号（绿色项目）· library project id")
    ] = None,
) -> None:
    """代企业提交认定申请 · Apply on an enterprise's behalf (answers from a CSV)."""
    from cityclimate.finance.certification import Answer
    from cityclimate.io.activity_files import decode_text
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.finance import certification

    rows = list(csv.DictReader(io.StringIO(decode_text(answers.name, answers.read_bytes()))))
    try:
        require_table(rows, ("criterion", "value"), answers.name)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    given = {r["criterion"]: Answer(r.get("value") or "", r.get("evidence") or "") for r in rows}
    row_id = in_transaction(lambda s: certification.apply(s, SYSTEM, scheme, enterprise, given,
                                                          project_id=project).id, write=True)  # fmt: skip
    console.print(f"已提交 · submitted application {row_id}")


@certification_app.command("decide")
def decide(
    certification_id: Annotated[int, typer.Argument(help="申请编号 · application number")],
    action: Annotated[str, typer.Argument(help="check | approve | reject | revoke")],
    reason: Annotated[str, typer.Option(help="理由（不予认定、撤销时必填）· reason")] = "",
    on: Annotated[
        str | None, typer.Option(help="决定日期 YYYY-MM-DD · date (default today)")
    ] = None,
) -> None:
    """形式审查、认定、不予认定或撤销 · A review step or decision."""
    from cityclimate.cli.output import fail
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.finance import certification

    try:
        day = dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        fail("--on 应为 YYYY-MM-DD", "--on must be YYYY-MM-DD")
    status = in_transaction(lambda s: certification.decide(s, SYSTEM, certification_id, action, day,
                                                           reason).status, write=True)  # fmt: skip
    console.print(f"已保存 · application {certification_id}: {status}")
