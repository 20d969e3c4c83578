"""Ex post: monitored values (meter data, enterprise ledgers) read from a table, all or nothing.

A monitoring file has one row a project, period (year) and metered quantity::

    项目编号 project id | 监测年份 year | 计量项 input | 数值 value | 单位 unit
    LJ-FIN-001         | 2023          | generation_mwh | 1 180 000 | kWh

The quantity is one of the inputs of the project type's method
(:func:`cityclimate.finance.catalogues.project_inputs`); its value is converted from the row's
unit into the method's unit with the one unit registry (kWh → MWh, m³ → 10⁴Nm³), so the inventory
engine computes the monitored reduction with the same factors as the ex-ante estimate. A unknown
project, an input the type does not have, a unit of another dimension, a negative or missing
value, the same quantity twice for a project and period, or a second period for one project in
one file (the library keeps one monitored year a project) are errors: every one is listed by
file, row and column with its fix, and nothing is taken.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.finance.catalogues import project_inputs, project_types
from cityclimate.finance.estimates import input_problems
from cityclimate.finance.library import Field, read_rows
from cityclimate.finance.model import Project
from cityclimate.units import conversion_factor

#: The columns of a monitoring file (headers in zh, en or the key are accepted).
MONITORING_FIELDS: tuple[Field, ...] = (
    Field("project_id", "项目编号", "project id", required=True),
    Field("year", "监测年份", "year", "int", True),
    Field("input", "计量项", "input", required=True),
    Field("value", "数值", "value", "float", True),
    Field("unit", "单位", "unit", required=True),
)


@dataclass(frozen=True)
class Monitored:
    """The monitored inputs of one project for one year, in the method's units."""

    project_id: str
    year: int
    inputs: dict[str, float]


def header_keys() -> dict[str, str]:
    """Header (zh, en or key) → field key."""
    return {h: f.key for f in MONITORING_FIELDS for h in (f.header_zh, f.header_en, f.key)}


def _problem(where: str, row: int, f: Field, value: str, zh: str, en: str) -> Problem:
    return Problem(where, row, f"{f.header_zh} ({f.key})", value, zh, en)


def _unknown_input(
    project: Project, name: str, table: pl.DataFrame, where: str, row: int
) -> Problem:
    """An input the project's type does not have, told with the type's and inputs' names."""
    named = project_types().filter(type=project.project_type)
    kind_zh, kind_en = (
        (named["name_zh"][0], named["name_en"][0]) if named.height else (project.project_type,) * 2
    )
    spec = table.filter(type=project.project_type)
    zh = "、".join(f"{n}（{i}）" for i, n in spec.select("input", "name_zh").iter_rows())
    en = ", ".join(f"{n} ({i})" for i, n in spec.select("input", "name_en").iter_rows())
    return _problem(
        where,
        row,
        MONITORING_FIELDS[2],
        name,
        f"项目 {project.project_id}（{kind_zh}）没有计量项“{name}”：请填写 {zh}",
        f"project {project.project_id} ({kind_en}) has no input '{name}': give {en}",
    )


def monitored_from_table(
    frame: pl.DataFrame,
    projects: Mapping[str, Project],
    *,
    where: str,
    rows: list[int] | None = None,
    table: pl.DataFrame | None = None,
) -> list[Monitored]:
    """Monitored inputs of every project in ``frame`` (text cells keyed by field), all or nothing.

    ``rows`` are the row numbers as the user's file shows them (default: 1, 2, …); ``projects``
    the projects the importer may monitor, by id.

    Raises
    ------
    DataValidationError
        Every problem, located by ``where``, row and column, in zh and en.
    """
    table = project_inputs() if table is None else table
    units = {(t, i): u for t, i, u in table.select("type", "input", "unit").iter_rows()}
    problems: list[Problem] = []
    typed = read_rows(MONITORING_FIELDS, frame, where, 1, problems, rows)
    f_pid, f_year, f_input, _f_value, f_unit = MONITORING_FIELDS
    found: dict[str, Monitored] = {}
    first_row: dict[tuple[str, int, str], int] = {}
    for row, cells, ok in typed:
        if not ok:
            continue
        pid, year, name = str(cells["project_id"]), int(str(cells["year"])), str(cells["input"])
        project = projects.get(pid)
        if project is None:
            problems.append(
                _problem(
                    where,
                    row,
                    f_pid,
                    pid,
                    f"项目库中没有项目“{pid}”（或无权为其填报）：请核对项目编号",
                    f"no project '{pid}' in the library (or not yours to monitor): check the project id",
                ))  # fmt: skip
            continue
        target = units.get((project.project_type, name))
        if target is None:
            problems.append(_unknown_input(project, name, table, where, row))
            continue
        unit = str(cells["unit"])
        try:
            factor = 1.0 if unit == target else conversion_factor(unit, target)
        except UnitError as exc:
            problems.append(
                _problem(
                    where,
                    row,
                    f_unit,
                    unit,
                    f"{exc.message.zh}（计量项 {name} 的单位为 {target}）",
                    f"{exc.message.en} (the input {name} is in {target})",
                ))  # fmt: skip
            continue
        key = (pid, year, name)
        if key in first_row:
            problems.append(
                _problem(
                    where,
                    row,
                    f_input,
                    name,
                    f"项目 {pid} {year} 年的“{name}”已在第 {first_row[key]} 行填写：同一项目、年份和计量项只填一行",
                    f"project {pid}: '{name}' for {year} is already given in row {first_row[key]}: one row a project, year and input",
                ))  # fmt: skip
            continue
        first_row[key] = row
        done = found.setdefault(pid, Monitored(pid, year, {}))
        if done.year != year:
            problems.append(
                _problem(
                    where,
                    row,
                    f_year,
                    str(year),
                    f"项目 {pid} 在本文件中已有 {done.year} 年的监测值：每次导入每个项目只填一个年份（项目库保留一个监测年份）",
                    f"project {pid} already has monitored values for {done.year} in this file: one year a project per import (the library keeps one monitored year)",
                ))  # fmt: skip
            continue
        done.inputs[name] = float(str(cells["value"])) * factor
    for m in found.values():
        problems += input_problems(projects[m.project_id], m.inputs, where=where, table=table)
    if problems:
        raise DataValidationError(problems)
    return list(found.values())
