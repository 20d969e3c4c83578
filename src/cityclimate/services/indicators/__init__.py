"""Indicators and plan tracking (issue 6): the indicator board, manual values, the task board,
task status changes, the annual evaluation (assessment, rectification) and its publication.

The database holds what people enter: indicator values and targets (``indicator_entries``,
the rows of the core's indicator-values table), task events (status changes and evidence),
which department a user acts for, and which annual evaluations are published. Everything
else is the core: :func:`cityclimate.indicators.inputs.parse_indicator_inputs` validates
values (unit, year, range), :func:`cityclimate.plan.inputs.task_states_on` replays events
through the workflow, :func:`cityclimate.plan.inputs.annual_evaluation_from_tables`
evaluates. Every use case takes the territory: its indicators, task tree, assignments, departments,
weights and grade bands are its STORED plan's (:mod:`cityclimate.services.plans`), and the
derived indicators come from its stored published inventories and socio-economic inputs
(:mod:`.derived`).

One module per use case: :mod:`.plan_inputs` (what is stored and who sees which year),
:mod:`.evaluation` (the annual evaluation, assessment, publication, export),
:mod:`.indicator_board`, :mod:`.tasks` (departments and the task board), :mod:`.derived`.
"""

from cityclimate.services.indicators.evaluation import (
    assessment,
    default_assessment_year,
    evaluation,
    publish_evaluation,
)
from cityclimate.services.indicators.indicator_board import (
    NOT_REPORTED,
    add_entry,
    board,
    import_values,
    indicator_detail,
)
from cityclimate.services.indicators.plan_inputs import (
    default_year,
    definitions,
    plan_of,
    published_years,
    territory_or_default,
    years,
)
from cityclimate.services.indicators.tasks import (
    add_task_event,
    department_of,
    departments,
    import_task_events,
    set_department,
    task_board,
)

__all__ = [
    "NOT_REPORTED",
    "add_entry",
    "add_task_event",
    "assessment",
    "board",
    "default_assessment_year",
    "default_year",
    "definitions",
    "department_of",
    "departments",
    "evaluation",
    "import_task_events",
    "import_values",
    "indicator_detail",
    "plan_of",
    "publish_evaluation",
    "published_years",
    "set_department",
    "task_board",
    "territory_or_default",
    "years",
]
