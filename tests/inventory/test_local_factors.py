"""Local factors of a factor set become composite factors and win the selection by region."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.inventory import Method, compute_emissions
from cityclimate.inventory.factors import compile_factors
from cityclimate.inventory.local_factors import local_factors

ROW = {
    "region": "500112",
    "calculator": "electricity",
    "material": "electricity",
    "sector": "*",
    "gas": "CO2",
    "value": 450.0,
    "unit": "g/kWh",
    "valid_from": 2024,
    "valid_to": 2024,
    "source": "measured (test)",
    "confidence": "M",
}


def table(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows))


def test_a_district_grid_factor_beats_the_provincial_one(make_frame) -> None:  # type: ignore[no-untyped-def]
    extra = local_factors(table(ROW), factor_set="yubei")
    assert extra["value"].item() == pytest.approx(450e-6)  # g/kWh → t/kWh
    assert extra["activity_unit"].item() == "kWh"
    factors = pl.concat([compile_factors(Method()), extra])
    acts = make_frame(
        {
            "territory": "500112",
            "year": 2024,
            "category": "energy.electricity.industry",
            "fuel": "electricity",
            "quantity": 1000.0,
            "unit": "MWh",
        }
    )
    out = compute_emissions(acts, Method(), factors=factors)
    assert out["emission_t"].item() == pytest.approx(450.0)  # 1e6 kWh × 450 g
    assert out["factor_level"].item() == "local"


def test_every_bad_row_is_located() -> None:
    bad = [
        ROW | {"calculator": "combustion"},
        ROW | {"unit": "furlongs"},
        ROW | {"value": float("inf")},
        ROW | {"valid_from": 2030},
    ]
    with pytest.raises(DataValidationError) as caught:
        local_factors(table(*bad), factor_set="x")
    assert {(p.row, p.field) for p in caught.value.problems} == {
        (1, "calculator"),
        (2, "unit"),
        (3, "value"),
        (4, "valid_from"),
    }
