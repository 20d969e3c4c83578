"""Tests of factor compilation and most-specific-first selection."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate import refdata
from cityclimate.errors import MissingFactorError, ReferenceDataError
from cityclimate.inventory import Method, compile_factors, compute_emissions
from cityclimate.inventory.factors import region_chain
from tests.conftest import activity, frame


def test_chinese_natural_gas_factor_per_10k_nm3() -> None:
    # GB/T 32151 Table C.1: NCV 389.31 GJ/10⁴Nm³, CC 0.0153 tC/GJ, OF 0.99; × 44/12.
    # 389.31 × 0.0153 × 0.99 × 44/12 = 21.62188809 t CO2 per 10⁴ Nm³ (hand-computed).
    f = compile_factors(Method()).filter(calculator="combustion", material="natural_gas", gas="CO2")
    assert f.height == 1
    assert f["value"].item() == pytest.approx(21.62188809, rel=1e-9)
    assert f["activity_unit"].item() == "10⁴Nm³"
    assert "NCV 389.31" in f["components"].item()


def test_editions_are_never_mixed() -> None:
    # factors-and-rules.md: "ship each edition as its own factor set, never a mix of the two".
    # The older edition's carbon contents with GB/T 32151-2024 calorific values is refused.
    with pytest.raises(ReferenceDataError) as caught:
        compile_factors(Method(combustion_co2="cn_guideline_2013"))
    assert "must not be mixed" in caught.value.problems[0].message_en


def test_the_incomplete_older_edition_is_refused_even_whole() -> None:
    # Its own calorific values are not shipped (not verified from its text): it cannot be used.
    method = Method(combustion_co2="cn_guideline_2013", ncv_set="cn_guideline_2013")
    with pytest.raises(ReferenceDataError) as caught:
        compile_factors(method)
    assert "incomplete" in caught.value.problems[0].message_en


def test_chain_ranks_sub_area_territory_province_grid_country_ipcc() -> None:
    chain = region_chain(refdata.territories(), refdata.grid_regions()).filter(
        territory="LJ-2016-ST"
    )
    ranks = dict(chain.filter(pl.col("region") != "CN-CC").select("region", "rank").iter_rows())
    assert ranks == {"LJ-2016-ST": 1, "LJ-2016": 2, "500000": 3, "CN-SW": 4, "CN": 5, "*": 6}


def test_provincial_grid_factor_beats_national_and_says_so() -> None:
    rows = compute_emissions(
        frame(
            activity(
                category="energy.electricity.industry",
                fuel="electricity",
                quantity=1000,
                unit="MWh",
                year=2022,
            )
        )
    )
    assert rows["factor_level"].item() == "provincial"
    assert rows["emission_t"].item() == pytest.approx(522.7)  # Chongqing 2022: 0.5227 kg/kWh
    assert "500000" in rows["selection_reason"].item()


def test_sector_specific_non_co2_factor_beats_generic() -> None:
    rows = compute_emissions(
        frame(activity(category="energy.residential.combustion", quantity=1.0))
    )
    ch4 = rows.filter(gas="CH4")
    # IPCC 2006 Table 2.5 residential natural gas CH4 5 kg/TJ × 0.38931 TJ per 10⁴ Nm³.
    assert ch4["emission_t"].item() == pytest.approx(5 * 0.38931 / 1000, rel=1e-9)


def test_measured_factor_on_the_record_wins() -> None:
    rows = compute_emissions(
        frame(
            activity(
                measured_factor=2.0,
                measured_factor_unit="t/10⁴Nm³",
                quantity=3.0,
                data_source="stack test 2022",
            )
        )
    )
    co2 = rows.filter(gas="CO2")
    assert co2["factor_level"].item() == "measured"
    assert co2["emission_t"].item() == pytest.approx(6.0)
    assert co2["factor_id"].item() == "measured:row-1"
    # CH4 and N2O keep their defaults.
    assert set(rows.filter(pl.col("gas") != "CO2")["factor_level"]) == {"ipcc_default"}


def test_missing_factor_names_the_record_and_is_never_zero() -> None:
    # No grid factor is shipped for 2019, and the default method does not borrow another year's.
    data = frame(
        activity(),
        activity(
            category="energy.electricity.industry",
            fuel="electricity",
            quantity=10,
            unit="MWh",
            year=2019,
        ),
    )
    with pytest.raises(MissingFactorError) as info:
        compute_emissions(data)
    (problem,) = info.value.problems
    assert problem.row == 2 and problem.field == "fuel" and "2019" in problem.message_en


def test_nearest_year_is_opt_in_and_recorded() -> None:
    data = frame(
        activity(
            category="energy.electricity.industry",
            fuel="electricity",
            quantity=10,
            unit="MWh",
            year=2019,
        )
    )
    rows = compute_emissions(data, Method(nearest_year=True))
    assert "nearest year 2021-2021: none valid for 2019" in rows["selection_reason"].item()


def test_a_user_supplied_regional_grid_factor_beats_national_for_its_provinces() -> None:
    # No Southwest (CN-SW) value is shipped (none confirmed); a user adds one as a factor row.
    factors = compile_factors(Method())
    regional = factors.filter(
        factor_id="cn_grid_average:CN:electricity:electricity:CO2:2022"
    ).with_columns(
        region=pl.lit("CN-SW"), value=pl.lit(0.0005), factor_id=pl.lit("user:CN-SW:2022")
    )
    data = frame(
        activity(
            territory="SC-TF",
            category="energy.electricity.industry",
            fuel="electricity",
            quantity=1000,
            unit="MWh",
        )
    )
    rows = compute_emissions(data, factors=pl.concat([factors, regional]))
    assert rows["factor_level"].item() == "regional"
    assert rows["factor_id"].item() == "user:CN-SW:2022"
    assert rows["emission_t"].item() == pytest.approx(500.0)
    # Without it, the Sichuan territory falls back to the national factor.
    assert compute_emissions(data)["factor_level"].item() == "national"
