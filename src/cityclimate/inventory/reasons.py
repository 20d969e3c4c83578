"""Why a result row's factor was chosen, in Chinese and English.

The engine records on every result row, as one English sentence in ``selection_reason`` (stored
and exported as it is, one of three forms), why its factor was chosen:

* ``{level} factor for {region} ({factor_set})``, with ``; nearest year {from}-{to}: none
  valid for {year}`` when no factor was valid for the record's year
  (:func:`cityclimate.inventory.factors.select_factors`);
* ``measured factor on the record ({value} {unit})`` (:mod:`cityclimate.inventory.engine`);
* ``FOD: deposited {year}, decaying in {year}[, climate zone {zone}] ({equation})``
  (first-order decay of landfill waste, :mod:`cityclimate.inventory.engine`).

:func:`reason_text` gives the reason in both languages, with the names of the level, the
region and the materials from the data (:mod:`cityclimate.names`). A reason of another form is
given as it is, in both languages (a test computes the demo inventory and checks that every
reason it records is understood here).

>>> reason_text("national factor for CN (cn_gbt32151_2024)").zh
'国家因子，地区：中国（CN），因子集（cn_gbt32151_2024）'
"""

from __future__ import annotations

import re

from cityclimate.names import name
from cityclimate.text import Text

__all__ = ["equation_of", "reason_text"]

_SELECTED = re.compile(
    r"^(?P<level>\w+) factor for (?P<region>\S+) \((?P<set>[^)]*)\)"
    r"(?:; nearest year (?P<first>\d+)-(?P<last>\d+): none valid for (?P<year>\d+))?$"
)
_MEASURED = re.compile(r"^measured factor on the record \((?P<value>\S+) (?P<unit>.*)\)$")
_FOD = re.compile(
    r"^FOD: deposited (?P<deposited>\d+), decaying in (?P<year>\d+)"
    r"(?:, climate zone (?P<zone>\w+))? \((?P<eq>.*)\)$"
)


def _region(code: str) -> Text:
    if code == "*":
        return Text("所有地区", "any region")
    found = name("territory", code)
    return Text(f"{found.zh}（{code}）", f"{found.en} ({code})") if found.zh != code else found


def equation_of(reason: str) -> str | None:
    """The equation of a first-order-decay reason (its symbols are IPCC's), else ``None``."""
    match = _FOD.match(reason)
    return None if match is None else match["eq"]


def reason_text(reason: str) -> Text:
    """The reason in Chinese and English (without the FOD equation: see :func:`equation_of`)."""
    if match := _SELECTED.match(reason):
        level, region = name("factor_level", match["level"]), _region(match["region"])
        text = Text(
            f"{level.zh}因子，地区：{region.zh}，因子集（{match['set']}）",
            f"{level.en} factor for {region.en}, factor set ({match['set']})",
        )
        if match["year"]:
            first, last, year = match["first"], match["last"], match["year"]
            years = first if first == last else f"{first}–{last}"
            text = Text(
                f"{text.zh}；{year} 年无有效因子，采用最近年份（{years} 年）的因子",
                f"{text.en}; nearest year {years}: none valid for {year}",
            )
        return text
    if match := _MEASURED.match(reason):
        return Text(
            f"记录上的实测因子（{match['value']} {match['unit']}）",
            f"measured factor on the record ({match['value']} {match['unit']})",
        )
    if match := _FOD.match(reason):
        zone = match["zone"]
        return Text(
            f"一阶衰减法：{match['deposited']} 年填埋，{match['year']} 年降解"
            + (f"，气候区（{zone}）" if zone else ""),
            f"first-order decay: deposited {match['deposited']}, decaying in {match['year']}"
            + (f", climate zone ({zone})" if zone else ""),
        )
    return Text(reason, reason)
