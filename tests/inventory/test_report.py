"""Tests of the inventory report (the plain data every way out renders)."""

from __future__ import annotations

import pytest

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.report import inventory_report


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    emissions = compute_emissions(liangjiang.activities(), liangjiang.method())
    return inventory_report(
        emissions,
        year=2020,
        method=liangjiang.method(),
        socioeconomic=liangjiang.socioeconomic(),
        illustrative=True,
    )


def test_breakdowns_name_their_keys_in_both_languages(report: dict) -> None:  # type: ignore[type-arg]
    sub_areas = {r["key"]: (r["name_zh"], r["name_en"]) for r in report["breakdowns"]["sub_area"]}
    assert sub_areas["LJ-2016-YF"] == ("鱼复工业开发新城", "Yufu industrial new town")
    sectors = {r["key"]: r["name_zh"] for r in report["breakdowns"]["sector"]}
    assert sectors["new_infrastructure"] == "新型基础设施"


def test_breakdowns_add_up_to_the_gross_total(report: dict) -> None:  # type: ignore[type-arg]
    gross = report["summary"]["gross_co2e_t"]
    for name in ("sector", "sub_area", "gas", "fuel", "scope"):
        assert sum(r["co2e_t"] for r in report["breakdowns"][name]) == pytest.approx(
            gross, rel=1e-12
        )


def test_nearest_year_factors_are_reported(report: dict) -> None:  # type: ignore[type-arg]
    assert any("nearest year" in note for note in report["factor_notes"])
    assert report["illustrative"] is True
