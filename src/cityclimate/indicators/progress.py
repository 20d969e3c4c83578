"""Progress towards a target: the target path of a year, the progress ratio and its status.

Notation: base year y₀, target year y_T, evaluated year y, n = y_T − y₀ (5 in a five-year
plan), t = y − y₀ (years elapsed, 1 ≤ t ≤ n).

Reductions (target kinds ``intensity_reduction`` and ``five_year_cumulative_reduction``)
    The reported value is the cumulative reduction of the intensity since the base year,
    a = 1 − I_y / I_y₀ (as a fraction; shown in %). For a target reduction R over n years:

    - even annual rate (年均下降率): r = 1 − (1 − R)^(1/n)
    - time-proportional progress (序时进度) after t years: p_t = 1 − (1 − r)^t
      = 1 − (1 − R)^(t/n); this is the target path value in year y.
    - actual compound annual rate: r_a = 1 − (1 − a)^(1/t)
    - progress ratio: r_a / r

    With the linear method (时间过半、任务过半) the path is p_t = R · t / n, the required
    rate R / n and the actual rate a / t, in percentage points per year.

    Source: the "Targets, progress and assessment" rules of the project reference
    (shared/reference/factors-and-rules.md), after NDRC practice for five-year intensity
    targets. A 13.5 % five-year reduction gives r = 2.858 %/yr and p₃ = 8.33 %.

Levels, ceilings and floors (shares, PUE, m² per person), with base value B and target T
    ``level_path="linear"`` (default; Chinese practice for level targets):

    - target path: P_y = B + (T − B) · t / n
    - required rate: (T − B) / n, actual rate: (x − B) / t, both in the indicator's unit per
      year (for a share: percentage points per year, *not* a compound growth of the share)
    - progress ratio: actual rate / required rate

    ``level_path="compound"`` (Open SDG's own computation for indicators with a target):

    - target path: P_y = B · (T / B)^(t/n)
    - required compound annual growth rate CR_r = (T / B)^(1/n) − 1, actual
      CR_a = (x / B)^(1/t) − 1 (growth of the level itself, in %/yr)
    - progress ratio: CR_a / CR_r

    In both cases a value exactly on its path has ratio 1.

Method per indicator
    Each definition states its method (``progress_method``: ``compound`` or ``linear``; empty =
    compound for reductions, linear for levels). ``level_path`` in the functions below, the
    CLI's ``--progress-method`` and the API's ``progress_method`` replace it for every
    indicator; :func:`with_progress_method` does so on a list of definitions.

Status
    ``target_met`` when the value already meets the final target; otherwise the Open SDG band
    of the progress ratio (``data/progress_bands.csv``: ≥ 0.95 on track, 0.6–0.95 needs
    acceleration, 0–0.6 limited progress, < 0 moving away; lower bound inclusive).
    ``not_assessable`` when no value, no target, or (for levels) no base value is available.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from enum import StrEnum
from functools import cache
from typing import Literal

import polars as pl

from cityclimate.indicators.definitions import load_progress_bands
from cityclimate.indicators.model import (
    IndicatorDefinition,
    ProgressBand,
    ProgressMethod,
)
from cityclimate.units import conversion_factor

LevelPath = Literal["linear", "compound"]

#: Floating-point slack when comparing a value with its path (values are in % or similar
#: units; 1e-9 of a unit is far below any reported precision).
SLACK = 1e-9


class ProgressStatus(StrEnum):
    """Progress status of an indicator in a year (best first)."""

    TARGET_MET = "target_met"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED_PROGRESS = "limited_progress"
    MOVING_AWAY = "moving_away"
    NOT_ASSESSABLE = "not_assessable"

    @property
    def rank(self) -> int:
        """Order of merit: higher is better; ``not_assessable`` is 0."""
        return {
            "target_met": 5,
            "on_track": 4,
            "needs_acceleration": 3,
            "limited_progress": 2,
            "moving_away": 1,
            "not_assessable": 0,
        }[self.value]


_STATUS_LABELS = {
    ProgressStatus.TARGET_MET: ("已达到目标", "target met"),
    ProgressStatus.NOT_ASSESSABLE: ("无法评估", "not assessable"),
}


def annual_rate_for_reduction(reduction: float, years: int) -> float:
    """Even annual rate of decline that adds up to a cumulative reduction.

    r = 1 − (1 − R)^(1/n)

    Parameters
    ----------
    reduction:
        Cumulative reduction R over the period, as a fraction (0.135 for 13.5 %); R < 1.
    years:
        Length n of the period in years (5 for a five-year plan).

    Returns
    -------
    float
        r as a fraction per year (0.02858 for R = 0.135, n = 5).
    """
    if years <= 0:
        raise ValueError("years must be positive")
    if reduction >= 1:
        raise ValueError("a reduction must be below 100 %")
    return 1.0 - float((1.0 - reduction) ** (1.0 / years))


def time_proportional_progress(annual_rate: float, years_elapsed: int) -> float:
    """Time-proportional progress (序时进度) of a reduction after t years.

    p_t = 1 − (1 − r)^t

    Parameters
    ----------
    annual_rate:
        Even annual rate r, as a fraction per year.
    years_elapsed:
        t, years since the base year.

    Returns
    -------
    float
        Cumulative reduction that should have been achieved, as a fraction
        (0.0833 after 3 years for r = 0.02858).
    """
    return 1.0 - (1.0 - annual_rate) ** years_elapsed


def cumulative_reduction_pct(intensity: Mapping[int, float], base_year: int) -> dict[int, float]:
    """Cumulative reduction of an intensity since the base year, in %, for every year from it.

    reduction_y = (1 − I_y / I_y₀) × 100 (the reported value of an ``intensity_reduction``
    target, see the module notes).

    Parameters
    ----------
    intensity:
        Intensity by year, in any one unit (e.g. t CO2 per 万元 of GDP at constant prices).
    base_year:
        y₀.

    Returns
    -------
    dict
        Year → reduction (%) for the years ≥ ``base_year``; empty when the base year has no
        intensity or a zero one (no reduction can be stated).

    >>> r = cumulative_reduction_pct({2019: 1.1, 2020: 1.0, 2021: 0.9}, 2020)
    >>> {year: round(value, 9) for year, value in r.items()}
    {2020: 0.0, 2021: 10.0}
    """
    base = intensity.get(base_year)
    if not base:
        return {}
    return {y: (1.0 - i / base) * 100.0 for y, i in sorted(intensity.items()) if y >= base_year}


def target_path_value(
    definition: IndicatorDefinition,
    year: int,
    *,
    target_value: float,
    base_value: float | None,
    level_path: LevelPath | None = None,
) -> float | None:
    """Value of the target path in ``year``, in the indicator's unit.

    Parameters
    ----------
    definition:
        The indicator.
    year:
        A year of the plan period (base year + 1 … target year).
    target_value:
        Target in the indicator's unit (for a ``set_by_city`` indicator, the city's value).
    base_value:
        Base-year value in the indicator's unit; ignored for reductions (their base is 0 %).
    level_path:
        ``"linear"`` or ``"compound"`` (see the module docstring); default (``None``) the
        definition's own method.

    Returns
    -------
    float or None
        The path value; ``None`` for a level without base value.
    """
    n = definition.years
    t = year - definition.base_year
    method = level_path or definition.method.value
    if definition.target_kind.is_reduction and method == "linear":
        return target_value * t / n
    if definition.target_kind.is_reduction:
        scale = conversion_factor(definition.unit, "dimensionless")
        fraction = 1.0 - float((1.0 - target_value * scale) ** (t / n))
        return fraction / scale
    if base_value is None:
        return None
    if method == "compound" and base_value > 0 and target_value > 0:
        return base_value * float((target_value / base_value) ** (t / n))
    return base_value + (target_value - base_value) * t / n


def target_path(
    definition: IndicatorDefinition,
    *,
    target_value: float,
    base_value: float | None,
    level_path: LevelPath | None = None,
) -> pl.DataFrame:
    """The whole target path from the base year to the target year, for charts.

    Returns
    -------
    polars.DataFrame
        Columns ``indicator_id``, ``year``, ``path_value`` (in ``unit``), ``unit``; the base
        year row holds the base value (0 for reductions).
    """
    years = list(range(definition.base_year, definition.target_year + 1))
    values: list[float | None] = [0.0 if definition.target_kind.is_reduction else base_value]
    values += [
        target_path_value(
            definition,
            year,
            target_value=target_value,
            base_value=base_value,
            level_path=level_path,
        )
        for year in years[1:]
    ]
    return pl.DataFrame(
        {
            "indicator_id": [definition.id] * len(years),
            "year": years,
            "path_value": values,
            "unit": [definition.unit] * len(years),
        },
        schema={
            "indicator_id": pl.String,
            "year": pl.Int64,
            "path_value": pl.Float64,
            "unit": pl.String,
        },
    )


def with_progress_method(
    definitions: Sequence[IndicatorDefinition], method: ProgressMethod | None
) -> list[IndicatorDefinition]:
    """The definitions with ``method`` in force for each, or unchanged when ``None``.

    >>> from cityclimate.indicators.definitions import load_liangjiang_indicators
    >>> shipped = load_liangjiang_indicators()
    >>> {d.method.value for d in with_progress_method(shipped, ProgressMethod.LINEAR)}
    {'linear'}
    """
    if method is None:
        return list(definitions)
    return [replace(definition, progress_method=method) for definition in definitions]


@cache
def default_bands() -> tuple[ProgressBand, ...]:
    return tuple(load_progress_bands())


def status_for_ratio(ratio: float, bands: Sequence[ProgressBand] | None = None) -> ProgressStatus:
    """Open SDG progress status of a progress ratio.

    Parameters
    ----------
    ratio:
        Actual rate / required rate (dimensionless).
    bands:
        Bands to use; default ``data/progress_bands.csv`` (≥ 0.95 on track, [0.6, 0.95)
        needs acceleration, [0, 0.6) limited progress, < 0 moving away).
    """
    for band in bands if bands is not None else default_bands():
        if band.contains(ratio):
            return ProgressStatus(band.status)
    raise ValueError(f"no progress band contains ratio {ratio}")


def status_labels(status: ProgressStatus, bands: Sequence[ProgressBand]) -> tuple[str, str]:
    if status in _STATUS_LABELS:
        return _STATUS_LABELS[status]
    band = next(band for band in bands if band.status == status.value)
    return band.label_zh, band.label_en
