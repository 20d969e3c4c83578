"""Types of a plan pack: one territory's climate plan as data.

A plan pack is what a climate office needs to run its plan on the platform: the indicators
and their targets, the task tree with who does what by when, the departments and platform
companies, how departments are assessed, and the pathway model (sectors, drivers, levers,
scenarios). It travels as a folder of UTF-8 TOML/CSV files (:data:`PACK_FILES`) and is stored in
the database; :mod:`cityclimate.planpack.read` and :mod:`cityclimate.planpack.write` turn
file contents into a :class:`PlanPack` and back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from cityclimate.indicators.model import CityTarget, IndicatorDefinition, TargetStatement
from cityclimate.pathways.model import Lever, PathwayStructure, Scenario
from cityclimate.plan.assessment import AssessmentWeights
from cityclimate.plan.model import GradeBand, PlanItem, TaskAssignment

#: The pack's description (TOML).
PACK_TOML = "pack.toml"
#: Indicator definitions (columns of :class:`IndicatorDefinition`).
INDICATORS = "indicators.csv"
#: Base and target figures the plan document states (columns of :class:`TargetStatement`).
TARGET_STATEMENTS = "target_statements.csv"
#: Targets set by a higher level (由市级下达): the ONE source of each such target, read by
#: the indicator board and by every pathway scenario.
CITY_TARGETS = "targets.csv"
#: The task tree (columns of :class:`PlanItem`).
TASKS = "tasks.csv"
#: Departments and platform companies that lead, co-operate and are assessed.
DEPARTMENTS = "departments.csv"
#: Lead and co-operating departments and deadlines set by the office.
ASSIGNMENTS = "assignments.csv"
#: What each department is assessed on, with weights.
WEIGHTS = "weights.csv"
#: Assessment grade bands.
GRADES = "grades.csv"
#: Pathway model structure: drivers, lines, allocation of inventory records, sectors.
DRIVERS = "pathways/drivers.csv"
LINES = "pathways/lines.csv"
ALLOCATION = "pathways/allocation.csv"
SECTORS = "pathways/sectors.csv"
#: Levers of the pathway model (and the hydrogen factor).
LEVERS = "pathways/levers.toml"
#: Folder of the scenarios (one TOML file each; the baseline is named in ``pack.toml``).
SCENARIOS = "pathways/scenarios/"

#: Every file a pack must have (besides at least one scenario).
PACK_FILES = (
    PACK_TOML,
    INDICATORS,
    TARGET_STATEMENTS,
    CITY_TARGETS,
    TASKS,
    DEPARTMENTS,
    ASSIGNMENTS,
    WEIGHTS,
    GRADES,
    DRIVERS,
    LINES,
    ALLOCATION,
    SECTORS,
    LEVERS,
)


class DepartmentKind(StrEnum):
    """Who an assessed party is."""

    #: A government department (部门).
    DEPARTMENT = "department"
    #: A platform company (平台公司) owned by the district.
    PLATFORM_COMPANY = "platform_company"


@dataclass(frozen=True)
class Department:
    """A department or platform company that leads or co-operates on tasks and is assessed.

    ``name_zh`` is its identity: assignments and weights name it.
    """

    name_zh: str
    name_en: str
    kind: DepartmentKind
    source: str


@dataclass(frozen=True)
class PlanHeader:
    """What ``pack.toml`` says: whose plan, which plan, which years.

    Attributes
    ----------
    territory:
        Territory code (e.g. ``LJ-2016``).
    name_zh, name_en:
        Name of the plan.
    document_zh, document_en:
        Title (and number) of the plan document every ``source`` cites by chapter, section
        and table.
    period_start, period_end:
        Plan period (years, inclusive).
    base_year:
        Base year of the plan's indicators.
    pathway_base_year:
        Inventory year the pathway model is calibrated to by default (every scenario's
        base year).
    illustrative, notice_zh, notice_en:
        Whether (parts of) the pack are illustrative, and the notice shown with it.
    """

    territory: str
    name_zh: str
    name_en: str
    document_zh: str
    document_en: str
    period_start: int
    period_end: int
    base_year: int
    pathway_base_year: int
    illustrative: bool = False
    notice_zh: str = ""
    notice_en: str = ""


@dataclass(frozen=True)
class PlanPathways:
    """The pathway part of a plan: model structure, levers and scenarios (baseline first).

    The scenarios carry the pack's city targets (:data:`CITY_TARGETS`), never their own.
    """

    structure: PathwayStructure
    levers: Mapping[str, Lever]
    scenarios: tuple[Scenario, ...]


@dataclass(frozen=True)
class PlanPack:
    """One territory's plan as typed data (see the module docstring)."""

    header: PlanHeader
    indicators: tuple[IndicatorDefinition, ...]
    target_statements: tuple[TargetStatement, ...]
    city_targets: tuple[CityTarget, ...]
    items: tuple[PlanItem, ...]
    departments: tuple[Department, ...]
    assignments: tuple[TaskAssignment, ...]
    weights: tuple[AssessmentWeights, ...]
    grades: tuple[GradeBand, ...]
    pathways: PlanPathways
