"""The Liangjiang pathway study of the shipped demo (for the CLI's ``--demo`` and the notebooks).

ILLUSTRATIVE: the inventory is the demo inventory calibrated to the plan's totals; the drivers
and lever strengths are invented. The platform's pathways never read this module: they run on
the stored plan and the stored published inventories (:mod:`cityclimate.services.pathways`).

>>> from cityclimate.demo.pathways import liangjiang_study
>>> liangjiang_study(runs=0).results["plan"].peak.year < 2035
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache
from typing import Any

import polars as pl

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions
from cityclimate.pathways.model import Lever, PathwayStructure, Scenario
from cityclimate.pathways.rebase import sector_value_added
from cityclimate.pathways.scenarios import parse_scenario, parse_toml, unknown_scenario
from cityclimate.pathways.study import Study, build_study
from cityclimate.planpack.model import SCENARIOS, PlanPack
from cityclimate.planpack.read import parse_plan_pack

NOTICE_ZH = (
    "示例数据：两江新区排放路径的驱动因素、杠杆力度与目标均为示意性假设，并非统计数据或规划数值。"
)
NOTICE_EN = (
    "ILLUSTRATIVE: the Liangjiang pathway drivers, lever strengths and targets are invented for "
    "the demo; they are not statistics or the plan's figures."
)


@cache
def plan_pack() -> PlanPack:
    """The Liangjiang plan pack (:func:`cityclimate.demo.liangjiang.plan_pack_files`), read."""
    return parse_plan_pack(liangjiang.plan_pack_files())


def scenario_names() -> tuple[str, ...]:
    """The pack's scenarios, the baseline first."""
    return tuple(s.name for s in plan_pack().pathways.scenarios)


def scenario_text(name: str) -> str:
    """A scenario file of the pack as written (with its comments and ``inherits``)."""
    return liangjiang.plan_pack_files()[f"{SCENARIOS}{name}.toml"].decode("utf-8")


def resolver(name: str) -> tuple[dict[str, Any], str]:
    """Resolve ``inherits`` among the pack's scenarios."""
    if name not in scenario_names():
        raise unknown_scenario(name, scenario_names())
    return parse_toml(scenario_text(name), f"{name}.toml"), f"{name}.toml"


def liangjiang_scenarios(
    structure: PathwayStructure | None = None, levers: Mapping[str, Lever] | None = None
) -> list[Scenario]:
    """The pack's scenarios (baseline, plan, enhanced) with the pack's targets, ILLUSTRATIVE."""
    pack = plan_pack()
    if structure is None and levers is None:
        return list(pack.pathways.scenarios)
    structure = structure or pack.pathways.structure
    levers = levers or pack.pathways.levers
    return [
        dataclasses.replace(
            parse_scenario(*resolver(name), structure, levers, resolver),
            city_targets=pack.city_targets,
        )
        for name in scenario_names()
    ]


def liangjiang_study(*, runs: int = 1000, seed: int = 20260125) -> Study:
    """The Liangjiang demo: three scenarios, wedges, Monte Carlo and the 2019→2020 LMDI.

    Everything in it is ILLUSTRATIVE (:data:`NOTICE_EN`): the inventory is the demo inventory
    calibrated to the plan's totals, the drivers and lever strengths are invented. Structure,
    levers, scenarios and targets are the plan pack's (the same the platform stores), the
    sectors' value added comes from the demo's socio-economic inputs.
    """
    pack = plan_pack()
    return build_study(
        emissions(),
        pack.pathways.structure,
        pack.pathways.levers,
        list(pack.pathways.scenarios),
        pack.indicators,
        runs=runs,
        seed=seed,
        sector_value_added=value_added(),
        decomposition_years=(2019, 2020),
    )


def emissions() -> pl.DataFrame:
    """Record-level emissions of the demo inventory (2019, 2020)."""
    return compute_emissions(liangjiang.activities(), liangjiang.method())


def value_added() -> pl.DataFrame:
    """Sector value added of the demo years (万元), from its socio-economic inputs and the pack's
    sector shares (:func:`cityclimate.pathways.rebase.sector_value_added`)."""
    inputs = {row["year"]: row for row in liangjiang.socioeconomic().to_dicts()}
    return sector_value_added(plan_pack().pathways.structure, inputs)
