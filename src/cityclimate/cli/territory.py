"""``cityclimate territory list | show | save | socioeconomic``: territories as stored data.

Thin: each command parses its arguments, calls one service in one transaction on the configured
database (``CITYCLIMATE_DATABASE_URL``), renders; data errors are printed in zh and en with their
location and exit with status 2. Writes are audited as the system user (``cli``).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from cityclimate.cli.output import console, fail

territory_app = typer.Typer(help="地区 · territories (stored data)", no_args_is_help=True)


def run_in_database(work: Any, *, write: bool) -> Any:
    """Run ``work(session)`` in one transaction; data errors → zh/en message, exit 2."""
    from cityclimate.cli.platform import in_transaction

    return in_transaction(work, write=write, exit_code=2)


def _sub_areas(values: list[str]) -> tuple[Any, ...] | None:
    from cityclimate.services.territories import SubArea

    if not values:
        return None
    subs = []
    for value in values:
        code, _, names = value.partition("=")
        name_zh, _, name_en = names.partition("/")
        subs.append(SubArea(code.strip(), name_zh.strip(), name_en.strip()))
    return tuple(subs)


def _grids(values: list[str]) -> tuple[Any, ...] | None:
    from cityclimate.services.territories import GridMembership

    if not values:
        return None
    out = []
    for value in values:
        edition, region, years = [*value.split(":"), "", ""][:3]
        start, _, end = years.partition("-")
        if not (start.isdigit() and (end or start).isdigit()):
            fail(
                f"电网区域写作 EDITION:REGION:FROM-TO（如 mee_nbs_2021:CN-SW:2021-2030）：{value}",
                f"give a grid region as EDITION:REGION:FROM-TO (e.g. mee_nbs_2021:CN-SW:2021-2030): {value}",
            )
        out.append(GridMembership(edition, region, int(start), int(end or start)))
    return tuple(out)


Name = Annotated[str, typer.Option("--name-zh", help="中文名称 · Chinese name")]
NameEn = Annotated[str, typer.Option("--name-en", help="英文名称 · English name")]
Kind = Annotated[str, typer.Option(help="country / province / city / district / sub_area")]
Parent = Annotated[str | None, typer.Option(help="上级地区代码 · parent code")]
Area = Annotated[float | None, typer.Option("--area-km2", help="面积 km² · area")]
Since = Annotated[str | None, typer.Option(help="有效起始日 YYYY-MM-DD · valid from")]
Until = Annotated[str | None, typer.Option(help="有效截止日 YYYY-MM-DD · valid to")]
Zone = Annotated[
    str | None,
    typer.Option(help="IPCC 气候区（缺省取所在省）· climate zone (default: the province's)"),
]
Subs = Annotated[
    list[str],
    typer.Option("--sub-area", help="板块 CODE=中文名/English（可重复）· sub-area (repeatable)"),
]
Grids = Annotated[
    list[str],
    typer.Option("--grid", help="电网 EDITION:REGION:FROM-TO（可重复）· grid region (repeatable)"),
]


def _input(**kw: Any) -> Any:
    from cityclimate.services.territories import TerritoryInput

    return TerritoryInput(
        name_zh=kw["name_zh"],
        name_en=kw["name_en"],
        kind=kw["kind"],
        parent_code=kw["parent"],
        area_km2=kw["area"],
        valid_from=date.fromisoformat(kw["since"]) if kw["since"] else None,
        valid_to=date.fromisoformat(kw["until"]) if kw["until"] else None,
        climate_zone=kw["zone"],
        sub_areas=_sub_areas(kw["subs"]),
        grid_regions=_grids(kw["grids"]),
    )


@territory_app.command("list")
def list_command(
    parent: Annotated[str | None, typer.Option(help="上级 · parent")] = None,
    kind: Annotated[str | None, typer.Option(help="类型 · kind")] = None,
) -> None:
    """列出地区 · List the stored territories."""
    from cityclimate.services import territories

    def work(session: Any) -> list[dict[str, Any]]:
        rows, _ = territories.list_territories(session, parent=parent, kind=kind, limit=1000)
        return [territories.territory_view(t) for t in rows]

    for t in run_in_database(work, write=False):
        console.print(
            f"{t['code']:<14} {t['kind']:<9} {t['name_zh']}  {t['name_en']}", markup=False
        )


@territory_app.command("show")
def show_command(code: Annotated[str, typer.Argument(help="地区代码 · code")]) -> None:
    """显示一个地区（JSON）· Show one territory as JSON."""
    from cityclimate.services import territories

    def work(session: Any) -> dict[str, Any]:
        return territories.territory_detail(session, territories.get_territory(session, code))

    console.print_json(json.dumps(run_in_database(work, write=False), ensure_ascii=False))


@territory_app.command("save")
def save_command(
    code: Annotated[str, typer.Argument(help="地区代码 · code")],
    name_zh: Name,
    name_en: NameEn = "",
    kind: Kind = "district",
    parent: Parent = None,
    area: Area = None,
    since: Since = None,
    until: Until = None,
    zone: Zone = None,
    subs: Subs = [],  # noqa: B006  (Typer reads the default)
    grids: Grids = [],  # noqa: B006
) -> None:
    """新增或修改地区（含板块；给出全部字段）· Create or edit a territory (all fields; audited)."""
    from cityclimate.services import territories
    from cityclimate.services.actors import SYSTEM

    data = _input(
        name_zh=name_zh,
        name_en=name_en,
        kind=kind,
        parent=parent,
        area=area,
        since=since,
        until=until,
        zone=zone,
        subs=subs,
        grids=grids,
    )

    def work(session: Any) -> str:
        made, created = territories.save_territory(session, SYSTEM, code, data)
        verb = "已创建 · created" if created else "已修改 · updated"
        return f"{verb}: {made.code} ({made.climate_zone or '—'}: {made.climate_zone_source})"

    console.print(run_in_database(work, write=True), markup=False)


@territory_app.command("socioeconomic")
def socioeconomic_command(
    code: Annotated[str, typer.Argument(help="地区代码 · code")],
    file: Annotated[Path, typer.Argument(help=".xlsx / .csv，每年一行 · one row per year")],
) -> None:
    """导入社会经济数据（全部或不导入）· Import socio-economic inputs (all rows or none)."""
    from cityclimate.io.socioeconomic_files import read_socioeconomic
    from cityclimate.services import socioeconomic
    from cityclimate.services.actors import SYSTEM

    if not file.is_file():
        fail(f"文件不存在：{file}", f"the file does not exist: {file}")

    def work(session: Any) -> list[int]:
        frame = read_socioeconomic(file.name, file.read_bytes())
        rows = socioeconomic.import_table(session, SYSTEM, code, frame, where=file.name)
        return [r.year for r in rows]

    console.print(f"已导入 · imported: {code} {run_in_database(work, write=True)}")
