"""Tests of cityclimate.inventory.qa: every rule fires on a made-up case and stays quiet on clean data."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.qa import (
    check_activities,
    check_emissions,
    check_energy_balance,
    check_reported_figures,
    check_sums,
    factor_ranges,
    findings_table,
    qa_rules,
    quality_checks,
)
from tests.conftest import activity, frame


@pytest.fixture(scope="module")
def demo_emissions() -> pl.DataFrame:
    return compute_emissions(liangjiang.activities(), liangjiang.method())


def rules_of(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.rule for f in findings]


def test_rule_and_range_tables_carry_sources() -> None:
    rules, ranges = qa_rules(), factor_ranges()
    assert rules["source"].str.len_chars().min() > 10
    assert ranges["source"].str.len_chars().min() > 10
    assert set(rules["rule"]) == {
        "missing_value",
        "negative_value",
        "unit_dimension",
        "year_on_year_jump",
        "factor_range",
        "energy_balance",
        "sum_mismatch",
        "implausible_magnitude",
    }
    # every range contains the shipped default it guards (IPCC 2006 Vol.2 Ch.1 Table 1.4)
    row = ranges.filter(fuel="natural_gas").row(0, named=True)
    assert row["low"] < 56_100 < row["high"]


def test_the_plans_implausible_saving_is_flagged(demo_emissions: pl.DataFrame) -> None:
    # MISSION.md R2: the plan gives the 14 key enterprises' saving as 15,989.19 万tce, far
    # above the district's whole energy use (the demo, calibrated to the plan: ~267 万tce).
    findings = check_reported_figures(demo_emissions, liangjiang.plan_figures())
    assert rules_of(findings) == ["implausible_magnitude"]
    finding = findings[0]
    assert finding.severity == "error"
    assert "key_enterprise_energy_saving" in finding.where
    assert "15,989.2 万tce" in finding.message_en and "times" in finding.message_en
    assert finding.fix_zh and finding.fix_en


def test_the_plans_totals_and_shares_pass(demo_emissions: pl.DataFrame) -> None:
    figures = liangjiang.plan_figures().filter(
        pl.col("figure") != "key_enterprise_energy_saving_2018_2020"
    )
    assert check_reported_figures(demo_emissions, figures) == []


def test_a_wrong_reported_total_and_shares_that_do_not_add_up(demo_emissions: pl.DataFrame) -> None:
    reported = pl.DataFrame(
        {
            "figure": ["total_co2e", "gas_share_of_fossil", "oil_share_of_fossil", "fossil_share"],
            "territory": ["LJ-2016"] * 4,
            "year": [2020] * 4,
            "value": [800.0, 0.7, 0.4, 1.2],
            "unit": ["万tCO2e", None, None, None],
        }
    )
    findings = check_reported_figures(demo_emissions, reported)
    assert sorted(rules_of(findings)) == ["implausible_magnitude", "sum_mismatch", "sum_mismatch"]


def test_sums_that_do_not_add_up() -> None:
    parts = pl.DataFrame({"group": ["a", "a", "b"], "value": [1.0, 2.0, 5.0]})
    totals = pl.DataFrame({"group": ["a", "b"], "value": [3.0, 6.0]})
    findings = check_sums(parts, totals)
    assert [f.where for f in findings] == ["b"]


def test_activity_rows_missing_negative_and_wrong_units() -> None:
    rows = frame(
        activity(),
        activity(quantity=-3.0),
        activity(fuel="bituminous_coal", unit="kWh"),  # electricity on a coal row
        activity(fuel="bituminous_coal", unit="tce"),  # an energy unit is fine for a fuel
        activity(unit="furlong"),
        activity(territory=None),
    )
    findings = check_activities(rows, where="a.csv", first_row=2)
    assert sorted((f.rule, f.where) for f in findings) == [
        ("missing_value", "a.csv row 7, field 'territory'"),
        ("negative_value", "a.csv row 3, field 'quantity'"),
        ("unit_dimension", "a.csv row 4, field 'unit'"),
        ("unit_dimension", "a.csv row 6, field 'unit'"),
    ]
    assert sorted(f.row for f in findings if f.row is not None) == [3, 4, 6, 7]


def test_year_on_year_jump_uses_the_categorys_threshold() -> None:
    rows = frame(
        activity(year=2021, quantity=100.0),
        activity(year=2022, quantity=125.0),  # +25 %: under the general 30 %
        activity(
            year=2021,
            category="energy.electricity.industry",
            fuel="electricity",
            quantity=100.0,
            unit="MWh",
        ),
        activity(
            year=2022,
            category="energy.electricity.industry",
            fuel="electricity",
            quantity=125.0,
            unit="MWh",
        ),
    )
    emissions = compute_emissions(rows)
    findings = check_emissions(emissions)
    # electricity: 20 % threshold; the grid factor also changed 2021->2022 (0.4743 -> 0.5227)
    assert [f.where for f in findings if f.rule == "year_on_year_jump"] == [
        "500000 2022 energy.electricity.industry"
    ]


def test_years_limit_the_jump_check_to_compiled_years(demo_emissions: pl.DataFrame) -> None:
    every = check_emissions(demo_emissions)
    compiled = check_emissions(demo_emissions, years=[2019, 2020])
    assert any(f.rule == "year_on_year_jump" and "landfill" in f.where for f in every)
    assert compiled == []


def test_measured_factor_outside_range_is_flagged() -> None:
    rows = frame(activity(measured_factor=0.5, measured_factor_unit="t/10⁴Nm³", record_id="m1"))
    findings = check_emissions(compute_emissions(rows))
    (finding,) = [f for f in findings if f.rule == "factor_range"]
    assert "record m1" in finding.where and "kg/TJ" in finding.value


def test_shipped_factors_are_inside_their_ranges(demo_emissions: pl.DataFrame) -> None:
    assert [f for f in check_emissions(demo_emissions) if f.rule == "factor_range"] == []


def test_energy_balance_against_statistics(demo_emissions: pl.DataFrame) -> None:
    used = (
        demo_emissions.filter(year=2020, fuel="natural_gas", gas="CO2")
        .filter(pl.col("category").str.starts_with("energy."))["activity_value"]
        .sum()
    )
    stats = pl.DataFrame(
        {
            "territory": ["LJ-2016"] * 3,
            "year": [2020] * 3,
            "fuel": ["natural_gas", "diesel", "bituminous_coal"],
            "quantity": [used * 1.02, 1.0, 100.0],  # gas within 5 %; diesel far off; no coal
            "unit": ["10⁴Nm³", "万t", "t"],
        }
    )
    findings = check_energy_balance(demo_emissions, stats)
    assert sorted(f.where for f in findings) == [
        "LJ-2016 2020 bituminous_coal",
        "LJ-2016 2020 diesel",
    ]


def test_energy_statistics_in_tce_compare_with_energy_use(demo_emissions: pl.DataFrame) -> None:
    tce = demo_emissions.filter(year=2020, fuel="natural_gas")["energy_tce"].sum()
    stats = pl.DataFrame(
        {
            "territory": ["LJ-2016"],
            "year": [2020],
            "fuel": ["natural_gas"],
            "quantity": [tce / 1e4],
            "unit": ["万tce"],
        }
    )
    assert check_energy_balance(demo_emissions, stats) == []


def test_quality_checks_sorts_by_severity_and_table_has_every_field(
    demo_emissions: pl.DataFrame,
) -> None:
    findings = quality_checks(
        frame(activity(quantity=-1.0)),
        demo_emissions,
        reported=liangjiang.plan_figures(),
    )
    assert [f.severity for f in findings] == sorted(
        (f.severity for f in findings), key=["error", "warning", "info"].index
    )
    table = findings_table(findings)
    assert table.columns == [
        "severity",
        "rule",
        "where",
        "value",
        "message_zh",
        "message_en",
        "fix_zh",
        "fix_en",
        "row",
    ]
    assert table.height == len(findings)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=6))
def test_parts_always_add_up_to_their_own_sum(values: list[float]) -> None:
    parts = pl.DataFrame({"group": ["g"] * len(values), "value": values})
    totals = pl.DataFrame({"group": ["g"], "value": [sum(values)]})
    assert check_sums(parts, totals) == []


def test_activity_findings_keep_the_row_numbers_a_reader_gives() -> None:
    # Readers that know each record's row in the file (e.g. a template's sheet rows) pass _row.
    rows = frame(activity(quantity=-1.0)).with_columns(_row=pl.lit(41, pl.Int64))
    findings = check_activities(rows, where="book.xlsx", first_row=2)
    assert [(f.rule, f.row) for f in findings] == [("negative_value", 41)]
