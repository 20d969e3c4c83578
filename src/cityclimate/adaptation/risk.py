"""Climate risk by sub-area: risk = hazard × exposure × vulnerability, normalised visibly.

Method (IPCC AR5/AR6 framing of risk from hazard, exposure and vulnerability; the product
form and normalisation between limits follow CityCatalyst's CCRA, see
shared/reference/round2-sources.md §3):

1. Each input layer value *v* of an indicator is normalised to [0, 1] between a lower and an
   upper limit, ``n = clamp((v − lower) / (upper − lower), 0, 1)``; when the indicator is
   better high (e.g. drainage capacity), ``n = 1 − n``. The limits are the ones stated in the
   layer, or else the lowest and highest value of the indicator over the sub-areas (stated in
   the result as ``limits = "observed range"``); an indicator whose limits coincide gets 0.5.
2. A component (hazard, exposure, vulnerability) is the weighted mean of its indicators.
3. risk = H × E × V, in [0, 1].

A hazard scenario multiplies the hazard values by a factor *before* normalisation, against
the limits of the baseline, so that a wetter or hotter future shows as a higher risk.
Every result row keeps the value, unit, limits, direction, weight and source of its input.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

COMPONENTS = ("hazard", "exposure", "vulnerability")
DIRECTIONS = ("higher_worse", "lower_worse")
LAYER_COLUMNS = ("sub_area", "component", "indicator", "value", "unit", "direction", "source")


@dataclass(frozen=True)
class RiskResult:
    """Normalised inputs (one row per sub-area and indicator) and risk per sub-area."""

    inputs: pl.DataFrame
    risk: pl.DataFrame


def _float(value: object) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value))
    except ValueError:
        return math.nan
    return number


def assess_risk(
    layers: Sequence[Mapping[str, object]],
    *,
    where: str = "risk layers",
    hazard_factor: float = 1.0,
) -> RiskResult:
    """Risk per sub-area from hazard, exposure and vulnerability layers.

    Parameters
    ----------
    layers:
        Rows with :data:`LAYER_COLUMNS` and optionally ``lower``, ``upper`` (normalisation
        limits, in the value's unit) and ``weight`` (default 1).
    where:
        Name of the data set for messages.
    hazard_factor:
        Scenario multiplier of the hazard values (1 = baseline).

    Returns
    -------
    RiskResult
        ``inputs``: sub_area, component, indicator, value, unit, direction, lower, upper,
        limits (``stated`` or ``observed range``), weight, normalised, source.
        ``risk``: sub_area, hazard, exposure, vulnerability, risk, rank (1 = highest risk).

    Raises
    ------
    DataValidationError
        Listing every bad row (missing column, unknown component or direction, a value or
        limit that is not a number, upper ≤ lower, weight ≤ 0) and every sub-area that lacks
        a component.
    """
    problems: list[Problem] = []

    def bad(row: int | None, field: str, value: object, zh: str, en: str) -> None:
        problems.append(Problem(where, row, field, str(value), message=Text(zh, en)))

    if layers:
        missing = [c for c in LAYER_COLUMNS if c not in layers[0]]
        if missing:
            bad(
                None,
                missing[0],
                "",
                f"缺少列：{', '.join(missing)}",
                f"missing column(s): {', '.join(missing)}",
            )
            raise DataValidationError(problems)
    records: list[dict[str, object]] = []
    for number, row in enumerate(layers, start=1):
        component, direction = str(row["component"]), str(row["direction"])
        if component not in COMPONENTS:
            bad(
                number,
                "component",
                component,
                f"应为：{', '.join(COMPONENTS)}",
                f"must be one of: {', '.join(COMPONENTS)}",
            )
        if direction not in DIRECTIONS:
            bad(
                number,
                "direction",
                direction,
                f"应为：{', '.join(DIRECTIONS)}",
                f"must be one of: {', '.join(DIRECTIONS)}",
            )
        value = _float(row["value"])
        if value is None or not math.isfinite(value):
            bad(number, "value", row["value"], "数值应为数字", "value must be a number")
        lower, upper = _float(row.get("lower")), _float(row.get("upper"))
        for name, limit in (("lower", lower), ("upper", upper)):
            if limit is not None and not math.isfinite(limit):
                bad(
                    number,
                    name,
                    row.get(name),
                    "限值应为数字或留空",
                    "a limit must be a number or empty",
                )
        if (lower is None) != (upper is None):
            bad(
                number,
                "upper",
                row.get("upper"),
                "上下限须同时给出或同时留空",
                "give both limits or neither",
            )
        elif lower is not None and upper is not None and not upper > lower:
            bad(number, "upper", upper, "上限应大于下限", "the upper limit must exceed the lower")
        weight = _float(row.get("weight"))
        weight = 1.0 if weight is None else weight
        if not (math.isfinite(weight) and weight > 0):
            bad(number, "weight", row.get("weight"), "权重应为正数", "the weight must be positive")
        if not str(row["source"]).strip():
            bad(number, "source", "", "每项输入须注明来源", "every input must state its source")
        records.append(
            {
                "sub_area": str(row["sub_area"]),
                "component": component,
                "indicator": str(row["indicator"]),
                "value": value if value is not None else math.nan,
                "unit": str(row["unit"]),
                "direction": direction,
                "lower": lower,
                "upper": upper,
                "weight": weight,
                "source": str(row["source"]),
            }
        )
    sub_areas = sorted({str(r["sub_area"]) for r in records})
    for sub_area in sub_areas:
        have = {r["component"] for r in records if r["sub_area"] == sub_area}
        for component in COMPONENTS:
            if component not in have:
                bad(
                    None,
                    "component",
                    sub_area,
                    f"子区域“{sub_area}”缺少 {component} 图层",
                    f"sub-area '{sub_area}' has no {component} layer",
                )
    if problems or not records:
        raise DataValidationError(
            problems
            or [
                Problem(
                    where, None, "sub_area", "", message=Text("没有任何图层数据", "no layer rows")
                )
            ]
        )
    frame = pl.DataFrame(records, schema_overrides={"lower": pl.Float64, "upper": pl.Float64})
    observed = frame.group_by("indicator").agg(
        pl.col("value").min().alias("low"), pl.col("value").max().alias("high")
    )
    scaled = (
        pl.when(pl.col("component") == "hazard")
        .then(pl.col("value") * hazard_factor)
        .otherwise(pl.col("value"))
    )
    inputs = (
        frame.join(observed, on="indicator")
        .with_columns(
            limits=pl.when(pl.col("lower").is_null())
            .then(pl.lit("observed range"))
            .otherwise(pl.lit("stated")),
            lower=pl.coalesce("lower", "low"),
            upper=pl.coalesce("upper", "high"),
            value=scaled,
        )
        .with_columns(
            share=pl.when(pl.col("upper") > pl.col("lower"))
            .then(
                ((pl.col("value") - pl.col("lower")) / (pl.col("upper") - pl.col("lower"))).clip(
                    0.0, 1.0
                )
            )
            .otherwise(pl.lit(0.5))
        )
        .with_columns(
            normalised=pl.when(pl.col("direction") == "lower_worse")
            .then(1.0 - pl.col("share"))
            .otherwise(pl.col("share"))
        )
        .select(
            "sub_area",
            "component",
            "indicator",
            "value",
            "unit",
            "direction",
            "lower",
            "upper",
            "limits",
            "weight",
            "normalised",
            "source",
        )
        .sort("sub_area", "component", "indicator")
    )
    components = (
        inputs.group_by("sub_area", "component")
        .agg(
            ((pl.col("normalised") * pl.col("weight")).sum() / pl.col("weight").sum()).alias(
                "score"
            )
        )
        .pivot(on="component", index="sub_area", values="score")
        .select("sub_area", *COMPONENTS)
        .with_columns(risk=pl.col("hazard") * pl.col("exposure") * pl.col("vulnerability"))
        .sort("risk", "sub_area", descending=[True, False])
        .with_row_index("rank", offset=1)
        .select("sub_area", *COMPONENTS, "risk", pl.col("rank").cast(pl.Int64))
    )
    return RiskResult(inputs=inputs, risk=components)
