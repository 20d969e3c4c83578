"""``cityclimate inclusion …``: ingest a signed batch, credit a month, verify the ledger, report.

``verify`` exits 0 when the chain is intact and 1 naming every broken entry; ``--demo`` checks
the demo territory's ledger in the configured database, or, when the demo is not loaded there,
builds the illustrative demo month in a throw-away in-memory database and checks that.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, errors, fail
from cityclimate.cli.platform import in_transaction

inclusion_app = typer.Typer(help="碳普惠 · carbon inclusion", no_args_is_help=True)
DEMO_TERRITORY = "LJ-2016"


class Format(StrEnum):
    table = "table"
    json = "json"


TerritoryOption = Annotated[str, typer.Option("--territory", help="地区代码 · territory code")]


def _actor() -> Any:
    from cityclimate.services.actors import SYSTEM

    return SYSTEM


@inclusion_app.command("ingest")
def ingest(
    file: Annotated[Path, typer.Argument(help="批次 CSV · the batch (CSV, UTF-8)")],
    source: Annotated[str, typer.Option("--source", help="来源编号 · source id")],
    signature: Annotated[
        str, typer.Option("--signature", help="Ed25519 签名（十六进制）· signature (hex)")
    ],
    batch: Annotated[
        str | None, typer.Option("--batch", help="批次编号 · batch ref (default: file name)")
    ] = None,
) -> None:
    """接收一个已签名的批次 · Ingest a signed batch (idempotent; refusals listed with reasons)."""
    from cityclimate.services.inclusion import ingest as service

    if not file.is_file():
        fail(f"找不到文件 {file}", f"no such file: {file}")
    payload = file.read_bytes()
    result = in_transaction(
        lambda s: service.ingest_batch(
            s,
            _actor(),
            source_id=source,
            batch_ref=batch or file.name,
            payload=payload,
            signature=signature,
        ),
        write=True,
        exit_code=2,
    )
    console.print(f"接收 · accepted {result['accepted']} / {result['events_total']}"
                  + ("（此前已接收 · already received）" if result["already_received"] else ""))  # fmt: skip
    for refused in result["refused"]:
        console.print(
            f"  第 {refused['row']} 行 · row {refused['row']}: {refused['event_id']} → {refused['reason']}"
        )


@inclusion_app.command("credit")
def credit(
    period: Annotated[str, typer.Option("--period", help="月份 · month, YYYY-MM")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="结算日 · as-of day (default: today)")
    ] = None,
    territory: TerritoryOption = DEMO_TERRITORY,
) -> None:
    """入账一个月的事件 · Credit a month of events and append the totals to the ledger."""
    from cityclimate.services.inclusion import ledger

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        fail(f"结算日“{as_of}”应写作 YYYY-MM-DD", f"the as-of day '{as_of}' must be YYYY-MM-DD")
    result = in_transaction(lambda s: ledger.credit_period(s, _actor(), territory, period, as_of=day),
                            write=True, exit_code=2)  # fmt: skip
    console.print(json.dumps(result, ensure_ascii=False, default=str))


def _demo_in_memory() -> dict[str, Any]:
    from cityclimate.demo.load import load_inclusion
    from cityclimate.services.inclusion import ledger
    from cityclimate.services.territories import seed_reference
    from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade

    engine = make_engine("sqlite://")
    upgrade(engine)
    with transaction(make_sessionmaker(engine), write=True) as session:
        seed_reference(session, _actor())
        load_inclusion(session, _actor())
        result = ledger.verify_ledger(session, DEMO_TERRITORY)
    engine.dispose()
    return result


@inclusion_app.command("verify")
def verify(
    territory: TerritoryOption = DEMO_TERRITORY,
    demo: Annotated[
        bool, typer.Option("--demo", help="检查示例账本 · check the demo ledger")
    ] = False,
) -> None:
    """校验账本哈希链 · Verify the ledger's hash chain: exit 0 if intact, 1 naming broken entries."""
    from sqlalchemy.exc import SQLAlchemyError

    from cityclimate.services.inclusion import ledger

    code = DEMO_TERRITORY if demo else territory
    try:
        result = in_transaction(lambda s: ledger.verify_ledger(s, code), write=False)
    except SQLAlchemyError:  # no platform database here (not migrated): only --demo goes on
        if not demo:
            fail(
                "数据库不可用或未迁移：先运行 cityclimate db upgrade",
                "the database is not there or not migrated: run cityclimate db upgrade first",
            )
        result = {"entries": 0}
    if demo and result["entries"] == 0:
        console.print("数据库中没有示例账本，在内存中生成示例月份后校验 · no demo ledger in the database: "
                      "checking the illustrative month built in memory")  # fmt: skip
        result = _demo_in_memory()
    for broken in result["breaks"]:
        errors.print(
            f"[bold red]第 {broken.number} 条 · entry {broken.number}[/] {broken.message.zh} / {broken.message.en}"
        )
    if result["breaks"]:
        raise typer.Exit(1)
    console.print(
        f"账本完整 · ledger intact: {result['entries']} entries, head {result['head_hash']}"
    )


@inclusion_app.command("report")
def report(
    territory: TerritoryOption = DEMO_TERRITORY,
    fmt: Annotated[
        Format, typer.Option("--format", help="输出格式 · output format")
    ] = Format.table,
    out: Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")] = None,
) -> None:
    """碳普惠统计 · Totals by behaviour and by status, and the ledger head."""
    from cityclimate.services.inclusion import reports

    def gather(session: Any) -> dict[str, Any]:
        return {"behaviours": reports.by_behaviour(session, territory),
                "statuses": reports.by_status(session, territory),
                "public": reports.public_statistics(session, territory)}  # fmt: skip

    data = in_transaction(gather, write=False)
    if fmt is Format.json:
        emit(json.dumps(data, ensure_ascii=False, indent=2, default=str), out)
        return
    table = Table(title=f"碳普惠 · carbon inclusion {territory}")
    for column in ("行为 behaviour", "事件 events", "居民 residents", "积分 points", "减排 t CO2e"):
        table.add_column(column)
    for row in data["behaviours"]:
        table.add_row(row["behaviour"], str(row["events"]), str(row["residents"]), str(row["points"]),
                      f"{row['reduction_g'] / 1e6:.3f}")  # fmt: skip
    console.print(table)
    if data["public"]["illustrative"]:
        console.print("示例数据（模拟）· ILLUSTRATIVE (simulated)")
    console.print(
        f"账本 · ledger: {data['public']['ledger_entries']} entries, head {data['public']['ledger_head_hash']}"
    )
