"""Estimates by the inventory engine, checked against figures computed by hand."""

from __future__ import annotations

import pytest

from cityclimate.errors import MissingFactorError
from cityclimate.finance.estimates import estimate, estimate_many, input_problems
from cityclimate.inventory import Method
from tests.finance.conftest import project

# Hand values (published sources, typed here, not read from the code under test):
# MEE & NBS provincial grid factor, Chongqing: 2021 0.4743, 2022 0.5227 t CO2/MWh.
CQ_2021, CQ_2022 = 0.4743, 0.5227
# GB/T 32151 natural gas: 389.31 GJ/10⁴Nm³, 15.3 tC/TJ, oxidation 0.99; IPCC 2006 Table 2.3/2.2
# stationary CH4 1 kg/TJ and N2O 0.1 kg/TJ; AR5 GWP CH4 28, N2O 265.
GAS_T_PER_10K_NM3 = 389.31 * 0.0153 * 0.99 * 44 / 12 + 0.38931 * (1 * 28 + 0.1 * 265) / 1000
# GB/T 32151 gasoline 43.07 GJ/t, 18.9 tC/TJ, oxidation 0.98; IPCC 2006 Table 3.2.2 road gasoline
# (low-mileage LDV 1995) CH4 3.8 kg/TJ, N2O 5.7 kg/TJ.
GASOLINE_T_PER_T = 43.07 * 0.0189 * 0.98 * 44 / 12 + 0.04307 * (3.8 * 28 + 5.7 * 265) / 1000


def test_pv_is_generation_times_the_years_grid_factor() -> None:
    pv = project(inputs={"generation_mwh": 1000.0})
    e = estimate(pv)
    assert e.reduction_co2e_t == pytest.approx(1000 * CQ_2022, rel=1e-12)
    assert e.baseline_co2e_t == pytest.approx(1000 * CQ_2022, rel=1e-12)
    assert e.project_co2e_t == 0.0
    assert e.year == 2022 and e.basis == "ex_ante"
    assert e.inputs == {"generation_mwh": 1000.0} and e.input_units["generation_mwh"] == "MWh"
    [factor] = e.factors
    assert factor.factor_level == "provincial" and "Chongqing" in factor.factor_source
    assert "电网" in e.method.zh and "grid" in e.method.en
    earlier = estimate(project(inputs={"generation_mwh": 1000.0}, operation_year=2021))
    assert earlier.reduction_co2e_t == pytest.approx(1000 * CQ_2021, rel=1e-12)


def test_gas_chp_against_grid_and_boiler_baseline() -> None:
    chp = project(
        "gas_chp",
        inputs={"power_mwh": 4300.0, "boiler_gas_10k_nm3": 44.0, "unit_gas_10k_nm3": 100.0},
    )
    e = estimate(chp)
    baseline = 4300 * CQ_2022 + 44 * GAS_T_PER_10K_NM3
    assert e.baseline_co2e_t == pytest.approx(baseline, rel=1e-6)
    assert e.project_co2e_t == pytest.approx(100 * GAS_T_PER_10K_NM3, rel=1e-6)
    assert e.reduction_co2e_t == pytest.approx(baseline - 100 * GAS_T_PER_10K_NM3, rel=1e-6)
    assert {f.side for f in e.factors} == {"baseline", "project"}


def test_nev_displaces_gasoline_and_uses_grid_power() -> None:
    e = estimate(project("nev_cars", inputs={"gasoline_displaced_t": 100.0, "charging_mwh": 300.0}))
    assert e.reduction_co2e_t == pytest.approx(100 * GASOLINE_T_PER_T - 300 * CQ_2022, rel=1e-6)


def test_datacentre_pue_and_fgas_and_forestry() -> None:
    dc = project(
        "datacentre_pue", inputs={"it_load_mwh": 1000.0, "pue_before": 1.6, "pue_after": 1.3}
    )
    fgas = project(
        "fgas_abatement", inputs={"nf3_kg": 1000.0, "sf6_kg": 100.0, "abatement_share": 0.9}
    )
    forest = project("forestry", inputs={"forest_ha": 100.0})
    got = estimate_many([dc, fgas, forest])
    assert got[dc.project_id].reduction_co2e_t == pytest.approx(1000 * 0.3 * CQ_2022, rel=1e-9)
    # IPCC 2006 Vol.3 Ch.6 Table 6.3 (TFT-FPD): NF3 (1-U) 0.3, DRE 0.95; SF6 (1-U) 0.6, DRE 0.9;
    # heel 0.10; AR5 GWP NF3 16,100, SF6 23,500. Reduction = use × (1-h) × (1-U) × a × DRE × GWP.
    nf3 = 1.0 * 0.9 * 0.3 * 0.9 * 0.95 * 16100
    sf6 = 0.1 * 0.9 * 0.6 * 0.9 * 0.9 * 23500
    assert got[fgas.project_id].reduction_co2e_t == pytest.approx(nf3 + sf6, rel=1e-9)
    # IPCC 2006 Vol.4 Ch.4 subtropical forest 2.5 tC/ha/yr × 44/12 (removal).
    assert got[forest.project_id].reduction_co2e_t == pytest.approx(100 * 2.5 * 44 / 12, rel=1e-9)
    assert got[forest.project_id].project_co2e_t == pytest.approx(-100 * 2.5 * 44 / 12, rel=1e-9)


def test_adaptation_projects_carry_indicators_not_tonnes() -> None:
    e = estimate(project("sponge_city", inputs={"sponge_area_km2": 3.5, "runoff_control_pct": 75}))
    assert e.reduction_co2e_t is None and e.factors == ()
    assert e.benefit_indicators == {"sponge_area_km2": 3.5, "runoff_control_pct": 75}
    parks = estimate(project("parks", inputs={"tree_crown_ha": 10.0, "cooling_area_km2": 2.0}))
    assert parks.reduction_co2e_t == pytest.approx(10 * 2.9 * 44 / 12, rel=1e-9)
    assert parks.benefit_indicators == {"cooling_area_km2": 2.0}


def test_monitored_values_replace_the_estimate() -> None:
    pv = project(inputs={"generation_mwh": 1000.0})
    got = estimate_many([pv], monitored={pv.project_id: (2021, {"generation_mwh": 900.0})})
    e = got[pv.project_id]
    assert e.basis == "ex_post" and e.year == 2021
    assert e.reduction_co2e_t == pytest.approx(900 * CQ_2021, rel=1e-12)


def test_a_year_without_factors_is_named_by_project_unless_nearest_year() -> None:
    pv = project(inputs={"generation_mwh": 1000.0}, operation_year=2030)
    with pytest.raises(MissingFactorError) as caught:
        estimate(pv)
    assert all(
        "T-distributed_pv" in p.message.zh and "T-distributed_pv" in p.message.en
        for p in caught.value.problems
    )
    e = estimate(pv, Method(nearest_year=True))
    assert e.reduction_co2e_t == pytest.approx(1000 * CQ_2022, rel=1e-12)
    assert "nearest" in e.factors[0].selection_reason


def test_input_problems_name_the_input() -> None:
    pv = project()
    problems = input_problems(pv, {"generation_mwh": -5.0, "wind_mwh": 1.0})
    assert {p.field for p in problems} == {"generation_mwh", "wind_mwh", "inputs"}
    assert input_problems(pv, {"generation_mwh": 10.0}) == []
