"""compute_totals gives the totals of compute_emissions, fast path or not, and the same errors."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError, MissingFactorError
from cityclimate.inventory import compute_emissions, compute_totals
from tests.conftest import activity, frame


def _records() -> pl.DataFrame:
    return frame(
        activity(quantity=1.0),
        activity(quantity=2.0),
        activity(fuel="diesel", unit="t", quantity=3.0),
        activity(
            category="energy.electricity.industry", fuel="electricity", unit="MWh", quantity=10.0
        ),
        activity(
            category="energy.electricity.industry", fuel="electricity", unit="万kWh", quantity=1.0
        ),
    )


def test_totals_equal_the_sum_of_record_level_emissions() -> None:
    rows = compute_emissions(_records())
    totals = compute_totals(_records())
    expected = rows.group_by(["territory", "year", "category", "gas"]).agg(pl.col("co2e_t").sum())
    joined = totals.join(expected, on=["territory", "year", "category", "gas"], suffix="_rows")
    assert joined.height == expected.height
    assert joined["co2e_t"].to_list() == pytest.approx(joined["co2e_t_rows"].to_list(), rel=1e-12)
    assert (
        totals.filter(gas="CO2", category="energy.manufacturing.combustion")["records"].item() == 3
    )


def test_text_columns_take_the_full_validation_path() -> None:
    text = _records().with_columns(
        pl.col("quantity").cast(pl.String), pl.col("year").cast(pl.String)
    )
    assert compute_totals(text)["co2e_t"].sum() == pytest.approx(
        compute_totals(_records())["co2e_t"].sum()
    )


def test_errors_name_every_offending_row_not_one_per_key() -> None:
    bad = frame(activity(unit="bananas"), activity(), activity(unit="bananas"))
    with pytest.raises(DataValidationError) as info:
        compute_totals(bad)
    assert [(p.row, p.field) for p in info.value.problems] == [(1, "unit"), (3, "unit")]


def test_negative_quantity_is_caught_before_summing() -> None:
    with pytest.raises(DataValidationError) as info:
        compute_totals(frame(activity(quantity=5.0), activity(quantity=-1.0)))
    assert [(p.row, p.field) for p in info.value.problems] == [(2, "quantity")]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), None, -1e-9])
def test_a_quantity_that_cannot_be_summed_is_named_by_its_row(bad: float | None) -> None:
    # One row among clean ones: summing first would hide it in its key's total.
    data = frame(activity(quantity=5.0), activity(quantity=bad), activity(quantity=2.0))
    with pytest.raises(DataValidationError) as info:
        compute_totals(data)
    # (-inf breaks two rules: not finite, and negative)
    assert {(p.row, p.field) for p in info.value.problems} == {(2, "quantity")}


def test_a_zero_quantity_is_summed() -> None:
    data = frame(activity(quantity=5.0), activity(quantity=-0.0), activity(quantity=0.0))
    assert compute_totals(data).filter(gas="CO2")["records"].item() == 3


def test_missing_factor_names_the_first_row_of_the_key() -> None:
    data = frame(
        activity(),
        activity(category="energy.electricity.industry", fuel="electricity", unit="MWh", year=2019),
        activity(category="energy.electricity.industry", fuel="electricity", unit="MWh", year=2019),
    )
    with pytest.raises(MissingFactorError) as info:
        compute_totals(data)
    assert [p.row for p in info.value.problems] == [2]
