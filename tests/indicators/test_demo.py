"""Tests of cityclimate.indicators.demo: the ILLUSTRATIVE 2021–2023 Liangjiang indicator demo."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.demo import liangjiang
from cityclimate.demo.indicators import (
    DEMO_YEARS,
    NOTICE_EN,
    liangjiang_activities,
    liangjiang_emissions,
    liangjiang_inputs,
    liangjiang_series,
    read_demo_rows,
    scale_activities,
)
from cityclimate.indicators.definitions import load_liangjiang_indicators
from cityclimate.indicators.model import Provenance


def test_scaling_picks_the_most_specific_rule() -> None:
    activities = pl.DataFrame(
        {
            "record_id": ["A-2020-1", "A-2020-2", "A-2020-3", "A-2019-1"],
            "category": ["energy.manufacturing", "energy.manufacturing", "waste.x", "energy.x"],
            "fuel": ["coke", "natural_gas", "food", "coke"],
            "quantity": [10.0, 10.0, 10.0, 10.0],
            "year": [2020, 2020, 2020, 2019],
        },
        schema_overrides={"year": pl.Int32},
    )
    scaling = pl.DataFrame(
        {
            "year": [2021, 2021, 2021],
            "category_prefix": ["energy", "energy.manufacturing", "energy.manufacturing"],
            "fuel": ["*", "*", "coke"],
            "factor": [2.0, 3.0, 0.5],
        }
    )
    scaled = scale_activities(activities, scaling, from_year=2020)
    assert scaled["quantity"].to_list() == [5.0, 30.0, 10.0]
    assert scaled["record_id"].to_list() == ["A-2021-1", "A-2021-2", "A-2021-3"]
    assert scaled["year"].dtype == pl.Int32 and set(scaled["year"]) == {2021}


def test_demo_activities_keep_2019_2020_and_add_the_demo_years() -> None:
    activities = liangjiang_activities()
    shipped = liangjiang.activities()
    assert activities.filter(pl.col("year") <= 2020).equals(shipped)
    later = activities.filter(pl.col("year") > 2020)
    assert set(later["year"]) == set(DEMO_YEARS)
    assert later["data_source"].str.contains("ILLUSTRATIVE").all()


def test_gdp_and_population_of_2020_come_from_the_inventory_demo() -> None:
    series = liangjiang_series()
    socio = liangjiang.socioeconomic().filter(pl.col("year") == 2020).row(0, named=True)
    assert series["gdp"].values[2020] == socio["gdp_10k_yuan"]
    assert series["gdp"].price_base_year == 2020
    assert series["population"].values[2020] == socio["population"]
    assert set(series["gdp"].values) >= {2020, *DEMO_YEARS}


def test_every_shipped_demo_row_is_labelled_illustrative_or_cites_the_plan() -> None:
    for name in ("activity_scaling.csv", "series.csv", "indicator_values.csv"):
        for row in read_demo_rows(name):
            assert "ILLUSTRATIVE" in row["source"] or "Plan text" in row["source"], (name, row)
    assert "ILLUSTRATIVE" in NOTICE_EN


def test_derived_intensities_equal_what_the_inventory_gives() -> None:
    inputs = liangjiang_inputs()
    emissions = liangjiang_emissions()
    series = liangjiang_series()
    # Summed here from the record-level emissions, not through the inventory's summary
    # functions (which the derivation itself uses): gross = every source but sinks,
    # energy = the tce on energy rows, industrial = the industry sector's CO2e.
    gross: dict[int, float] = {}
    energy: dict[int, float] = {}
    industrial: dict[int, float] = {}
    for row in emissions.iter_rows(named=True):
        year = row["year"]
        if row["sector"] != "sinks":
            gross[year] = gross.get(year, 0.0) + row["co2e_t"]
        energy[year] = energy.get(year, 0.0) + (row["energy_tce"] or 0.0)
        if row["sector"] == "industry":
            industrial[year] = industrial.get(year, 0.0) + row["co2e_t"]
    gdp, iva = series["gdp"].values, series["industrial_value_added"].values
    derived = {
        (v.indicator_id, v.year): v.value
        for v in inputs.values
        if v.provenance is Provenance.DERIVED_FROM_DATA
    }
    for year in DEMO_YEARS:
        assert derived[("co2_intensity_reduction", year)] == pytest.approx(
            100 * (1 - (gross[year] / gdp[year]) / (gross[2020] / gdp[2020])), rel=1e-12
        )
        assert derived[("energy_intensity_reduction", year)] == pytest.approx(
            100 * (1 - (energy[year] / gdp[year]) / (energy[2020] / gdp[2020])), rel=1e-12
        )
        assert derived[("industrial_co2_intensity_reduction", year)] == pytest.approx(
            100 * (1 - (industrial[year] / iva[year]) / (industrial[2020] / iva[2020])),
            rel=1e-12,
        )


def test_every_indicator_has_a_value_and_a_target_in_every_demo_year() -> None:
    inputs = liangjiang_inputs()
    have = {(v.indicator_id, v.year) for v in inputs.values}
    for definition in load_liangjiang_indicators():
        for year in DEMO_YEARS:
            assert (definition.id, year) in have
    assert {t.indicator_id for t in inputs.city_targets} == {
        "energy_intensity_reduction",
        "co2_intensity_reduction",
        "industrial_co2_intensity_reduction",
    }
    assert inputs.illustrative


def test_entered_and_derived_values_are_both_kept() -> None:
    inputs = liangjiang_inputs()
    kinds = {v.provenance for v in inputs.values if v.indicator_id == "co2_intensity_reduction"}
    assert kinds == {Provenance.ENTERED_BY_HAND, Provenance.DERIVED_FROM_DATA}


def test_base_values_fill_the_plan_table_dashes() -> None:
    bases = {b.indicator_id: b for b in liangjiang_inputs().base_values}
    # sponge-city share 2020: 52.33 km² of a built-up area of 168.1555 km² = 31.12 % (text)
    assert bases["sponge_city_share_of_built_up"].value == pytest.approx(31.12, abs=1e-4)
    assert bases["datacentre_pue_existing"].provenance is Provenance.DERIVED_FROM_DATA
    assert "green_building_share_of_new_buildings" in bases
