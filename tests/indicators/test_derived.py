"""Tests of cityclimate.indicators.derived: intensities, PUE, shares, per-person values."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError, UnitError
from cityclimate.indicators.definitions import load_liangjiang_indicators
from cityclimate.indicators.derived import (
    co2_intensity_reduction,
    datacentre_pue,
    datacentre_pue_values,
    energy_intensity_reduction,
    industrial_co2_intensity_reduction,
    intensity,
    intensity_reduction,
    per_person,
    per_person_values,
    share_percent,
    share_values,
)
from cityclimate.indicators.model import AnnualSeries, Provenance

GDP = AnnualSeries("GDP", "亿元", {2020: 1000.0, 2023: 1250.0}, price_base_year=2020, source="NBS")


def test_energy_intensity_reduction_by_hand() -> None:
    # 100 万tce / 1000 亿元 = 0.1; 110 / 1250 = 0.088; reduction = 1 - 0.088/0.1 = 12 %
    energy = AnnualSeries("energy", "万tce", {2020: 100.0, 2023: 110.0})
    value = energy_intensity_reduction(energy, GDP, base_year=2020, year=2023)
    assert value.value == pytest.approx(12.0)
    assert value.unit == "%"
    assert value.provenance is Provenance.DERIVED_FROM_DATA
    assert "constant 2020 prices" in value.derivation
    assert value.indicator_id == "energy_intensity_reduction"


def test_co2_intensity_reduction_from_published_2019_2020_figures() -> None:
    # Plan §二(一): 685.36 and 724.42 万t CO2; 0.36 and 0.35 t/万元 → GDP 1903.8 and 2069.8 亿元.
    gdp = AnnualSeries(
        "GDP", "亿元", {2019: 685.36 / 0.36, 2020: 724.42 / 0.35}, price_base_year=2019
    )
    co2 = AnnualSeries("CO2", "万tCO2", {2019: 685.36, 2020: 724.42})
    value = co2_intensity_reduction(co2, gdp, base_year=2019, year=2020)
    # 1 - 0.35/0.36 = 2.7778 %
    assert value.value == pytest.approx(100 * (1 - 0.35 / 0.36), abs=1e-9)


def test_intensity_increase_is_a_negative_reduction() -> None:
    co2 = AnnualSeries("industrial CO2", "tCO2", {2020: 100.0, 2023: 150.0})
    iva = AnnualSeries("IVA", "万元", {2020: 10.0, 2023: 10.0}, price_base_year=2020)
    value = industrial_co2_intensity_reduction(co2, iva, base_year=2020, year=2023)
    assert value.value == pytest.approx(-50.0)


def test_gdp_without_price_base_is_refused() -> None:
    gdp = AnnualSeries("GDP", "亿元", {2020: 1000.0, 2023: 1250.0})
    energy = AnnualSeries("energy", "tce", {2020: 1.0, 2023: 1.0})
    with pytest.raises(DataValidationError) as caught:
        energy_intensity_reduction(energy, gdp, base_year=2020, year=2023)
    assert caught.value.problems[0].field == "price_base_year"
    assert "不变价" in caught.value.problems[0].message_zh


def test_energy_in_a_wrong_unit_is_refused() -> None:
    co2 = AnnualSeries("energy", "tCO2", {2020: 1.0, 2023: 1.0})
    with pytest.raises(DataValidationError) as caught:
        energy_intensity_reduction(co2, GDP, base_year=2020, year=2023)
    assert caught.value.problems[0].field == "unit"


def test_missing_year_is_refused() -> None:
    energy = AnnualSeries("energy", "tce", {2020: 1.0})
    with pytest.raises(DataValidationError) as caught:
        intensity_reduction(energy, GDP, indicator_id="x", base_year=2020, year=2023)
    assert caught.value.problems[0].field == "year"


def test_intensity_units() -> None:
    # 724.42 万t / 2069.77 亿元 = 0.35 t/万元
    assert intensity(724.42, "万tCO2", 724.42 / 0.35, "亿元", "tCO2/万元") == pytest.approx(0.35)
    with pytest.raises(UnitError):
        intensity(1.0, "tce", 1.0, "万元", "tCO2/万元")


def _facilities() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "facility_id": ["A", "B", "C"],
            "category": ["new", "new", "existing"],
            "total_facility_energy": [1300.0, 2_000_000.0, 160.0],
            "it_equipment_energy": [1000.0, 1_600_000.0, 100.0],
            "energy_unit": ["MWh", "kWh", "万kWh"],
        }
    )


def test_pue_is_energy_weighted() -> None:
    result = datacentre_pue(_facilities())
    new = result.filter(pl.col("category") == "new")
    # (1300 + 2000) MWh / (1000 + 1600) MWh = 1.269231, not the mean of 1.3 and 1.25 (1.275)
    assert new["pue"].item() == pytest.approx(3300 / 2600)
    assert new["facilities"].item() == 2
    assert result.filter(pl.col("category") == "existing")["pue"].item() == pytest.approx(1.6)


def test_pue_values_map_to_sub_limits() -> None:
    values = datacentre_pue_values(_facilities(), 2023, load_liangjiang_indicators())
    assert {v.indicator_id for v in values} == {"datacentre_pue_new", "datacentre_pue_existing"}
    assert all(v.provenance is Provenance.DERIVED_FROM_DATA for v in values)


def test_pue_bad_rows_are_located() -> None:
    bad = _facilities().with_columns(pl.Series("it_equipment_energy", [1000.0, 3_000_000.0, 0.0]))
    with pytest.raises(DataValidationError) as caught:
        datacentre_pue(bad)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (2, "total_facility_energy"),
        (3, "it_equipment_energy"),
    ]


def test_pue_unknown_category() -> None:
    other = _facilities().with_columns(pl.lit("edge").alias("category"))
    with pytest.raises(DataValidationError) as caught:
        datacentre_pue_values(other, 2023, load_liangjiang_indicators())
    assert caught.value.problems[0].field == "category"


def test_share_percent() -> None:
    assert share_percent(30, "万m²", 500_000, "m2") == pytest.approx(60.0)
    with pytest.raises(DataValidationError) as caught:
        share_percent(60, "万m²", 500_000, "m2")
    assert caught.value.problems[0].field == "part"
    assert "100%" in caught.value.problems[0].message_zh
    with pytest.raises(UnitError):
        share_percent(1, "kWh", 2, "m2")


def test_per_person() -> None:
    assert per_person(16.17e6, "m2", 1e6, "m2/person") == pytest.approx(16.17)
    assert per_person(724.42, "万tCO2", 184.8e4, "tCO2/person") == pytest.approx(3.92, abs=0.01)
    with pytest.raises(DataValidationError) as caught:
        per_person(1.0, "m2", 0, "m2/person")
    assert caught.value.problems[0].field == "population"


def test_share_values_per_year_with_units_converted() -> None:
    part = AnnualSeries("sponge-city area", "km2", {2020: 52.33, 2021: 60.0})
    whole = AnnualSeries("built-up area", "m2", {2020: 168.1555e6, 2021: 171e6})
    values = share_values("sponge_city_share_of_built_up", part, whole)
    assert [v.year for v in values] == [2020, 2021]
    assert values[0].value == pytest.approx(31.12, abs=1e-4)
    assert values[0].provenance is Provenance.DERIVED_FROM_DATA and values[0].unit == "%"


def test_share_values_refuse_a_part_above_the_whole() -> None:
    part = AnnualSeries("part", "km2", {2021: 2.0})
    whole = AnnualSeries("whole", "km2", {2021: 1.0})
    with pytest.raises(DataValidationError):
        share_values("x", part, whole)


def test_per_person_values() -> None:
    parks = AnnualSeries("park area", "万m2", {2020: 2988.216})
    people = AnnualSeries("population", "万person", {2020: 184.8})
    values = per_person_values("park_green_space_per_person", parks, people, "m2/person")
    assert values[0].value == pytest.approx(16.17)
    with pytest.raises(DataValidationError):
        per_person_values("x", parks, people, "m2/person", years=[2021])
