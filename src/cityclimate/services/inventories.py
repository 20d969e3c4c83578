"""Inventories: the one service module the faces call for inventory versions and their results.

Re-exports the life cycle (:mod:`~cityclimate.services.inventory_versions`: compute, recompute,
publish, recalculate, list and read versions as :class:`Version` snapshots) and the reads
(:mod:`~cityclimate.services.inventory_results`: results with lineage, diff, report, dashboard).
The compute step itself is :mod:`~cityclimate.services.inventory_calculation`.
"""

from cityclimate.services.inventory_calculation import RESULT_COLUMNS
from cityclimate.services.inventory_results import (
    DashboardStamp,
    ReportExport,
    dashboard,
    dashboard_stamp,
    diff,
    lineage,
    list_results,
    report_export,
    result_view,
    results_frame,
)
from cityclimate.services.inventory_versions import (
    Version,
    compute,
    get_version,
    list_versions,
    load_version,
    publish,
    recalculate,
    recompute,
    version_view,
)

__all__ = [
    "RESULT_COLUMNS",
    "DashboardStamp",
    "ReportExport",
    "Version",
    "compute",
    "dashboard",
    "dashboard_stamp",
    "diff",
    "get_version",
    "lineage",
    "list_results",
    "list_versions",
    "load_version",
    "publish",
    "recalculate",
    "recompute",
    "report_export",
    "result_view",
    "results_frame",
    "version_view",
]
