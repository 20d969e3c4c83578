"""Quality assurance and control (QA/QC) of an inventory: a list of findings, never an exception.

Each check returns :class:`Finding` objects (severity, rule, where, value, message and suggested
fix in Chinese and English). The rules, their severities, thresholds and texts are data, kept in
one place: ``refdata/data/qa_rules.csv`` (one row per rule and scope; a scope is a category
prefix, ``*`` for all, the longest matching prefix wins). Plausible factor ranges are in
``refdata/data/factor_ranges.csv``, each row with its source.

>>> import polars as pl
>>> from cityclimate.inventory import compute_emissions
>>> from cityclimate.inventory.qa import quality_checks
>>> activities = pl.DataFrame({
...     "territory": ["500000"], "year": [2022], "category": ["energy.manufacturing.combustion"],
...     "fuel": ["natural_gas"], "quantity": [1.0], "unit": ["10⁴Nm³"]})
>>> emissions = compute_emissions(activities)  # about 21.7 t CO2e
>>> reported = pl.DataFrame({"figure": ["industry_saving"], "territory": ["500000"],
...     "year": [2022], "value": [1.0], "unit": ["万tCO2e"]})  # 10,000 t: more than the whole
>>> [f.rule for f in quality_checks(emissions=emissions, reported=reported)]
['implausible_magnitude']

Rules (IPCC 2006 Vol. 1 Ch. 6 "Quality Assurance / Quality Control and Verification", Table 6.1
general QC procedures, and Vol. 2 Ch. 6 for the energy balance):

``missing_value``, ``negative_value``, ``unit_dimension``
    Activity records (:func:`check_activities`) and emission rows (:func:`check_emissions`).
``year_on_year_jump``
    A category's emissions change by more than its threshold (%) from one year to the next.
``factor_range``
    The factor applied to a record (measured or shipped) lies outside its plausible range.
``energy_balance``
    Fuel use in the inventory differs from the energy statistics for the same territory and
    year by more than the threshold (:func:`check_energy_balance`).
``sum_mismatch``
    Parts do not add up to their total (:func:`check_sums`), or a reported total differs from
    the computed one (:func:`check_reported_figures`).
``implausible_magnitude``
    A reported part (a saving, one sector's emissions) is larger than the territory's whole
    total (:func:`check_reported_figures`).

The checks by kind are in :mod:`~.records`, :mod:`~.emissions`, :mod:`~.energy_balance` and
:mod:`~.reported`; the rule tables in :mod:`~.rules`. :func:`quality_checks` runs them all.
"""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from cityclimate.findings import SEVERITIES, Finding, Severity
from cityclimate.inventory.qa.emissions import check_emissions
from cityclimate.inventory.qa.energy_balance import check_energy_balance
from cityclimate.inventory.qa.records import check_activities
from cityclimate.inventory.qa.reported import check_reported_figures, check_sums
from cityclimate.inventory.qa.rules import factor_ranges, findings_table, qa_rules

__all__ = [
    "SEVERITIES",
    "Finding",
    "Severity",
    "check_activities",
    "check_emissions",
    "check_energy_balance",
    "check_reported_figures",
    "check_sums",
    "factor_ranges",
    "findings_table",
    "qa_rules",
    "quality_checks",
]


def quality_checks(
    activities: pl.DataFrame | None = None,
    emissions: pl.DataFrame | None = None,
    *,
    energy_statistics: pl.DataFrame | None = None,
    reported: pl.DataFrame | None = None,
    rules: pl.DataFrame | None = None,
    years: Collection[int] | None = None,
    where: str = "activities",
    first_row: int = 1,
) -> list[Finding]:
    """Run every check that the given inputs allow; findings sorted by severity, then rule.

    Parameters
    ----------
    activities:
        Activity records (:func:`check_activities`).
    emissions:
        The engine's emissions (:func:`check_emissions`; needed for the next two).
    energy_statistics:
        Energy statistics of the same territory and years (:func:`check_energy_balance`).
    reported:
        Published figures to check against the inventory (:func:`check_reported_figures`),
        e.g. a plan's figures.
    rules:
        The rule table; defaults to ``refdata/data/qa_rules.csv``.
    years:
        Inventory years whose emissions are checked (see :func:`check_emissions`).
    where, first_row:
        File name and first data row number of ``activities``, for ``Finding.where``.
    """
    rules = qa_rules() if rules is None else rules
    findings: list[Finding] = []
    if activities is not None:
        findings += check_activities(activities, where=where, first_row=first_row, rules=rules)
    if emissions is not None:
        findings += check_emissions(emissions, rules=rules, years=years)
        if energy_statistics is not None:
            findings += check_energy_balance(emissions, energy_statistics, rules=rules)
        if reported is not None:
            findings += check_reported_figures(emissions, reported, rules=rules)
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.where))
