"""Tests of the first-order decay model for solid-waste disposal.

Sources of the parameters (IPCC 2006 Guidelines, Vol.5 Waste, Ch.3 Solid Waste Disposal):
Table 3.1 p.3.14 (MCF: managed anaerobic 1.0), Table 3.2 p.3.15 (OX: 0 for managed sites, 0.1
only for managed sites covered with CH4-oxidising material), Table 3.3 p.3.17 (k by climate
zone: food waste 0.185/yr boreal-temperate wet, 0.40/yr tropical moist and wet), Ch.2 Table 2.4
(DOC of food waste 0.15), s.3.2.3 (DOCf 0.5, F 0.5). The expected values are computed by hand
from Eq.3.4-3.6, not by the code under test.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.inventory import Method, compute_emissions
from tests.conftest import activity, frame


def _deposit(territory: str = "LJ-2016", **extra: object) -> pl.DataFrame:
    deposit = activity(
        territory=territory,
        category="waste.solid.landfill",
        fuel="food",
        quantity=1000,
        unit="t",
        year=2010,
        record_id="D2010",
        **extra,
    )
    # Zero deposits in later years make those years part of the inventory.
    years = [{**deposit, "year": y, "quantity": 0.0, "record_id": f"D{y}"} for y in (2011, 2012)]
    return frame(deposit, *years)


def _ch4_by_year(rows: pl.DataFrame) -> dict[int, float]:
    return dict(rows.group_by("year").agg(pl.col("emission_t").sum()).iter_rows())


def test_fod_one_deposit_decays_as_ipcc_eq_3_4_to_3_6_in_chongqings_climate_zone() -> None:
    # 1,000 t food waste deposited in 2010 in a managed anaerobic site in Chongqing (boreal and
    # temperate, wet: Table 3.3 k = 0.185/yr). DDOCm = 1000 × 0.15 × 0.5 × 1.0 = 75 t.
    # Decays in 2011: 75 × (1 − e^−0.185); CH4 = that × F 0.5 × 16/12 × (1 − OX 0).
    # Hand-computed: 2011 = 8.4448 t CH4; 2012 = 7.0185 t CH4.
    rows = compute_emissions(_deposit()).filter(category="waste.solid.landfill")
    ch4 = _ch4_by_year(rows)
    first = 75 * (1 - math.exp(-0.185)) * 0.5 * 16 / 12
    assert ch4[2011] == pytest.approx(first, rel=1e-12)
    assert ch4[2011] == pytest.approx(8.4448, abs=1e-4)
    assert ch4[2012] == pytest.approx(7.0185, abs=1e-4)
    assert 2010 not in ch4  # waste starts to decay the year after deposit
    # Every year's CH4 names the deposit record it came from, and the climate zone used.
    assert set(rows.filter(pl.col("emission_t") > 0)["record_id"]) == {"D2010"}
    assert rows["selection_reason"].str.contains("climate zone boreal_temperate_wet").all()
    assert rows["factor_id"].str.ends_with(":boreal_temperate_wet").all()
    assert rows["factor_source"].str.contains("Table 3.3").all()


def test_the_climate_zone_can_be_set_on_the_method() -> None:
    # Tropical moist and wet (Table 3.3): k = 0.40/yr for food waste.
    method = Method(climate_zone="tropical_moist_wet")
    rows = compute_emissions(_deposit(), method).filter(category="waste.solid.landfill")
    expected = 75 * (1 - math.exp(-0.4)) * 0.5 * 16 / 12
    assert _ch4_by_year(rows)[2011] == pytest.approx(expected, rel=1e-12)


def test_oxidation_applies_only_to_a_site_with_an_oxidising_cover() -> None:
    # Table 3.2: OX = 0.1 for a managed site covered with CH4-oxidising material, else 0.
    plain = compute_emissions(_deposit(), Method(landfill_site="managed_anaerobic"))
    covered = compute_emissions(_deposit(), Method(landfill_site="managed_oxidising_cover"))
    ratio = covered["emission_t"].sum() / plain["emission_t"].sum()
    assert ratio == pytest.approx(0.9, rel=1e-12)


def test_a_territory_without_a_climate_zone_is_an_error_naming_the_row() -> None:
    # Sichuan Tianfu New Area ships without a climate zone (not verified): no silent default.
    with pytest.raises(DataValidationError) as caught:
        compute_emissions(_deposit(territory="SC-TF"), where="waste.csv", first_row=2)
    problem = caught.value.problems[0]
    assert (problem.where, problem.row, problem.field) == ("waste.csv", 2, "territory")
    assert "climate_zone" in problem.message_en


def test_a_stored_territory_table_supplies_the_climate_zone() -> None:
    # A caller's own territory data (e.g. stored territories) with their climate zone.
    territories = pl.DataFrame(
        {
            "code": ["X1"],
            "name_zh": ["某市"],
            "name_en": ["A city"],
            "parent": [None],
            "kind": ["city"],
            "province": [None],
            "climate_zone": ["tropical_dry"],
        },
        schema_overrides={"parent": pl.String, "province": pl.String},
    )
    rows = compute_emissions(_deposit(territory="X1"), territories=territories)
    # Table 3.3 tropical dry: k = 0.085/yr for food waste.
    expected = 75 * (1 - math.exp(-0.085)) * 0.5 * 16 / 12
    assert _ch4_by_year(rows)[2011] == pytest.approx(expected, rel=1e-12)


def test_fod_total_decay_approaches_the_decomposable_carbon() -> None:
    # Summed over a long horizon, decayed DDOCm tends to all of it: CH4 → 75 × 0.5 × 16/12.
    deposit = activity(
        territory="LJ-2016",
        category="waste.solid.landfill",
        fuel="food",
        quantity=1000,
        unit="t",
        year=1960,
        record_id="D",
    )
    years = [
        {**deposit, "year": y, "quantity": 0.0, "record_id": f"y{y}"} for y in range(1961, 2061)
    ]
    rows = compute_emissions(frame(deposit, *years)).filter(category="waste.solid.landfill")
    assert rows["emission_t"].sum() == pytest.approx(75 * 0.5 * 16 / 12, rel=1e-6)
