"""Tests of cityclimate.indicators.from_inventory: inventory figures as indicator inputs."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError
from cityclimate.indicators.from_inventory import (
    intensity_values_from_inventory,
    inventory_series,
)
from cityclimate.indicators.model import AnnualSeries
from cityclimate.inventory import breakdown, compute_emissions, summary_figures


@pytest.fixture(scope="module")
def emissions() -> pl.DataFrame:
    return compute_emissions(liangjiang.activities(), liangjiang.method())


def test_series_equal_the_inventory_summary(emissions: pl.DataFrame) -> None:
    series = inventory_series(emissions)
    summary = summary_figures(emissions).filter(pl.col("year") == 2020).row(0, named=True)
    industry = breakdown(emissions, "sector").filter(
        (pl.col("year") == 2020) & (pl.col("sector") == "industry")
    )
    assert series.energy.values[2020] == summary["energy_tce"]
    assert series.co2.values[2020] == summary["gross_co2e_t"]
    # the plan's published 2020 total, 724.42 万t CO2e (the demo is calibrated to it)
    assert round(series.co2.values[2020] / 1e4, 2) == 724.42
    assert series.industrial_co2.values[2020] == industry["co2e_t"][0]
    assert series.co2.unit == "tCO2e"


def test_co2_basis_drops_other_gases(emissions: pl.DataFrame) -> None:
    co2e = inventory_series(emissions)
    co2 = inventory_series(emissions, basis="co2")
    assert co2.co2.values[2020] < co2e.co2.values[2020]
    assert co2.energy.values == co2e.energy.values


def test_intensity_values_reproduce_the_plan_intensity_change(emissions: pl.DataFrame) -> None:
    socio = liangjiang.socioeconomic()
    gdp = AnnualSeries(
        "GDP",
        "万元",
        dict(zip(socio["year"].to_list(), socio["gdp_10k_yuan"].to_list(), strict=True)),
        price_base_year=2020,
    )
    values = intensity_values_from_inventory(
        inventory_series(emissions), gdp, gdp, base_year=2019, years=[2020]
    )
    by_id = {value.indicator_id: value for value in values}
    # the demo reproduces 0.36 → 0.35 t/万元 (plan ch.2); to the demo's own precision
    figures = summary_figures(emissions, socio).filter(pl.col("year") >= 2019).sort("year")
    intensity = figures["intensity_t_per_10k_yuan"].to_list()
    expected = 100 * (1 - intensity[1] / intensity[0])
    assert by_id["co2_intensity_reduction"].value == pytest.approx(expected, rel=1e-12)
    assert set(by_id) == {
        "energy_intensity_reduction",
        "co2_intensity_reduction",
        "industrial_co2_intensity_reduction",
    }


def test_several_territories_need_a_choice(emissions: pl.DataFrame) -> None:
    other = emissions.with_columns(territory=pl.lit("XX"))
    with pytest.raises(DataValidationError) as caught:
        inventory_series(pl.concat([emissions, other]))
    assert caught.value.problems[0].field == "territory"
    assert inventory_series(pl.concat([emissions, other]), territory="XX").co2.values
