"""Carbon-peak pathways (MISSION R5, R6): scenarios, levers, peak, wedges, LMDI, Monte Carlo.

Pure core: data in, data out.

>>> from cityclimate.pathways import load_levers
>>> "nev_cars" in load_levers()
True

A territory's pathways run on its stored plan and published inventories
(:mod:`cityclimate.services.pathways`); the Liangjiang study of the shipped demo is
``liangjiang_study`` in the demo package (``demo/pathways.py``).

- :mod:`~cityclimate.pathways.model`: types.
- :mod:`~cityclimate.pathways.levers`: levers as data (``data/levers.toml``), ramps.
- :mod:`~cityclimate.pathways.scenarios`: TOML scenarios that inherit, validation, writing.
- :mod:`~cityclimate.pathways.structure`: model structure, calibration to the inventory.
- :mod:`~cityclimate.pathways.engine`: the vectorised year-by-year model, peak, targets.
- :mod:`~cityclimate.pathways.wedges`: order-independent wedges (Shapley value).
- :mod:`~cityclimate.pathways.decomposition`: LMDI-I additive decomposition.
- :mod:`~cityclimate.pathways.uncertainty`: Monte Carlo, fan chart, probabilities.
- :mod:`~cityclimate.pathways.study`: scenarios side by side; the Liangjiang demo.
"""

from cityclimate.pathways.decomposition import (
    EFFECTS,
    Decomposition,
    decompose,
    inventory_input,
    lmdi_effects,
    pathway_input,
)
from cityclimate.pathways.engine import (
    KernelInputs,
    PreparedModel,
    find_peak,
    prepare_model,
    run_scenario,
    simulate,
)
from cityclimate.pathways.levers import load_levers, parse_levers, ramp
from cityclimate.pathways.model import (
    SECTORS,
    Calibration,
    Lever,
    LeverKind,
    LeverSetting,
    PathwayResult,
    PathwayStructure,
    Peak,
    Scenario,
    TargetOutcome,
)
from cityclimate.pathways.scenarios import (
    SHIPPED_SCENARIOS,
    parse_scenario,
    parse_toml,
    scenario_to_toml,
    shipped_resolver,
    shipped_scenario_text,
    unknown_scenario,
)
from cityclimate.pathways.structure import calibrate, load_sector_value_added, load_structure
from cityclimate.pathways.study import Study, build_study
from cityclimate.pathways.uncertainty import MonteCarloResult, monte_carlo
from cityclimate.pathways.wedges import Wedges, compute_wedges

__all__ = [
    "EFFECTS",
    "SECTORS",
    "SHIPPED_SCENARIOS",
    "Calibration",
    "Decomposition",
    "KernelInputs",
    "Lever",
    "LeverKind",
    "LeverSetting",
    "MonteCarloResult",
    "PathwayResult",
    "PathwayStructure",
    "Peak",
    "PreparedModel",
    "Scenario",
    "Study",
    "TargetOutcome",
    "Wedges",
    "build_study",
    "calibrate",
    "compute_wedges",
    "decompose",
    "find_peak",
    "inventory_input",
    "lmdi_effects",
    "load_levers",
    "load_sector_value_added",
    "load_structure",
    "monte_carlo",
    "parse_levers",
    "parse_scenario",
    "parse_toml",
    "pathway_input",
    "prepare_model",
    "ramp",
    "run_scenario",
    "scenario_to_toml",
    "shipped_resolver",
    "shipped_scenario_text",
    "simulate",
    "unknown_scenario",
]
