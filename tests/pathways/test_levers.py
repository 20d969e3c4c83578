"""Tests of levers as data: the shipped file, validation and ramps."""

from __future__ import annotations

import numpy as np
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.pathways import LeverKind, LeverSetting, load_levers, parse_levers, ramp
from cityclimate.pathways.levers import lever_effects

REQUIRED = {
    "distributed_pv",
    "gas_distributed_energy",
    "nev_cars",
    "nev_buses",
    "hydrogen_logistics",
    "public_charging",
    "freight_mode_shift",
    "china3_truck_retirement",
    "green_buildings",
    "prefab_buildings",
    "public_building_retrofit",
    "datacentre_pue_limit",
    "fgas_abatement",
    "parks_green_space",
}


def test_shipped_levers_cover_the_plan_measures_each_with_a_source_or_flag() -> None:
    levers = load_levers()
    assert set(levers) == REQUIRED
    for lever in levers.values():
        assert lever.source and (lever.illustrative or "ILLUSTRATIVE" not in lever.source)
        assert lever.ramp_years >= 0 and lever.start_year >= 2021
        assert "ILLUSTRATIVE" in lever.source or not lever.illustrative


def test_ramp_is_linear_from_start_to_full() -> None:
    # start 2021, 4 years: 2021 → 1/4, 2024 → 1, before 2021 → 0.
    assert ramp([2020, 2021, 2022, 2024, 2030], 2021, 4).tolist() == [0, 0.25, 0.5, 1, 1]
    assert ramp([2020, 2021, 2022], 2021, 0).tolist() == [0, 1, 1]


def test_zero_strength_gives_no_effect_in_any_year() -> None:
    levers = list(load_levers().values())
    settings = [{lever.id: LeverSetting(0.0, 2021, 3) for lever in levers}]
    assert not lever_effects(levers, settings, range(2020, 2036)).any()


def test_effect_is_full_effect_times_strength_times_ramp() -> None:
    lever = load_levers()["nev_cars"]
    x = lever_effects([lever], [{"nev_cars": LeverSetting(2.0, 2021, 10)}], [2025])
    # 0.30 x 2.0 x 5/10
    assert x[0, 0, 0] == pytest.approx(0.3)


def test_bad_lever_file_names_each_key_and_the_allowed_range() -> None:
    data = {
        "levers": {
            "a": {"kind": "teleport", "amount": 1},
            "b": {
                "kind": "fuel_switch",
                "lines": ["transport.cars"],
                "amount": 1.5,
                "energy_ratio": 0.2,
                "start_year": 2021,
                "ramp_years": 3,
                "outcome_sd": 0.1,
            },
        }
    }
    with pytest.raises(DataValidationError) as info:
        parse_levers(data, "my_levers.toml")
    fields = {p.field for p in info.value.problems}
    assert {"levers.a.kind", "levers.b.amount", "levers.b.to_fuel"} <= fields
    amount = next(p for p in info.value.problems if p.field == "levers.b.amount")
    assert "between 0 and 1" in amount.message_en and amount.where == "my_levers.toml"


def test_every_kind_is_used_by_a_shipped_lever() -> None:
    assert {lever.kind for lever in load_levers().values()} == set(LeverKind)
    assert np.isclose(
        load_levers()["parks_green_space"].parameters["removal_t_per_ha"], 2.9 * 44 / 12, rtol=1e-4
    )
