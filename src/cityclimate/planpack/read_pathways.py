"""Reading the pathway files of a plan pack: model structure, levers and scenarios.

``pack.toml``'s ``[pathways]`` table, ``pathways/levers.toml`` (with hydrogen's factor),
the structure tables (drivers, lines, allocation, sectors) and every scenario file it lists,
each checked against the others; used by :func:`~cityclimate.planpack.read.parse_plan_pack`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from cityclimate.errors import DataValidationError
from cityclimate.indicators.definitions import RowReader
from cityclimate.indicators.model import CityTarget
from cityclimate.pathways.levers import parse_levers
from cityclimate.pathways.model import Driver, Lever, Line, PathwayStructure, Scenario
from cityclimate.pathways.scenarios import parse_scenario
from cityclimate.planpack.model import (
    ALLOCATION,
    DRIVERS,
    LEVERS,
    LINES,
    PACK_TOML,
    SCENARIOS,
    SECTORS,
    PlanHeader,
    PlanPathways,
)
from cityclimate.planpack.pack_files import PackFiles, pack_problem

#: Columns of the pathway tables this module parses itself.
DRIVER_COLUMNS = (
    "driver",
    "unit",
    "base_year",
    "base_value",
    "name_zh",
    "name_en",
    "illustrative",
    "source",
)
LINE_COLUMNS = ("line", "sector", "driver", "energy", "name_zh", "name_en")
ALLOCATION_COLUMNS = ("category", "fuel", "line", "share", "source")
SECTOR_COLUMNS = ("sector", "value_added_driver", "share_of_driver", "source")


def read_pathways(
    pack: PackFiles,
    raw_header: Mapping[str, Any],
    header: PlanHeader | None,
    city_targets: Sequence[CityTarget],
) -> PlanPathways | None:
    """The pack's pathways (structure, levers, scenarios), or ``None`` with its problems."""
    settings = raw_header.get("pathways")
    settings = settings if isinstance(settings, Mapping) else {}
    structure_name = str(settings.get("structure", "")).strip()
    names = settings.get("scenarios")
    if not structure_name:
        pack.problems.append(
            pack_problem(
                PACK_TOML,
                "pathways.structure",
                "",
                "请给出模型结构的名称（情景文件中 structure 所写的名称）",
                "give the model structure's name (the one the scenario files name in structure)",
            )
        )
    if not (isinstance(names, list) and names and all(isinstance(n, str) for n in names)):
        pack.problems.append(
            pack_problem(
                PACK_TOML,
                "pathways.scenarios",
                names,
                '请列出情景名称，第一个为基准情景，如 scenarios = ["baseline", "plan"]',
                "list the scenario names, the baseline first, e.g. "
                'scenarios = ["baseline", "plan"]',
            )
        )
        names = []
    levers_raw = pack.toml(LEVERS)
    hydrogen = _hydrogen(pack, levers_raw)
    levers = None if levers_raw is None else pack.attempt(lambda: parse_levers(levers_raw, LEVERS))
    structure = _structure(pack, structure_name, hydrogen)
    if structure is None or levers is None or header is None:
        return None
    scenarios = _scenarios(pack, names, structure, levers, header, city_targets)
    if scenarios is None:
        return None
    return PlanPathways(structure=structure, levers=levers, scenarios=scenarios)


def _hydrogen(pack: PackFiles, levers_raw: Mapping[str, Any] | None) -> tuple[float, str] | None:
    if levers_raw is None:
        return None
    fuels = levers_raw.get("fuels")
    hydrogen = fuels.get("hydrogen") if isinstance(fuels, Mapping) else None
    value = hydrogen.get("co2_t_per_tce") if isinstance(hydrogen, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
        pack.problems.append(
            pack_problem(
                LEVERS,
                "fuels.hydrogen.co2_t_per_tce",
                value,
                "请给出氢的排放因子（t CO2/tce，0至10之间）及其来源",
                "give hydrogen's emission factor (t CO2 per tce, 0 to 10) and its source",
            )
        )
        return None
    assert isinstance(hydrogen, Mapping)
    return float(value), str(hydrogen.get("source", ""))


def _structure(
    pack: PackFiles, name: str, hydrogen: tuple[float, str] | None
) -> PathwayStructure | None:
    count = len(pack.problems)
    drivers: dict[str, Driver] = {}
    for number, data in enumerate(pack.rows(DRIVERS, DRIVER_COLUMNS) or (), start=1):
        row = RowReader(DRIVERS, number, data)
        driver = Driver(
            id=row.text("driver"),
            unit=row.text("unit"),
            base_year=row.integer("base_year"),
            base_value=_or_nan(row.number("base_value", required=True)),
            name_zh=row.text("name_zh"),
            name_en=row.text("name_en"),
            illustrative=_boolean(row, "illustrative"),
            source=row.text("source"),
        )
        if driver.id in drivers:
            row.problem("driver", "驱动因素重复列出", "the driver is listed twice")
        pack.problems.extend(row.problems)
        drivers[driver.id] = driver
    lines: dict[str, Line] = {}
    for number, data in enumerate(pack.rows(LINES, LINE_COLUMNS) or (), start=1):
        row = RowReader(LINES, number, data)
        line = Line(
            id=row.text("line"),
            sector=row.text("sector"),
            driver=row.text("driver"),
            energy=_boolean(row, "energy"),
            name_zh=row.text("name_zh"),
            name_en=row.text("name_en"),
        )
        if line.driver and line.driver not in drivers:
            row.problem("driver", "drivers.csv 中没有此驱动因素", "no such driver in drivers.csv")
        if line.id in lines:
            row.problem("line", "行重复列出", "the line is listed twice")
        pack.problems.extend(row.problems)
        lines[line.id] = line
    allocation = _frame(pack, ALLOCATION, ALLOCATION_COLUMNS, "line", lines, "share")
    sectors = _frame(
        pack, SECTORS, SECTOR_COLUMNS, "value_added_driver", drivers, "share_of_driver"
    )
    if len(pack.problems) > count or hydrogen is None or allocation is None or sectors is None:
        return None
    return PathwayStructure(
        name=name,
        drivers=drivers,
        lines=lines,
        allocation=allocation,
        sector_value_added=sectors,
        hydrogen_co2_t_per_tce=hydrogen[0],
        hydrogen_source=hydrogen[1],
    )


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


def _boolean(row: RowReader, column: str) -> bool:
    value = row.text(column).lower()
    if value not in {"true", "false"}:
        row.problem(column, f"“{column}”应为 true 或 false", f"'{column}' must be true or false")
    return value == "true"


def _frame(
    pack: PackFiles,
    name: str,
    columns: Sequence[str],
    key: str,
    known: Mapping[str, object],
    share: str,
) -> pl.DataFrame | None:
    """A table of (…, key, share, source) rows whose key must be known and share in (0, 1]."""
    rows = pack.rows(name, columns)
    if rows is None:
        return None
    count = len(pack.problems)
    for number, data in enumerate(rows, start=1):
        row = RowReader(name, number, data)
        for column in columns:
            if column not in {share, "source"}:
                row.text(column)
        if row.text(key, required=False) and row.text(key) not in known:
            row.problem(key, "模型结构中没有此项", "not in the model structure")
        value = row.number(share, required=True)
        if value is not None and not 0 < value <= 1:
            row.problem(share, "份额须大于0且不超过1", "the share must be above 0 and at most 1")
        pack.problems.extend(row.problems)
    if len(pack.problems) > count:
        return None
    return pl.DataFrame(
        {column: [str(r.get(column) or "").strip() for r in rows] for column in columns}
    ).with_columns(pl.col(share).cast(pl.Float64))


def _scenarios(
    pack: PackFiles,
    names: Sequence[str],
    structure: PathwayStructure,
    levers: Mapping[str, Lever],
    header: PlanHeader,
    city_targets: Sequence[CityTarget],
) -> tuple[Scenario, ...] | None:
    def file_of(name: str) -> str:
        return f"{SCENARIOS}{name}.toml"

    def resolver(name: str) -> tuple[dict[str, Any], str]:
        raw = pack.toml(file_of(name)) if file_of(name) in pack.texts else None
        if raw is None:
            raise DataValidationError(
                [
                    pack_problem(
                        "inherits",
                        "inherits",
                        name,
                        f"规划包中没有被继承的情景文件 {file_of(name)}",
                        f"the pack has no scenario file {file_of(name)} to inherit from",
                    )
                ]
            )
        return raw, file_of(name)

    scenarios: list[Scenario] = []
    count = len(pack.problems)
    listed = {file_of(name) for name in names}
    for stray in sorted(n for n in pack.texts if n.startswith(SCENARIOS) and n not in listed):
        pack.problems.append(
            pack_problem(
                stray,
                None,
                "",
                "pack.toml 的 pathways.scenarios 未列出此情景；请列出或删除该文件",
                "pack.toml's pathways.scenarios does not list this scenario; list it or remove "
                "the file",
            )
        )
    for name in names:
        where = file_of(name)
        if where not in pack.texts:
            pack.problems.append(
                pack_problem(
                    PACK_TOML,
                    "pathways.scenarios",
                    name,
                    f"缺少情景文件 {where}",
                    f"the scenario file {where} is missing",
                )
            )
            continue
        raw = pack.toml(where)
        if raw is None:
            continue
        if raw.get("targets"):
            pack.problems.append(
                pack_problem(
                    where,
                    "targets",
                    "",
                    "目标只在 targets.csv 中填写一次（指标与情景共用）；请删除情景中的 [targets]",
                    "targets are given once, in targets.csv (indicators and scenarios share "
                    "them); remove [targets] from the scenario",
                )
            )
            continue
        scenario = pack.attempt(lambda: parse_scenario(raw, where, structure, levers, resolver))  # noqa: B023
        if scenario is None:
            continue
        if scenario.base_year != header.pathway_base_year:
            pack.problems.append(
                pack_problem(
                    where,
                    "horizon.base_year",
                    scenario.base_year,
                    f"情景基准年须为 pack.toml 的 pathways.base_year（{header.pathway_base_year}）",
                    f"the scenario's base year must be pack.toml's pathways.base_year "
                    f"({header.pathway_base_year})",
                )
            )
        scenarios.append(
            dataclasses.replace(scenario, city_targets=tuple(city_targets), files=(where,))
        )
    return tuple(scenarios) if len(pack.problems) == count else None
