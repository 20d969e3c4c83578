"""Read a plan pack from file contents: all or nothing, every problem located.

:func:`parse_plan_pack` takes the pack's files as a mapping of path inside the pack
(``"pack.toml"``, ``"pathways/levers.toml"`` …) to their bytes or text, checks every file with
the parser of its domain (indicators, plan, pathways) and the references between files (a task
an assignment names, a department a weight names, a line an allocation names), and returns a
:class:`~cityclimate.planpack.model.PlanPack`. When anything is wrong it raises one
:class:`~cityclimate.errors.DataValidationError` listing every problem with its file, row,
field and the fix in Chinese and English; nothing is returned half-read.

Row numbers are data rows (the header is not counted), as everywhere in the platform.

The pack's files are decoded in :mod:`~cityclimate.planpack.pack_files`; the pathway files are
read in :mod:`~cityclimate.planpack.read_pathways`; this module reads the header, indicators,
targets, tasks, departments and weights and puts the plan together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.definitions import (
    RowReader,
    parse_indicator_definitions,
    parse_target_statements,
)
from cityclimate.indicators.model import CityTarget, IndicatorDefinition, TargetRule
from cityclimate.plan.assessment import parse_grade_bands
from cityclimate.plan.inputs import parse_assessment_weights, parse_task_assignments
from cityclimate.plan.tasks import parse_plan_items, tasks_only
from cityclimate.planpack.model import (
    ASSIGNMENTS,
    CITY_TARGETS,
    DEPARTMENTS,
    GRADES,
    INDICATORS,
    PACK_TOML,
    TARGET_STATEMENTS,
    TASKS,
    WEIGHTS,
    Department,
    DepartmentKind,
    PlanHeader,
    PlanPack,
)
from cityclimate.planpack.pack_files import PackFiles, pack_problem, rows_then
from cityclimate.planpack.read_pathways import read_pathways

#: Columns of the files this module parses itself (the pathway tables' in read_pathways).
DEPARTMENT_COLUMNS = ("name_zh", "name_en", "kind", "source")
CITY_TARGET_COLUMNS = ("indicator_id", "value", "unit", "source")


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
    pack = PackFiles(files)
    raw_header = pack.toml(PACK_TOML)
    header = None if raw_header is None else _header(raw_header, pack.problems)
    indicators = _indicators(pack)
    indicator_ids = [d.id for d in indicators or ()]
    # A file that refers to another is read only when that one is sound, so that one mistake
    # is reported once, not again in every file that depends on it.
    statements = rows_then(
        pack,
        TARGET_STATEMENTS,
        ("indicator_id", "statement", "year", "value", "unit", "source"),
        lambda rows: parse_target_statements(rows, TARGET_STATEMENTS, indicator_ids),
        indicators,
    )
    city_targets = _city_targets(pack, indicators)
    items = rows_then(
        pack,
        TASKS,
        ("id", "parent_id", "level", "title_zh", "title_en"),
        lambda rows: parse_plan_items(rows, TASKS, indicator_ids),
        indicators,
    )
    departments = _departments(pack)
    assignments = rows_then(
        pack,
        ASSIGNMENTS,
        (),
        lambda rows: parse_task_assignments(rows, ASSIGNMENTS, items or ()),
        items,
    )
    weights = rows_then(
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
    grades = rows_then(
        pack, GRADES, ("grade", "label_zh", "label_en", "score_min", "score_max", "on_veto"),
        lambda rows: parse_grade_bands([{k: v or "" for k, v in r.items()} for r in rows], GRADES),
    )  # fmt: skip
    _check_departments(pack, departments)
    pathways = read_pathways(pack, raw_header or {}, header, city_targets or ())
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


def _header(raw: Mapping[str, Any], problems: list[Problem]) -> PlanHeader | None:
    count = len(problems)

    def text(key: str, table: Mapping[str, Any] = raw, prefix: str = "") -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                pack_problem(
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
                pack_problem(
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
            pack_problem(
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
            pack_problem(
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
            pack_problem(
                PACK_TOML,
                "period_start",
                header.period_start,
                "须满足 base_year ≤ period_start ≤ period_end",
                "base_year ≤ period_start ≤ period_end must hold",
            )
        )
    if header.illustrative and not (header.notice_zh and header.notice_en):
        problems.append(
            pack_problem(
                PACK_TOML,
                "notice_zh",
                "",
                "示例规划包须给出示例说明（notice_zh 与 notice_en）",
                "an illustrative pack must give its notice (notice_zh and notice_en)",
            )
        )
    return header if len(problems) == count else None


def _indicators(pack: PackFiles) -> list[IndicatorDefinition] | None:
    return rows_then(
        pack,
        INDICATORS,
        [
            field.name
            for field in dataclasses.fields(IndicatorDefinition)
            if field.name != "progress_method"  # optional column
        ],
        lambda rows: parse_indicator_definitions(rows, INDICATORS),
    )


def _city_targets(
    pack: PackFiles, indicators: Sequence[IndicatorDefinition] | None
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


def _departments(pack: PackFiles) -> list[Department] | None:
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


def _check_departments(pack: PackFiles, departments: Sequence[Department] | None) -> None:
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
