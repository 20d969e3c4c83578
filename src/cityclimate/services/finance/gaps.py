"""The lever gap page's figures: the plan scenario's wedges against the library's projects.

The need per lever is the lever's wedge (:func:`cityclimate.services.pathways.wedges`: the
Shapley reduction of the plan scenario against the baseline) in the chosen year, from the
territory's stored plan calibrated to its published inventory; the delivery and the financing
are the library's (:func:`cityclimate.finance.gaps.lever_gaps`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.finance.catalogues import project_types
from cityclimate.finance.gaps import lever_gaps
from cityclimate.finance.model import LeverGap
from cityclimate.services import pathways, plans
from cityclimate.services.actors import Actor
from cityclimate.services.finance.library import estimates, list_projects
from cityclimate.text import Text

#: The plan scenario's name in a plan pack (else the first scenario after the baseline).
PLAN_SCENARIO = "plan"


@dataclass(frozen=True)
class GapReport:
    """The gaps of a territory's levers in one year of one scenario."""

    territory: str
    scenario: str
    year: int
    years: tuple[int, ...]
    gaps: tuple[LeverGap, ...]
    illustrative: bool
    notice: Text
    #: the scenario's title (its name where it has none)
    scenario_name: Text


def gap_report(
    session: Session,
    actor: Actor,
    territory: str | None = None,
    scenario: str | None = None,
    year: int | None = None,
) -> GapReport:
    """Per lever: needed, delivered, gap; financing needed and secured (see the module doc).

    ``year`` defaults to the plan period's last year when modelled, else the last modelled year.

    Raises
    ------
    NotFoundError
        No stored plan or no published inventory of the territory.
    DataValidationError
        An unknown scenario, the baseline itself, or a year the scenario does not model.
    """
    ctx = pathways.context(session, territory)
    names = [n for n in ctx.scenarios if n != ctx.baseline]
    chosen = scenario or (PLAN_SCENARIO if PLAN_SCENARIO in names else (names or [ctx.baseline])[0])
    if chosen not in names:
        raise DataValidationError(
            [Problem("gaps", None, "scenario", chosen,
                     f"请选择规划的情景之一：{'、'.join(names)}",
                     f"choose one of the plan's scenarios: {', '.join(names)}")]
        )  # fmt: skip
    wedges = pathways.wedges(ctx, ctx.scenarios[chosen])
    years = tuple(int(y) for y in wedges.years) if wedges is not None else ()
    period_end = plans.get_plan(session, ctx.territory).pack.header.period_end
    target = year if year is not None else (period_end if period_end in years else years[-1])
    if target not in years:
        raise DataValidationError(
            [Problem("gaps", None, "year", str(target),
                     f"情景模拟的年份为 {years[0]}–{years[-1]}",
                     f"the scenario models {years[0]}-{years[-1]}")]
        )  # fmt: skip
    needed: dict[str, float] = {}
    if wedges is not None:
        at = years.index(target)
        for i, lever in enumerate(wedges.players):
            needed[lever] = float(wedges.reduction_t[i, at])
    lever_names = {k: Text(v.name_zh, v.name_en) for k, v in ctx.levers.items()}
    type_levers = {
        r["type"]: r["lever"] for r in project_types().select("type", "lever").iter_rows(named=True)
    }
    projects = list_projects(session, actor, ctx.territory)
    gaps = lever_gaps(projects, estimates(session, projects), needed, lever_names, type_levers)
    shown = ctx.scenarios[chosen]
    title = Text(shown.title_zh or chosen, shown.title_en or shown.title_zh or chosen)
    return GapReport(
        ctx.territory, chosen, target, years, tuple(gaps), ctx.illustrative, ctx.notice, title
    )
