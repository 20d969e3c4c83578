"""Types of the climate investment and financing library: projects, stages, estimates, gaps.

A *project* is one entry of a pilot's project library (项目库): who owns it, where it is, what
kind of project it is (its *type*, which names the estimation method and the pathway lever it
implements), its catalogue tags, money in 万元 and the activity inputs its benefit is computed
from. Money is always in 万元 (10⁴ CNY), reductions in t CO2e a year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cityclimate.errors import CityClimateError
from cityclimate.text import Text


class ClimateType(StrEnum):
    """T/CSTE 0061-2021 class of a project."""

    MITIGATION = "mitigation"
    ADAPTATION = "adaptation"
    BOTH = "both"


class Stage(StrEnum):
    """Stages of a library project (申报 → 审核入库 → 推介 → 融资 → 建设 → 运营 → 出库)."""

    DECLARED = "declared"
    ADMITTED = "admitted"
    PROMOTED = "promoted"
    FINANCING = "financing"
    CONSTRUCTION = "construction"
    OPERATION = "operation"
    WITHDRAWN = "withdrawn"


STAGE_NAMES: dict[Stage, Text] = {
    Stage.DECLARED: Text("申报", "declared"),
    Stage.ADMITTED: Text("审核入库", "admitted"),
    Stage.PROMOTED: Text("推介", "promoted"),
    Stage.FINANCING: Text("融资", "financing"),
    Stage.CONSTRUCTION: Text("建设", "construction"),
    Stage.OPERATION: Text("运营", "operation"),
    Stage.WITHDRAWN: Text("出库", "withdrawn"),
}

#: Stages in which a project is published (seen by financiers and on the public library page).
PUBLISHED_STAGES = frozenset({Stage.PROMOTED, Stage.FINANCING, Stage.CONSTRUCTION, Stage.OPERATION})

#: Financing instruments a project may name.
INSTRUMENTS: dict[str, Text] = {
    "green_loan": Text("绿色信贷", "green loan"),
    "green_bond": Text("绿色债券", "green bond"),
    "fund": Text("基金", "fund"),
    "insurance": Text("保险", "insurance"),
    "carbon_credit_revenue": Text("碳减排收益", "carbon-credit revenue"),
}


class FinanceError(CityClimateError):
    """A step the library's rules refuse (a stage change, a claim, a catalogue tag)."""


@dataclass(frozen=True)
class Project:
    """One project of the library.

    Attributes
    ----------
    project_id:
        The library's number (e.g. ``"LJ-CF-001"``).
    owner_uscc, owner_name, owner_contact:
        The owner enterprise; the contact is never shown to the public.
    territory, sub_area, location:
        Where it is (territory and sub-area codes; free-text address).
    project_type:
        A type of ``finance/data/project_types.csv`` (names method and lever).
    climate_type:
        Mitigation, adaptation or both (T/CSTE 0061-2021).
    catalogue_codes:
        Catalogue → codes (``{"green_bond": ("3",), "transition": ("4",)}``).
    investment_wan_yuan, phasing_wan_yuan:
        Total investment and its spending by year (万元).
    financing_need_wan_yuan, financing_secured_wan_yuan:
        External financing sought and the part already secured (万元).
    instruments:
        Keys of :data:`INSTRUMENTS`.
    operation_year:
        First full year of operation (the year of the estimate's factors).
    inputs:
        Activity inputs of the type's method (``project_inputs.csv``), in the units listed there.
    lever:
        The pathway lever it implements; ``None`` → the type's lever.
    illustrative:
        Made-up demonstration data (shown as such).
    """

    project_id: str
    name_zh: str
    name_en: str
    owner_uscc: str
    owner_name: str
    territory: str
    project_type: str
    climate_type: ClimateType
    investment_wan_yuan: float
    financing_need_wan_yuan: float
    operation_year: int
    stage: Stage = Stage.DECLARED
    sub_area: str | None = None
    location: str = ""
    owner_contact: str = ""
    catalogue_codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    phasing_wan_yuan: Mapping[int, float] = field(default_factory=dict)
    financing_secured_wan_yuan: float = 0.0
    instruments: tuple[str, ...] = ()
    inputs: Mapping[str, float] = field(default_factory=dict)
    lever: str | None = None
    description: str = ""
    illustrative: bool = False

    @property
    def name(self) -> Text:
        return Text(self.name_zh, self.name_en)


@dataclass(frozen=True)
class FactorUsed:
    """One factor an estimate used, as the inventory engine selected it."""

    side: str
    category: str
    fuel: str
    gas: str
    activity_value: float
    activity_unit: str
    factor_value: float
    factor_id: str
    factor_level: str
    factor_source: str
    selection_reason: str
    co2e_t: float


@dataclass(frozen=True)
class Estimate:
    """An annual reduction of a project: method, inputs, factors, year and the figures.

    ``reduction_co2e_t`` is ``baseline_co2e_t − project_co2e_t`` (t CO2e a year, positive when
    the project lowers emissions or adds removals); ``None`` for an adaptation project, whose
    benefit is ``benefit_indicators``. ``basis`` is ``"ex_ante"`` or ``"ex_post"``.
    """

    project_type: str
    method: Text
    method_source: str
    year: int
    inputs: Mapping[str, float]
    input_units: Mapping[str, str]
    baseline_co2e_t: float | None
    project_co2e_t: float | None
    reduction_co2e_t: float | None
    factors: tuple[FactorUsed, ...] = ()
    benefit_indicators: Mapping[str, float] = field(default_factory=dict)
    basis: str = "ex_ante"
    gwp_set: str = "AR5"


@dataclass(frozen=True)
class StageEvent:
    """One change of stage: from, to, on which date, why, by whom."""

    project_id: str
    from_stage: Stage | None
    to_stage: Stage
    on: date
    reason: str
    by: str = ""


@dataclass(frozen=True)
class LeverGap:
    """Per pathway lever: what the plan scenario needs against what the library delivers.

    ``needed_co2e_t`` is the lever's wedge in the plan scenario's target year (t CO2e a year);
    ``delivered_co2e_t`` the sum of the estimates of the lever's active projects;
    ``gap_co2e_t = needed − delivered`` (negative: the projects deliver more than needed).
    Financing in 万元.
    """

    lever: str
    name: Text
    needed_co2e_t: float | None
    delivered_co2e_t: float
    gap_co2e_t: float | None
    financing_need_wan_yuan: float
    financing_secured_wan_yuan: float
    financing_gap_wan_yuan: float
    project_ids: tuple[str, ...]


@dataclass(frozen=True)
class ProjectFilter:
    """What a financier looks for (every field optional; all given must hold)."""

    project_types: tuple[str, ...] = ()
    catalogue_code: str | None = None
    stages: tuple[Stage, ...] = ()
    min_investment_wan_yuan: float | None = None
    max_investment_wan_yuan: float | None = None
    min_reduction_t_per_wan_yuan: float | None = None
    instrument: str | None = None
