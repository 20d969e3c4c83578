"""The indicator part of the annual evaluation: every indicator's status for a year, the
actual-vs-target-path series for charts, the values of both provenances and the findings.

Plain data (a frozen dataclass of polars DataFrames) for the command line, the XLSX export
and the pages. The equations are those of :mod:`cityclimate.indicators.evaluation`; this
module only runs them for the evaluated year and for every earlier year of the plan period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from cityclimate.findings import Finding
from cityclimate.indicators.evaluation import (
    IndicatorEvaluation,
    check_year,
    evaluate_indicators,
    evaluations_frame,
)
from cityclimate.indicators.model import (
    IndicatorDefinition,
    IndicatorInputs,
    IndicatorValue,
    Provenance,
    TargetStatement,
)
from cityclimate.indicators.progress import LevelPath, target_path
from cityclimate.indicators.quality import check_entered_vs_derived, check_target_consistency

#: Default tolerance between an entered and a derived value, in the indicator's unit
#: (0.1 percentage point: the precision statistics communiqués publish reductions in).
ENTERED_VS_DERIVED_TOLERANCE = 0.1

#: Units of the numeric fields in the JSON form of an evaluation.
UNITS = {
    "actual, base_value, target_value, path_value, gap_to_path, gap_to_target": "the row's unit",
    "required_rate, actual_rate": "the row's rate_unit",
    "progress_ratio": "dimensionless (actual rate / required rate)",
    "score": "points out of 100",
    "weight": "relative weight set by the climate office",
    "days_overdue": "days",
}


@dataclass(frozen=True)
class IndicatorReport:
    """Where every indicator stands in ``year``.

    Attributes
    ----------
    year:
        Evaluated year.
    evaluations:
        One :class:`~cityclimate.indicators.evaluation.IndicatorEvaluation` per definition.
    table:
        :func:`~cityclimate.indicators.evaluation.evaluations_frame` of ``evaluations``:
        actual, target path, gap, progress status (band), binding met / veto, score, units.
    history:
        Actual vs target path for charts: ``indicator_id``, ``year`` (base year … target
        year), ``actual`` (chosen value; base value in the base year; null after ``year``),
        ``path_value``, ``target_value``, ``unit``, ``status`` (null in the base year and
        after ``year``).
    values:
        Every observed value of the plan period up to ``year``, both provenances:
        ``indicator_id``, ``year``, ``value``, ``unit``, ``provenance``, ``used`` (whether
        that year's evaluation used it), ``source``, ``derivation``.
    findings:
        Data-quality findings: figures that disagree between sources, entered and derived
        values that disagree.
    notice_zh, notice_en:
        The inputs' notice (e.g. ILLUSTRATIVE), to show on every output.
    """

    year: int
    evaluations: tuple[IndicatorEvaluation, ...]
    table: pl.DataFrame
    history: pl.DataFrame
    values: pl.DataFrame
    findings: tuple[Finding, ...]
    notice_zh: str
    notice_en: str

    @property
    def illustrative(self) -> bool:
        """True when the report carries a notice."""
        return bool(self.notice_zh or self.notice_en)


def report_indicators(
    definitions: Sequence[IndicatorDefinition],
    inputs: IndicatorInputs,
    year: int,
    *,
    prefer: Provenance = Provenance.DERIVED_FROM_DATA,
    tolerance: float = ENTERED_VS_DERIVED_TOLERANCE,
    level_path: LevelPath | None = None,
    target_statements: Iterable[TargetStatement] = (),
) -> IndicatorReport:
    """Evaluate every indicator for ``year`` and for each earlier year of the plan period.

    Parameters
    ----------
    definitions:
        The indicator system.
    inputs:
        Values (both provenances), base values, city targets and notice.
    year:
        Evaluated year, within every indicator's plan period.
    prefer:
        Provenance evaluated when an indicator-year has both (default: derived from data).
    tolerance:
        Largest accepted difference between an entered and a derived value, in each
        indicator's unit; larger differences become findings.
    level_path:
        One path for every indicator, or ``None`` (default) for each definition's own
        ``progress_method`` (see :mod:`cityclimate.indicators.evaluation`).
    target_statements:
        Base and target figures as several sources state them (e.g.
        ``load_liangjiang_target_statements()``); disagreements become findings.

    Returns
    -------
    IndicatorReport

    Raises
    ------
    DataValidationError
        On a year outside the plan period or a bad value, target or base value.
    """
    for definition in definitions:
        check_year(definition, year)
    first = min(definition.base_year for definition in definitions) + 1
    by_year = {
        each: evaluate_indicators(
            definitions,
            inputs.values,
            each,
            city_targets=inputs.city_targets,
            base_values=inputs.base_values,
            prefer=prefer,
            level_path=level_path,
        )
        for each in range(first, year + 1)
    }
    evaluations = by_year[year]
    return IndicatorReport(
        year=year,
        evaluations=tuple(evaluations),
        table=evaluations_frame(evaluations),
        history=_history(definitions, by_year, year, level_path),
        values=_values_frame(inputs.values, by_year, year),
        findings=(
            *check_target_consistency(target_statements),
            *check_entered_vs_derived(
                [v for v in inputs.values if v.year <= year], definitions, tolerance=tolerance
            ),
        ),
        notice_zh=inputs.notice_zh,
        notice_en=inputs.notice_en,
    )


def _history(
    definitions: Sequence[IndicatorDefinition],
    by_year: dict[int, list[IndicatorEvaluation]],
    year: int,
    level_path: LevelPath | None,
) -> pl.DataFrame:
    frames = []
    for index, definition in enumerate(definitions):
        latest = by_year[year][index]
        if latest.target_value is None:
            path = pl.DataFrame(
                {"year": list(range(definition.base_year, definition.target_year + 1))},
                schema={"year": pl.Int64},
            ).with_columns(path_value=pl.lit(None, pl.Float64))
        else:
            path = target_path(
                definition,
                target_value=latest.target_value,
                base_value=latest.base_value,
                level_path=level_path,
            ).select("year", "path_value")
        observed = [(definition.base_year, latest.base_value, None)] + [
            (each, evaluations[index].actual, evaluations[index].status.value)
            for each, evaluations in by_year.items()
        ]
        actual = pl.DataFrame(
            observed,
            schema={"year": pl.Int64, "actual": pl.Float64, "status": pl.String},
            orient="row",
        )
        frames.append(
            path.join(actual, on="year", how="left").select(
                pl.lit(definition.id).alias("indicator_id"),
                "year",
                "actual",
                "path_value",
                pl.lit(latest.target_value, pl.Float64).alias("target_value"),
                pl.lit(definition.unit).alias("unit"),
                "status",
            )
        )
    return pl.concat(frames)


def _values_frame(
    values: Sequence[IndicatorValue], by_year: dict[int, list[IndicatorEvaluation]], year: int
) -> pl.DataFrame:
    used = {
        (e.indicator_id, e.year, e.provenance)
        for evaluations in by_year.values()
        for e in evaluations
        if e.provenance is not None
    }
    rows = [
        {
            "indicator_id": v.indicator_id,
            "year": v.year,
            "value": v.value,
            "unit": v.unit,
            "provenance": v.provenance.value,
            "used": (v.indicator_id, v.year, v.provenance) in used,
            "source": v.source,
            "derivation": v.derivation,
        }
        for v in values
        if v.year <= year
    ]
    schema = {
        "indicator_id": pl.String, "year": pl.Int64, "value": pl.Float64, "unit": pl.String,
        "provenance": pl.String, "used": pl.Boolean, "source": pl.String,
        "derivation": pl.String,
    }  # fmt: skip
    frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    return frame.sort("indicator_id", "year", "provenance")


def records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame as JSON-ready dictionaries (dates as ISO text)."""
    dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
    return frame.with_columns(pl.col(dates).dt.to_string("%Y-%m-%d")).to_dicts()


def indicator_report_dict(report: IndicatorReport) -> dict[str, Any]:
    """An indicator report as JSON-ready dictionaries, with units and statuses."""
    return {
        "year": report.year,
        "illustrative": report.illustrative,
        "notice": {"zh": report.notice_zh, "en": report.notice_en},
        "units": UNITS,
        "indicators": records(report.table),
        "history": records(report.history),
        "values": records(report.values),
        "findings": [
            {
                "severity": finding.severity.value,
                "rule": finding.rule,
                "subject": finding.where,
                "message_zh": finding.message_zh,
                "message_en": finding.message_en,
                "fix_zh": finding.fix_zh,
                "fix_en": finding.fix_en,
            }
            for finding in report.findings
        ],
    }
