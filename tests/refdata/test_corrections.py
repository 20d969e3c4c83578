"""Issue 13: each corrected reference value against the source it cites.

Every test names the document, table (and page where known) the expected figure is read from;
the figures are typed here from those sources, not read from the shipped files.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from cityclimate import refdata
from cityclimate.inventory import Method, compile_factors, compute_emissions
from tests.conftest import activity, frame

# IPCC 2006 GL Vol.5 Ch.3 Table 3.3 p.3.17: default k (1/yr) by climate zone and waste type.
TABLE_3_3 = {
    "boreal_temperate_dry": {
        "food": 0.06,
        "paper": 0.04,
        "wood": 0.02,
        "textiles": 0.04,
        "garden": 0.05,
    },
    "boreal_temperate_wet": {
        "food": 0.185,
        "paper": 0.06,
        "wood": 0.03,
        "textiles": 0.06,
        "garden": 0.10,
    },
    "tropical_dry": {
        "food": 0.085,
        "paper": 0.045,
        "wood": 0.025,
        "textiles": 0.045,
        "garden": 0.065,
    },
    "tropical_moist_wet": {
        "food": 0.40,
        "paper": 0.07,
        "wood": 0.035,
        "textiles": 0.07,
        "garden": 0.17,
    },
}


@pytest.mark.parametrize("zone", sorted(TABLE_3_3))
def test_landfill_decay_rates_are_ipcc_table_3_3_by_climate_zone(zone: str) -> None:
    k = refdata.waste_parameters().filter(parameter="k", climate_zone=zone)
    assert dict(k.select("material", "value").iter_rows()) == TABLE_3_3[zone]
    assert k["source"].str.contains("Table 3.3").all()


def test_chongqing_is_boreal_temperate_wet() -> None:
    # Chongqing: mean annual temperature about 16-18.5 °C (≤ 20 °C) and MAP/PET > 1: Table 3.3
    # "boreal and temperate, wet". Its districts inherit it.
    t = refdata.territories()
    assert t.filter(code="500000")["climate_zone"].item() == "boreal_temperate_wet"
    from cityclimate.inventory.engine import climate_zones

    assert climate_zones(t, Method())["LJ-2016-LX"] == "boreal_temperate_wet"


def test_oxidation_is_zero_unless_the_site_has_an_oxidising_cover() -> None:
    # IPCC 2006 GL Vol.5 Ch.3 Table 3.2 p.3.15: OX 0 for managed, unmanaged and uncategorised
    # SWDS; 0.1 for managed SWDS covered with CH4-oxidising material.
    ox = dict(
        refdata.waste_parameters().filter(parameter="ox").select("material", "value").iter_rows()
    )
    assert ox.pop("managed_oxidising_cover") == 0.1
    assert set(ox.values()) == {0.0}


def test_display_panel_fgas_factors_cite_table_6_4_and_hfc23_makes_c2f6() -> None:
    # IPCC 2006 GL Vol.3 Ch.6 Table 6.4 (TFT-FPD Tier 2a): CHF3 by-product C2F6 0.05 kg/kg.
    fpd = refdata.fgas_parameters().filter(process="tft_fpd")
    assert fpd["source"].str.contains("Table 6.4").all()
    assert not fpd["source"].str.contains("Table 6.3").any()
    assert fpd.filter(gas="HFC-23")["b_c2f6"].item() == 0.05
    # Compiled: (1 − h 0.10) × 0.05 = 0.045 t C2F6 per t CHF3 used, before abatement.
    f = compile_factors(Method()).filter(
        calculator="fgas", sector="tft_fpd", material="HFC-23", gas="C2F6"
    )
    assert f["value"].item() == pytest.approx(0.9 * 0.05, rel=1e-12)


def test_urban_trees_are_per_hectare_of_crown_cover_per_year_table_8_1() -> None:
    # IPCC 2006 GL Vol.4 Ch.8 Table 8.1: 2.9 t C per ha of crown cover per year.
    row = refdata.removal_factors().filter(material="urban_tree_crown").row(0, named=True)
    assert (row["value"], row["unit"]) == (2.9, "tC/ha/yr")
    assert "Table 8.1" in row["source"] and "crown cover" in row["source"]
    # The lever that uses it says the same (pathways/data/levers.toml).
    text = (
        resources.files("cityclimate.pathways").joinpath("data", "levers.toml").read_text("utf-8")
    )
    levers = tomllib.loads(text)
    described = [str(v) for v in _strings(levers) if "Table 8.1" in str(v)]
    assert described and all("crown cover" in v for v in described)
    assert not any("Table 8.2" in str(v) for v in _strings(levers))


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_categories_cite_volume_1_for_the_reporting_table() -> None:
    # The IPCC 2006 reporting categories are in Vol.1 Ch.8 Table 8.2, not Vol.2 Ch.8.
    sources = refdata.categories()["source"]
    assert not sources.str.contains("Vol.2 Ch.8").any()
    assert sources.str.contains("Vol.1 Ch.8 Table 8.2").any()


def test_metro_and_tram_electricity_is_gpc_railways() -> None:
    # GPC v1.1 Table 4.1: railways (II.2) include urban rail (metro, tram); grid electricity
    # they use is II.2.2 (scope 2). On-road electricity (EV charging) stays II.1.2.
    c = {r["code"]: r for r in refdata.categories().iter_rows(named=True)}
    assert c["energy.electricity.rail_transit"]["gpc_code"] == "II.2.2"
    assert c["energy.electricity.transport"]["gpc_code"] == "II.1.2"


def test_ipcc_2006_rows_1b3_2a5_and_2e5_are_listed() -> None:
    # IPCC 2006 GL Vol.1 Ch.8 Table 8.2: 1.B.3 Other emissions from energy production;
    # 2.A.5 Other (mineral industry); 2.E.5 Other (electronics industry).
    from cityclimate.inventory.framework_reports import framework_rows

    codes = set(framework_rows("ipcc")["code"])
    assert {"1.B.3", "2.A.5", "2.E.5"} <= codes


def test_ch4_gwp_by_origin_is_ar6_table_7_15() -> None:
    # IPCC AR6 WG1 Ch.7 Table 7.15: CH4 fossil 29.8, non-fossil 27.0 (single value 27.9).
    g = {(r["gas"], r["gwp_set"]): r["value"] for r in refdata.gwp().iter_rows(named=True)}
    assert (g["CH4-fossil", "AR6"], g["CH4-non-fossil", "AR6"], g["CH4", "AR6"]) == (
        29.8,
        27.0,
        27.9,
    )


def test_ch4_by_origin_is_applied_by_source() -> None:
    # Gas combustion CH4 is fossil (29.8); landfill CH4 is non-fossil (27.0).
    rows = frame(
        activity(record_id="gas"),
        activity(
            record_id="waste",
            category="waste.solid.landfill",
            fuel="food",
            quantity=1000,
            unit="t",
            year=2021,
        ),
    )
    by_origin = compute_emissions(rows, Method(gwp_set="AR6", ch4_gwp_by_origin=True))
    single = compute_emissions(rows, Method(gwp_set="AR6"))
    gwp = dict(by_origin.filter(gas="CH4").select("record_id", "gwp").iter_rows())
    assert gwp == {"gas": 29.8, "waste": 27.0}
    assert set(single.filter(gas="CH4")["gwp"]) == {27.9}


def test_ch4_by_origin_needs_a_set_that_publishes_it() -> None:
    from cityclimate.errors import DataValidationError

    with pytest.raises(DataValidationError) as caught:
        compute_emissions(frame(activity()), Method(gwp_set="AR5", ch4_gwp_by_origin=True))
    assert "AR6 only" in caught.value.problems[0].message_en


# IPCC 2006 GL Vol.2 Ch.3 Table 3.2.2: road-transport CH4 / N2O (kg/TJ) for motor gasoline.
TABLE_3_2_2 = {
    "uncontrolled": (33, 3.2),
    "oxidation_catalyst": (25, 8.0),
    "low_mileage_ldv_1995": (3.8, 5.7),
}


@pytest.mark.parametrize("technology", sorted(TABLE_3_2_2))
def test_road_gasoline_technology_row_is_chosen_explicitly(technology: str) -> None:
    factors = compile_factors(Method(road_gasoline=technology)).filter(
        calculator="combustion", material="gasoline", sector="road"
    )
    per_tj = {}
    for r in factors.iter_rows(named=True):
        per_tj[r["gas"]] = r["value"] / r["ncv_gj_per_unit"] * 1e6  # t/GJ → kg/TJ
        assert "Table 3.2.2" in r["source"]
    assert (per_tj["CH4"], per_tj["N2O"]) == pytest.approx(TABLE_3_2_2[technology])


def test_the_default_road_gasoline_row_is_three_way_catalyst_vehicles() -> None:
    assert Method().road_gasoline == "low_mileage_ldv_1995"


# MEE & NBS announcements of power CO2 factors (kg CO2/kWh): 2022 (2024-12-20) and 2023
# (January 2026), regional averages and the national average excluding market-traded
# non-fossil electricity; 2021 (announcement No.12 of 2024, 2024-04-12) national excl. 0.5942.
REGIONAL = {
    2022: {
        "CN-N": 0.6776,
        "CN-NE": 0.5564,
        "CN-E": 0.5617,
        "CN-C": 0.5395,
        "CN-NW": 0.5857,
        "CN-S": 0.3869,
        "CN-SW": 0.2268,
    },
    2023: {
        "CN-N": 0.6361,
        "CN-NE": 0.5122,
        "CN-E": 0.5500,
        "CN-C": 0.5271,
        "CN-NW": 0.5543,
        "CN-S": 0.4042,
        "CN-SW": 0.2472,
    },
}


@pytest.mark.parametrize("year", sorted(REGIONAL))
def test_regional_grid_factors_are_the_announcements(year: int) -> None:
    rows = refdata.emission_factors().filter(factor_set="cn_grid_regional", valid_from=year)
    assert dict(rows.select("region", "value").iter_rows()) == REGIONAL[year]


def test_national_factor_excluding_market_traded_non_fossil_power() -> None:
    rows = refdata.emission_factors().filter(factor_set="cn_grid_residual", region="CN")
    assert dict(rows.select("valid_from", "value").iter_rows()) == {
        2021: 0.5942,
        2022: 0.5856,
        2023: 0.6096,
    }


def test_ets_grid_factor_is_valid_for_the_years_its_notice_names() -> None:
    # MEE notice on 2023-2025 power-sector GHG reporting (February 2023): 0.5703 t CO2/MWh.
    row = refdata.emission_factors().filter(factor_set="cn_grid_ets").row(0, named=True)
    assert (row["value"], row["valid_from"], row["valid_to"]) == (0.5703, 2023, 2025)


def test_the_2023_announcement_is_dated_2026() -> None:
    rows = refdata.emission_factors().filter(factor_set="cn_grid_average", valid_from=2023)
    assert rows.filter(region="CN")["value"].item() == 0.5306
    assert rows["source"].str.contains("January 2026").all()
    assert not rows["source"].str.contains(r"\(2025\)").any()


def test_regional_factors_are_not_used_unless_chosen() -> None:
    # Chongqing has no provincial 2023 factor shipped: the default falls back to the national
    # 0.5306, never silently to the hydro-heavy Southwest region (0.2472).
    row = activity(
        category="energy.electricity.industry",
        fuel="electricity",
        unit="kWh",
        quantity=1000,
        year=2023,
    )
    default = compute_emissions(frame(row))
    assert default["emission_t"].item() == pytest.approx(0.5306, rel=1e-12)
    regional = compute_emissions(
        frame(row), Method(electricity=("cn_grid_regional", "cn_grid_average"))
    )
    assert regional["emission_t"].item() == pytest.approx(0.2472, rel=1e-12)
    assert regional["factor_level"].item() == "regional"
