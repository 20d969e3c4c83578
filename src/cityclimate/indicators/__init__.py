"""The indicator and target system of a climate plan (MISSION R3): pure calculations.

- :mod:`~cityclimate.indicators.model`: types (definitions, values, findings).
- :mod:`~cityclimate.indicators.definitions`: definitions as data, typed loaders.
- :mod:`~cityclimate.indicators.progress`: the target path of a year, the progress ratio and
  its status band.
- :mod:`~cityclimate.indicators.evaluation`: an indicator's value against its target and path
  in a year (gap, status), the Chinese assessment view.
- :mod:`~cityclimate.indicators.derived`: intensity reductions, data-centre PUE, shares,
  per-person values from data.
- :mod:`~cityclimate.indicators.projection`: trend projection and the year a target is met.
- :mod:`~cityclimate.indicators.quality`: data-quality findings (inconsistent targets …).
- :mod:`~cityclimate.indicators.inputs`: the values / targets and yearly-series tables.
- :mod:`~cityclimate.indicators.from_inventory`: energy and emissions from the inventory,
  intensity indicators derived from them.
- :mod:`~cityclimate.indicators.annual`: every indicator's status for a year, actual vs path.
"""

from cityclimate.findings import Finding
from cityclimate.indicators.annual import (
    IndicatorReport,
    indicator_report_dict,
    report_indicators,
)
from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
    load_progress_bands,
    parse_indicator_definitions,
)
from cityclimate.indicators.derived import per_person_values, share_values
from cityclimate.indicators.evaluation import (
    IndicatorEvaluation,
    evaluate_indicator,
    evaluate_indicators,
    evaluations_frame,
)
from cityclimate.indicators.from_inventory import (
    InventorySeries,
    intensity_values_from_inventory,
    inventory_series,
)
from cityclimate.indicators.inputs import parse_annual_series, parse_indicator_inputs
from cityclimate.indicators.model import (
    AnnualSeries,
    CityTarget,
    IndicatorDefinition,
    IndicatorInputs,
    IndicatorValue,
    Nature,
    Provenance,
    TargetKind,
)
from cityclimate.indicators.progress import (
    ProgressStatus,
    annual_rate_for_reduction,
    target_path,
    time_proportional_progress,
)
from cityclimate.indicators.projection import Projection, project_indicator
from cityclimate.indicators.quality import check_entered_vs_derived, check_target_consistency

__all__ = [
    "AnnualSeries",
    "CityTarget",
    "Finding",
    "IndicatorDefinition",
    "IndicatorEvaluation",
    "IndicatorInputs",
    "IndicatorReport",
    "IndicatorValue",
    "InventorySeries",
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
    "indicator_report_dict",
    "intensity_values_from_inventory",
    "inventory_series",
    "load_liangjiang_indicators",
    "load_liangjiang_target_statements",
    "load_progress_bands",
    "parse_annual_series",
    "parse_indicator_definitions",
    "parse_indicator_inputs",
    "per_person_values",
    "project_indicator",
    "report_indicators",
    "share_values",
    "target_path",
    "time_proportional_progress",
]
