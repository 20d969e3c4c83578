"""The one unit registry of cityclimate, and parsing of the units Chinese users write.

Every quantity that crosses a module border has a unit. Units are parsed once per distinct
unit string (never per row) with :func:`parse_unit`, and converted with
:func:`conversion_factor`, which checks dimensions.

Definitions and sources
-----------------------
- ``kgce`` (kilogram of coal equivalent) = 29.3076 MJ; ``tce`` = 1000 kgce (GB/T 2589-2020, 3.4).
- ``Nm3`` (normal cubic metre, gas at 0 °C and 101.325 kPa) is treated as a volume, like m³,
  because Chinese energy statistics give gas volumes in Nm³ (often written m³).
- ``CO2e`` is its own base dimension, so ``t CO2e`` (mass of CO2-equivalent) never mixes with a
  tonne of fuel; ``tCO2e`` and ``tCO2`` are both accepted.
- ``yuan`` (元, CNY) is its own base dimension (currency); ``万元`` = 10⁴ yuan.
- Chinese magnitude words: 万 = 10⁴, 亿 = 10⁸ (also written ``10⁴`` / ``10^4`` / ``1e4``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pint

from cityclimate.errors import UnitError

_DEFINITIONS = """
kilogram_coal_equivalent = 29.3076 * megajoule = kgce
tonne_coal_equivalent = 1000 * kilogram_coal_equivalent = tce
normal_cubic_meter = meter ** 3 = Nm3
co2_equivalent = [co2e] = CO2e = CO2
tonne_co2e = tonne * co2_equivalent = tCO2e = tCO2
kilogram_co2e = kilogram * co2_equivalent = kgCO2e = kgCO2
yuan = [currency] = CNY = RMB
person = [population] = persons = capita
carbon_mass = [carbon] = C
tonne_carbon = tonne * carbon_mass = tC
"""

#: The registry. Import this, never build another (pint quantities from two registries
#: cannot be combined).
ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)  # type: ignore[type-arg]
for _line in _DEFINITIONS.strip().splitlines():
    ureg.define(_line)
Quantity = ureg.Quantity

_SUPERSCRIPTS = str.maketrans(
    {
        "⁰": "0",
        "¹": "1",
        "²": "2",
        "³": "3",
        "⁴": "4",
        "⁵": "5",
        "⁶": "6",
        "⁷": "7",
        "⁸": "8",
        "⁹": "9",
        "⁻": "-",
    }
)

# Chinese words and symbols for units, to pint names. Longest first when replacing.
_WORDS = {
    "吨标准煤": "tce",
    "吨标煤": "tce",
    "千克标准煤": "kgce",
    "千克标煤": "kgce",
    "吨二氧化碳当量": "tCO2e",
    "吨二氧化碳": "tCO2",
    "标准立方米": "Nm3",
    "标立方米": "Nm3",
    "立方米": "m3",
    "千瓦时": "kWh",
    "兆瓦时": "MWh",
    "吉焦": "GJ",
    "太焦": "TJ",
    "公顷": "hectare",
    "平方公里": "km2",
    "平方米": "m2",
    "千克": "kg",
    "公斤": "kg",
    "吨": "t",
    "元": "yuan",
    "人": "person",
    "度": "kWh",
}
_MAGNITUDES = {"万": "1e4", "亿": "1e8"}
# A magnitude (万, 亿, 10⁴, 10^4, 10**4, 1e4) standing before the unit it scales, anywhere in
# the text: 万tCO2e, 亿元, GJ/10⁴Nm³. It binds to that one unit, so it is put in brackets with it.
_SCALED_UNIT = re.compile(
    r"(?:(?P<word>[万亿])|10\s*(?:\^|\*\*)\s*(?P<pow>-?\d+)|1e(?P<exp>-?\d+))\s*\*?\s*"
    r"(?P<unit>[A-Za-z_][A-Za-z0-9_]*(?:\*\*\d+)?)"
)


def _scale(match: re.Match[str]) -> str:
    word = match.group("word")
    power = _MAGNITUDES[word] if word else f"1e{match.group('pow') or match.group('exp')}"
    return f"({power} * {match.group('unit')})"


def _normalise(text: str) -> str:
    """Rewrite a user's unit text into a pint expression (without checking it)."""
    s = text.strip().replace("·", "*").replace("／", "/")
    s = re.sub(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), s)
    s = re.sub(r"([⁰¹²³⁴⁵⁶⁷⁸⁹])", lambda m: "**" + m.group(1).translate(_SUPERSCRIPTS), s)
    s = s.replace("Nm**3", "Nm3")
    for word in sorted(_WORDS, key=len, reverse=True):
        s = s.replace(word, f" {_WORDS[word]} ")
    # m3, km2: a digit right after a length is a power; CO2 and CO2e are names, not powers.
    s = re.sub(r"(?<![A-Za-z])(k?m)(\d)\b", r"\1**\2", s)
    s = _SCALED_UNIT.sub(_scale, s)
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Quantity:  # type: ignore[type-arg]
    """Parse a unit as users write it and return it as a pint quantity of magnitude 1 × scale.

    Parameters
    ----------
    text:
        The unit, e.g. ``"t"``, ``"万tCO2e"``, ``"10⁴Nm³"``, ``"万kWh"``, ``"GJ/t"``, ``"万元"``,
        ``"亿元"``, ``"tce"``, ``"kg CO2/kWh"``.

    Returns
    -------
    pint.Quantity
        A quantity whose magnitude carries any magnitude word (``"万kWh"`` gives 10000 kWh).

    Raises
    ------
    UnitError
        When the text is empty or not a unit the registry knows.
    """
    if not isinstance(text, str) or not text.strip():
        raise UnitError(
            "单位为空：请填写计量单位，如 t、万Nm³、万kWh、tce",
            "the unit is empty: give a unit such as t, 万Nm³, 万kWh, tce",
        )
    expression = _normalise(text)
    try:
        quantity = ureg.Quantity(1.0, "dimensionless") * ureg.parse_expression(expression)
    except Exception as exc:  # pint raises several unrelated types for bad text
        raise UnitError(
            f"无法识别的单位“{text}”：请使用如 t、kg、万Nm³、万kWh、GJ、tce、tCO2e、万元 的单位",
            f"unknown unit '{text}': use a unit such as t, kg, 万Nm³, 万kWh, GJ, tce, tCO2e, 万元",
        ) from exc
    if not isinstance(quantity, pint.Quantity):
        raise UnitError(f"“{text}”不是单位", f"'{text}' is not a unit")
    return quantity


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Return the number that converts a value in ``from_unit`` into ``to_unit``.

    ``value_in_to_unit = value_in_from_unit * conversion_factor(from_unit, to_unit)``.
    Cached: each pair of units is converted once per process.

    Raises
    ------
    UnitError
        When either unit cannot be parsed, or the two have different dimensions (for example
        kWh given for a fuel whose factor is per tonne).
    """
    source = parse_unit(from_unit)
    target = parse_unit(to_unit)
    try:
        return float((source / target).to("dimensionless").magnitude)
    except pint.DimensionalityError as exc:
        raise UnitError(
            f"单位“{from_unit}”（{source.dimensionality}）不能换算为“{to_unit}”"
            f"（{target.dimensionality}）：请检查该行的单位是否与燃料/物料相符",
            f"unit '{from_unit}' ({source.dimensionality}) cannot be converted to '{to_unit}' "
            f"({target.dimensionality}): check that the row's unit fits its fuel or material",
        ) from exc


def same_dimension(unit_a: str, unit_b: str) -> bool:
    """Return True when the two units measure the same kind of quantity."""
    return bool(parse_unit(unit_a).dimensionality == parse_unit(unit_b).dimensionality)


#: 万 (ten thousand) and 亿 (a hundred million): the magnitudes Chinese reports count in.
WAN: float = 1e4
YI: float = 1e8


def to_wan(value: float) -> float:
    """``value`` counted in 万 (10⁴) of its unit, as reports show it: t → 万t, 元 → 万元.

    >>> to_wan(7_244_200.0)
    724.42
    """
    return value / WAN


def to_yi(value: float) -> float:
    """``value`` counted in 亿 (10⁸) of its unit: 元 → 亿元.

    >>> to_yi(120_000_000.0)
    1.2
    """
    return value / YI


def format_quantity(value: float, unit: str, *, chinese_magnitude: bool = True) -> str:
    """Format a value the way Chinese reports write it: 724.42 万tCO2e, 1.2 亿元.

    Values of 10⁸ or more are shown in 亿, of 10⁴ or more in 万 (when ``chinese_magnitude``).
    """
    if chinese_magnitude and abs(value) >= YI:
        return f"{to_yi(value):,.2f} 亿{unit}"
    if chinese_magnitude and abs(value) >= WAN:
        return f"{to_wan(value):,.2f} 万{unit}"
    return f"{value:,.2f} {unit}"


#: GJ per tce (1 kgce = 29.3076 MJ, GB/T 2589-2020), from the registry's own definition.
GJ_PER_TCE: float = round(conversion_factor("tce", "GJ"), 9)  # exactly 29.3076
