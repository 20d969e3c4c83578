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


def _random_activities(seed: int, rows: int) -> pl.DataFrame:
    """Random records over the shipped territories, years, sources and units (some repeated,
    some measured or abated), for the fast-versus-plain comparisons."""
    import numpy as np

    rng = np.random.default_rng(seed)
    sources = [
        ("energy.manufacturing.combustion", "natural_gas", "10⁴Nm³"),
        ("energy.manufacturing.combustion", "bituminous_coal", "t"),
        ("energy.manufacturing.combustion", "diesel", "GJ"),
        ("energy.commercial.combustion", "natural_gas", "万Nm³"),
        ("energy.residential.combustion", "lpg", "kg"),
        ("energy.transport.road", "gasoline", "t"),
        ("energy.electricity.industry", "electricity", "MWh"),
        ("energy.electricity.residential", "electricity", "kWh"),
    ]
    pick = rng.integers(0, len(sources), rows)
    measured = rng.random(rows) < 0.1
    return pl.DataFrame(
        {
            "territory": rng.choice(["500000", "500112"], rows).tolist(),
            "year": rng.choice([2021, 2022, 2023], rows).astype("int32"),
            "category": [sources[i][0] for i in pick],
            "fuel": [sources[i][1] for i in pick],
            "quantity": rng.gamma(2.0, 50.0, rows),
            "unit": [sources[i][2] for i in pick],
            "measured_factor": np.where(
                measured & (pick == 1), rng.uniform(1.5, 2.5, rows), None
            ).tolist(),
            "measured_factor_unit": np.where(measured & (pick == 1), "t/t", None).tolist(),
        }
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_emissions_without_energy_equal_compute_emissions(seed: int) -> None:
    # compute_totals leaves out the energy column (it reports none); everything else is the
    # same frame, row for row, bit for bit.
    from cityclimate.inventory.engine import _emissions

    data = _random_activities(seed, 400)
    plain = compute_emissions(data)
    fast = _emissions(
        data,
        None,
        factors=None,
        territories=None,
        categories=None,
        where="activities",
        first_row=1,
        energy=False,
    )
    assert fast["energy_tce"].null_count() == fast.height
    assert fast.drop("energy_tce").equals(plain.drop("energy_tce"))
    assert plain["energy_tce"].null_count() < plain.height


@pytest.mark.parametrize("seed", [4, 5])
def test_totals_of_random_records_equal_the_record_level_sums(seed: int) -> None:
    data = _random_activities(seed, 2_000)
    by = ["territory", "year", "category", "gas"]
    totals = compute_totals(data)
    rows = compute_emissions(data).group_by(by).agg(pl.col("co2e_t").sum(), records=pl.len())
    joined = totals.join(rows, on=by, suffix="_rows")
    assert joined.height == rows.height == totals.height
    assert joined["co2e_t"].to_list() == pytest.approx(joined["co2e_t_rows"].to_list(), rel=1e-12)
    assert joined["records"].cast(pl.Int64).to_list() == joined["records_rows"].to_list()


def _totals_both_ways(data: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """compute_totals's sums without row numbers and with them (the way taken before)."""
    from cityclimate import refdata
    from cityclimate.inventory import Method
    from cityclimate.inventory.engine import _totals

    options = {
        "method": Method(),
        "by": ("territory", "year", "category", "gas"),
        "factors": None,
        "territories": refdata.territories(),
        "categories": refdata.categories(),
        "where": "activities",
        "first_row": 1,
    }
    return (
        _totals(data, clean=True, numbered=False, **options),  # type: ignore[arg-type]
        _totals(data, clean=True, numbered=True, **options),  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("seed", "record_ids"), [(6, True), (7, True), (8, False), (9, False)])
def test_totals_without_row_numbers_equal_those_with_them(seed: int, record_ids: bool) -> None:
    # The same keys, records, factor ids (measured ones name their record when ids are given)
    # and sums; the streaming engine adds a key's rows in no fixed order (run to run, too), so
    # sums agree to rounding.
    data = _random_activities(seed, 3_000)
    if record_ids:
        data = data.with_row_index("n").with_columns(record_id=pl.format("R{}", "n")).drop("n")
    else:
        data = data.drop("measured_factor", "measured_factor_unit")
    fast, numbered = _totals_both_ways(data)
    sums = ["co2e_t", "emission_t"]
    assert fast.drop(sums).equals(numbered.drop(sums))
    for column in sums:
        assert fast[column].to_list() == pytest.approx(numbered[column].to_list(), rel=1e-12)
    measured = fast["factor_ids"].explode().str.starts_with("measured:")
    assert measured.any() == record_ids
    assert compute_totals(data).drop(sums).equals(fast.drop(sums))


def test_row_numbers_are_kept_when_a_measured_factor_needs_a_record_id() -> None:
    # Without record ids a measured factor's id names the key's first row, as before.
    data = _random_activities(12, 500)
    assert data["measured_factor"].null_count() < data.height
    ids = compute_totals(data)["factor_ids"].explode()
    assert ids.filter(ids.str.starts_with("measured:")).str.contains(r"^measured:row-\d+$").all()


def test_errors_without_row_numbers_name_the_same_rows_and_records() -> None:
    # A run without row numbers that finds a problem is repeated with them.
    electricity = {"category": "energy.electricity.industry", "fuel": "electricity"}
    data = frame(
        activity(),
        activity(**electricity, unit="MWh", year=2019),
        activity(**electricity, unit="MWh", year=2019),
    )
    with pytest.raises(MissingFactorError) as info:
        compute_totals(data)
    assert [p.row for p in info.value.problems] == [2]
    assert "(record row-2)" in info.value.problems[0].message_en
