"""Project an indicator from its trend to the target year, and find the year it meets its target.

Methods (ordinary least squares over the observed years, the base-year value included):

``"log_linear"`` (default for reductions)
    Fit ln(1 − a_y) = α + β·y to the remaining intensity index 1 − a_y (a = cumulative
    reduction as a fraction); projected a_y = 1 − exp(α + β·y). The implied compound annual
    rate of decline is 1 − exp(β).
``"linear"`` (default for levels, shares, ceilings and floors)
    Fit x_y = α + β·y; β is the annual change in the indicator's unit.
``"compound"`` (levels with positive values)
    Fit ln(x_y) = α + β·y; the compound annual growth rate is exp(β) − 1.

With two points each fit is the exact line (or compound rate) through them. ``last_years``
restricts the fit to the most recent observations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.evaluation import value_in_unit
from cityclimate.indicators.model import IndicatorDefinition, IndicatorValue
from cityclimate.units import conversion_factor

ProjectionMethod = Literal["log_linear", "linear", "compound"]


@dataclass(frozen=True)
class Projection:
    """A trend projection of one indicator.

    Attributes
    ----------
    indicator_id:
        The indicator.
    method:
        ``log_linear``, ``linear`` or ``compound`` (see the module docstring).
    method_description:
        The fitted equation in words.
    fitted_years:
        Years whose values were fitted.
    annual_rate, rate_unit:
        Fitted rate: compound rate of decline of the intensity (reductions, %/yr), annual
        change (linear, unit/yr) or compound growth (%/yr).
    values:
        polars DataFrame with ``year``, ``projected_value`` (in ``unit``), ``unit`` from the
        year after the last observation to ``horizon_year``.
    target_value:
        Target used, in the indicator's unit (``None`` if not given).
    year_target_met:
        First year (observed or projected, up to the horizon) in which the value meets the
        target; ``None`` if never within the horizon or no target.
    met_by_target_year:
        Whether ``year_target_met`` is not after the target year.
    """

    indicator_id: str
    method: ProjectionMethod
    method_description: str
    fitted_years: tuple[int, ...]
    annual_rate: float
    rate_unit: str
    values: pl.DataFrame
    target_value: float | None
    year_target_met: int | None
    met_by_target_year: bool | None


def project_indicator(
    definition: IndicatorDefinition,
    history: Sequence[IndicatorValue],
    *,
    target_value: float | None = None,
    base_value: float | None = None,
    method: ProjectionMethod | None = None,
    last_years: int | None = None,
    horizon_year: int | None = None,
) -> Projection:
    """Project an indicator from its observed values to the target year (and beyond).

    Parameters
    ----------
    definition:
        The indicator.
    history:
        Observed values (one per year, any convertible unit), years after the base year.
    target_value:
        Target in the indicator's unit; default the definition's (required for
        ``set_by_city`` indicators to find the year the target is met).
    base_value:
        Base-year value when the definition has none; reductions use 0 %.
    method:
        See the module docstring; default ``log_linear`` for reductions, else ``linear``.
    last_years:
        Fit only the most recent ``last_years`` observations (the base value counts when it
        falls among them); default all.
    horizon_year:
        Last projected year; default one more plan period after the target year
        (target year + (target year − base year)).

    Returns
    -------
    Projection

    Raises
    ------
    DataValidationError
        With fewer than two points to fit (field ``history``), a bad value (field named),
        or a value the chosen log method cannot take (field ``value``).
    """
    where = f"projection {definition.id}"
    reduction = definition.target_kind.is_reduction
    chosen: ProjectionMethod = method or ("log_linear" if reduction else "linear")
    points: dict[int, float] = {}
    base = definition.base_value if definition.base_value is not None else base_value
    if reduction:
        base = 0.0
    if base is not None:
        points[definition.base_year] = base
    for observed in history:
        points[observed.year] = value_in_unit(definition, observed)
    years = sorted(points)
    if last_years is not None:
        years = years[-last_years:]
    if len(years) < 2:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    "history",
                    str(len(years)),
                    "趋势外推至少需要两个年份的数值（含基准年）",
                    "a trend projection needs values for at least two years (base year included)",
                )
            ]
        )
    scale = conversion_factor(definition.unit, "dimensionless") if reduction else 1.0
    x = np.array(years, dtype=float)
    y = np.array([points[year] for year in years], dtype=float)
    if chosen == "log_linear":
        transformed = 1.0 - y * scale
        description = "OLS of ln(1 - reduction) on year; reduction = 1 - exp(a + b*year)"
    elif chosen == "compound":
        transformed = y
        description = "OLS of ln(value) on year; value = exp(a + b*year)"
    else:
        transformed = y
        description = "OLS of value on year; value = a + b*year"
    if chosen != "linear" and bool(np.any(transformed <= 0)):
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    "value",
                    "",
                    "对数趋势要求数值为正（降幅须小于100%）：请改用 linear 方法",
                    "a log trend needs positive values (reductions below 100 %): "
                    "use method 'linear'",
                )
            ]
        )
    slope, intercept = (
        float(c)
        for c in np.polyfit(x, np.log(transformed) if chosen != "linear" else transformed, 1)
    )

    def predict(year: int) -> float:
        if chosen == "log_linear":
            return (1.0 - math.exp(intercept + slope * year)) / scale
        if chosen == "compound":
            return math.exp(intercept + slope * year)
        return intercept + slope * year

    if chosen == "log_linear":
        rate = (1.0 - math.exp(slope)) / scale
        rate_unit = f"{definition.unit}/yr (compound decline)"
    elif chosen == "compound":
        rate = (math.exp(slope) - 1.0) * 100.0
        rate_unit = "%/yr (compound growth)"
    else:
        rate = slope
        rate_unit = f"{definition.unit}/yr"
    horizon = horizon_year or definition.target_year + definition.years
    future = list(range(max(points) + 1, horizon + 1))
    values = pl.DataFrame(
        {
            "year": future,
            "projected_value": [predict(year) for year in future],
            "unit": [definition.unit] * len(future),
        },
        schema={"year": pl.Int64, "projected_value": pl.Float64, "unit": pl.String},
    )
    target = target_value if target_value is not None else definition.target_value
    met_year = None
    if target is not None:
        sign = 1.0 if definition.higher_is_better else -1.0
        timeline = [(year, points[year]) for year in sorted(points)] + list(
            zip(future, values["projected_value"].to_list(), strict=True)
        )
        met_year = next((year for year, v in timeline if sign * (v - target) >= 0), None)
    return Projection(
        indicator_id=definition.id,
        method=chosen,
        method_description=description,
        fitted_years=tuple(years),
        annual_rate=rate,
        rate_unit=rate_unit,
        values=values,
        target_value=target,
        year_target_met=met_year,
        met_by_target_year=None
        if target is None
        else (met_year is not None and met_year <= definition.target_year),
    )
