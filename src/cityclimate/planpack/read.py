"""Read a plan pack from file contents: all or nothing, every problem located.

:func:`parse_plan_pack` takes the pack's files as a mapping of path inside the pack
(``"pack.toml"``, ``"pathways/levers.toml"`` …) to their bytes or text, checks every file with
the parser of its domain (indicators, plan, pathways) and the references between files (a task
an assignment names, a department a weight names, a line an allocation names), and returns a
:class:`~cityclimate.planpack.model.PlanPack`. When anything is wrong it raises one
:class:`~cityclimate.errors.DataValidationError` listing every problem with its file, row,
field and the fix in Chinese and English; nothing is returned half-read.

Row numbers are data rows (the header is not counted), as everywhere in the platform.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.definitions import (
    RowReader,
    parse_indicator_definitions,
    parse_target_statements,
)
from cityclimate.indicators.inputs import missing_columns
from cityclimate.indicators.model import CityTarget, IndicatorDefinition, TargetRule
from cityclimate.pathways.levers import parse_levers
from cityclimate.pathways.model import Driver, Lever, Line, PathwayStructure, Scenario
from cityclimate.pathways.scenarios import parse_scenario, parse_toml
from cityclimate.plan.assessment import parse_grade_bands
from cityclimate.plan.inputs import parse_assessment_weights, parse_task_assignments
from cityclimate.plan.tasks import parse_plan_items, tasks_only
from cityclimate.planpack.model import (
    ALLOCATION,
    ASSIGNMENTS,
    CITY_TARGETS,
    DEPARTMENTS,
    DRIVERS,
    GRADES,
    INDICATORS,
    LEVERS,
    LINES,
    PACK_FILES,
    PACK_TOML,
    SCENARIOS,
    SECTORS,
    TARGET_STATEMENTS,
    TASKS,
    WEIGHTS,
    Department,
    DepartmentKind,
    PlanHeader,
    PlanPack,
    PlanPathways,
)

_T = TypeVar("_T")

#: Columns of the files this module parses itself.
DEPARTMENT_COLUMNS = ("name_zh", "name_en", "kind", "source")
CITY_TARGET_COLUMNS = ("indicator_id", "value", "unit", "source")
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
#: Files other than the pack's own that a pack may carry (ignored).
IGNORED_PREFIXES = ("README",)


def _problem(where: str, field: str | None, value: object, zh: str, en: str) -> Problem:
    return Problem(where, None, field, "" if value is None else str(value), zh, en)


class _Files:
    """The decoded files of a pack and the problems found so far."""

    def __init__(self, files: Mapping[str, bytes | str]) -> None:
        self.problems: list[Problem] = []
        self.texts: dict[str, str] = {}
        for raw_name, content in files.items():
            name = raw_name.replace("\\", "/").lstrip("./")
            if isinstance(content, bytes):
                try:
                    content = content.decode("utf-8-sig")
                except UnicodeDecodeError:
                    self.problems.append(
                        _problem(
                            name,
                            None,
                            "",
                            "文件须为 UTF-8 编码；请以 UTF-8 另存后重新导入",
                            "the file must be UTF-8; save it as UTF-8 and import again",
                        )
                    )
                    continue
            self.texts[name] = content.removeprefix("\ufeff")
        expected = set(PACK_FILES)
        for name in sorted(self.texts):
            known = name in expected or (
                name.startswith(SCENARIOS)
                and name.endswith(".toml")
                and "/" not in name.removeprefix(SCENARIOS)
            )
            if not known and not name.split("/")[-1].startswith(IGNORED_PREFIXES):
                self.problems.append(
                    _problem(
                        name,
                        None,
                        "",
                        "规划包中没有这个文件；请删除或改名为规划包的文件之一："
                        + "、".join(PACK_FILES),
                        "no such file in a plan pack; remove it or rename it to one of: "
                        + ", ".join(PACK_FILES),
                    )
                )
        for name in PACK_FILES:
            if name not in self.texts and not any(p.where == name for p in self.problems):
                self.problems.append(
                    _problem(
                        name,
                        None,
                        "",
                        "规划包缺少此文件；请从导出的规划包复制模板后填写",
                        "the pack lacks this file; copy it from an exported pack and fill it in",
                    )
                )

    def rows(self, name: str, columns: Sequence[str]) -> list[dict[str, str | None]] | None:
        """The rows of a CSV file, or ``None`` (with a problem) when it is missing or bad."""
        if name not in self.texts:
            return None
        reader = csv.DictReader(io.StringIO(self.texts[name]))
        error = missing_columns(reader.fieldnames or (), columns, name)
        if error is not None:
            self.problems.extend(error.problems)
            return None
        return list(reader)

    def attempt(self, parse: Callable[[], _T]) -> _T | None:
        """Run one file's parser; keep its problems instead of stopping."""
        try:
            return parse()
        except DataValidationError as exc:
            self.problems.extend(exc.problems)
            return None

    def toml(self, name: str) -> dict[str, Any] | None:
        if name not in self.texts:
            return None
        return self.attempt(lambda: parse_toml(self.texts[name], name))


def parse_plan_pack(files: Mapping[str, bytes | str]) -> PlanPack:
    """Parse and check a whole plan pack (see the module docstring).

    Parameters
    ----------
    files:
        Path inside the pack (``/``-separated) → content (UTF-8 bytes, a BOM allowed, or text).

    Returns
    -------
    PlanPack
        The typed plan; its scenarios carry the pack's city targets.

    Raises
    ------
    DataValidationError
        Every problem of every file, each naming file, row, field and the fix.
    """
    pack = _Files(files)
    raw_header = pack.toml(PACK_TOML)
    header = None if raw_header is None else _header(raw_header, pack.problems)
    indicators = _indicators(pack)
    indicator_ids = [d.id for d in indicators or ()]
    # A file that refers to another is read only when that one is sound, so that one mistake
    # is reported once, not again in every file that depends on it.
    statements = _rows_then(
        pack,
        TARGET_STATEMENTS,
        ("indicator_id", "statement", "year", "value", "unit", "source"),
        lambda rows: parse_target_statements(rows, TARGET_STATEMENTS, indicator_ids),
        indicators,
    )
    city_targets = _city_targets(pack, indicators)
    items = _rows_then(
        pack,
        TASKS,
        ("id", "parent_id", "level", "title_zh", "title_en"),
        lambda rows: parse_plan_items(rows, TASKS, indicator_ids),
        indicators,
    )
    departments = _departments(pack)
    assignments = _rows_then(
        pack,
        ASSIGNMENTS,
        (),
        lambda rows: parse_task_assignments(rows, ASSIGNMENTS, items or ()),
        items,
    )
    weights = _rows_then(
        pack,
        WEIGHTS,
        (),
        lambda rows: parse_assessment_weights(
            rows,
            WEIGHTS,
            indicator_ids=indicator_ids,
            task_ids=[item.id for item in tasks_only(items or ())],
        ),
        items,
    )
    grades = _rows_then(
        pack, GRADES, ("grade", "label_zh", "label_en", "score_min", "score_max", "on_veto"),
        lambda rows: parse_grade_bands([{k: v or "" for k, v in r.items()} for r in rows], GRADES),
    )  # fmt: skip
    _check_departments(pack, departments)
    pathways = _pathways(pack, raw_header or {}, header, city_targets or ())
    if pack.problems:
        raise DataValidationError(pack.problems)
    assert header is not None and indicators is not None and pathways is not None
    return PlanPack(
        header=header,
        indicators=tuple(indicators),
        target_statements=tuple(statements or ()),
        city_targets=tuple(city_targets or ()),
        items=tuple(items or ()),
        departments=tuple(departments or ()),
        assignments=tuple(assignments or ()),
        weights=tuple(weights or ()),
        grades=tuple(grades or ()),
        pathways=pathways,
    )


def _rows_then(
    pack: _Files,
    name: str,
    columns: Sequence[str],
    parse: Callable[[list[dict[str, str | None]]], _T],
    *needs: object,
) -> _T | None:
    """Parse one CSV file, unless a file it refers to (``needs``) could not be read."""
    if any(need is None for need in needs):
        return None
    rows = pack.rows(name, columns)
    if rows is None:
        return None
    return pack.attempt(lambda: parse(rows))


def _header(raw: Mapping[str, Any], problems: list[Problem]) -> PlanHeader | None:
    count = len(problems)

    def text(key: str, table: Mapping[str, Any] = raw, prefix: str = "") -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                _problem(
                    PACK_TOML,
                    prefix + key,
                    value,
                    f"请填写“{prefix}{key}”（文本）",
                    f"give '{prefix}{key}' (text)",
                )
            )
            return ""
        return value.strip()

    def year(key: str, table: Mapping[str, Any] = raw, prefix: str = "") -> int:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
            problems.append(
                _problem(
                    PACK_TOML,
                    prefix + key,
                    value,
                    f"“{prefix}{key}”须为1990至2100之间的年份（整数）",
                    f"'{prefix}{key}' must be a year from 1990 to 2100 (a whole number)",
                )
            )
            return 0
        return value

    if raw.get("format", 1) != 1:
        problems.append(
            _problem(
                PACK_TOML,
                "format",
                raw.get("format"),
                "不支持此规划包格式版本；本平台读取 format = 1",
                "unsupported pack format; this platform reads format = 1",
            )
        )
    pathways = raw.get("pathways")
    if not isinstance(pathways, Mapping):
        problems.append(
            _problem(
                PACK_TOML,
                "pathways",
                "",
                "缺少 [pathways] 表（structure、base_year、scenarios）",
                "missing the [pathways] table (structure, base_year, scenarios)",
            )
        )
        pathways = {}
    header = PlanHeader(
        territory=text("territory"),
        name_zh=text("name_zh"),
        name_en=text("name_en"),
        document_zh=text("document_zh"),
        document_en=text("document_en"),
        period_start=year("period_start"),
        period_end=year("period_end"),
        base_year=year("base_year"),
        pathway_base_year=year("base_year", pathways, "pathways."),
        illustrative=bool(raw.get("illustrative", False)),
        notice_zh=str(raw.get("notice_zh", "")),
        notice_en=str(raw.get("notice_en", "")),
    )
    if len(problems) == count and not (
        header.base_year <= header.period_start <= header.period_end
    ):
        problems.append(
            _problem(
                PACK_TOML,
                "period_start",
                header.period_start,
                "须满足 base_year ≤ period_start ≤ period_end",
                "base_year ≤ period_start ≤ period_end must hold",
            )
        )
    if header.illustrative and not (header.notice_zh and header.notice_en):
        problems.append(
            _problem(
                PACK_TOML,
                "notice_zh",
                "",
                "示例规划包须给出示例说明（notice_zh 与 notice_en）",
                "an illustrative pack must give its notice (notice_zh and notice_en)",
            )
        )
    return header if len(problems) == count else None


def _indicators(pack: _Files) -> list[IndicatorDefinition] | None:
    return _rows_then(
        pack,
        INDICATORS,
        [field.name for field in dataclasses.fields(IndicatorDefinition)],
        lambda rows: parse_indicator_definitions(rows, INDICATORS),
    )


def _city_targets(
    pack: _Files, indicators: Sequence[IndicatorDefinition] | None
) -> list[CityTarget] | None:
    rows = pack.rows(CITY_TARGETS, CITY_TARGET_COLUMNS)
    if rows is None or indicators is None:
        return None
    by_id = {d.id: d for d in indicators}
    targets: list[CityTarget] = []
    problems: list[Problem] = []
    for number, data in enumerate(rows, start=1):
        row = RowReader(CITY_TARGETS, number, data)
        indicator_id = row.text("indicator_id")
        value = row.number("value", required=True)
        unit = row.text("unit")
        source = row.text("source")
        definition = by_id.get(indicator_id)
        if indicator_id and definition is None:
            row.problem("indicator_id", "未知的指标 id", "unknown indicator id")
        elif definition is not None:
            if definition.target_rule is not TargetRule.SET_BY_CITY:
                row.problem(
                    "indicator_id",
                    "该指标的目标值已写在 indicators.csv 中（target_rule = value）；"
                    "只有“由上级下达”的指标在此填写",
                    "this indicator's target is in indicators.csv (target_rule = value); only "
                    "targets set by a higher level (set_by_city) go here",
                )
            if unit and unit != definition.unit:
                row.problem(
                    "unit", f"单位应为 {definition.unit}", f"the unit must be {definition.unit}"
                )
            if any(t.indicator_id == indicator_id for t in targets):
                row.problem("indicator_id", "同一指标重复列出", "the indicator is listed twice")
        problems.extend(row.problems)
        if not row.problems and value is not None:
            targets.append(CityTarget(indicator_id, value, unit, source))
    pack.problems.extend(problems)
    return None if problems else targets


def _departments(pack: _Files) -> list[Department] | None:
    rows = pack.rows(DEPARTMENTS, DEPARTMENT_COLUMNS)
    if rows is None:
        return None
    departments: list[Department] = []
    count = len(pack.problems)
    for number, data in enumerate(rows, start=1):
        row = RowReader(DEPARTMENTS, number, data)
        name_zh = row.text("name_zh")
        name_en = row.text("name_en")
        kind = row.choice("kind", DepartmentKind)
        source = row.text("source", required=False)
        if name_zh and any(d.name_zh == name_zh for d in departments):
            row.problem("name_zh", "部门重复列出", "the department is listed twice")
        pack.problems.extend(row.problems)
        if not row.problems and kind is not None:
            departments.append(Department(name_zh, name_en, kind, source))
    return departments if len(pack.problems) == count else None


def _check_departments(pack: _Files, departments: Sequence[Department] | None) -> None:
    """Every department an assignment or a weight names must be in ``departments.csv``."""
    if departments is None:
        return
    known = {d.name_zh for d in departments}
    for where, columns in (
        (ASSIGNMENTS, ("lead_department", "cooperating_departments")),
        (WEIGHTS, ("department",)),
    ):
        for number, data in enumerate(pack.rows(where, ()) or (), start=1):
            for column in columns:
                for name in (data.get(column) or "").split(";"):
                    if name.strip() and name.strip() not in known:
                        pack.problems.append(
                            Problem(
                                where,
                                number,
                                column,
                                name.strip(),
                                "departments.csv 中没有此部门；请先添加该部门或更正名称",
                                "no such department in departments.csv; add it there or "
                                "correct the name",
                            )
                        )


def _pathways(
    pack: _Files,
    raw_header: Mapping[str, Any],
    header: PlanHeader | None,
    city_targets: Sequence[CityTarget],
) -> PlanPathways | None:
    settings = raw_header.get("pathways")
    settings = settings if isinstance(settings, Mapping) else {}
    structure_name = str(settings.get("structure", "")).strip()
    names = settings.get("scenarios")
    if not structure_name:
        pack.problems.append(
            _problem(
                PACK_TOML,
                "pathways.structure",
                "",
                "请给出模型结构的名称（情景文件中 structure 所写的名称）",
                "give the model structure's name (the one the scenario files name in structure)",
            )
        )
    if not (isinstance(names, list) and names and all(isinstance(n, str) for n in names)):
        pack.problems.append(
            _problem(
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


def _hydrogen(pack: _Files, levers_raw: Mapping[str, Any] | None) -> tuple[float, str] | None:
    if levers_raw is None:
        return None
    fuels = levers_raw.get("fuels")
    hydrogen = fuels.get("hydrogen") if isinstance(fuels, Mapping) else None
    value = hydrogen.get("co2_t_per_tce") if isinstance(hydrogen, Mapping) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
        pack.problems.append(
            _problem(
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
    pack: _Files, name: str, hydrogen: tuple[float, str] | None
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
    pack: _Files,
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
    pack: _Files,
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
                    _problem(
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
            _problem(
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
                _problem(
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
                _problem(
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
                _problem(
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
