"""Evaluate indicators against their targets for a year: target path, gap, progress status.

Notation: base year y₀, target year y_T, evaluated year y, n = y_T − y₀ (5 in a five-year
plan), t = y − y₀ (years elapsed, 1 ≤ t ≤ n).

The target path, the progress ratio and the status bands are :mod:`cityclimate.indicators.progress`.

Chinese assessment view
    Binding (约束性): met when the value is on or ahead of the target path for the year (序时
    进度); not met means a veto in the assessment. A ceiling without a base value is checked
    against the limit itself. Expected (预期性): a score of 100 × completion, where completion
    = achieved improvement / improvement required by the path, clipped to [0, 1]
    (100 when the target is met).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import polars as pl

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.indicators.model import (
    CityTarget,
    IndicatorDefinition,
    IndicatorValue,
    Nature,
    ProgressBand,
    Provenance,
    TargetKind,
    TargetRule,
)
from cityclimate.indicators.progress import (
    SLACK,
    LevelPath,
    ProgressStatus,
    annual_rate_for_reduction,
    default_bands,
    status_for_ratio,
    status_labels,
    target_path_value,
)
from cityclimate.units import conversion_factor


@dataclass(frozen=True)
class IndicatorEvaluation:
    """The evaluation of one indicator in one year.

    Attributes
    ----------
    indicator_id, number, name_zh, name_en, nature, year:
        What and when.
    unit:
        Unit of ``actual``, ``base_value``, ``target_value``, ``path_value`` and the gaps.
    actual, provenance:
        The value used (converted to ``unit``) and how it came about; ``None`` if missing.
    base_value, target_value, target_source:
        Base (0 for reductions: the reduction relative to the base year itself), target, and
        where the target comes from (the definition, or the city's document).
    path_value:
        Target path value for ``year`` (序时进度 for reductions).
    gap_to_path, gap_to_target:
        ``actual − path_value`` and ``actual − target_value`` in ``unit``. Whether a positive
        gap is good depends on the direction: see ``ahead_of_path``.
    required_rate, actual_rate, rate_unit:
        The rates whose ratio is the progress ratio (see the module docstring).
    progress_ratio:
        actual_rate / required_rate.
    status, status_zh, status_en:
        :class:`ProgressStatus` and its labels.
    binding_met:
        Binding indicators: on or ahead of the path (``None`` when not assessable);
        ``None`` for expected indicators.
    veto:
        True when a binding indicator is not met (一票否决).
    score:
        Expected indicators: 0–100 score by completion; ``None`` for binding ones and when
        not assessable.
    progress_method:
        The method the path and ratio were computed with (``compound`` or ``linear``).
    note_zh, note_en:
        Why something could not be assessed, or remarks.
    """

    indicator_id: str
    number: int
    name_zh: str
    name_en: str
    nature: Nature
    year: int
    unit: str
    actual: float | None
    provenance: Provenance | None
    base_value: float | None
    target_value: float | None
    target_source: str
    path_value: float | None
    gap_to_path: float | None
    gap_to_target: float | None
    ahead_of_path: bool | None
    required_rate: float | None
    actual_rate: float | None
    rate_unit: str
    progress_ratio: float | None
    status: ProgressStatus
    status_zh: str
    status_en: str
    binding_met: bool | None
    veto: bool
    score: float | None
    note_zh: str
    note_en: str
    progress_method: str = ""


def _problem(where: str, field: str, value: object, zh: str, en: str) -> DataValidationError:
    return DataValidationError([Problem(where, None, field, str(value), zh, en)])


def check_year(definition: IndicatorDefinition, year: int, *, where: str = "evaluation") -> None:
    """Raise when ``year`` is not a year of the plan period (base year + 1 … target year).

    Raises
    ------
    DataValidationError
        Naming the field ``year``.
    """
    if not definition.base_year < year <= definition.target_year:
        first, last = definition.base_year + 1, definition.target_year
        raise _problem(
            where,
            "year",
            year,
            f"年份 {year} 不在规划期内：指标“{definition.name_zh}”只能评估 {first}–{last} 年",
            f"year {year} is outside the plan period: indicator '{definition.id}' can be "
            f"evaluated for {first}-{last} only",
        )


def value_in_unit(definition: IndicatorDefinition, observed: IndicatorValue) -> float:
    """Check an observed value and return it in the indicator's unit.

    Raises
    ------
    DataValidationError
        Naming the field: ``indicator_id`` (not this indicator), ``year`` (outside the plan
        period), ``unit`` (not convertible to the indicator's unit) or ``value`` (not a
        finite number, or outside the valid range, e.g. a share above 100 %).
    """
    where = f"indicator value {observed.indicator_id} {observed.year}"
    if observed.indicator_id != definition.id:
        raise _problem(
            where,
            "indicator_id",
            observed.indicator_id,
            f"该数值属于指标“{observed.indicator_id}”，不是“{definition.id}”",
            f"the value belongs to '{observed.indicator_id}', not '{definition.id}'",
        )
    check_year(definition, observed.year, where=where)
    try:
        value = observed.value * conversion_factor(observed.unit, definition.unit)
    except UnitError as exc:
        raise _problem(
            where,
            "unit",
            observed.unit,
            f"指标“{definition.name_zh}”的单位应为 {definition.unit}：{exc.message_zh}",
            f"indicator '{definition.id}' is measured in {definition.unit}: {exc.message_en}",
        ) from exc
    if not math.isfinite(value):
        raise _problem(where, "value", observed.value, "数值不是有限数", "the value is not finite")
    low, high = definition.valid_min, definition.valid_max
    if (low is not None and value < low - SLACK) or (high is not None and value > high + SLACK):
        shown_low = "-∞" if low is None else f"{low:g}"
        shown_high = "+∞" if high is None else f"{high:g}"
        raise _problem(
            where,
            "value",
            observed.value,
            f"指标“{definition.name_zh}”的数值 {value:g} {definition.unit} 超出有效范围 "
            f"[{shown_low}, {shown_high}]（如比例不能超过100%）",
            f"value {value:g} {definition.unit} of '{definition.id}' is outside the valid range "
            f"[{shown_low}, {shown_high}] (a share cannot exceed 100 %)",
        )
    return value


def resolve_target(
    definition: IndicatorDefinition, city_target: CityTarget | None
) -> tuple[float | None, str]:
    """The target in the indicator's unit and its source: the definition's, or the city's.

    Returns
    -------
    tuple of (float or None, str)
        ``(None, "")`` for a ``set_by_city`` indicator without a city target.

    Raises
    ------
    DataValidationError
        When a city target is given for an indicator whose definition has one, belongs to
        another indicator, has no source, a wrong unit, or (reductions) lies outside
        (0, 100 %).
    """
    if definition.target_rule is TargetRule.VALUE:
        if city_target is not None:
            raise _problem(
                f"city target {city_target.indicator_id}",
                "indicator_id",
                city_target.indicator_id,
                f"指标“{definition.name_zh}”的目标已在定义中给出，不由市级下达",
                f"the target of '{definition.id}' is given in its definition, not set by the city",
            )
        return definition.target_value, definition.source
    if city_target is None:
        return None, ""
    where = f"city target {city_target.indicator_id}"
    if city_target.indicator_id != definition.id:
        raise _problem(
            where,
            "indicator_id",
            city_target.indicator_id,
            f"目标属于指标“{city_target.indicator_id}”，不是“{definition.id}”",
            f"the target belongs to '{city_target.indicator_id}', not '{definition.id}'",
        )
    if not city_target.source.strip():
        raise _problem(
            where,
            "source",
            "",
            "请填写下达目标的文件（来源）",
            "give the document that sets the target (source)",
        )
    try:
        value = city_target.value * conversion_factor(city_target.unit, definition.unit)
    except UnitError as exc:
        raise _problem(where, "unit", city_target.unit, exc.message_zh, exc.message_en) from exc
    high = definition.valid_max
    if definition.target_kind.is_reduction and not (0 < value < (high if high else math.inf)):
        raise _problem(
            where,
            "value",
            city_target.value,
            f"下降目标应大于0且小于{high:g}{definition.unit}",
            f"a reduction target must be above 0 and below {high:g} {definition.unit}",
        )
    return value, city_target.source


def evaluate_indicator(
    definition: IndicatorDefinition,
    year: int,
    actual: IndicatorValue | None,
    *,
    city_target: CityTarget | None = None,
    base_value: float | None = None,
    level_path: LevelPath | None = None,
    bands: Sequence[ProgressBand] | None = None,
) -> IndicatorEvaluation:
    """Evaluate one indicator in one year (equations in the module docstring).

    Parameters
    ----------
    definition:
        The indicator.
    year:
        Evaluated year, within the plan period (base year + 1 … target year).
    actual:
        Observed value for ``year`` (any unit convertible to the indicator's), or ``None``.
    city_target:
        The city's target for a ``set_by_city`` indicator (required to assess it).
    base_value:
        Base-year value in the indicator's unit, used when the definition has none ('–' in
        the table).
    level_path:
        ``"linear"`` or ``"compound"`` path for every kind; default (``None``) the
        definition's own :attr:`~cityclimate.indicators.model.IndicatorDefinition.method`.
    bands:
        Progress bands; default ``data/progress_bands.csv``.

    Returns
    -------
    IndicatorEvaluation

    Raises
    ------
    DataValidationError
        On a year outside the plan period, a value with a wrong unit or out of range, or a
        bad city target; the message names the field.
    """
    band_list = list(bands) if bands is not None else list(default_bands())
    check_year(definition, year)
    value = None if actual is None else value_in_unit(definition, actual)
    if actual is not None and actual.year != year:
        raise _problem(
            f"indicator value {actual.indicator_id}",
            "year",
            actual.year,
            f"数值年份 {actual.year} 与评估年份 {year} 不一致",
            f"the value is for {actual.year}, the evaluation for {year}",
        )
    target, target_source = resolve_target(definition, city_target)
    reduction = definition.target_kind.is_reduction
    base: float | None
    if reduction:
        base = 0.0
    elif definition.base_value is not None:
        base = definition.base_value
    else:
        base = base_value
    method = level_path or definition.method.value
    result = _Computation(
        definition, year=year, value=value, target=target, base=base, level_path=method
    )
    status = result.status(band_list)
    status_zh, status_en = status_labels(status, band_list)
    binding = definition.nature is Nature.BINDING
    binding_met = result.binding_met() if binding else None
    return IndicatorEvaluation(
        indicator_id=definition.id,
        number=definition.number,
        name_zh=definition.name_zh,
        name_en=definition.name_en,
        nature=definition.nature,
        year=year,
        unit=definition.unit,
        actual=value,
        provenance=None if actual is None else actual.provenance,
        base_value=base,
        target_value=target,
        target_source=target_source,
        path_value=result.path,
        gap_to_path=None if value is None or result.path is None else value - result.path,
        gap_to_target=None if value is None or target is None else value - target,
        ahead_of_path=result.ahead(),
        required_rate=result.required_rate,
        actual_rate=result.actual_rate,
        rate_unit=result.rate_unit,
        progress_ratio=result.ratio,
        status=status,
        status_zh=status_zh,
        status_en=status_en,
        binding_met=binding_met,
        veto=binding_met is False,
        score=None if binding else result.score(),
        note_zh=result.note_zh,
        note_en=result.note_en,
        progress_method=method,
    )


class _Computation:
    """Path, rates and ratio of one indicator-year (equations in the module docstring)."""

    def __init__(
        self,
        definition: IndicatorDefinition,
        *,
        year: int,
        value: float | None,
        target: float | None,
        base: float | None,
        level_path: LevelPath,
    ) -> None:
        self.definition = definition
        self.value = value
        self.target = target
        self.base = base
        self.sign = 1.0 if definition.higher_is_better else -1.0
        self.path: float | None = None
        self.required_rate: float | None = None
        self.actual_rate: float | None = None
        self.ratio: float | None = None
        self.rate_unit = ""
        self.note_zh = ""
        self.note_en = ""
        n = definition.years
        t = year - definition.base_year
        if target is None:
            self._note(
                "目标未给出（由市级下达的目标请作为输入提供）",
                "no target (supply the target set by the city as an input)",
            )
            return
        self.path = target_path_value(
            definition, year, target_value=target, base_value=base, level_path=level_path
        )
        if value is None:
            self._note("缺少该年的指标数值", "no value for this year")
            return
        if base is None:
            self._note(
                "缺少基准年数值，只能与最终目标比较",
                "no base-year value: only the final target can be checked",
            )
            return
        if definition.target_kind.is_reduction and level_path == "linear":
            self.required_rate = target / n
            self.actual_rate = value / t
            self.rate_unit = f"{definition.unit}/yr (linear)"
        elif definition.target_kind.is_reduction:
            scale = conversion_factor(definition.unit, "dimensionless")
            self.required_rate = annual_rate_for_reduction(target * scale, n) / scale
            self.actual_rate = (1.0 - (1.0 - value * scale) ** (1.0 / t)) / scale
            self.rate_unit = f"{definition.unit}/yr (compound)"
        elif level_path == "compound" and base > 0 and target > 0:
            self.required_rate = ((target / base) ** (1.0 / n) - 1.0) * 100.0
            self.actual_rate = ((max(value, 0.0) / base) ** (1.0 / t) - 1.0) * 100.0
            self.rate_unit = "%/yr (compound growth of the level)"
        else:
            self.required_rate = (target - base) / n
            self.actual_rate = (value - base) / t
            self.rate_unit = f"{definition.unit}/yr (linear)"
        if self.sign * (target - base) > 0 and self.required_rate != 0:
            self.ratio = self.actual_rate / self.required_rate

    def _note(self, zh: str, en: str) -> None:
        self.note_zh, self.note_en = zh, en

    def target_met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.sign * (self.value - self.target) >= -SLACK

    def ahead(self) -> bool | None:
        if self.value is None or self.path is None:
            return None
        return self.sign * (self.value - self.path) >= -SLACK

    def status(self, bands: Sequence[ProgressBand]) -> ProgressStatus:
        met = self.target_met()
        if met:
            return ProgressStatus.TARGET_MET
        if met is None or self.base is None:
            return ProgressStatus.NOT_ASSESSABLE
        if self.ratio is None:
            # The base already met the target; the value has fallen back from it.
            return ProgressStatus.MOVING_AWAY
        return status_for_ratio(self.ratio, bands)

    def binding_met(self) -> bool | None:
        if self.path is None:
            if self.definition.target_kind is TargetKind.CEILING:
                return self.target_met()
            return None
        return self.ahead()

    def score(self) -> float | None:
        met = self.target_met()
        if met:
            return 100.0
        if met is None or self.path is None or self.value is None or self.base is None:
            return None
        required = self.path - self.base
        if required == 0:
            return 0.0
        completion = (self.value - self.base) / required
        return 100.0 * min(1.0, max(0.0, completion))


def pick_values(
    values: Iterable[IndicatorValue],
    prefer: Provenance = Provenance.DERIVED_FROM_DATA,
) -> dict[tuple[str, int], IndicatorValue]:
    """Choose one value per (indicator, year): the preferred provenance when both exist.

    Both kinds stay in the caller's data; :func:`cityclimate.indicators.quality.
    check_entered_vs_derived` flags the pairs that disagree.
    """
    chosen: dict[tuple[str, int], IndicatorValue] = {}
    for value in values:
        key = (value.indicator_id, value.year)
        current = chosen.get(key)
        if current is None or (value.provenance is prefer and current.provenance is not prefer):
            chosen[key] = value
    return chosen


def evaluate_indicators(
    definitions: Sequence[IndicatorDefinition],
    values: Iterable[IndicatorValue],
    year: int,
    *,
    city_targets: Iterable[CityTarget] = (),
    base_values: Iterable[IndicatorValue] = (),
    prefer: Provenance = Provenance.DERIVED_FROM_DATA,
    level_path: LevelPath | None = None,
    bands: Sequence[ProgressBand] | None = None,
) -> list[IndicatorEvaluation]:
    """Evaluate every defined indicator for ``year``.

    Parameters
    ----------
    definitions:
        The indicator system.
    values:
        Observed values (any years; those of ``year`` are used). Entered and derived values
        may both be present; ``prefer`` decides which is evaluated.
    year:
        Evaluated year.
    city_targets:
        Targets for ``set_by_city`` indicators.
    base_values:
        Base-year values for indicators whose definition has none (year = base year).
    prefer:
        Provenance used when an indicator has both an entered and a derived value.
    level_path, bands:
        As in :func:`evaluate_indicator`.

    Returns
    -------
    list of IndicatorEvaluation
        One per definition, in definition order; see :func:`evaluations_frame`.
    """
    chosen = pick_values(values, prefer)
    targets = {target.indicator_id: target for target in city_targets}
    bases: dict[str, float] = {}
    by_id = {definition.id: definition for definition in definitions}
    for base in base_values:
        definition = by_id.get(base.indicator_id)
        if definition is None or base.year != definition.base_year:
            raise _problem(
                f"base value {base.indicator_id}",
                "year",
                base.year,
                "基准值须属于已定义指标且为基准年数值",
                "a base value must be for a defined indicator and its base year",
            )
        bases[base.indicator_id] = base.value * conversion_factor(base.unit, definition.unit)
    return [
        evaluate_indicator(
            definition,
            year,
            chosen.get((definition.id, year)),
            city_target=targets.get(definition.id),
            base_value=bases.get(definition.id),
            level_path=level_path,
            bands=bands,
        )
        for definition in definitions
    ]


def evaluations_frame(evaluations: Iterable[IndicatorEvaluation]) -> pl.DataFrame:
    """Evaluations as a polars DataFrame, one row per indicator-year.

    Columns are the fields of :class:`IndicatorEvaluation`; enums as their string values.
    Values, paths and gaps are in the row's ``unit``; rates in ``rate_unit``.
    """
    rows = []
    for evaluation in evaluations:
        row = asdict(evaluation)
        row["nature"] = evaluation.nature.value
        row["status"] = evaluation.status.value
        row["provenance"] = None if evaluation.provenance is None else evaluation.provenance.value
        rows.append(row)
    schema = {
        name: (
            pl.Int64
            if name in ("number", "year")
            else pl.Float64
            if kind == "float"
            else pl.Boolean
            if kind == "bool"
            else pl.String
        )
        for name, kind in _FRAME_KINDS.items()
    }
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


_FRAME_KINDS = {
    "indicator_id": "str",
    "number": "int",
    "name_zh": "str",
    "name_en": "str",
    "nature": "str",
    "year": "int",
    "unit": "str",
    "actual": "float",
    "provenance": "str",
    "base_value": "float",
    "target_value": "float",
    "target_source": "str",
    "path_value": "float",
    "gap_to_path": "float",
    "gap_to_target": "float",
    "ahead_of_path": "bool",
    "required_rate": "float",
    "actual_rate": "float",
    "rate_unit": "str",
    "progress_ratio": "float",
    "status": "str",
    "status_zh": "str",
    "status_en": "str",
    "binding_met": "bool",
    "veto": "bool",
    "score": "float",
    "note_zh": "str",
    "note_en": "str",
    "progress_method": "str",
}
