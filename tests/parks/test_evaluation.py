"""A park evaluated by year: tier by its energy use, threshold, path to the target year."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.parks import ElectricityMethod, ParkInventory, evaluate_park
from cityclimate.parks.attributes import PARK_COLUMNS
from tests.parks.conftest import park


def inventory(year: int, co2_t: float, energy_tce: float, clean_tce: float = 0.0) -> ParkInventory:
    """A park inventory of two rows made by hand: one member row, one on-site row."""
    rows = pl.DataFrame(
        [
            {
                "origin": "member",
                "gas": "CO2",
                "emission_t": co2_t,
                "co2e_t": co2_t,
                "energy_tce": energy_tce - clean_tce,
                "clean_energy_tce": None,
            },
            {
                "origin": "onsite",
                "gas": "CO2",
                "emission_t": 0.0,
                "co2e_t": 0.0,
                "energy_tce": clean_tce,
                "clean_energy_tce": clean_tce,
            },
        ]
    )
    for column in PARK_COLUMNS:
        if column not in rows.columns:
            rows = rows.with_columns(pl.lit(None, pl.String).alias(column))
    return ParkInventory("P", year, 2, ElectricityMethod.MARKET, rows)


def test_core_indicator_by_year_with_tier_threshold_and_path() -> None:
    # base 2022: 0.5 t/tce; target 2030: 0.20 (mid tier) → path(2026) = 0.5 − 0.3 × 4/8 = 0.35
    inventories = {
        2022: inventory(2022, 150_000.0, 300_000.0, 60_000.0),
        2026: inventory(2026, 102_000.0, 300_000.0),
        2030: inventory(2030, 1_500_000.0, 5_000_000.0),
    }
    table = evaluate_park(park(), inventories).filter(indicator_id="carbon_per_energy")
    rows = {r["year"]: r for r in table.iter_rows(named=True)}
    assert rows[2022]["value"] == pytest.approx(0.5)
    assert (rows[2022]["tier_id"], rows[2022]["threshold"], rows[2022]["meets"]) == (
        "mid",
        0.2,
        False,
    )
    assert rows[2022]["path_value"] == pytest.approx(0.5)
    assert rows[2026]["value"] == pytest.approx(0.34)
    assert rows[2026]["path_value"] == pytest.approx(0.35)
    assert rows[2026]["on_path"] is True
    # 5 million tce: the large tier, threshold 0.30; 0.30 meets it (at most)
    assert (rows[2030]["tier_id"], rows[2030]["threshold"]) == ("large", 0.3)
    assert rows[2030]["value"] == pytest.approx(0.3)
    assert rows[2030]["meets"] is True
    assert rows[2030]["path_value"] == pytest.approx(0.3)


def test_guiding_indicators_from_the_inventory_and_as_entered() -> None:
    entered = pl.DataFrame(
        {
            "year": [2022, 2022, 2022],
            "indicator_id": ["water_reuse", "solid_waste_reuse", "clean_energy_share"],
            "value": [0.85, 0.5, 0.99],
        }
    )
    table = evaluate_park(park(), {2022: inventory(2022, 150_000.0, 300_000.0, 60_000.0)}, entered)
    got = {r["indicator_id"]: r for r in table.iter_rows(named=True)}
    assert got["clean_energy_share"]["value"] == pytest.approx(0.2)  # the inventory, not 0.99
    assert got["clean_energy_share"]["value_source"] == "inventory"
    assert (got["water_reuse"]["value"], got["water_reuse"]["meets"]) == (0.85, True)
    assert (got["solid_waste_reuse"]["meets"], got["solid_waste_reuse"]["threshold"]) == (
        False,
        0.8,
    )
    missing = got["waste_heat_reuse"]
    assert (missing["value"], missing["value_source"], missing["meets"]) == (None, "missing", None)
    assert table["indicator_id"][0] == "carbon_per_energy"  # core first


def test_a_year_without_an_inventory_is_missing_not_zero() -> None:
    entered = pl.DataFrame({"year": [2024], "indicator_id": ["water_reuse"], "value": [0.9]})
    table = evaluate_park(park(), {}, entered)
    core = table.filter(indicator_id="carbon_per_energy").row(0, named=True)
    assert (core["value"], core["threshold"], core["complete"]) == (None, None, False)


def test_a_small_park_has_no_core_threshold() -> None:
    table = evaluate_park(park(), {2022: inventory(2022, 10_000.0, 50_000.0)})
    core = table.filter(indicator_id="carbon_per_energy").row(0, named=True)
    assert core["value"] == pytest.approx(0.2)
    assert (core["tier_id"], core["meets"]) == (None, None)


def test_an_incomplete_inventory_gives_no_figure() -> None:
    partial = inventory(2022, 150_000.0, 300_000.0)
    partial = ParkInventory("P", 2022, 2, ElectricityMethod.MARKET, partial.rows, ("C",))
    core = evaluate_park(park(), {2022: partial}).filter(indicator_id="carbon_per_energy")
    row = core.row(0, named=True)
    assert (row["value"], row["value_source"], row["meets"]) == (None, "incomplete", None)
