"""Tests of scenario files: inheritance, validation errors naming the key, writing."""

from __future__ import annotations

from typing import Any

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.pathways import (
    Lever,
    PathwayStructure,
    Scenario,
    parse_scenario,
    parse_toml,
    scenario_to_toml,
    shipped_scenario_text,
)
from cityclimate.pathways.scenarios import merge, shipped_resolver


def _parse(text: str, structure: PathwayStructure, levers: dict[str, Lever]) -> Scenario:
    return parse_scenario(parse_toml(text, "mine.toml"), "mine.toml", structure, levers)


def _problems(
    text: str, structure: PathwayStructure, levers: dict[str, Lever]
) -> dict[str | None, Any]:
    with pytest.raises(DataValidationError) as info:
        _parse(text, structure, levers)
    return {p.field: p for p in info.value.problems}


def test_plan_inherits_the_baseline_and_overrides_only_what_it_lists(
    scenarios: dict[str, Scenario],
) -> None:
    base, plan, enhanced = scenarios["baseline"], scenarios["plan"], scenarios["enhanced"]
    assert plan.drivers == base.drivers and plan.city_targets == base.city_targets
    assert plan.files == ("plan.toml", "baseline.toml")
    assert enhanced.files == ("enhanced.toml", "plan.toml", "baseline.toml")
    assert base.levers["nev_cars"].strength == 0.5 and plan.levers["nev_cars"].strength == 1.5
    # enhanced changes only the ramp of nev_buses' setting and keeps the default start year.
    assert enhanced.levers["nev_buses"].ramp_years == 4
    assert enhanced.levers["nev_buses"].start_year == 2021
    assert enhanced.intensity_change_pct["transport.cars"] == -1.0


def test_all_shipped_scenarios_are_illustrative(scenarios: dict[str, Scenario]) -> None:
    assert all(s.illustrative for s in scenarios.values())
    assert "ILLUSTRATIVE" in shipped_scenario_text("baseline")


def test_a_copied_and_edited_file_inheriting_a_shipped_one_works(
    structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    s = _parse(
        'inherits = "plan"\nname = "mine"\n[levers]\nnev_cars = { strength = 2.5 }\n',
        structure,
        levers,
    )
    assert s.name == "mine" and s.levers["nev_cars"].strength == 2.5
    assert s.levers["fgas_abatement"].strength == 1.0


def test_strength_out_of_range_names_the_key_and_range(
    structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    problems = _problems(
        'inherits = "plan"\n[levers]\nnev_cars = { strength = 5.0 }\n', structure, levers
    )
    p = problems["levers.nev_cars.strength"]
    assert p.value == "5.0" and "between 0 and 3.33333" in p.message_en
    assert "须在 0 至 3.33333 之间" in p.message_zh and p.where == "mine.toml"


def test_unknown_keys_and_missing_drivers_are_named(
    structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    data = merge(shipped_resolver("baseline")[0], {"levers": {"solar_roads": {"strength": 1}}})
    data["drivers"] = {k: v for k, v in data["drivers"].items() if k != "gdp"}
    data["colour"] = "green"
    with pytest.raises(DataValidationError) as info:
        parse_scenario(data, "mine.toml", structure, levers)
    fields = {p.field for p in info.value.problems}
    assert {"levers.solar_roads", "drivers.gdp", "colour"} <= fields


def test_growth_years_and_values_are_checked(
    structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    problems = _problems(
        'inherits = "baseline"\n[drivers.gdp]\ngrowth_pct = { 2019 = 5.0, 2022 = 500 }\n',
        structure,
        levers,
    )
    assert "from 2021 to 2035" in problems["drivers.gdp.growth_pct.2019"].message_en
    assert "between -50 and 100" in problems["drivers.gdp.growth_pct.2022"].message_en


def test_horizon_and_targets_are_checked(
    structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    problems = _problems('inherits = "baseline"\n[horizon]\nend_year = 2090\n', structure, levers)
    assert "between 2021 and 2070" in problems["horizon.end_year"].message_en
    problems = _problems(
        'inherits = "baseline"\n[targets.co2_intensity_reduction]\nsource = ""\n',
        structure,
        levers,
    )
    assert "targets.co2_intensity_reduction.source" in problems


def test_syntax_errors_and_bad_parents_are_clear() -> None:
    with pytest.raises(DataValidationError) as info:
        parse_toml("name = \n", "broken.toml")
    assert (
        info.value.problems[0].where == "broken.toml"
        and "TOML" in info.value.problems[0].message_en
    )
    with pytest.raises(DataValidationError) as info:
        shipped_resolver("nonexistent")
    assert info.value.problems[0].field == "inherits"


def test_inheritance_loops_are_refused(
    structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    def resolver(name: str) -> tuple[dict[str, Any], str]:
        return {"inherits": "a.toml" if name == "b.toml" else "b.toml"}, name

    with pytest.raises(DataValidationError) as info:
        parse_scenario({"inherits": "b.toml"}, "a.toml", structure, levers, resolver)
    assert "loop" in info.value.problems[0].message_en


def test_written_scenario_reads_back_equal(
    scenarios: dict[str, Scenario], structure: PathwayStructure, levers: dict[str, Lever]
) -> None:
    enhanced = scenarios["enhanced"]
    again = _parse(scenario_to_toml(enhanced), structure, levers)
    assert again.drivers == enhanced.drivers and again.levers == enhanced.levers
    assert again.city_targets == enhanced.city_targets
    assert again.intensity_change_pct == enhanced.intensity_change_pct


def test_toml_depth_counts_arrays_and_tables_not_strings_or_comments() -> None:
    from cityclimate.pathways.scenarios import toml_depth

    text = (
        '[levers.nev_cars]\nx = [[1], {b = "[[[\\"[["}]  # [[[[[\n'
        "y = '''\n[[[[\n'''\nz = [[[1]]]\n"
    )
    assert toml_depth(text) == (3, 6)  # z, on the sixth line
    assert toml_depth("a = " + "[" * 40 + "]" * 40) == (33, 1)  # stops counting past the limit
