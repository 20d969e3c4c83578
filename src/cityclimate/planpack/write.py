"""Write a plan pack as file contents (path inside the pack → UTF-8 text).

:func:`write_plan_pack` is the inverse of :func:`cityclimate.planpack.read.parse_plan_pack`:
parsing what it writes gives an equal pack (a test). Scenarios are written whole (no
``inherits``) and without targets, which live once in ``targets.csv``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

import tomli_w

from cityclimate.indicators.model import IndicatorDefinition, TargetStatement
from cityclimate.pathways.model import Lever, PathwayStructure
from cityclimate.pathways.scenarios import scenario_to_toml
from cityclimate.plan.inputs import ASSIGNMENT_COLUMNS
from cityclimate.plan.model import PlanItem
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
    PACK_TOML,
    SCENARIOS,
    SECTORS,
    TARGET_STATEMENTS,
    TASKS,
    WEIGHTS,
    PlanPack,
)
from cityclimate.planpack.read import CITY_TARGET_COLUMNS, DEPARTMENT_COLUMNS
from cityclimate.planpack.read_pathways import (
    ALLOCATION_COLUMNS,
    DRIVER_COLUMNS,
    LINE_COLUMNS,
    SECTOR_COLUMNS,
)

#: Columns of the task-tree table (the fields of :class:`PlanItem`, in order).
TASK_COLUMNS = tuple(f.name for f in dataclasses.fields(PlanItem))


def cell(value: object) -> str:
    """One CSV cell: empty for ``None``, ``true``/``false``, enum values, ISO dates, repr floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, tuple):
        return ";".join(cell(v) for v in value)
    return str(value)


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """CSV text (``\\n`` line ends) with ``columns`` as the header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: cell(row.get(column)) for column in columns})
    return out.getvalue()


def _fields(record: object) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}  # type: ignore[arg-type]


def _task_row(item: PlanItem) -> dict[str, object]:
    row = _fields(item)
    row["milestones"] = ";".join(f"{m.date.isoformat()} {m.description}" for m in item.milestones)
    return row


def _lever_table(lever: Lever) -> dict[str, Any]:
    table: dict[str, Any] = {
        "name_zh": lever.name_zh,
        "name_en": lever.name_en,
        "sector": lever.sector,
        "kind": lever.kind.value,
        "lines": list(lever.lines),
        "amount": lever.amount,
        "amount_unit": lever.amount_unit,
        **dict(lever.parameters),
        "from_fuels": list(lever.from_fuels),
        "start_year": lever.start_year,
        "ramp_years": lever.ramp_years,
        "outcome_sd": lever.outcome_sd,
        "source": lever.source,
        "illustrative": lever.illustrative,
    }
    for key, value in (
        ("to_fuel", lever.to_fuel),
        ("to_line", lever.to_line),
        ("cost_yuan_per_t", lever.cost_yuan_per_t),
        ("amount_unit_zh", lever.amount_unit_zh or None),
    ):
        if value is not None:
            table[key] = value
    return table


def _structure_files(structure: PathwayStructure) -> dict[str, str]:
    return {
        DRIVERS: csv_text(
            DRIVER_COLUMNS,
            ({**_fields(d), "driver": d.id} for d in structure.drivers.values()),
        ),
        LINES: csv_text(
            LINE_COLUMNS, ({**_fields(line), "line": line.id} for line in structure.lines.values())
        ),
        ALLOCATION: csv_text(ALLOCATION_COLUMNS, structure.allocation.iter_rows(named=True)),
        SECTORS: csv_text(SECTOR_COLUMNS, structure.sector_value_added.iter_rows(named=True)),
    }


def write_plan_pack(pack: PlanPack) -> dict[str, str]:
    """The pack's files: path inside the pack → UTF-8 text (see the module docstring)."""
    header = pack.header
    pathways = pack.pathways
    description: dict[str, Any] = {
        "format": 1,
        "territory": header.territory,
        "name_zh": header.name_zh,
        "name_en": header.name_en,
        "document_zh": header.document_zh,
        "document_en": header.document_en,
        "period_start": header.period_start,
        "period_end": header.period_end,
        "base_year": header.base_year,
        "illustrative": header.illustrative,
        "notice_zh": header.notice_zh,
        "notice_en": header.notice_en,
        "pathways": {
            "structure": pathways.structure.name,
            "base_year": header.pathway_base_year,
            "scenarios": [s.name for s in pathways.scenarios],
        },
    }
    levers = {
        "fuels": {
            "hydrogen": {
                "co2_t_per_tce": pathways.structure.hydrogen_co2_t_per_tce,
                "source": pathways.structure.hydrogen_source,
            }
        },
        "levers": {lever_id: _lever_table(lever) for lever_id, lever in pathways.levers.items()},
    }
    files = {
        PACK_TOML: tomli_w.dumps(description),
        INDICATORS: csv_text(
            [f.name for f in dataclasses.fields(IndicatorDefinition)],
            (_fields(d) for d in pack.indicators),
        ),
        TARGET_STATEMENTS: csv_text(
            [f.name for f in dataclasses.fields(TargetStatement)],
            (_fields(s) for s in pack.target_statements),
        ),
        CITY_TARGETS: csv_text(CITY_TARGET_COLUMNS, (_fields(t) for t in pack.city_targets)),
        TASKS: csv_text(TASK_COLUMNS, (_task_row(item) for item in pack.items)),
        DEPARTMENTS: csv_text(DEPARTMENT_COLUMNS, (_fields(d) for d in pack.departments)),
        ASSIGNMENTS: csv_text(ASSIGNMENT_COLUMNS, (_fields(a) for a in pack.assignments)),
        WEIGHTS: csv_text(
            ("department", "kind", "item_id", "weight"),
            (
                {"department": w.department, "kind": kind, "item_id": item_id, "weight": weight}
                for w in pack.weights
                for kind, table in (("indicator", w.indicator_weights), ("task", w.task_weights))
                for item_id, weight in table.items()
            ),
        ),
        GRADES: csv_text(
            ("grade", "label_zh", "label_en", "score_min", "score_max", "on_veto", "source"),
            (
                {**_fields(band), "on_veto": "yes" if band is pack.grades[-1] else "no"}
                for band in pack.grades
            ),
        ),
        LEVERS: tomli_w.dumps(levers),
        **_structure_files(pathways.structure),
    }
    for scenario in pathways.scenarios:
        text = scenario_to_toml(dataclasses.replace(scenario, city_targets=()))
        files[f"{SCENARIOS}{scenario.name}.toml"] = text
    return files
