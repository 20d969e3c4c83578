"""``cityclimate adaptation evaluate | import-feed | export-cap | risk | import | shapes |
settings | notices | escalate`` (issue 17).

``evaluate`` and ``risk`` work on files in memory (no database), ``import-feed`` stores a feed
in the platform's database and re-evaluates the territory's warnings, ``export-cap`` prints
warnings as CAP 1.2 XML (``--demo``: the demo's simulated summer, in memory).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, fail, report_error
from cityclimate.cli.platform import in_transaction
from cityclimate.errors import CityClimateError

adaptation_app = typer.Typer(
    help="气候适应与预警 · adaptation and early warning", no_args_is_help=True
)

FEED_HELP = (
    "观测数据文件 (.csv/.json) · feed file. Columns: site, time (ISO 8601), variable "
    "(precipitation | air_temperature), value, unit (mm, cm | degC, K); optional timezone, "
    "site_kind (station | grid_cell)."
)
Demo = Annotated[bool, typer.Option("--demo", help="使用示例数据 · use the illustrative demo")]
Zone = Annotated[
    str | None,
    typer.Option("--timezone", help="IANA 时区（例 Asia/Shanghai）· the feed's time zone"),
]
Out = Annotated[Path | None, typer.Option("--output", "-o", help="输出文件 · output file")]


def _demo_events() -> tuple[list[object], list[object]]:
    from cityclimate.adaptation import evaluate, shipped_catalogue
    from cityclimate.adaptation.feeds import parse_feed
    from cityclimate.demo import adaptation as demo

    observations = parse_feed(demo.summer_feed_rows(), "demo", timezone=demo.TIMEZONE)
    events = evaluate(observations, shipped_catalogue(), ("CN-CQ", "CN"), timezone=demo.TIMEZONE)
    return list(observations), list(events)


def _print_events(events: list[object], as_json: bool) -> None:
    from cityclimate.adaptation import WarningEvent

    typed = [e for e in events if isinstance(e, WarningEvent)]
    if as_json:
        emit(
            json.dumps(
                [
                    {
                        "sequence": e.sequence,
                        "site": e.site,
                        "hazard": e.hazard,
                        "action": e.action.value,
                        "level": e.level.value,
                        "time": e.time.isoformat(),
                        "rule": e.rule_id,
                        "value": e.value,
                        "unit": e.unit,
                    }
                    for e in typed
                ],
                ensure_ascii=False,
                indent=2,
            ),
            None,
        )
        return
    table = Table(
        "#",
        "站点 site",
        "时间 time",
        "灾种 hazard",
        "动作 action",
        "颜色 level",
        "值 value",
        "规则 rule",
    )
    for e in typed:
        table.add_row(
            str(e.sequence),
            e.site,
            e.time.isoformat(),
            str(e.hazard_name),
            str(e.action.text),
            str(e.level.text),
            f"{e.value:g} {e.unit}",
            e.rule_id,
        )
    console.print(table)


@adaptation_app.command("evaluate")
def evaluate_feed(
    file: Annotated[Path | None, typer.Argument(help=FEED_HELP)] = None,
    demo: Demo = False,
    timezone: Zone = None,
    jurisdiction: Annotated[
        str, typer.Option(help="辖区（CN 或 CN-CQ）· jurisdiction whose rules apply")
    ] = "CN-CQ",
    as_json: Annotated[bool, typer.Option("--json", help="JSON 输出 · JSON output")] = False,
) -> None:
    """按预警规则评估观测数据（滑动窗口）· Evaluate a feed against the warning rules."""
    from cityclimate.adaptation import evaluate, shipped_catalogue, shipped_jurisdictions
    from cityclimate.adaptation.catalogue import chain
    from cityclimate.adaptation.feeds import parse_feed
    from cityclimate.io.adaptation_feeds import read_feed

    try:
        if demo:
            _, events = _demo_events()
        elif file is None:
            fail("请给出观测数据文件或 --demo", "give a feed file or --demo")
        else:
            rows, stated = read_feed(file.name, file.read_bytes())
            zone = timezone or stated or "Asia/Shanghai"
            events = list(
                evaluate(
                    parse_feed(rows, file.name, timezone=zone),
                    shipped_catalogue(),
                    chain(jurisdiction, shipped_jurisdictions()),
                    timezone=zone,
                )
            )
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    _print_events(events, as_json)


@adaptation_app.command("import-feed")
def import_feed(
    file: Annotated[Path, typer.Argument(help=FEED_HELP)],
    territory: Annotated[str, typer.Option(help="地区代码 · territory code")],
    timezone: Zone = None,
) -> None:
    """导入观测数据到平台数据库并重新评估预警 · Store a feed and re-evaluate the warnings."""
    from cityclimate.adaptation import active_warnings
    from cityclimate.adaptation.feeds import parse_feed
    from cityclimate.cli.platform import _database
    from cityclimate.io.adaptation_feeds import read_feed
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.adaptation import warnings
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    try:
        rows, stated = read_feed(file.name, file.read_bytes())
        with transaction(sessions, write=True) as session:
            zone = timezone or stated or warnings.get_settings(session, territory).timezone
            stored = warnings.import_feed(
                session,
                SYSTEM,
                territory,
                parse_feed(rows, file.name, timezone=zone),
                where=file.name,
            )
            events = warnings.evaluate(session, SYSTEM, territory)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()
    console.print(
        f"已导入 · stored {stored} observations; {len(events)} warning events, "
        f"{len(active_warnings(events))} standing"
    )


@adaptation_app.command("export-cap")
def export_cap(
    demo: Demo = False,
    territory: Annotated[
        str | None, typer.Option(help="地区代码（从数据库导出）· territory (from the database)")
    ] = None,
    output: Out = None,
) -> None:
    """以 CAP 1.2 XML 输出预警（每条一份文档）· Print warnings as CAP 1.2 XML documents."""
    from cityclimate.adaptation.cap import alerts_from_events
    from cityclimate.io.cap import alerts_to_xml

    try:
        if demo:
            from cityclimate.demo import adaptation as demo_data
            from cityclimate.services.adaptation.warnings import ILLUSTRATIVE_NOTE

            _, events = _demo_events()
            settings = demo_data.settings()
            names = {r["site"]: r["name_zh"] for r in demo_data.site_rows()}
            alerts = alerts_from_events(
                events,  # type: ignore[arg-type]
                sender=settings.sender,
                sender_name=settings.sender_name,
                region_code=settings.region_code,
                area_names=names,
                status="Exercise",
                note=ILLUSTRATIVE_NOTE,
            )
        elif territory is None:
            fail("请给出 --territory 或 --demo", "give --territory or --demo")
        else:
            from cityclimate.cli.platform import _database
            from cityclimate.services.adaptation import warnings
            from cityclimate.storage import transaction

            _, engine, sessions = _database()
            try:
                with transaction(sessions) as session:
                    alerts = warnings.cap_alerts(session, territory)
            finally:
                engine.dispose()
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    emit(alerts_to_xml(alerts), output)


@adaptation_app.command("risk")
def risk(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="风险图层 CSV · risk layers CSV: sub_area, component (hazard | exposure | "
            "vulnerability), indicator, value, unit, direction (higher_worse | lower_worse), "
            "lower, upper, weight, source"
        ),
    ] = None,
    demo: Demo = False,
    hazard_factor: Annotated[
        float, typer.Option(help="危险性情景系数 · hazard scenario multiplier", min=0.01)
    ] = 1.0,
    inputs: Annotated[
        bool, typer.Option("--inputs", help="同时列出归一化输入 · also list the normalised inputs")
    ] = False,
) -> None:
    """风险 = 危险性 × 暴露度 × 脆弱性（归一化可见）· Risk by sub-area."""
    from cityclimate.adaptation.risk import assess_risk
    from cityclimate.io.activity_files import decode_text

    try:
        if demo:
            from cityclimate.demo import adaptation as demo_data

            rows: list[dict[str, str]] = demo_data.risk_rows()
            where = "risk_layers.csv (demo)"
        elif file is None:
            fail("请给出风险图层文件或 --demo", "give a risk-layers file or --demo")
        else:
            rows = list(csv.DictReader(io.StringIO(decode_text(file.name, file.read_bytes()))))
            where = file.name
        result = assess_risk(rows, where=where, hazard_factor=hazard_factor)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    table = Table("排名 rank", "子区域 sub-area", "H", "E", "V", "风险 risk")
    for r in result.risk.iter_rows(named=True):
        table.add_row(
            str(r["rank"]),
            r["sub_area"],
            f"{r['hazard']:.3f}",
            f"{r['exposure']:.3f}",
            f"{r['vulnerability']:.3f}",
            f"{r['risk']:.4f}",
        )
    console.print(table)
    if inputs:
        console.print(result.inputs)


# --- the territory's own tables, shapes, settings; notices (issue 17) ---------------------

Territory = Annotated[str, typer.Option(help="地区代码 · territory code")]


@adaptation_app.command("import")
def import_table(
    kind: Annotated[
        str,
        typer.Argument(
            help="observations | forecasts | sites | responsibilities | risk_layers | census | green_years | sponge_zones"
        ),
    ],
    file: Annotated[Path, typer.Argument(help="CSV、XLSX 或 JSON 文件 · CSV, XLSX or JSON file")],
    territory: Territory,
    timezone: Zone = None,
) -> None:
    """导入本地区的适应数据表（全部或全不）· Import one of the territory's adaptation tables."""
    from cityclimate.io.adaptation_feeds import table_rows
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.adaptation import uploads

    try:
        rows, stated = table_rows(file.name, file.read_bytes())
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    done = in_transaction(write=True, call=lambda s: uploads.import_rows(s, SYSTEM, territory, kind, rows,
                                                      where=file.name, timezone=timezone or stated))  # fmt: skip
    console.print("已导入 · imported " + ", ".join(f"{k} {v}" for k, v in done.items()))


@adaptation_app.command("shapes")
def import_shapes(
    kind: Annotated[str, typer.Argument(help="sub_area | drainage_zone")],
    file: Annotated[
        Path, typer.Argument(help="GeoJSON 或 Shapefile 的 zip · GeoJSON or a zipped Shapefile")
    ],
    territory: Territory,
    id_field: Annotated[
        str, typer.Option(help="Shapefile 的编号列 · id column of a Shapefile")
    ] = "id",
    source: Annotated[str, typer.Option(help="图形来源 · where the shapes come from")] = "",
) -> None:
    """上传官方地图图形（Shapefile 导入时转换为 GeoJSON）· Store official shapes."""
    from cityclimate.io.adaptation_shapes import read_shapes
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.adaptation import assessments

    try:
        geojson, crs = read_shapes(file.name, file.read_bytes(), id_field=id_field)
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(1) from exc
    count = in_transaction(write=True, call=lambda s: assessments.save_shapes(s, SYSTEM, territory, kind, geojson,
        schematic=False, source=source or file.name, coordinate_system=crs))  # fmt: skip
    console.print(f"已保存 · stored {count} shapes ({kind})" + (f"; {crs[:80]}" if crs else ""))


@adaptation_app.command("settings")
def save_settings(
    territory: Territory,
    jurisdiction: Annotated[str, typer.Option(help="CN 或 CN-CQ · whose warning rules")],
    region_code: Annotated[str, typer.Option(help="GB/T 2260 区划代码 · region code")],
    sender: Annotated[str, typer.Option(help="CAP 发布者 · CAP sender")],
    sender_name_zh: Annotated[str, typer.Option(help="发布者中文名 · sender name (zh)")],
    sender_name_en: Annotated[str, typer.Option(help="发布者英文名 · sender name (en)")] = "",
    timezone: Annotated[str, typer.Option(help="IANA 时区 · time zone")] = "Asia/Shanghai",
) -> None:
    """设置本地区的预警辖区、区划代码、时区和 CAP 发布者 · Set the territory's warning settings."""
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.adaptation import warnings
    from cityclimate.text import Text

    settings = warnings.Settings(territory, jurisdiction, region_code, timezone, sender,
                                 Text(sender_name_zh, sender_name_en), False)  # fmt: skip
    in_transaction(lambda s: warnings.save_settings(s, SYSTEM, settings), write=True)
    console.print(f"已保存 · saved the warning settings of {territory}")


def _print_notices(views: list[dict[str, object]], as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(views, ensure_ascii=False))
        return
    table = Table(
        "#", "部门 department", "预警 warning", "时间 time (UTC)", "时限 due", "状态 state"
    )
    for v in views:
        table.add_row(str(v["id"]), str(v["department"]), f"{v['site_name']} {v['hazard_name']}{v['level_name']}",
                      str(v["warning_time"])[:16].replace("T", " "), str(v["due_at"])[:16].replace("T", " "), str(v["state_name"]))  # fmt: skip
    console.print(table)


@adaptation_app.command("notices")
def list_notices(
    territory: Territory,
    pending: Annotated[
        bool, typer.Option("--pending", help="只列待确认 · only unacknowledged")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON 输出 · JSON output")] = False,
) -> None:
    """列出预警通知及其确认、升级状态 · List the warning notices and their state."""
    import datetime as dt

    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.adaptation import notices, warnings

    now = dt.datetime.now(dt.UTC)
    views = in_transaction(lambda s: [
        notices.notice_view(n, "zh", warnings.site_names(s, territory, "zh"), now)
        for n in notices.notices(s, SYSTEM, territory, pending_only=pending)], write=False)  # fmt: skip
    _print_notices(views, as_json)


@adaptation_app.command("escalate")
def escalate(
    territory: Territory,
    as_of: Annotated[
        str | None, typer.Option(help="ISO 8601 时间（含时差），默认现在 · time, default now")
    ] = None,
) -> None:
    """将超时未确认的预警通知升级上报 · Escalate the notices overdue at a time."""
    import datetime as dt

    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.adaptation import notices, warnings

    try:
        when = dt.datetime.fromisoformat(as_of) if as_of else dt.datetime.now(dt.UTC)
    except ValueError:
        fail("--as-of 应为 ISO 8601 时间", "--as-of must be an ISO 8601 time")
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    views = in_transaction(lambda s: [
        notices.notice_view(n, "zh", warnings.site_names(s, territory, "zh"), when)
        for n in notices.escalate(s, SYSTEM, territory, when)], write=True)  # fmt: skip
    console.print(f"已升级 · escalated {len(views)} notices")
    _print_notices(views, False)
