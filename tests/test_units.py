"""Tests of cityclimate.units: Chinese magnitude words, superscripts, dimensions, errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityclimate.errors import UnitError
from cityclimate.units import conversion_factor, format_quantity, parse_unit, same_dimension


@pytest.mark.parametrize(
    ("text", "base", "factor"),
    [
        ("万tCO2e", "tCO2e", 1e4),
        ("万吨二氧化碳当量", "tCO2e", 1e4),
        ("10⁴Nm³", "Nm3", 1e4),
        ("10^4 Nm3", "Nm3", 1e4),
        ("万kWh", "kWh", 1e4),
        ("万元", "yuan", 1e4),
        ("亿元", "yuan", 1e8),
        ("万tce", "tce", 1e4),
        ("吨标准煤", "tce", 1.0),
        ("tce", "GJ", 29.3076),  # GB/T 2589-2020: 1 kgce = 29.3076 MJ
        ("kgce", "MJ", 29.3076),
        ("MWh", "kWh", 1000.0),
        ("GJ/10⁴Nm³", "MJ/Nm3", 0.1),
        ("t/万元", "t/yuan", 1e-4),
        ("m³", "Nm3", 1.0),
        ("km²", "m2", 1e6),
    ],
)
def test_parses_units_as_chinese_statistics_write_them(text: str, base: str, factor: float) -> None:
    assert conversion_factor(text, base) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize("text", ["", "   ", "bananas", "万万", "t//"])
def test_unknown_or_empty_unit_is_a_bilingual_error(text: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert info.value.message_zh and info.value.message_en


def test_wrong_dimension_names_both_units() -> None:
    with pytest.raises(UnitError) as info:
        conversion_factor("kWh", "t")
    assert "kWh" in info.value.message_en and "'t'" in info.value.message_en


def test_co2e_does_not_mix_with_fuel_mass() -> None:
    assert not same_dimension("tCO2e", "t")
    assert same_dimension("万tCO2e", "kgCO2e")


MAGNITUDES = [("", 1.0), ("万", 1e4), ("亿", 1e8), ("10⁴", 1e4), ("10^4 ", 1e4), ("1e4 ", 1e4)]
UNITS = ["t", "kg", "kWh", "MWh", "Nm3", "tce", "tCO2e", "yuan", "GJ", "m³"]


@given(st.sampled_from(MAGNITUDES), st.sampled_from(UNITS), st.floats(1e-6, 1e9))
def test_magnitude_words_round_trip(magnitude: tuple[str, float], unit: str, value: float) -> None:
    word, scale = magnitude
    in_base = value * conversion_factor(f"{word}{unit}", unit)
    assert in_base == pytest.approx(value * scale, rel=1e-12)
    back = in_base * conversion_factor(unit, f"{word}{unit}")
    assert back == pytest.approx(value, rel=1e-12)


@given(st.floats(-1e12, 1e12, allow_nan=False))
def test_format_quantity_round_trips_through_parse(value: float) -> None:
    text = format_quantity(value, "tCO2e")
    number, unit = text.split(" ")
    # Two decimals of the displayed magnitude: at most 0.005 of a unit, 万 or 亿 (≤ 0.5 %).
    assert float(number.replace(",", "")) * conversion_factor(unit, "tCO2e") == pytest.approx(
        value, rel=5e-3, abs=0.005
    )
