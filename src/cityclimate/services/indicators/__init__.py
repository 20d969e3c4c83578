"""Indicators and plan tracking (issue 6): the indicator board, manual values, the task board,
task status changes, the annual evaluation (assessment, rectification) and its publication.

The database holds what people enter: indicator values and targets (``indicator_entries``,
the rows of the core's indicator-values table), task events (status changes and evidence),
which department a user acts for, and which annual evaluations are published. Everything
else is the core: :func:`cityclimate.indicators.inputs.parse_indicator_inputs` validates
values (unit, year, range), :func:`cityclimate.plan.inputs.task_states_on` replays events
through the workflow, :func:`cityclimate.plan.inputs.annual_evaluation_from_tables`
evaluates. Derived indicators of the Liangjiang demo come from the core's demo inventory
(ILLUSTRATIVE, labelled so). The plan's task list is Liangjiang's: the plan territory is the
demo district.

One module per use case: :mod:`.plan_inputs` (what is stored and who sees which year),
:mod:`.evaluation` (the annual evaluation, assessment, publication, export),
:mod:`.indicator_board`, :mod:`.tasks` (departments and the task board), :mod:`.demo`.
"""

from cityclimate.services.indicators.demo import load_demo
from cityclimate.services.indicators.evaluation import (
    assessment,
    evaluation,
    publish_evaluation,
)
from cityclimate.services.indicators.indicator_board import add_entry, board, indicator_detail
from cityclimate.services.indicators.plan_inputs import (
    NOTICE,
    PLAN_TERRITORY,
    default_year,
    definitions,
    items,
    published_years,
    years,
)
from cityclimate.services.indicators.tasks import (
    add_task_event,
    department_of,
    departments,
    set_department,
    task_board,
)

__all__ = [
    "NOTICE",
    "PLAN_TERRITORY",
    "add_entry",
    "add_task_event",
    "assessment",
    "board",
    "default_year",
    "definitions",
    "department_of",
    "departments",
    "evaluation",
    "indicator_detail",
    "items",
    "load_demo",
    "publish_evaluation",
    "published_years",
    "set_department",
    "task_board",
    "years",
]
