"""The indicator and target system of a climate plan (MISSION R3): pure calculations.

- :mod:`~cityclimate.indicators.model`: types (definitions, values, findings).
- :mod:`~cityclimate.indicators.definitions`: definitions as data, typed loaders.
- :mod:`~cityclimate.indicators.evaluation`: target path, gap, progress status, the Chinese
  assessment view.
- :mod:`~cityclimate.indicators.derived`: intensity reductions, data-centre PUE, shares,
  per-person values from data.
- :mod:`~cityclimate.indicators.projection`: trend projection and the year a target is met.
- :mod:`~cityclimate.indicators.quality`: data-quality findings (inconsistent targets …).
"""

from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
    load_progress_bands,
    parse_indicator_definitions,
)
from cityclimate.indicators.evaluation import (
    IndicatorEvaluation,
    ProgressStatus,
    annual_rate_for_reduction,
    evaluate_indicator,
    evaluate_indicators,
    evaluations_frame,
    target_path,
    time_proportional_progress,
)
from cityclimate.indicators.model import (
    AnnualSeries,
    CityTarget,
    Finding,
    IndicatorDefinition,
    IndicatorValue,
    Nature,
    Provenance,
    TargetKind,
)
from cityclimate.indicators.projection import Projection, project_indicator
from cityclimate.indicators.quality import check_entered_vs_derived, check_target_consistency

__all__ = [
    "AnnualSeries",
    "CityTarget",
    "Finding",
    "IndicatorDefinition",
    "IndicatorEvaluation",
    "IndicatorValue",
    "Nature",
    "ProgressStatus",
    "Projection",
    "Provenance",
    "TargetKind",
    "annual_rate_for_reduction",
    "check_entered_vs_derived",
    "check_target_consistency",
    "evaluate_indicator",
    "evaluate_indicators",
    "evaluations_frame",
    "load_liangjiang_indicators",
    "load_liangjiang_target_statements",
    "load_progress_bands",
    "parse_indicator_definitions",
    "project_indicator",
    "target_path",
    "time_proportional_progress",
]
