"""Sponge city per drainage zone (GB/T 51345-2018) and indicators 11-13: hand oracles."""

from __future__ import annotations

import pytest

from cityclimate.adaptation.green import (
    GreenYear,
    green_indicator_values,
    plan_progress,
    sponge_indicator_values,
)
from cityclimate.adaptation.sponge import evaluate_zones, share_meeting, shipped_items
from cityclimate.errors import DataValidationError

ZONES = [
    {"zone": "Z1", "name_zh": "一区", "name_en": "Zone 1", "area_km2": 40, "built_up_km2": 30},
    {"zone": "Z2", "name_zh": "二区", "name_en": "Zone 2", "area_km2": 50, "built_up_km2": 45},
    {"zone": "Z3", "name_zh": "三区", "name_en": "Zone 3", "area_km2": 30, "built_up_km2": 25},
]
PASS_ITEMS = ("source_control", "waterlogging", "water_bodies", "ecological_pattern")


def evaluations(zone, capture, *, heat_island="yes", skip=()):
    rows = [
        {
            "zone": zone,
            "item": "annual_runoff_capture",
            "target": 75,
            "measured": capture,
            "passed": "",
            "source": "s",
        }
    ]
    rows += [
        {"zone": zone, "item": i, "target": "", "measured": "", "passed": "yes", "source": "s"}
        for i in PASS_ITEMS
        if i not in skip
    ]
    rows.append(
        {
            "zone": zone,
            "item": "heat_island",
            "target": "",
            "measured": "",
            "passed": heat_island,
            "source": "s",
        }
    )
    return rows


def test_items_are_split_into_assessed_and_inspected():
    kinds = {i.item: i.kind for i in shipped_items().values()}
    assert [k for k, v in kinds.items() if v == "inspected"] == ["groundwater_depth", "heat_island"]
    assert sum(v == "assessed" for v in kinds.values()) == 5


def test_a_zone_meets_only_when_every_assessed_item_passes():
    rows = (
        evaluations("Z1", 75)  # capture at the target exactly: meets; heat island fails (inspected)
        + evaluations("Z2", 74.9)  # below the target: does not meet
        + evaluations("Z3", 80, skip=("water_bodies",))  # an assessed item not evaluated
    )
    results = {
        r.zone: r for r in evaluate_zones(ZONES, [{**r, "passed": r["passed"]} for r in rows])
    }
    assert results["Z1"].meets
    assert not results["Z2"].meets
    assert not results["Z3"].meets and results["Z3"].missing == ("water_bodies",)
    # share = 30 / (30 + 45 + 25) × 100 = 30 %
    assert share_meeting(list(results.values())) == (30, 100, pytest.approx(30.0))


def test_inspected_items_do_not_decide():
    results = evaluate_zones(ZONES[:1], evaluations("Z1", 90, heat_island="no"))
    assert results[0].meets


def test_bad_evaluation_rows_are_named():
    rows = [
        {"zone": "Z9", "item": "heat_island", "passed": "yes"},
        {"zone": "Z1", "item": "rainbows", "passed": "yes"},
        {"zone": "Z1", "item": "waterlogging", "passed": "maybe"},
        {"zone": "Z1", "item": "annual_runoff_capture", "target": 75, "measured": "lots"},
    ]
    with pytest.raises(DataValidationError) as caught:
        evaluate_zones(ZONES, rows, where="sponge.csv")
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (1, "zone"),
        (2, "item"),
        (3, "passed"),
        (4, "measured"),
    ]


def test_indicators_11_12_13_from_the_module():
    year = GreenYear(2023, 177, 80.35, 37_200_000, 2_000_000, 48, 150, "illustrative")
    values = {v.indicator_id: v for v in green_indicator_values([year])}
    assert values["built_up_green_coverage"].value == pytest.approx(80.35 / 177 * 100)
    assert values["park_green_space_per_person"].value == pytest.approx(18.6)
    assert plan_progress(year) == {"new_parks": 50.0, "greenway_km": 50.0}
    zones = evaluate_zones(ZONES, evaluations("Z1", 80) + evaluations("Z2", 80))
    (sponge,) = sponge_indicator_values({2023: zones})
    assert sponge.value == pytest.approx(75.0)  # (30 + 45) / 100
    assert "2 of 3 zones" in sponge.derivation
