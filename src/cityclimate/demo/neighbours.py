"""ILLUSTRATIVE comparison data for Liangjiang's neighbours (江北, 北碚, 万州, 四川天府新区).

示例数据：邻近地区的活动数据与社会经济数据均为虚构的示意性数据，仅用于演示区域比较，并非统计数据。
Each neighbour gets one year (2020) of invented activity data (electricity, gas, coal and road
fuels) and GDP and population, so the comparison page has something to compare; Sichuan Tianfu
New Area is computed with AR6 GWPs (the others with the platform's default AR5) so that the page
shows its warning where methods differ. ``cityclimate demo load`` writes them through the
services (:func:`cityclimate.demo.load.load_demo`).

渝北 (500112) gets none: it is the second district an office builds entirely through the
platform's public paths (issue 12), which must start without data.
"""

from __future__ import annotations

import dataclasses
import io
from importlib import resources

import polars as pl

from cityclimate.inventory import Method

#: The neighbours, in the order the comparison shows them.
TERRITORIES = ("500105", "500109", "500101", "SC-TF")
YEAR = 2020
#: Territory computed with another method (to show the warning where methods differ).
AR6_TERRITORY = "SC-TF"
NOTICE_ZH = "示例数据：邻近地区的比较数据为虚构的示意性数据，仅用于演示区域比较，并非统计数据。"
NOTICE_EN = (
    "ILLUSTRATIVE DATA: the neighbours' comparison data are invented to demonstrate the "
    "regional comparison; they are not statistics."
)


def _read(name: str) -> pl.DataFrame:
    text = resources.files("cityclimate.demo").joinpath("data", "neighbours", name)
    return pl.read_csv(
        io.StringIO(text.read_text("utf-8")),
        schema_overrides={"year": pl.Int32, "territory": pl.String, "sub_area": pl.String},
    )


def activities() -> pl.DataFrame:
    """Invented activity records of the neighbours (2020)."""
    return _read("activities.csv")


def socioeconomic() -> pl.DataFrame:
    """Invented GDP (万元, 2020 prices) and population of the neighbours (2020)."""
    return _read("socioeconomic.csv")


def ar6(method: Method) -> Method:
    """``method`` with AR6 GWPs (Tianfu's illustrative inventory)."""
    return dataclasses.replace(method, gwp_set="AR6", note="ILLUSTRATIVE: AR6 GWPs")
