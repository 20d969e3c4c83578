"""Tests of summary figures: gross/net, energy in tce, fossil mix, intensity, per capita."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.inventory import Method, breakdown, compute_emissions, summary_figures
from tests.conftest import activity, frame


def _data() -> pl.DataFrame:
    return frame(
        activity(territory="LJ-2016", sub_area="LJ-2016-ST", quantity=2.0, unit="万tce"),
        activity(
            territory="LJ-2016",
            sub_area="LJ-2016-YL",
            fuel="diesel",
            category="energy.transport.road",
            quantity=1.0,
            unit="万tce",
        ),
        activity(
            territory="LJ-2016",
            sub_area="LJ-2016-YL",
            fuel="electricity",
            category="energy.electricity.residential",
            quantity=10000,
            unit="MWh",
        ),
        activity(
            territory="LJ-2016",
            sub_area="LJ-2016-YL",
            fuel="urban_tree_crown",
            category="sink.urban_green",
            quantity=10,
            unit="ha",
        ),
    )


def test_energy_mix_and_fossil_share() -> None:
    figures = summary_figures(compute_emissions(_data())).row(0, named=True)
    # 2 万tce gas + 1 万tce diesel; electricity 10,000 MWh × 0.1229 kgce/kWh = 1,229 tce.
    assert figures["fossil_tce"] == pytest.approx(30000.0, rel=1e-9)
    assert figures["energy_tce"] == pytest.approx(31229.0, rel=1e-9)
    assert figures["fossil_share"] == pytest.approx(30000 / 31229, rel=1e-9)
    assert figures["gas_share"] == pytest.approx(2 / 3, rel=1e-9)
    assert figures["coal_share"] == 0


def test_generation_equivalent_electricity_is_selectable() -> None:
    method = Method(electricity_basis="generation", nearest_year=True)
    data = _data().with_columns(year=pl.lit(2020, pl.Int32))
    figures = summary_figures(compute_emissions(data, method)).row(0, named=True)
    # CEC 2020 (shipped, confidence L): 305.5 gce/kWh → 10,000 MWh = 3,055 tce.
    assert figures["energy_tce"] == pytest.approx(30000.0 + 3055.0, rel=1e-9)


def test_generation_equivalent_without_a_coefficient_fails_loudly() -> None:
    with pytest.raises(DataValidationError) as info:
        compute_emissions(_data(), Method(electricity_basis="generation"))
    assert info.value.problems[0].value == "2022"


def test_gross_excludes_removals_and_net_includes_them() -> None:
    figures = summary_figures(compute_emissions(_data())).row(0, named=True)
    assert figures["removals_co2e_t"] == pytest.approx(-10 * 2.9 * 44 / 12)
    assert figures["net_co2e_t"] == pytest.approx(
        figures["gross_co2e_t"] + figures["removals_co2e_t"]
    )


def test_intensity_and_per_capita_use_the_socioeconomic_inputs() -> None:
    socio = pl.DataFrame(
        {
            "territory": ["LJ-2016"],
            "year": [2022],
            "gdp_10k_yuan": [1e5],
            "gdp_price_base_year": [2020],
            "population": [1e4],
        }
    )
    figures = summary_figures(compute_emissions(_data()), socio).row(0, named=True)
    assert figures["intensity_t_per_10k_yuan"] == pytest.approx(figures["gross_co2e_t"] / 1e5)
    assert figures["per_capita_t"] == pytest.approx(figures["gross_co2e_t"] / 1e4)


def test_breakdown_by_sub_area_sums_to_gross() -> None:
    rows = compute_emissions(_data())
    gross = summary_figures(rows)["gross_co2e_t"].item()
    assert breakdown(rows, "sub_area")["co2e_t"].sum() == pytest.approx(gross)
    assert breakdown(rows, ["sector", "gas"])["co2e_t"].sum() == pytest.approx(gross)
