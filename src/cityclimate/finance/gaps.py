"""The lever gap: per pathway lever, what the plan scenario needs against what projects deliver.

For each lever of the plan, the reduction the plan scenario *needs* is the lever's wedge against
the baseline in the target year (:func:`cityclimate.pathways.compute_wedges`, t CO2e a year);
the reduction the library *delivers* is the sum of the estimates (ex post where monitored) of the
lever's active projects (every stage but withdrawn); the gap is needed − delivered. Financing
needed and secured are summed over the same projects (万元)::

    gap_co2e_t(lever) = wedge(lever, target year) − Σ_projects reduction_co2e_t
    financing_gap(lever) = Σ financing_need − Σ financing_secured
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cityclimate.finance.model import Estimate, LeverGap, Project, Stage
from cityclimate.text import Text

#: The row of projects that implement no lever of the plan.
NO_LEVER = "(none)"


def project_lever(project: Project, type_levers: Mapping[str, str | None]) -> str | None:
    """The lever a project implements: its own, else its type's."""
    return project.lever or type_levers.get(project.project_type)


def lever_gaps(
    projects: Iterable[Project],
    estimates: Mapping[str, Estimate],
    needed_co2e_t: Mapping[str, float],
    lever_names: Mapping[str, Text],
    type_levers: Mapping[str, str | None],
) -> list[LeverGap]:
    """One :class:`LeverGap` per lever of ``lever_names`` (plan order), then projects on no lever.

    Parameters
    ----------
    projects, estimates:
        The library and its estimates by project id.
    needed_co2e_t:
        Lever → the plan scenario's wedge in the target year (levers the scenario does not move
        are absent: nothing needed from them, shown as ``None``).
    lever_names:
        The plan's levers (id → name), in the order to show.
    type_levers:
        Project type → its lever (``project_types.csv``).
    """
    groups: dict[str, list[Project]] = {lever: [] for lever in lever_names}
    for p in projects:
        if p.stage is Stage.WITHDRAWN:
            continue
        lever = project_lever(p, type_levers)
        groups.setdefault(
            lever if lever is not None and lever in lever_names else NO_LEVER, []
        ).append(p)
    out: list[LeverGap] = []
    for lever, members in groups.items():
        delivered = sum(
            (estimates[p.project_id].reduction_co2e_t or 0.0)
            for p in members
            if p.project_id in estimates
        )
        needed = needed_co2e_t.get(lever)
        need = sum(p.financing_need_wan_yuan for p in members)
        secured = sum(p.financing_secured_wan_yuan for p in members)
        out.append(
            LeverGap(
                lever=lever,
                name=lever_names.get(lever, Text("未对应杠杆的项目", "projects on no plan lever")),
                needed_co2e_t=needed,
                delivered_co2e_t=delivered,
                gap_co2e_t=None if needed is None else needed - delivered,
                financing_need_wan_yuan=need,
                financing_secured_wan_yuan=secured,
                financing_gap_wan_yuan=need - secured,
                project_ids=tuple(sorted(p.project_id for p in members)),
            )
        )
    return out
