"""The shipped demo activity data are exactly what the documented calibration produces."""

from __future__ import annotations

import io

import polars as pl

from cityclimate.demo import liangjiang
from cityclimate.demo.calibration import build_activities


def test_shipped_demo_file_is_the_calibration_output() -> None:
    rebuilt = pl.read_csv(
        io.StringIO(build_activities().write_csv()), schema_overrides={"year": pl.Int32}
    )
    assert rebuilt.equals(liangjiang.activities())


def test_demo_covers_every_sub_area_and_the_required_sources() -> None:
    data = liangjiang.activities().filter(year=2020)
    assert data["sub_area"].n_unique() == 9
    categories = set(data["category"])
    assert {
        "ippu.electronics.display",
        "energy.energy_industries.combustion",
        "waste.wastewater.domestic",
        "sink.urban_green",
        "energy.electricity.new_infrastructure",
    } <= categories
