"""Allocation arithmetic on worked cases, compliance accounts, the district view."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.enterprises import (
    allocate,
    covered_emissions_t,
    district_ets_view,
    ets_account,
    validate_ledger,
)
from cityclimate.errors import DataValidationError

from .conftest import enterprise

CHP = enterprise("E-A", industry="4412", ets_controlled=True, ets_sector="power_gas")
PANEL = enterprise("E-B", ets_controlled=True, ets_sector="electronics")


def production(*rows: tuple[str, str, float, str]) -> pl.DataFrame:
    frame = pl.DataFrame(
        [
            {
                "enterprise_id": e,
                "year": "2020",
                "month": str(m),
                "product": p,
                "quantity": str(q / 12),
                "unit": u,
            }
            for e, p, q, u in rows
            for m in range(1, 13)
        ]
    )
    return validate_ledger(frame, "production")


def inputs(*rows: dict[str, object]) -> pl.DataFrame:
    base = {
        "year": 2020,
        "adjustment_factor": None,
        "adjustment_note": None,
        "historical_intensity": None,
    }
    return pl.DataFrame([{**base, **r} for r in rows])


def test_benchmark_allocation_worked_case() -> None:
    lines = allocate(
        CHP,
        production(
            ("E-A", "electricity_supplied", 1_000_000, "MWh"), ("E-A", "heat_supplied", 500, "TJ")
        ),
        inputs(
            {
                "enterprise_id": "E-A",
                "product": "electricity_supplied",
                "prior_output": 900_000.0,
                "adjustment_factor": 0.94,
            },
            {"enterprise_id": "E-A", "product": "heat_supplied", "prior_output": 400_000.0},
        ),
        2020,
    )
    power, heat = sorted(lines, key=lambda line: line.product)
    # Final: 1,000,000 MWh × 0.392 t/MWh × 0.94 = 368,480 t.
    assert power.final_t == pytest.approx(368_480.0)
    # Preliminary: 70 % × 900,000 MWh × 0.392 × 0.94 = 232,142.4 t.
    assert power.preliminary_t == pytest.approx(232_142.4)
    # Heat in TJ is converted to the sector's GJ: 500,000 GJ × 0.056 t/GJ = 28,000 t.
    assert (heat.output, heat.final_t) == (pytest.approx(500_000.0), pytest.approx(28_000.0))
    assert heat.preliminary_t == pytest.approx(0.7 * 400_000 * 0.056)
    assert power.method == "benchmark" and "国环规气候" in power.source


def test_intensity_allocation_worked_case() -> None:
    (line,) = allocate(
        PANEL,
        production(("E-B", "panel_area", 5_000_000, "m²")),
        inputs(
            {
                "enterprise_id": "E-B",
                "product": "panel_area",
                "prior_output": 4_800_000.0,
                "historical_intensity": 0.09,
            }
        ),
        2020,
    )
    # 5,000,000 m² × 0.09 t/m² × 0.98 = 441,000 t; preliminary 0.7 × 4,800,000 × 0.0882 = 296,352.
    assert line.factor_t_per_unit == pytest.approx(0.0882)
    assert line.final_t == pytest.approx(441_000.0)
    assert line.preliminary_t == pytest.approx(296_352.0)


def test_intensity_needs_history_and_products_need_a_method() -> None:
    with pytest.raises(DataValidationError) as info:
        allocate(
            PANEL,
            production(("E-B", "panel_area", 1.0, "m²")),
            inputs(
                {"enterprise_id": "E-B", "product": "panel_area", "prior_output": 1.0},
                {"enterprise_id": "E-B", "product": "widgets", "prior_output": 1.0},
            ),
            2020,
        )
    assert {p.field for p in info.value.problems} == {"historical_intensity", "product"}


def test_accounts_balance_shortfall_and_offset_cap() -> None:
    lines = allocate(
        PANEL,
        production(("E-B", "panel_area", 1_000_000, "m²")),
        inputs(
            {
                "enterprise_id": "E-B",
                "product": "panel_area",
                "prior_output": 0.0,
                "historical_intensity": 0.1,
            }
        ),
        2020,
    )  # final 98,000 t
    compliant = ets_account(
        lines, PANEL, 2020, verified_t=100_000, surrendered_t=96_000, offsets_surrendered_t=4_000
    )
    assert (compliant.status, compliant.shortfall_t) == ("compliant", 0.0)
    assert compliant.balance_t == pytest.approx(2_000.0)
    # Offsets count up to 5 % of verified emissions: 10,000 offered, 5,000 counted.
    capped = ets_account(
        lines, PANEL, 2020, verified_t=100_000, surrendered_t=90_000, offsets_surrendered_t=10_000
    )
    assert capped.offsets_counted_t == 5_000 and capped.shortfall_t == 5_000
    assert capped.status == "shortfall" and capped.shortfall_share == pytest.approx(0.05)
    bought = ets_account(
        lines, PANEL, 2020, verified_t=100_000, surrendered_t=100_000, net_purchased_t=2_000
    )
    assert bought.balance_t == pytest.approx(0.0, abs=1e-6) and bought.status == "compliant"
    none = ets_account(lines, PANEL, 2020, verified_t=100_000, surrendered_t=0)
    assert none.status == "not_surrendered" and none.shortfall_t == 100_000
    view = district_ets_view([compliant, capped, none])
    assert view["shortfall_t"].to_list() == [100_000, 5_000, 0]


def test_covered_gases_per_sector() -> None:
    rows = pl.DataFrame(
        {
            "gas": ["CO2", "CH4", "NF3"],
            "emission_t": [100.0, 1.0, 0.01],
            "co2e_t": [100.0, 28.0, 161.0],
        }
    )
    assert covered_emissions_t(rows, "power_gas") == 100.0
    assert covered_emissions_t(rows, "electronics") == 289.0
