"""Types of the indicator and target system (MISSION R3): definitions, values, findings.

An indicator is defined by data (``data/liangjiang_indicators.csv``, one row per indicator or
sub-limit, each with its source); these dataclasses are the typed form of a row. Observed
values carry their unit and their :class:`Provenance` (entered by hand, or derived from data)
so both kinds can be kept side by side for the same indicator and year.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Nature(StrEnum):
    """Nature of an indicator in Chinese planning practice."""

    #: 约束性: pass/fail in the target-responsibility assessment, with a veto.
    BINDING = "binding"
    #: 预期性: scored by degree of completion.
    EXPECTED = "expected"

    @property
    def label_zh(self) -> str:
        """Chinese name of the nature (约束性 / 预期性)."""
        return {"binding": "约束性", "expected": "预期性"}[self.value]


class Direction(StrEnum):
    """Direction in which the *underlying quantity* should move.

    For a reduction indicator (e.g. energy per unit GDP) the underlying intensity should
    ``decrease``; the reported value, the cumulative reduction in %, then rises.
    """

    DECREASE = "decrease"
    INCREASE = "increase"


class TargetKind(StrEnum):
    """What kind of target an indicator has."""

    #: A level to reach by the target year (e.g. green coverage 45.5 %); more is better when
    #: the direction is ``increase``, less when ``decrease``.
    LEVEL = "level"
    #: An upper limit (≤), e.g. data-centre PUE ≤ 1.25.
    CEILING = "ceiling"
    #: A lower limit (≥), e.g. park green space ≥ 20 m² per person.
    FLOOR = "floor"
    #: Reduction of an intensity over the plan period, in % of the base-year intensity.
    INTENSITY_REDUCTION = "intensity_reduction"
    #: A five-year cumulative reduction, written ``[ ]`` / ``【 】`` in plan tables.
    FIVE_YEAR_CUMULATIVE_REDUCTION = "five_year_cumulative_reduction"

    @property
    def is_reduction(self) -> bool:
        """True for the two reduction kinds (value reported as a cumulative % reduction)."""
        return self in (TargetKind.INTENSITY_REDUCTION, TargetKind.FIVE_YEAR_CUMULATIVE_REDUCTION)


class TargetRule(StrEnum):
    """Where the target value comes from."""

    #: The value is in the definition file.
    VALUE = "value"
    #: 由市级下达: the city assigns it; users supply it as a :class:`CityTarget`.
    SET_BY_CITY = "set_by_city"


class ProgressMethod(StrEnum):
    """How the target path and the progress ratio of an indicator are computed.

    Equations in :mod:`cityclimate.indicators.progress`. Each indicator states its own
    method (``progress_method`` in the definition table); a user may evaluate every indicator
    with one method instead (``--progress-method``, ``?progress_method=``).
    """

    #: Compound path (Open SDG's computation: compound annual growth rate of the value, or
    #: for reductions the even annual rate of decline 年均下降率 behind 序时进度).
    COMPOUND = "compound"
    #: Linear path: an equal share of the change each year (时间过半、任务过半).
    LINEAR = "linear"

    @property
    def label_zh(self) -> str:
        """Chinese name of the method."""
        return {"compound": "复合增长路径（可持续发展目标进展评估法）", "linear": "线性路径"}[
            self.value
        ]

    @property
    def label_en(self) -> str:
        """English name of the method."""
        return {"compound": "compound path (Open SDG)", "linear": "linear path"}[self.value]


def default_progress_method(kind: TargetKind) -> ProgressMethod:
    """The method used when a definition table leaves ``progress_method`` empty.

    Reductions follow the even annual rate of decline (compound, NDRC practice for five-year
    intensity targets); levels, ceilings and floors the linear path (Chinese practice for
    level targets).
    """
    return ProgressMethod.COMPOUND if kind.is_reduction else ProgressMethod.LINEAR


class Provenance(StrEnum):
    """How an observed value came about."""

    ENTERED_BY_HAND = "entered_by_hand"
    DERIVED_FROM_DATA = "derived_from_data"


#: Department value used when the plan text does not name a responsible department.
UNKNOWN_DEPARTMENT = "unknown"


@dataclass(frozen=True)
class IndicatorDefinition:
    """One indicator (or one sub-limit of an indicator) of the plan's indicator system.

    Attributes
    ----------
    number:
        Row number in the plan's indicator table (Table 1: 1–13). Sub-limits share a number.
    id:
        Stable identifier, e.g. ``"energy_intensity_reduction"``.
    sub_limit:
        Name of the sub-limit (``"new"``, ``"existing"``, ``"national_hub"`` for data-centre
        PUE), or ``None``.
    category_zh, category_en:
        Indicator class in the table (综合性指标 …).
    name_zh, name_en:
        Name in Chinese and English.
    unit:
        Unit of the reported value, parseable by :func:`cityclimate.units.parse_unit`
        (``"%"``, ``"dimensionless"``, ``"m2/person"``). For reduction kinds it is the unit of
        the cumulative reduction since the base year (%).
    nature, direction, target_kind, target_rule:
        See the enums.
    base_year, base_value:
        Base year and value; ``base_value`` is ``None`` where the table gives '–'.
    target_year, target_value:
        Target year and value; ``target_value`` is ``None`` when ``target_rule`` is
        ``set_by_city`` (never a constant in code).
    valid_min, valid_max:
        Range a reported value must lie in (``None`` = open), e.g. 0–100 for shares.
    department_responsible:
        Responsible department, or ``"unknown"`` when the plan text does not name one.
    department_basis:
        Where the department comes from, or why it is unknown.
    source:
        Table, row and document the definition comes from.
    progress_method:
        How the target path and progress ratio are computed (:class:`ProgressMethod`); an
        optional column; empty (``None``) = :func:`default_progress_method` of the target kind.
    """

    number: int
    id: str
    sub_limit: str | None
    category_zh: str
    category_en: str
    name_zh: str
    name_en: str
    unit: str
    nature: Nature
    direction: Direction
    base_year: int
    base_value: float | None
    target_year: int
    target_value: float | None
    target_rule: TargetRule
    target_kind: TargetKind
    valid_min: float | None
    valid_max: float | None
    department_responsible: str
    department_basis: str
    source: str
    progress_method: ProgressMethod | None = None

    @property
    def method(self) -> ProgressMethod:
        """The progress method in force: the stated one, else the target kind's default."""
        if self.progress_method is not None:
            return self.progress_method
        return default_progress_method(self.target_kind)

    @property
    def years(self) -> int:
        """Length of the target period in years (target year − base year)."""
        return self.target_year - self.base_year

    @property
    def higher_is_better(self) -> bool:
        """True when a larger reported value is better.

        Reductions are reported as a cumulative reduction (%): larger is better. Other kinds
        follow :attr:`direction`.
        """
        if self.target_kind.is_reduction:
            return True
        return self.direction is Direction.INCREASE


@dataclass(frozen=True)
class CityTarget:
    """A target value assigned by the city (由市级下达) for a ``set_by_city`` indicator.

    Attributes
    ----------
    indicator_id:
        The indicator it sets.
    value, unit:
        The target, e.g. ``13.5`` ``"%"`` for a five-year cumulative reduction of 13.5 %.
    source:
        The document that assigns it (e.g. a city notice number). Required.
    """

    indicator_id: str
    value: float
    unit: str
    source: str


@dataclass(frozen=True)
class IndicatorValue:
    """An observed value of an indicator for one year.

    Attributes
    ----------
    indicator_id, year:
        What and when.
    value, unit:
        The value and its unit. For reduction indicators: cumulative reduction of the
        intensity since the base year, in % (positive = the intensity fell).
    provenance:
        Entered by hand, or derived from data by a function of
        :mod:`cityclimate.indicators.derived`.
    source:
        Where the value comes from (statistical yearbook, department, calculation).
    derivation:
        For derived values: how it was computed (inputs and equation), else ``""``.
    """

    indicator_id: str
    year: int
    value: float
    unit: str
    provenance: Provenance = Provenance.ENTERED_BY_HAND
    source: str = ""
    derivation: str = ""


@dataclass(frozen=True)
class AnnualSeries:
    """A yearly series of one quantity with its unit, e.g. energy use or constant-price GDP.

    Attributes
    ----------
    quantity:
        What it is, e.g. ``"energy consumption"``, ``"GDP"``.
    unit:
        Unit of every value, e.g. ``"万tce"``, ``"万元"``.
    values:
        Year → value.
    price_base_year:
        For money series: the year whose prices the values are expressed in (constant
        prices). ``None`` for physical quantities.
    source:
        Where the series comes from.
    """

    quantity: str
    unit: str
    values: Mapping[int, float]
    price_base_year: int | None = None
    source: str = ""


@dataclass(frozen=True)
class TargetStatement:
    """A statement of an indicator's base or target value in one source.

    Several statements of the same figure (the plan's table and its text) are compared by
    :func:`cityclimate.indicators.quality.check_target_consistency`.

    Attributes
    ----------
    indicator_id:
        The indicator.
    statement:
        ``"base"`` or ``"target"``.
    year:
        The year the figure is for.
    comparator:
        ``"<="``, ``">="``, ``"="`` or ``None`` when the source gives no figure ('–').
    value, unit:
        The figure (``None`` when not given) and its unit.
    scope_zh, scope_en:
        What the figure covers in that source (e.g. 新建大型、超大型数据中心).
    source:
        The source and location.
    """

    indicator_id: str
    statement: str
    year: int
    comparator: str | None
    value: float | None
    unit: str
    scope_zh: str
    scope_en: str
    source: str


@dataclass(frozen=True)
class ProgressBand:
    """One band of the Open SDG progress ratio (see ``data/progress_bands.csv``).

    ``ratio_min`` is inclusive, ``ratio_max`` exclusive; ``None`` is unbounded.
    """

    status: str
    label_zh: str
    label_en: str
    ratio_min: float | None
    ratio_max: float | None
    rank: int
    source: str

    def contains(self, ratio: float) -> bool:
        """Return True when ``ratio`` falls in this band."""
        low = -math.inf if self.ratio_min is None else self.ratio_min
        high = math.inf if self.ratio_max is None else self.ratio_max
        return low <= ratio < high


@dataclass(frozen=True)
class IndicatorInputs:
    """Everything an evaluation needs besides the definitions.

    Attributes
    ----------
    values:
        Observed values, any years, both provenances (entered by hand and derived from data:
        both are kept; the evaluation picks one, see
        :func:`cityclimate.indicators.evaluation.pick_values`).
    base_values:
        Base-year values for indicators whose definition has none ('–' in the plan table).
    city_targets:
        Targets assigned by the city (由市级下达) for ``set_by_city`` indicators.
    notice_zh, notice_en:
        A notice every output must show, e.g. that the data are illustrative; ``""`` if none.
    """

    values: tuple[IndicatorValue, ...] = ()
    base_values: tuple[IndicatorValue, ...] = ()
    city_targets: tuple[CityTarget, ...] = ()
    notice_zh: str = ""
    notice_en: str = ""

    @property
    def illustrative(self) -> bool:
        """True when the inputs carry a notice (the demo's illustrative values)."""
        return bool(self.notice_zh or self.notice_en)
