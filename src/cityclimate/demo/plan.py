"""The Liangjiang plan-tracking demo, 2021–2023, in memory (for ``--demo`` in the CLI): the plan
pack's indicators, task tree, assignments, weights and grade bands, the demo's indicator inputs
(:func:`cityclimate.demo.indicators.liangjiang_inputs`) and its ILLUSTRATIVE task events
(``plan_events.csv``). The platform reads the same pack and events from the database after
``cityclimate demo load``."""

from __future__ import annotations

import datetime as dt

from cityclimate.demo import liangjiang
from cityclimate.demo.indicators import liangjiang_inputs
from cityclimate.indicators.model import ProgressMethod
from cityclimate.indicators.progress import with_progress_method
from cityclimate.plan.annual_evaluation import AnnualEvaluation, annual_evaluation
from cityclimate.plan.inputs import assign_tasks, parse_task_events, task_states_on
from cityclimate.plan.model import PlanItem


def liangjiang_items() -> list[PlanItem]:
    """The pack's task tree with its (illustrative) assignments applied."""
    pack = liangjiang.plan_pack()
    return assign_tasks(pack.items, pack.assignments)


def liangjiang_annual_evaluation(
    year: int,
    *,
    rectification_deadline: dt.date | None = None,
    method: ProgressMethod | None = None,
) -> AnnualEvaluation:
    """The annual evaluation of the Liangjiang demo for ``year`` (2021–2023), ILLUSTRATIVE;
    ``method`` evaluates every indicator with one progress method (``None``: each its own)."""
    pack = liangjiang.plan_pack()
    items = liangjiang_items()
    events = parse_task_events(liangjiang.plan_events(), "plan_events.csv", items, first_row=2)
    as_of = dt.date(year, 12, 31)
    return annual_evaluation(
        with_progress_method(pack.indicators, method),
        liangjiang_inputs(),
        items,
        task_states_on(items, events, as_of),
        pack.weights,
        year=year,
        as_of=as_of,
        rectification_deadline=rectification_deadline,
        grade_bands=pack.grades,
        target_statements=pack.target_statements,
    )
