"""The Liangjiang pathway study of the shipped demo (for the CLI's ``--demo`` and the notebooks).

ILLUSTRATIVE: the inventory is the demo inventory calibrated to the plan's totals; the drivers
and lever strengths are invented. The platform's pathways never read this module: they run on
the stored plan and the stored published inventories (:mod:`cityclimate.services.pathways`).

>>> from cityclimate.demo.pathways import liangjiang_study
>>> liangjiang_study(runs=0).results["plan"].peak.year < 2035
True
"""

from __future__ import annotations

from collections.abc import Mapping

from cityclimate.demo import liangjiang
from cityclimate.indicators import load_liangjiang_indicators
from cityclimate.inventory import compute_emissions
from cityclimate.pathways.levers import load_levers
from cityclimate.pathways.model import Lever, PathwayStructure, Scenario
from cityclimate.pathways.scenarios import SHIPPED_SCENARIOS, parse_scenario, shipped_resolver
from cityclimate.pathways.structure import load_sector_value_added, load_structure
from cityclimate.pathways.study import Study, build_study

NOTICE_ZH = (
    "示例数据：两江新区排放路径的驱动因素、杠杆力度与目标均为示意性假设，并非统计数据或规划数值。"
)
NOTICE_EN = (
    "ILLUSTRATIVE: the Liangjiang pathway drivers, lever strengths and targets are invented for "
    "the demo; they are not statistics or the plan's figures."
)


def liangjiang_scenarios(
    structure: PathwayStructure | None = None, levers: Mapping[str, Lever] | None = None
) -> list[Scenario]:
    """The three shipped scenarios (baseline, plan, enhanced), ILLUSTRATIVE."""
    structure = structure or load_structure("liangjiang")
    levers = levers or load_levers()
    return [
        parse_scenario(*shipped_resolver(name), structure, levers) for name in SHIPPED_SCENARIOS
    ]


def liangjiang_study(*, runs: int = 1000, seed: int = 20260125) -> Study:
    """The Liangjiang demo: three scenarios, wedges, Monte Carlo and the 2019→2020 LMDI.

    Everything in it is ILLUSTRATIVE (:data:`NOTICE_EN`): the inventory is the demo inventory
    calibrated to the plan's totals, the drivers and lever strengths are invented.
    """
    structure = load_structure("liangjiang")
    levers = load_levers()
    emissions = compute_emissions(liangjiang.activities(), liangjiang.method())
    return build_study(
        emissions,
        structure,
        levers,
        liangjiang_scenarios(structure, levers),
        load_liangjiang_indicators(),
        runs=runs,
        seed=seed,
        sector_value_added=load_sector_value_added("liangjiang"),
        decomposition_years=(2019, 2020),
    )
