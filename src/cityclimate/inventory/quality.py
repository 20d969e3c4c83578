"""The quality result of one inventory year: uncertainty, key categories, QA findings, the three
framework tables and their reconciliation, assembled once (pure core).

:func:`quality_report` computes everything an auditor asks of one territory and year from the
engine's emissions; :func:`quality_result` turns it into plain JSON-ready data (lists and dicts
of numbers and text, non-finite numbers as ``None``) so that the command line, the API and the
platform's quality page show the same thing.

>>> import polars as pl
>>> coal_boiler = {"territory": "500000", "year": 2022, "category": "energy.manufacturing.combustion",
...     "fuel": "bituminous_coal", "quantity": 1000.0, "unit": "t"}
>>> activities = pl.DataFrame([coal_boiler])
>>> from cityclimate.inventory import compute_emissions
>>> emissions = compute_emissions(activities)
>>> report = quality_report(emissions, year=2022, territory="500000", iterations=500)
>>> result = quality_result(report)
>>> sorted(result["frameworks"])
['cn', 'gpc', 'ipcc']
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.framework_reports import framework_report, reconcile
from cityclimate.inventory.frameworks import FRAMEWORKS
from cityclimate.inventory.keycats import key_categories
from cityclimate.inventory.qa import Finding, quality_checks
from cityclimate.inventory.uncertainty import (
    Approach1Result,
    MonteCarloResult,
    error_propagation,
    monte_carlo,
)

__all__ = ["QualityReport", "quality_report", "quality_result"]

#: How the uncertainty is stated in every result (IPCC 2006 GL Vol.1 Ch.3).
UNCERTAINTY_METHOD = {
    "approach2": {
        "zh": "IPCC 2006 第1卷第3章 方法2（蒙特卡洛），95% 区间为第 2.5 与 97.5 百分位",
        "en": "IPCC 2006 GL Vol.1 Ch.3 Approach 2 (Monte Carlo); the 95 % interval is the "
        "2.5th to 97.5th percentile of the simulated totals (gross emissions, sinks excluded)",
    },
    "approach1": {
        "zh": "IPCC 2006 第1卷第3章 方法1（误差传递，式3.1/3.2），含碳汇",
        "en": "IPCC 2006 GL Vol.1 Ch.3 Approach 1 (error propagation, Eq.3.1/3.2), sinks included",
    },
}
#: How many inputs are listed as the main drivers of the spread.
DRIVERS_SHOWN = 10


@dataclass(frozen=True)
class QualityReport:
    """Uncertainty, key categories, QA findings, framework tables and reconciliation of one
    territory and year.

    Attributes
    ----------
    territory, year:
        What the report is about.
    gross_co2e_t:
        The inventory's gross emissions (t CO2e, without removals).
    monte_carlo:
        Approach 2 on the gross emissions: ``monte_carlo.total`` holds the 2.5/97.5 %
        percentiles (the 95 % interval).
    approach1:
        Approach 1 on all rows (sinks included), by category; its ``uncertainty_pct`` feeds
        Approach 2 of the key category analysis.
    key_categories:
        :func:`cityclimate.inventory.keycats.key_categories` by inventory category (level,
        trend against ``base_year`` when its data are present, and Approach 2).
    findings:
        QA/QC findings (:func:`cityclimate.inventory.qa.quality_checks`).
    frameworks:
        The complete reporting table of each framework (``cn``, ``ipcc``, ``gpc``;
        :func:`cityclimate.inventory.framework_reports.framework_report`).
    reconciliation:
        :func:`cityclimate.inventory.framework_reports.reconcile` for the territory and year.
    base_year:
        The year of the trend assessment, or None.
    """

    territory: str
    year: int
    gross_co2e_t: float
    monte_carlo: MonteCarloResult
    approach1: Approach1Result
    key_categories: pl.DataFrame
    findings: list[Finding]
    frameworks: dict[str, pl.DataFrame]
    reconciliation: pl.DataFrame
    base_year: int | None


def quality_report(
    emissions: pl.DataFrame,
    *,
    year: int,
    territory: str,
    base_year: int | None = None,
    activities: pl.DataFrame | None = None,
    reported: pl.DataFrame | None = None,
    energy_statistics: pl.DataFrame | None = None,
    iterations: int = 10_000,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> QualityReport:
    """Everything an auditor asks of one inventory year, computed from the same emissions.

    Parameters
    ----------
    emissions:
        The engine's emissions (several years allowed; the trend needs ``base_year``).
    year, territory:
        The inventory year and territory.
    base_year:
        Base year of the trend assessment; default ``year - 1`` when its data are present.
    activities, reported, energy_statistics:
        Inputs of the QA checks (see :func:`cityclimate.inventory.qa.quality_checks`).
    iterations, seed, progress:
        Monte Carlo settings (:func:`cityclimate.inventory.uncertainty.monte_carlo`).

    Raises
    ------
    DataValidationError
        When the emissions hold nothing for the territory and year.
    """
    here = emissions.filter(pl.col("territory") == territory)
    rows = here.filter(pl.col("year") == year)
    if rows.is_empty():
        raise DataValidationError(
            [
                Problem(
                    "emissions",
                    None,
                    "year",
                    str(year),
                    f"没有 {territory} {year} 年的排放数据",
                    f"no emissions of {territory} in {year}",
                )
            ]
        )
    gross_rows = rows.filter(pl.col("sector") != "sinks")
    mc = monte_carlo(gross_rows, iterations=iterations, seed=seed, progress=progress)
    a1 = error_propagation(rows)
    if base_year is None and not here.filter(pl.col("year") == year - 1).is_empty():
        base_year = year - 1
    base = None
    if base_year is not None:
        base = here.filter(pl.col("year") == base_year).select("category", "co2e_t")
    keys = key_categories(
        rows.select("category", "co2e_t"),
        base,
        a1.by_category.select("category", pl.col("uncertainty_pct").fill_null(0.0)),
    )
    checked_years = [year] if base_year is None else [base_year, year]
    findings = quality_checks(
        activities,
        here.filter(pl.col("year").is_in(checked_years)),
        energy_statistics=energy_statistics,
        reported=reported,
        years=checked_years,
    )
    return QualityReport(
        territory=territory,
        year=year,
        gross_co2e_t=float(gross_rows["co2e_t"].sum()),
        monte_carlo=mc,
        approach1=a1,
        key_categories=keys,
        findings=findings,
        frameworks={name: framework_report(rows, name) for name in FRAMEWORKS},
        reconciliation=reconcile(rows),
        base_year=base_year,
    )


def quality_result(report: QualityReport) -> dict[str, Any]:
    """The quality report as JSON-ready data (what the CLI, the API and the page show).

    Returns
    -------
    dict
        ``territory, year, base_year, gross_co2e_t``; ``uncertainty`` (``method`` in zh and
        en, ``iterations``, ``seed``, ``total`` and ``by_category`` of the Monte Carlo run,
        ``approach1`` total and by category, ``drivers``: the inputs explaining most of the
        spread); ``key_categories`` (every category with its shares and ``is_key``,
        ``reason_zh``, ``reason_en``); ``findings`` (QA/QC); ``frameworks`` (``cn``, ``ipcc``,
        ``gpc``: every row of each reporting table, with notation keys) and ``reconciliation``.
        Numbers in t CO2e or %; NaN and infinities become ``None``.
    """
    mc, a1 = report.monte_carlo, report.approach1
    return {
        "territory": report.territory,
        "year": report.year,
        "base_year": report.base_year,
        "gross_co2e_t": _finite(report.gross_co2e_t),
        "uncertainty": {
            "method": UNCERTAINTY_METHOD,
            "iterations": mc.iterations,
            "seed": mc.seed,
            "total": _records(mc.total)[0],
            "by_category": _records(mc.by_category.sort("co2e_t", descending=True)),
            "approach1": {
                "total": _records(a1.total)[0],
                "by_category": _records(a1.by_category),
            },
            "drivers": _records(mc.sensitivity.head(DRIVERS_SHOWN)),
        },
        "key_categories": _records(report.key_categories),
        "findings": [_finding(f) for f in report.findings],
        "frameworks": {
            name: _records(table.drop("territory", "year"))
            for name, table in report.frameworks.items()
        },
        "reconciliation": _records(report.reconciliation),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "severity": str(f.severity),
        "rule": f.rule,
        "where": f.where,
        "value": f.value,
        "row": f.row,
        "message_zh": f.message_zh,
        "message_en": f.message_en,
        "fix_zh": f.fix_zh,
        "fix_en": f.fix_en,
    }


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: _finite(v) for k, v in row.items()} for row in frame.to_dicts()]
