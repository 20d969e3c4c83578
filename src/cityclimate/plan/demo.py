"""The Liangjiang plan-tracking demo, 2021–2023: ILLUSTRATIVE assignments, progress and weights.

Shipped in ``data/demo/liangjiang/`` in the formats of :mod:`cityclimate.plan.inputs`, every
row labelled ``示例数据 ILLUSTRATIVE``:

``task_assignments.csv``
    A lead and co-operating departments for each task the plan leaves without one, and a
    few deadlines set by the office (so that overdue detection has something to find).
    Department names are generic (经济运行部门 …), not the district's bureaus; the two
    departments the plan text names are kept.
``task_events.csv``
    Status changes and evidence from 2021 to 2023, replayed through the workflow.
``assessment_weights.csv``
    What each department is assessed on and the weights.

With the indicator demo (:mod:`cityclimate.indicators.demo`) they make a complete annual
evaluation: :func:`liangjiang_annual_evaluation`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources

from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
)
from cityclimate.indicators.demo import liangjiang_inputs
from cityclimate.plan.annual_evaluation import AnnualEvaluation
from cityclimate.plan.inputs import (
    Table,
    annual_evaluation_from_tables,
    assign_tasks,
    parse_task_assignments,
)
from cityclimate.plan.model import PlanItem
from cityclimate.plan.tasks import load_liangjiang_tasks

#: The demo's tables.
ASSIGNMENTS = "task_assignments.csv"
EVENTS = "task_events.csv"
WEIGHTS = "assessment_weights.csv"


def read_demo_table(file_name: str) -> Table:
    """A CSV file shipped in ``cityclimate/plan/data/demo/liangjiang``, rows as text."""
    text = (
        resources.files("cityclimate.plan")
        .joinpath("data", "demo", "liangjiang", file_name)
        .read_text(encoding="utf-8")
    )
    return Table(list(csv.DictReader(io.StringIO(text))), file_name, first_row=2)


def liangjiang_items() -> list[PlanItem]:
    """The shipped task tree with the demo's (illustrative) assignments applied."""
    items = load_liangjiang_tasks()
    table = read_demo_table(ASSIGNMENTS)
    return assign_tasks(
        items, parse_task_assignments(table.rows, table.where, items, first_row=table.first_row)
    )


def liangjiang_annual_evaluation(
    year: int, *, rectification_deadline: dt.date | None = None
) -> AnnualEvaluation:
    """The annual evaluation of the Liangjiang demo for ``year`` (2021–2023), ILLUSTRATIVE.

    Indicators from :func:`cityclimate.indicators.demo.liangjiang_inputs` (derived values
    preferred), task status on 31 December of ``year``, the plan's target statements checked
    for consistency; rectification deadline as in
    :func:`cityclimate.plan.annual_evaluation.annual_evaluation`.
    """
    return annual_evaluation_from_tables(
        load_liangjiang_indicators(),
        liangjiang_inputs(),
        load_liangjiang_tasks(),
        weights=read_demo_table(WEIGHTS),
        assignments=read_demo_table(ASSIGNMENTS),
        events=read_demo_table(EVENTS),
        year=year,
        rectification_deadline=rectification_deadline,
        target_statements=load_liangjiang_target_statements(),
    )
