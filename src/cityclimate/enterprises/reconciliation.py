"""Reconciliation of enterprise reports with the district inventory (which includes them).

For one territory and year, enterprise totals per inventory category (t CO2e, from the
enterprises' reports) are set against the district inventory's categories::

    coverage = Σ enterprise emissions in a category / district emissions in that category

Rules (findings shaped for the inventory QA page)
-------------------------------------------------
``enterprises_exceed_district`` (error)
    The enterprises in a category (or in a category within one sub-area) emit more than the
    district's whole category, beyond the tolerance: one of the two is wrong.
``category_missing_in_district`` (error)
    Enterprises report a category the district inventory does not have at all.
``coverage_below_expected`` (warning)
    A category that key enterprises should (nearly) cover (``data/coverage_expectations.csv``,
    e.g. power plants, F-gases of display and semiconductor plants) differs from the district
    figure by more than the expected share.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cityclimate import refdata
from cityclimate.enterprises import rules
from cityclimate.findings import Finding, Severity
from cityclimate.text import Text


@dataclass(frozen=True)
class Reconciliation:
    """The reconciliation of one territory and year.

    Attributes
    ----------
    by_category:
        category, sector, enterprise_co2e_t, district_co2e_t, coverage, enterprises.
    by_sector:
        sector, enterprise_co2e_t, district_co2e_t, coverage.
    findings:
        Every finding, errors first.
    """

    territory: str
    year: int
    by_category: pl.DataFrame
    by_sector: pl.DataFrame
    findings: tuple[Finding, ...]


def _totals(emissions: pl.DataFrame, keys: list[str], name: str) -> pl.DataFrame:
    return emissions.group_by(keys).agg(pl.col("co2e_t").sum().alias(name))


def reconcile(
    enterprise_emissions: pl.DataFrame,
    district_emissions: pl.DataFrame,
    territory: str,
    year: int,
    *,
    tolerance: float = 0.005,
    expectations: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
) -> Reconciliation:
    """Compare enterprise totals with the district inventory's categories.

    Parameters
    ----------
    enterprise_emissions:
        Emission rows of the enterprises' reports (engine columns, ``co2e_t`` in t CO2e).
    district_emissions:
        Emission rows of the district inventory.
    territory, year:
        Which inventory.
    tolerance:
        Relative margin before "exceeds" fires (rounding, 0.5 % by default).
    expectations:
        Expected minimum coverage per category (default ``data/coverage_expectations.csv``).
    categories:
        Category table for sectors and names (default: the shipped one).
    """
    expectations = rules.coverage_expectations() if expectations is None else expectations
    categories = refdata.categories() if categories is None else categories
    scope = (pl.col("territory") == territory) & (pl.col("year") == year)
    scope &= ~pl.col("category").str.starts_with("sink.")
    ours = enterprise_emissions.filter(scope)
    theirs = district_emissions.filter(scope)
    by_category = (
        _totals(theirs, ["category"], "district_co2e_t")
        .join(
            _totals(ours, ["category"], "enterprise_co2e_t").join(
                ours.group_by("category").agg(enterprises=pl.col("enterprise_id").n_unique()),
                on="category",
            ),
            on="category",
            how="full",
            coalesce=True,
        )
        .join(
            categories.select(pl.col("code").alias("category"), "sector", "name_zh", "name_en"),
            on="category",
            how="left",
        )
        .with_columns(
            pl.col("enterprise_co2e_t").fill_null(0.0),
            pl.col("enterprises").fill_null(0),
        )
        .with_columns(coverage=pl.col("enterprise_co2e_t") / pl.col("district_co2e_t"))
        .sort("category")
    )
    by_sector = (
        by_category.group_by("sector")
        .agg(pl.col("enterprise_co2e_t").sum(), pl.col("district_co2e_t").sum())
        .with_columns(coverage=pl.col("enterprise_co2e_t") / pl.col("district_co2e_t"))
        .sort("sector")
    )
    findings: list[Finding] = []
    place = f"{territory} {year}"
    for row in by_category.iter_rows(named=True):
        ent, dist, category = row["enterprise_co2e_t"], row["district_co2e_t"], row["category"]
        if dist is None:
            findings.append(
                Finding(
                    Severity.ERROR,
                    "category_missing_in_district",
                    f"{place}, {category}",
                    value=f"{ent:,.0f} / – t CO2e",
                    message=Text(
                        f"企业报告了 {ent:,.0f} t CO2e，但区域清单没有该类别",
                        f"enterprises report {ent:,.0f} t CO2e but the district inventory "
                        "lacks this category",
                    ),
                    fix=Text(
                        "在区域清单中补充该类别的活动水平（企业排放是其一部分）",
                        "add this category's activity data to the district inventory (the "
                        "enterprises are part of it)",
                    ),
                )
            )
            continue
        findings += _exceeds(ent, dist, tolerance, f"{place}, {category}")
    sub_areas = _totals(ours, ["sub_area", "category"], "enterprise_co2e_t").join(
        _totals(theirs, ["sub_area", "category"], "district_co2e_t"),
        on=["sub_area", "category"],
        how="left",
        nulls_equal=True,
    )
    for row in sub_areas.sort("sub_area", "category").iter_rows(named=True):
        if row["district_co2e_t"] is not None:
            where = f"{place}, {row['sub_area']}, {row['category']}"
            findings += _exceeds(row["enterprise_co2e_t"], row["district_co2e_t"], tolerance, where)
    expected = dict(expectations.select("category", "min_coverage").iter_rows())
    for row in by_category.iter_rows(named=True):
        minimum = expected.get(row["category"])
        coverage = row["coverage"]
        if minimum is None or coverage is None or coverage >= minimum or coverage > 1 + tolerance:
            continue
        findings.append(
            Finding(
                Severity.WARNING,
                "coverage_below_expected",
                f"{place}, {row['category']}",
                value=f"{coverage:.1%} < {minimum:.0%}",
                message=Text(
                    f"重点企业仅覆盖区域清单该类别的 {coverage:.1%}（应不低于 {minimum:.0%}）："
                    f"企业 {row['enterprise_co2e_t']:,.0f}，清单 {row['district_co2e_t']:,.0f} t CO2e",
                    f"key enterprises cover only {coverage:.1%} of this district category "
                    f"(expected ≥ {minimum:.0%}): enterprises {row['enterprise_co2e_t']:,.0f}, "
                    f"inventory {row['district_co2e_t']:,.0f} t CO2e",
                ),
                fix=Text(
                    "核对是否有重点企业漏报，或区域清单的活动水平偏高",
                    "check for key enterprises that did not report, or district activity data "
                    "that are too high",
                ),
            )
        )
    findings.sort(key=lambda f: (f.severity.rank, f.where))
    return Reconciliation(territory, year, by_category, by_sector, tuple(findings))


def _exceeds(enterprise_t: float, district_t: float, tolerance: float, where: str) -> list[Finding]:
    if enterprise_t <= district_t * (1 + tolerance):
        return []
    return [
        Finding(
            Severity.ERROR,
            "enterprises_exceed_district",
            where,
            value=f"{enterprise_t:,.0f} / {district_t:,.0f} t CO2e",
            message=Text(
                f"企业合计 {enterprise_t:,.0f} t CO2e 超过区域清单 {district_t:,.0f} t CO2e"
                f"（{enterprise_t / district_t - 1:+.1%}）",
                f"enterprise total {enterprise_t:,.0f} t CO2e exceeds the district inventory's "
                f"{district_t:,.0f} t CO2e ({enterprise_t / district_t - 1:+.1%})",
            ),
            fix=Text(
                "核对企业台账的单位和数量，以及区域清单该类别的活动水平；二者必有一处有误",
                "check the enterprise ledgers' units and quantities and the district activity "
                "data of this category: one of them is wrong",
            ),
        )
    ]
