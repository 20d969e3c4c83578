"""Tests of the quality result: one assembly of uncertainty, key categories, QA findings, the
three framework tables and their reconciliation, as objects and as JSON-ready data."""

from __future__ import annotations

import json
import math

import polars as pl
import pytest

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.quality import QualityReport, quality_report, quality_result


@pytest.fixture(scope="module")
def demo() -> pl.DataFrame:
    return compute_emissions(liangjiang.activities(), liangjiang.method()).filter(
        pl.col("year").is_in([2019, 2020])
    )


#: Progress calls of the module's Monte Carlo run (done, total).
CALLS: list[tuple[int, int]] = []


@pytest.fixture(scope="module")
def report(demo: pl.DataFrame) -> QualityReport:
    return quality_report(
        demo,
        year=2020,
        territory="LJ-2016",
        activities=liangjiang.activities(),
        reported=liangjiang.plan_figures(),
        iterations=2_000,
        seed=7,
        progress=lambda done, total: CALLS.append((done, total)),
    )


def test_quality_report_of_the_demo(report: QualityReport) -> None:
    total = report.monte_carlo.total.row(0, named=True)
    assert total["p2_5_t"] < report.gross_co2e_t < total["p97_5_t"]
    assert round(report.gross_co2e_t / 1e4, 2) == 724.42
    assert CALLS[-1] == (2_000, 2_000) and report.base_year == 2019
    assert "energy.electricity.industry" in report.key_categories.filter("is_key")["category"]
    assert [f.rule for f in report.findings] == ["implausible_magnitude"]
    assert report.reconciliation.filter(line="result")["reconciles"].all()
    assert set(report.frameworks) == {"cn", "ipcc", "gpc"}


def test_the_result_is_json_and_carries_what_the_table_shows(report: QualityReport) -> None:
    result = json.loads(json.dumps(quality_result(report), allow_nan=False))
    unc = result["uncertainty"]
    assert (unc["iterations"], unc["seed"]) == (2_000, 7)
    assert "Approach 2" in unc["method"]["approach2"]["en"] and unc["method"]["approach2"]["zh"]
    assert unc["total"]["p2_5_t"] < result["gross_co2e_t"] < unc["total"]["p97_5_t"]
    # By category: the same categories as the emissions, and their point estimates add up.
    assert sum(r["co2e_t"] for r in unc["by_category"]) == pytest.approx(result["gross_co2e_t"])
    assert unc["drivers"] and {"input", "id", "contribution_to_variance_pct"} <= set(
        unc["drivers"][0]
    )
    keys = [k for k in result["key_categories"] if k["is_key"]]
    assert keys and all(k["reason_zh"] and k["reason_en"] for k in keys)
    assert result["findings"][0]["rule"] == "implausible_magnitude"
    assert result["findings"][0]["fix_en"]


def test_framework_tables_add_up_to_the_reconciled_totals(report: QualityReport) -> None:
    result = quality_result(report)
    for name in ("cn", "ipcc", "gpc"):
        rows = result["frameworks"][name]
        # Every row of the framework is there: a number or a notation key.
        assert all((r["co2e_t"] is None) != (r["notation"] is None) for r in rows)
    cn_top = sum(r["co2e_t"] or 0 for r in result["frameworks"]["cn"] if r["depth"] == 0)
    # China's guideline counts everything, removals included: gross + removals.
    removals = report.approach1.by_category.filter(pl.col("co2e_t") < 0)["co2e_t"].sum()
    assert cn_top == pytest.approx(result["gross_co2e_t"] + removals, rel=1e-9)
    lines = {(r["framework"], r["line"]) for r in result["reconciliation"]}
    assert {("cn", "result"), ("ipcc", "result"), ("gpc", "result")} <= lines
    assert all(r["reconciles"] for r in result["reconciliation"] if r["line"] == "result")


def test_non_finite_numbers_become_null() -> None:
    from cityclimate.inventory.quality import _records

    frame = pl.DataFrame({"a": [math.nan, 1.0, math.inf]})
    assert [r["a"] for r in _records(frame)] == [None, 1.0, None]


def test_no_data_for_the_year_is_a_located_problem(demo: pl.DataFrame) -> None:
    with pytest.raises(DataValidationError) as caught:
        quality_report(demo, year=2031, territory="LJ-2016", iterations=100)
    assert caught.value.problems[0].value == "2031"
