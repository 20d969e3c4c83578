"""Risk = H × E × V with visible normalisation: hand-worked oracles."""

from __future__ import annotations

import pytest

from cityclimate.adaptation.risk import assess_risk
from cityclimate.errors import DataValidationError


def layer(
    sub_area,
    component,
    indicator,
    value,
    direction="higher_worse",
    lower="",
    upper="",
    weight="",
    source="survey",
):
    return {
        "sub_area": sub_area,
        "component": component,
        "indicator": indicator,
        "value": value,
        "unit": "u",
        "direction": direction,
        "lower": lower,
        "upper": upper,
        "weight": weight,
        "source": source,
    }


LAYERS = [
    layer("A", "hazard", "rain_100y_mm", 100),
    layer("B", "hazard", "rain_100y_mm", 200),
    layer("A", "exposure", "population", 10, lower=0, upper=20),
    layer("B", "exposure", "population", 5, lower=0, upper=20),
    layer("A", "vulnerability", "drainage_capacity", 30, "lower_worse", 0, 60),
    layer("B", "vulnerability", "drainage_capacity", 60, "lower_worse", 0, 60),
    layer("A", "vulnerability", "elderly_share", 20, lower=0, upper=40, weight=3),
    layer("B", "vulnerability", "elderly_share", 10, lower=0, upper=40, weight=3),
]


def test_risk_is_the_product_of_normalised_components():
    result = assess_risk(LAYERS)
    risk = {r["sub_area"]: r for r in result.risk.iter_rows(named=True)}
    # A: H = (100-100)/(200-100) = 0 (observed range); E = 10/20 = 0.5;
    #    V = (1·(1 - 30/60) + 3·(20/40)) / 4 = 0.5; risk = 0.
    # B: H = 1; E = 0.25; V = (1·(1 - 1) + 3·0.25) / 4 = 0.1875; risk = 0.046875.
    assert (risk["A"]["hazard"], risk["A"]["exposure"], risk["A"]["vulnerability"]) == (
        0.0,
        0.5,
        0.5,
    )
    assert risk["A"]["risk"] == 0.0
    assert risk["B"]["vulnerability"] == pytest.approx(0.1875)
    assert risk["B"]["risk"] == pytest.approx(0.046875)
    assert risk["B"]["rank"] == 1


def test_every_input_keeps_its_limits_and_source():
    inputs = assess_risk(LAYERS).inputs
    rain = inputs.filter(inputs["indicator"] == "rain_100y_mm").row(0, named=True)
    assert (rain["lower"], rain["upper"], rain["limits"], rain["source"]) == (
        100,
        200,
        "observed range",
        "survey",
    )
    pop = inputs.filter(inputs["indicator"] == "population").row(0, named=True)
    assert pop["limits"] == "stated"


def test_a_hazard_scenario_is_normalised_against_the_baseline_limits():
    risk = {
        r["sub_area"]: r for r in assess_risk(LAYERS, hazard_factor=1.5).risk.iter_rows(named=True)
    }
    # A: 150 between 100 and 200 → 0.5; risk = 0.5 × 0.5 × 0.5 = 0.125 (now the highest).
    assert risk["A"]["risk"] == pytest.approx(0.125)
    assert risk["A"]["rank"] == 1
    # B: 300 clipped to 1.
    assert risk["B"]["hazard"] == 1.0


def test_bad_layers_are_named():
    bad = [*LAYERS[:-1], layer("C", "hazard", "rain_100y_mm", "x", "upward", 5, 1, -1, "")]
    with pytest.raises(DataValidationError) as caught:
        assess_risk(bad, where="layers.csv")
    fields = {(p.row, p.field) for p in caught.value.problems}
    assert {(8, "direction"), (8, "value"), (8, "upper"), (8, "weight"), (8, "source")} <= fields
    assert (None, "component") in fields  # C lacks exposure and vulnerability
