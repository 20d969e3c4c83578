"""Tests of what levers reach in a territory's calibration (pathways/reach.py).

The territory here is the demo inventory cut down to its electricity records: no gasoline,
diesel or natural gas, and energy use only on the lines electricity is allocated to.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.pathways import (
    Lever,
    LeverSetting,
    PathwayStructure,
    Scenario,
    calibrate,
    prepare_model,
    run_scenario,
)


@pytest.fixture(scope="module")
def electricity_only(emissions: pl.DataFrame) -> pl.DataFrame:
    return emissions.filter(pl.col("fuel") == "electricity")


def _model(electricity_only: pl.DataFrame, structure: PathwayStructure, levers: dict[str, Lever]):  # type: ignore[no-untyped-def]
    return prepare_model(calibrate(electricity_only, structure, 2020), structure, levers)


def test_levers_on_absent_fuels_act_on_nothing_and_say_so(
    electricity_only: pl.DataFrame,
    structure: PathwayStructure,
    levers: dict[str, Lever],
    scenarios: dict[str, Scenario],
) -> None:
    model = _model(electricity_only, structure, levers)
    # By hand: the four fuel switches from gasoline/diesel/natural gas, and gas generation
    # (no natural gas to burn), name fuels the inventory does not have.
    for lever_id, fuel_zh in (
        ("nev_cars", "汽油"),
        ("nev_buses", "柴油、天然气、汽油"),
        ("hydrogen_logistics", "柴油"),
        ("public_charging", "汽油"),
        ("gas_distributed_energy", "天然气"),
    ):
        assert f"清单中没有{fuel_zh}" in model.idle_levers[lever_id].zh, lever_id
        assert "acts on nothing" in model.idle_levers[lever_id].en
        assert model.lever_lines[[lv.id for lv in model.levers].index(lever_id)] == ()
    # Levers on lines that use electricity, local generation and sinks reach the model.
    for lever_id in ("distributed_pv", "parks_green_space", "datacentre_pue_limit"):
        assert lever_id not in model.idle_levers
    plan = scenarios["plan"]
    result = run_scenario(model, structure, plan)
    assert set(result.idle_levers) == {
        k for k in model.idle_levers if plan.levers.get(k, LeverSetting(0, 2021, 0)).strength
    }
    # Turning the idle levers off changes nothing: they act on nothing.
    off = {k: dataclasses.replace(s, strength=0.0) for k, s in plan.levers.items()}
    without = dataclasses.replace(
        plan, levers={k: off[k] if k in model.idle_levers else s for k, s in plan.levers.items()}
    )
    other = run_scenario(model, structure, without)
    assert np.array_equal(result.totals["gross_co2e_t"], other.totals["gross_co2e_t"])
    assert other.idle_levers == {}


def test_a_lever_on_a_line_without_energy_acts_on_nothing(
    electricity_only: pl.DataFrame, structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    # The demo's F-gas line has process emissions only; the cut inventory has none.
    model = _model(electricity_only, structure, levers)
    assert "工业过程排放" in model.idle_levers["fgas_abatement"].zh


def test_a_fuel_switch_keeps_the_fuels_the_territory_has(
    emissions: pl.DataFrame, structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    no_diesel = emissions.filter(pl.col("fuel") != "diesel")
    model = prepare_model(calibrate(no_diesel, structure, 2020), structure, levers)
    k = [lv.id for lv in model.levers].index("nev_buses")
    fuels = {model.calibration.fuels[f] for f in model.lever_from_fuels[k]}
    assert "diesel" not in fuels and fuels <= {"natural_gas", "gasoline"} and fuels
    assert "nev_buses" not in model.idle_levers


def test_a_fuel_unknown_to_the_reference_data_is_an_error(
    electricity_only: pl.DataFrame, structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    wrong = dict(levers)
    wrong["nev_cars"] = dataclasses.replace(levers["nev_cars"], from_fuels=("petrol",))
    wrong["hydrogen_logistics"] = dataclasses.replace(
        levers["hydrogen_logistics"], to_fuel="plasma"
    )
    with pytest.raises(DataValidationError) as raised:
        _model(electricity_only, structure, wrong)
    found = {(p.field, p.value) for p in raised.value.problems}
    assert found == {
        ("levers.nev_cars.from_fuels", "petrol"),
        ("levers.hydrogen_logistics.to_fuel", "plasma"),
    }
    assert all("fuels.csv" in p.message_en for p in raised.value.problems)


def test_a_line_the_structure_does_not_have_is_still_an_error(
    electricity_only: pl.DataFrame, structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    wrong = {
        **levers,
        "green_buildings": dataclasses.replace(
            levers["green_buildings"], lines=("buildings.nowhere",)
        ),
    }
    with pytest.raises(DataValidationError, match=r"buildings\.nowhere"):
        _model(electricity_only, structure, wrong)
