"""Plausibility bounds on entered indicator values (issue 20: a PUE of 1e308 was stored).

The definition's ``valid_min``/``valid_max`` say what a value CAN be (a share lies in 0–100 %);
these bounds say what a value entered for a district can plausibly be, so an entry error (an
energy figure typed where a ratio belongs, a value in the wrong unit) is refused with the bound
and its reason, instead of being stored. They live in ``data/plausibility.csv``, one row per
indicator, each with its unit (a value is converted to it first), a rationale in Chinese and
English, and its source. Indicators without a row keep the definition's range only.

The bounds apply where values are entered (form, API, import, CLI input file); values already
stored are read back without them, so an old record never fails a board.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.indicators.definitions import read_shipped_rows
from cityclimate.indicators.model import IndicatorDefinition
from cityclimate.text import Text
from cityclimate.units import conversion_factor

PLAUSIBILITY = "plausibility.csv"


@dataclass(frozen=True)
class PlausibleRange:
    """Bounds of a plausible value of one indicator, in ``unit``, with why and where from."""

    indicator_id: str
    unit: str
    low: float
    high: float
    rationale: Text
    source: str


@cache
def plausible_ranges() -> dict[str, PlausibleRange]:
    """The shipped bounds keyed by indicator id (``data/plausibility.csv``)."""
    ranges: dict[str, PlausibleRange] = {}
    for row in read_shipped_rows(PLAUSIBILITY):
        ranges[row["indicator_id"]] = PlausibleRange(
            indicator_id=row["indicator_id"],
            unit=row["unit"],
            low=float(row["low"]),
            high=float(row["high"]),
            rationale=Text(row["rationale_zh"], row["rationale_en"]),
            source=row["source"],
        )
    return ranges


def check_plausible(definition: IndicatorDefinition, value: float, *, where: str) -> None:
    """Refuse ``value`` (in the definition's unit) outside the indicator's plausible range.

    Raises
    ------
    DataValidationError
        Naming the bound (in the range's unit), the value and the rationale, in zh and en.

    Examples
    --------
    >>> from cityclimate.indicators import load_liangjiang_indicators
    >>> pue = next(d for d in load_liangjiang_indicators() if d.id == "datacentre_pue_new")
    >>> check_plausible(pue, 1.3, where="form")
    >>> check_plausible(pue, 1e308, where="form")
    Traceback (most recent call last):
    ...
    cityclimate.errors.DataValidationError: ...
    """
    bound = plausible_ranges().get(definition.id)
    if bound is None:
        return
    try:
        shown = value * conversion_factor(definition.unit, bound.unit)
    except UnitError:  # a stored plan measures it otherwise: the bound does not apply
        return
    if math.isfinite(shown) and bound.low <= shown <= bound.high:
        return
    unit = "" if bound.unit == "dimensionless" else f" {bound.unit}"
    raise DataValidationError(
        [
            Problem(
                where,
                field="value",
                value=f"{value:g}",
                message=Text(
                    f"指标“{definition.name_zh}”的数值 {shown:g}{unit} 不在合理范围 "
                    f"[{bound.low:g}, {bound.high:g}]{unit} 内：{bound.rationale.zh}"
                    f"（来源：{bound.source}）",
                    f"value {shown:g}{unit} of '{definition.id}' is outside the plausible range "
                    f"[{bound.low:g}, {bound.high:g}]{unit}: {bound.rationale.en} "
                    f"(source: {bound.source})",
                ),
            )
        ]
    )
