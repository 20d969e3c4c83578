"""Tests of cityclimate.inventory.framework_reports: full framework tables, notation keys, reconciliation."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityclimate import refdata
from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError
from cityclimate.inventory import compute_emissions, summary_figures
from cityclimate.inventory.framework_reports import (
    framework_report,
    framework_rows,
    framework_totals,
    reconcile,
)
from tests.conftest import activity, frame

FRAMEWORKS = ("cn", "ipcc", "gpc")


@pytest.fixture(scope="module")
def demo() -> pl.DataFrame:
    return compute_emissions(liangjiang.activities(), liangjiang.method()).filter(
        pl.col("year").is_in([2019, 2020])
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_category_maps_to_a_leaf_row(framework: str) -> None:
    rows = framework_rows(framework)  # type: ignore[arg-type]
    leaves = set(rows.filter("is_leaf")["code"])
    assert set(refdata.categories()[f"{framework}_code"]) <= leaves
    assert rows["source"].str.len_chars().min() > 5


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_row_is_listed_with_a_number_or_a_key(demo: pl.DataFrame, framework: str) -> None:
    table = framework_report(demo.filter(year=2020), framework)  # type: ignore[arg-type]
    assert table["code"].to_list() == framework_rows(framework)["code"].to_list()  # type: ignore[arg-type]
    assert (table["co2e_t"].is_null() == table["notation"].is_not_null()).all()
    assert set(table["notation"].drop_nulls()) == {"NE"}
    # a parent is the sum of its children
    children = (
        table.filter(pl.col("parent").is_not_null()).group_by("parent").agg(pl.col("co2e_t").sum())
    )
    for parent, value in children.iter_rows():
        shown = table.filter(code=parent)["co2e_t"].item()
        assert (shown or 0.0) == pytest.approx(value, rel=1e-12)


def test_gpc_rows_say_scope_and_basic(demo: pl.DataFrame) -> None:
    table = framework_report(demo.filter(year=2020), "gpc")
    row = table.filter(code="I.4.4").row(0, named=True)
    assert (row["scope"], row["basic"], row["basic_plus"]) == (1, False, False)
    assert table.filter(code="IV.1")["basic_plus"].item() is True
    assert table.filter(code="I.3.2")["scope"].item() == 2


def test_user_notation_keys_and_confidential_rows(demo: pl.DataFrame) -> None:
    keys = pl.DataFrame(
        {
            "code": ["II.4.1", "I.4.4"],
            "key": ["NO", "C"],
            "explanation": ["no airport in the territory", "one plant: confidential"],
        }
    )
    table = framework_report(demo.filter(year=2020), "gpc", notation_keys=keys)
    assert table.filter(code="II.4.1").select("notation", "explanation").row(0) == (
        "NO",
        "no airport in the territory",
    )
    hidden = table.filter(code="I.4.4").row(0, named=True)
    assert hidden["co2e_t"] is None and hidden["notation"] == "C"
    assert table.filter(code="I.4")["co2e_t"].item() > 0  # still in its parent's sum
    with pytest.raises(DataValidationError):
        framework_report(demo, "gpc", notation_keys=keys.with_columns(key=pl.lit("XX")))


@pytest.mark.parametrize("year", [2019, 2020])
def test_the_three_frameworks_reconcile_on_the_demo(demo: pl.DataFrame, year: int) -> None:
    """The three totals differ only by items each framework states explicitly.

    * China's guideline counts every row, removals (LULUCF) included: cn = gross + removals.
    * IPCC's territorial total excludes purchased electricity and heat (scope 2), which sit in
      the memo items M.1/M.2: ipcc + memo = gross + removals.
    * GPC BASIC excludes energy generation supplied to the grid (I.4.4; counted by the users
      of the electricity in scope 2), IPPU and AFOLU (BASIC+ only):
      BASIC + (BASIC+ − BASIC) + I.4.4 = gross + removals.
    """
    rows = demo.filter(year=year)
    totals = framework_totals(rows).row(0, named=True)
    figures = summary_figures(rows).row(0, named=True)
    gross, removals = figures["gross_co2e_t"], figures["removals_co2e_t"]
    assert round(gross / 1e4, 2) == {2019: 685.36, 2020: 724.42}[year]  # the plan's totals
    assert totals["cn_total_t"] == pytest.approx(gross + removals, rel=1e-12)
    assert totals["ipcc_memo_t"] == pytest.approx(figures["scope2_co2e_t"], rel=1e-12)
    assert totals["ipcc_total_t"] + totals["ipcc_memo_t"] == pytest.approx(
        gross + removals, rel=1e-12
    )
    power = rows.filter(category="energy.energy_industries.combustion")["co2e_t"].sum()
    ippu = rows.filter(pl.col("category").str.starts_with("ippu."))["co2e_t"].sum()
    assert totals["gpc_outside_t"] == pytest.approx(power, rel=1e-12)
    assert totals["gpc_basic_plus_t"] - totals["gpc_basic_t"] == pytest.approx(
        ippu + removals, rel=1e-9
    )
    result = reconcile(rows).filter(line="result")
    assert result["reconciles"].to_list() == [True, True, True]
    assert result["co2e_t"].to_list() == pytest.approx([gross] * 3, rel=1e-12)


CATEGORY_FUELS = [
    ("energy.manufacturing.combustion", "natural_gas", "10⁴Nm³"),
    ("energy.energy_industries.combustion", "natural_gas", "10⁴Nm³"),
    ("energy.transport.road", "diesel", "t"),
    ("energy.electricity.industry", "electricity", "MWh"),
    ("energy.heat.industry", "heat", "GJ"),
    ("sink.urban_green", "urban_tree_crown", "ha"),
]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(CATEGORY_FUELS) - 1), st.floats(0, 1e5, allow_nan=False)),
        min_size=1,
        max_size=8,
    )
)
def test_reconciliation_holds_for_any_mix(picks: list[tuple[int, float]]) -> None:
    rows = frame(
        *[
            activity(
                category=CATEGORY_FUELS[i][0],
                fuel=CATEGORY_FUELS[i][1],
                unit=CATEGORY_FUELS[i][2],
                quantity=q,
            )
            for i, q in picks
        ]
    )
    result = reconcile(compute_emissions(rows)).filter(line="result")
    assert result["reconciles"].all()
