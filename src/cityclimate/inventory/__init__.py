"""The GHG inventory: activity data to emissions by gas and CO2e, with lineage (pure core).

>>> import polars as pl
>>> activities = pl.DataFrame({
...     "territory": ["500000", "500000"], "year": [2022, 2022],
...     "category": ["energy.manufacturing.combustion", "energy.electricity.industry"],
...     "fuel": ["natural_gas", "electricity"], "quantity": [1.0, 100.0],
...     "unit": ["10⁴Nm³", "MWh"]})
>>> from cityclimate.inventory import compute_emissions, summary_figures
>>> figures = summary_figures(compute_emissions(activities))
>>> round(figures["energy_tce"].item(), 2)  # 100 MWh x 0.1229 kgce/kWh + 1 万Nm³ of gas
25.57
"""

from cityclimate.inventory.activities import validate_activities
from cityclimate.inventory.engine import compute_emissions, compute_totals
from cityclimate.inventory.factors import compile_factors, region_chain, select_factors
from cityclimate.inventory.framework_reports import framework_report, reconcile
from cityclimate.inventory.frameworks import FRAMEWORKS, by_framework
from cityclimate.inventory.keycats import key_categories
from cityclimate.inventory.model import ACTIVITY_COLUMNS, EMISSION_COLUMNS, Method
from cityclimate.inventory.qa import Finding, quality_checks
from cityclimate.inventory.quality import QualityReport, quality_report, quality_result
from cityclimate.inventory.summary import breakdown, energy_use, summary_figures
from cityclimate.inventory.uncertainty import error_propagation, monte_carlo
from cityclimate.inventory.versions import InventoryVersion, diff, draft, publish, recalculate

__all__ = [
    "ACTIVITY_COLUMNS",
    "EMISSION_COLUMNS",
    "FRAMEWORKS",
    "Finding",
    "InventoryVersion",
    "Method",
    "QualityReport",
    "breakdown",
    "by_framework",
    "compile_factors",
    "compute_emissions",
    "compute_totals",
    "diff",
    "draft",
    "energy_use",
    "error_propagation",
    "framework_report",
    "key_categories",
    "monte_carlo",
    "publish",
    "quality_checks",
    "quality_report",
    "quality_result",
    "recalculate",
    "reconcile",
    "region_chain",
    "select_factors",
    "summary_figures",
    "validate_activities",
]
