"""What a financier finds: published projects that pass a filter, best reduction per 万元 first.

Reduction per 万元 is the annual reduction (t CO2e a year, ex post where monitored) divided by
the total investment (万元); adaptation projects have none and pass only filters that do not
ask for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cityclimate.finance.model import PUBLISHED_STAGES, Estimate, Project, ProjectFilter


def reduction_per_wan_yuan(project: Project, estimate: Estimate | None) -> float | None:
    """t CO2e a year per 万元 of investment (``None`` without a reduction or an investment)."""
    if estimate is None or estimate.reduction_co2e_t is None or project.investment_wan_yuan <= 0:
        return None
    return estimate.reduction_co2e_t / project.investment_wan_yuan


def passes(project: Project, estimate: Estimate | None, f: ProjectFilter) -> bool:
    """Whether ``project`` is published and meets every condition ``f`` gives."""
    if project.stage not in PUBLISHED_STAGES:
        return False
    if f.project_types and project.project_type not in f.project_types:
        return False
    if f.stages and project.stage not in f.stages:
        return False
    if f.catalogue_code and not any(
        f.catalogue_code in (f"{c}:{code}", code)
        for c, codes in project.catalogue_codes.items()
        for code in codes
    ):
        return False
    if (
        f.min_investment_wan_yuan is not None
        and project.investment_wan_yuan < f.min_investment_wan_yuan
    ):
        return False
    if (
        f.max_investment_wan_yuan is not None
        and project.investment_wan_yuan > f.max_investment_wan_yuan
    ):
        return False
    if f.instrument and f.instrument not in project.instruments:
        return False
    if f.min_reduction_t_per_wan_yuan is not None:
        rate = reduction_per_wan_yuan(project, estimate)
        if rate is None or rate < f.min_reduction_t_per_wan_yuan:
            return False
    return True


def find_projects(
    projects: Iterable[Project], estimates: Mapping[str, Estimate], f: ProjectFilter
) -> list[Project]:
    """Published projects that pass ``f``, highest reduction per 万元 first (then by id)."""
    found = [p for p in projects if passes(p, estimates.get(p.project_id), f)]
    return sorted(
        found,
        key=lambda p: (
            -(reduction_per_wan_yuan(p, estimates.get(p.project_id)) or -1.0),
            p.project_id,
        ),
    )
