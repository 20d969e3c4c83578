"""The methodology registry: versioned, sourced, one selected method per behaviour and day."""

from __future__ import annotations

from datetime import date

import pytest

from cityclimate.errors import ReferenceDataError
from cityclimate.inclusion import InclusionError, by_key, in_force, methodologies
from cityclimate.inclusion.methodologies import METHODOLOGIES

BEHAVIOURS = {"metro", "bus", "cycling", "walking", "car_free_day", "community", "waste_sorting",
              "second_hand", "household_pv"}  # fmt: skip


def test_every_behaviour_of_the_issue_has_a_sourced_method() -> None:
    methods = methodologies()
    assert {m.behaviour for m in methods} == BEHAVIOURS
    assert all(m.source and m.confidence in "HML" for m in methods)


def test_the_two_guangzhou_metro_methods_differ_by_about_five_per_cent() -> None:
    methods = by_key(methodologies())
    mean, substitution = methods["metro_mean@1"], methods["metro_substitution@1"]
    # Huang et al. 2017: 0.5155 vs 0.5419 kg/trip (5.1 %); both after the 10 % deduction
    assert (mean.reduction_g(1.0), substitution.reduction_g(1.0)) == (463, 487)
    assert in_force(methodologies(), "metro", date(2025, 1, 1)).key == "metro_mean@1"


def test_no_method_before_the_registry_starts() -> None:
    with pytest.raises(InclusionError):
        in_force(methodologies(), "metro", date(2023, 6, 1))


def _edition(*replace: tuple[str, str]) -> str:
    from importlib import resources

    text = (
        resources.files("cityclimate.inclusion")
        .joinpath("data", "methodologies.csv")
        .read_text("utf-8")
    )
    for old, new in replace:
        text = text.replace(old, new, 1)
    return text


def test_two_selected_methods_for_one_day_are_refused_naming_the_line() -> None:
    text = _edition(("trip,private_car,0.5419,0,operator_od,true,0.1,10,20,300,120,80,1,2024-01-01,,false",
                     "trip,private_car,0.5419,0,operator_od,true,0.1,10,20,300,120,80,1,2024-01-01,,true"))  # fmt: skip
    with pytest.raises(ReferenceDataError) as caught:
        methodologies(text)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "selected")]


def test_a_deduction_of_one_or_more_is_refused() -> None:
    text = _edition((",0.1,10,20,300,80,60,", ",1.5,10,20,300,80,60,"))
    with pytest.raises(ReferenceDataError) as caught:
        methodologies(text)
    assert [(p.row, p.field) for p in caught.value.problems] == [(4, "conservativeness")]


def test_the_schema_keys_on_method_and_version() -> None:
    assert METHODOLOGIES.key == ("method_id", "version")
