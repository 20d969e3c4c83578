"""Moving a plan's pathway model to a later calibration year: drivers from the stored inputs or
carried with the baseline's growth, levers reduced to what remains after the new base year, the
base year reproducing the inventory, and sector value added from the inputs. Oracles by hand."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from cityclimate.pathways import (
    LeverSetting,
    PathwayStructure,
    Scenario,
    calibrate,
    prepare_model,
    run_scenario,
)
from cityclimate.pathways.model import DriverPath, Lever
from cityclimate.pathways.rebase import (
    growth_factor,
    rebase_scenario,
    rebase_structure,
    sector_value_added,
)


def test_growth_factor_by_hand(scenarios: dict[str, Scenario]) -> None:
    baseline = dataclasses.replace(
        scenarios["baseline"],
        drivers={"x": DriverPath({2021: 10.0, 2023: -50.0}, 0.0)},
    )
    # 2021 and 2022 at +10 %, 2023 and 2024 at -50 %: 1.1 * 1.1 * 0.5 * 0.5 = 0.3025.
    assert growth_factor(baseline, "x", 2020, 2024) == pytest.approx(0.3025)
    assert growth_factor(baseline, "x", 2024, 2020) == pytest.approx(1 / 0.3025)
    assert growth_factor(baseline, "x", 2020, 2020) == 1.0
    assert growth_factor(baseline, "nobody", 2020, 2030) == 1.0


def test_drivers_at_the_new_year(
    structure: PathwayStructure, scenarios: dict[str, Scenario]
) -> None:
    moved = rebase_structure(structure, 2024, {"gdp_10k_yuan": 2.5e7}, scenarios["baseline"])
    assert {d.base_year for d in moved.drivers.values()} == {2024}
    assert moved.drivers["gdp"].base_value == 2.5e7  # the stored input
    # Not a stored input: carried with the baseline growth (3.0 % a year from 2021, by hand).
    floor = structure.drivers["residential_floor_area"].base_value
    assert moved.drivers["residential_floor_area"].base_value == pytest.approx(floor * 1.03**4)
    # Population is a stored input but not reported for 2024: carried too (2.0 % a year).
    people = structure.drivers["population"].base_value
    assert moved.drivers["population"].base_value == pytest.approx(people * 1.02**4)


def test_levers_keep_only_what_remains_after_the_new_base_year(
    scenarios: dict[str, Scenario],
) -> None:
    plan = dataclasses.replace(
        scenarios["plan"],
        levers={
            "a": LeverSetting(2.0, 2021, 10),  # 4 of 10 ramp years done by 2024
            "b": LeverSetting(1.0, 2021, 3),  # complete by 2023
            "c": LeverSetting(1.0, 2026, 2),  # not started
        },
    )
    moved = rebase_scenario(plan, 2024)
    assert moved.base_year == 2024 and moved.end_year == plan.end_year
    # a: 2.0 * (1 - 0.4) = 1.2 over the 6 remaining years, from 2025: in 2030 the original gives
    # 2.0 * 1.0 = 2.0, of which 0.8 was in 2024; the remainder gives 1.2 * 6/6 = 1.2.
    assert moved.levers["a"] == LeverSetting(pytest.approx(1.2), 2025, 6)
    assert moved.levers["b"].strength == 0.0
    assert moved.levers["c"] == LeverSetting(1.0, 2026, 2)


def test_a_later_base_year_reproduces_its_inventory(
    emissions: pl.DataFrame,
    structure: PathwayStructure,
    levers: dict[str, Lever],
    scenarios: dict[str, Scenario],
) -> None:
    # A "2022 inventory": the 2020 records one and a half times over.
    later = emissions.filter(pl.col("year") == 2020).with_columns(
        year=pl.lit(2022, pl.Int32),
        co2e_t=pl.col("co2e_t") * 1.5,
        energy_tce=pl.col("energy_tce") * 1.5,
    )
    moved = rebase_structure(structure, 2022, {}, scenarios["baseline"])
    model = prepare_model(calibrate(later, moved, 2022, extra_fuels={"hydrogen"}), moved, levers)
    result = run_scenario(model, moved, rebase_scenario(scenarios["plan"], 2022))
    gross_2022 = float(later.filter(pl.col("sector") != "sinks")["co2e_t"].sum())
    first = result.totals.row(0, named=True)
    assert first["year"] == 2022
    assert first["gross_co2e_t"] == pytest.approx(gross_2022, rel=1e-9)


def test_sector_value_added_from_the_inputs(structure: PathwayStructure) -> None:
    inputs = {
        2019: {"industrial_value_added_10k_yuan": 100.0, "value_added_tertiary_10k_yuan": 200.0},
        2021: {"industrial_value_added_10k_yuan": None, "value_added_tertiary_10k_yuan": 50.0},
    }
    table = sector_value_added(structure, inputs)
    got = {(r["year"], r["sector"]): r["value_added_10k_yuan"] for r in table.to_dicts()}
    # sectors.csv: industry 0.95 and energy 0.05 of industry; buildings 0.80, transport 0.12,
    # new infrastructure 0.08 of services.
    assert got == pytest.approx(
        {
            (2019, "industry"): 95.0,
            (2019, "energy"): 5.0,
            (2019, "buildings"): 160.0,
            (2019, "transport"): 24.0,
            (2019, "new_infrastructure"): 16.0,
            (2021, "buildings"): 40.0,
            (2021, "transport"): 6.0,
            (2021, "new_infrastructure"): 4.0,
        }
    )
