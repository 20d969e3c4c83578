"""Tests of the inventory engine: worked examples, properties and bad input."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityclimate.errors import DataValidationError
from cityclimate.inventory import EMISSION_COLUMNS, Method, by_framework, compute_emissions
from cityclimate.inventory.frameworks import FRAMEWORKS
from tests.conftest import activity, frame

# --- Worked examples -------------------------------------------------------------------------


def test_ipcc_one_tj_of_natural_gas_is_56_1_t_co2() -> None:
    # IPCC 2006 GL Vol.2 Ch.2 Table 2.2 (p.2.16): natural gas 56,100 kg CO2/TJ, 1 kg CH4/TJ,
    # 0.1 kg N2O/TJ in energy industries. 1 TJ gives 56.1 t CO2, 0.001 t CH4, 0.0001 t N2O.
    rows = compute_emissions(
        frame(activity(category="energy.energy_industries.combustion", quantity=1.0, unit="TJ")),
        Method(combustion_co2="ipcc2006"),
    )
    by_gas = dict(rows.select("gas", "emission_t").iter_rows())
    assert by_gas["CO2"] == pytest.approx(56.1, rel=1e-9)
    assert by_gas["CH4"] == pytest.approx(0.001, rel=1e-9)
    assert by_gas["N2O"] == pytest.approx(0.0001, rel=1e-9)
    # AR5: 56.1 + 0.001 × 28 + 0.0001 × 265 (IPCC AR5 WG1 Table 8.A.1).
    assert rows["co2e_t"].sum() == pytest.approx(56.1 + 0.028 + 0.0265, rel=1e-9)


def test_chinese_guideline_natural_gas_per_10k_nm3() -> None:
    # GB/T 32151 Table C.1: 100 × 10⁴ Nm³ × 389.31 GJ/10⁴Nm³ × 0.0153 tC/GJ × 0.99 × 44/12
    # = 2162.188809 t CO2 (hand-computed); in 万Nm³, the same quantity.
    rows = compute_emissions(frame(activity(quantity=100.0, unit="万Nm³")))
    assert rows.filter(gas="CO2")["emission_t"].item() == pytest.approx(2162.188809, rel=1e-9)
    assert rows.filter(gas="CO2")["energy_tce"].item() == pytest.approx(
        100 * 389.31 / 29.3076, rel=1e-9
    )


def test_purchased_electricity_with_the_2022_national_factor() -> None:
    # MEE & NBS 2022 national average grid factor 0.5366 kg CO2/kWh: 1,000 MWh → 536.6 t CO2.
    rows = compute_emissions(
        frame(
            activity(
                territory="CN",
                category="energy.electricity.industry",
                fuel="electricity",
                quantity=1000,
                unit="MWh",
            )
        ),
    )
    assert rows["emission_t"].item() == pytest.approx(536.6, rel=1e-12)
    assert rows["scope"].item() == 2
    # Calorific equivalent 0.1229 kgce/kWh (GB/T 2589): 1,000 MWh = 122.9 tce.
    assert rows["energy_tce"].item() == pytest.approx(122.9, rel=1e-12)


def test_wastewater_ch4_and_n2o() -> None:
    # IPCC 2006 GL Vol.5 Ch.6: EF = Bo × MCF = 0.25 kg CH4/kg COD × 0.8 (anaerobic reactor,
    # Table 6.3): 1,000 t COD → 200 t CH4. Effluent N2O (Eq.6.7, Table 6.11): 100 t N × 0.005
    # × 44/28 = 0.785714 t N2O.
    rows = compute_emissions(
        frame(
            activity(
                category="waste.wastewater.domestic",
                fuel="anaerobic_reactor",
                quantity=1000,
                unit="t",
            ),
            activity(
                category="waste.wastewater.domestic",
                fuel="effluent_nitrogen",
                quantity=100,
                unit="t",
            ),
        )
    )
    assert rows.filter(gas="CH4")["emission_t"].item() == pytest.approx(200.0)
    assert rows.filter(gas="CH4")["co2e_t"].item() == pytest.approx(5600.0)  # AR5 CH4 = 28
    assert rows.filter(gas="N2O")["emission_t"].item() == pytest.approx(0.5 * 44 / 28)


def test_fgas_tier_2a_with_by_product_and_abatement() -> None:
    # IPCC 2006 GL Vol.3 Ch.6 Eq.6.2/6.3 with Table 6.3 semiconductor NF3: (1-U) 0.2, B_CF4 0.09,
    # heel h 0.10. 1,000 kg NF3, half of it through abatement with DRE 0.95 (CF4 DRE 0.9):
    # NF3 = 1 t × 0.9 × 0.2 × (1 − 0.5 × 0.95) = 0.0945 t; CF4 = 1 × 0.9 × 0.09 × (1 − 0.5 × 0.9)
    # = 0.04455 t.
    rows = compute_emissions(
        frame(
            activity(
                territory="LJ-2016",
                sub_area="LJ-2016-ST",
                category="ippu.electronics.semiconductor",
                fuel="NF3",
                quantity=1000,
                unit="kg",
                abatement_fraction=0.5,
            )
        )
    )
    by_gas = dict(rows.select("gas", "emission_t").iter_rows())
    assert by_gas == pytest.approx({"NF3": 0.0945, "CF4": 0.04455}, rel=1e-12)
    assert set(rows["record_id"]) == {"row-1"}


def test_sinks_are_negative_co2_and_reported_as_removals() -> None:
    # IPCC 2006 GL Vol.4 Ch.8 Table 8.2: 2.9 t C per ha of crown cover per year; × 44/12.
    rows = compute_emissions(
        frame(
            activity(category="sink.urban_green", fuel="urban_tree_crown", quantity=100, unit="ha")
        )
    )
    assert rows["co2e_t"].item() == pytest.approx(-100 * 2.9 * 44 / 12)
    assert rows["sector"].item() == "sinks"


def test_every_result_row_names_its_activity_record_and_factor() -> None:
    rows = compute_emissions(
        frame(activity(record_id="A-1"), activity(record_id="A-2", fuel="diesel", unit="t"))
    )
    assert rows.columns == list(EMISSION_COLUMNS)
    assert rows["record_id"].null_count() == 0 and rows["factor_id"].null_count() == 0
    assert set(rows["record_id"]) == {"A-1", "A-2"}
    assert rows["selection_reason"].str.len_chars().min() > 10  # type: ignore[operator]


# --- Properties ------------------------------------------------------------------------------

FUELS = st.sampled_from(
    [
        ("natural_gas", "10⁴Nm³"),
        ("diesel", "t"),
        ("gasoline", "t"),
        ("bituminous_coal", "t"),
        ("lpg", "kg"),
        ("coke", "t"),
        ("natural_gas", "GJ"),
    ]
)
CATEGORIES = st.sampled_from(
    [
        "energy.manufacturing.combustion",
        "energy.commercial.combustion",
        "energy.residential.combustion",
        "energy.energy_industries.combustion",
    ]
)
RECORD = st.builds(
    lambda fuel, category, q, year, sub: activity(
        fuel=fuel[0],
        unit=fuel[1],
        category=category,
        quantity=q,
        year=year,
        territory="LJ-2016",
        sub_area=sub,
    ),
    FUELS,
    CATEGORIES,
    st.floats(0, 1e7, allow_nan=False),
    st.integers(2019, 2023),
    st.sampled_from([None, "LJ-2016-ST", "LJ-2016-YL"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=12))
def test_doubling_activity_doubles_emissions(records: list[dict[str, object]]) -> None:
    base = compute_emissions(frame(*records))
    doubled = compute_emissions(
        frame(*[{**r, "quantity": 2 * float(r["quantity"])} for r in records])
    )  # type: ignore[arg-type]
    assert doubled["co2e_t"].to_list() == pytest.approx(
        [2 * v for v in base["co2e_t"]], rel=1e-12, abs=1e-9
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(RECORD, min_size=2, max_size=12), st.randoms(use_true_random=False))
def test_permuting_input_rows_changes_nothing(records: list[dict[str, object]], rnd) -> None:  # type: ignore[no-untyped-def]
    named = [{**r, "record_id": f"R{i}"} for i, r in enumerate(records)]
    shuffled = named[:]
    rnd.shuffle(shuffled)
    a = compute_emissions(frame(*named))
    b = compute_emissions(frame(*shuffled))
    assert a.equals(b)


@settings(max_examples=30, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=10))
def test_totals_equal_the_sum_of_parts_in_every_framework(records: list[dict[str, object]]) -> None:
    rows = compute_emissions(frame(*records))
    total = rows["co2e_t"].sum()
    for name in FRAMEWORKS:
        table = by_framework(rows, name)
        assert table["co2e_t"].sum() == pytest.approx(total, rel=1e-12, abs=1e-9)


# --- Bad input -------------------------------------------------------------------------------


def _problems(*records: dict[str, object]) -> list[tuple[int | None, str | None]]:
    with pytest.raises(DataValidationError) as info:
        compute_emissions(frame(*records))
    assert all(p.message_zh and p.message_en for p in info.value.problems)
    return [(p.row, p.field) for p in info.value.problems]


def test_unknown_unit_names_row_and_field() -> None:
    assert _problems(activity(), activity(unit="furlongs")) == [(2, "unit")]


def test_wrong_dimension_kwh_for_a_fuel_in_tonnes() -> None:
    assert _problems(activity(fuel="bituminous_coal", unit="kWh", quantity=5)) == [(1, "unit")]


def test_negative_quantity() -> None:
    assert _problems(activity(quantity=-1.0)) == [(1, "quantity")]


def test_nan_and_infinite_quantities() -> None:
    assert _problems(activity(quantity=math.nan), activity(quantity=math.inf)) == [
        (1, "quantity"),
        (2, "quantity"),
    ]


def test_unknown_category_and_territory() -> None:
    assert _problems(activity(category="energy.teleportation"), activity(territory="Atlantis")) == [
        (1, "category"),
        (2, "territory"),
    ]


def test_text_in_a_number_field_and_empty_required_values() -> None:
    data = pl.DataFrame(
        {
            "territory": ["500000", None],
            "year": ["2022", "二〇二二"],
            "category": ["energy.manufacturing.combustion"] * 2,
            "fuel": ["natural_gas"] * 2,
            "quantity": ["1,5", "2"],
            "unit": ["10⁴Nm³"] * 2,
        }
    )
    with pytest.raises(DataValidationError) as info:
        compute_emissions(data, first_row=2)
    assert sorted((p.row, p.field) for p in info.value.problems) == [
        (2, "quantity"),
        (3, "territory"),
        (3, "year"),
    ]


def test_missing_required_column() -> None:
    with pytest.raises(DataValidationError) as info:
        compute_emissions(pl.DataFrame({"territory": ["500000"], "year": [2022]}))
    assert {p.field for p in info.value.problems} == {"category", "fuel", "quantity", "unit"}


def test_duplicate_record_ids_and_bad_abatement_share() -> None:
    assert sorted(
        _problems(activity(record_id="X"), activity(record_id="X", abatement_fraction=1.5))
    ) == [(1, "record_id"), (2, "abatement_fraction"), (2, "record_id")]


def test_all_problems_are_reported_at_once_and_nothing_is_computed() -> None:
    found = _problems(activity(quantity=-1), activity(unit="??"), activity(category="nope"))
    assert found == [(1, "quantity"), (2, "unit"), (3, "category")]


def test_sar_gwps_as_chinas_2011_guideline_uses_them() -> None:
    # IPCC SAR (1995) Table 2.9: CH4 21. NF3 has no SAR value: a clear error, never a zero.
    rows = compute_emissions(
        frame(
            activity(
                category="waste.wastewater.domestic",
                fuel="anaerobic_reactor",
                quantity=1000,
                unit="t",
            )
        ),
        Method(gwp_set="SAR"),
    )
    assert rows["co2e_t"].item() == pytest.approx(200.0 * 21)
    nf3 = activity(
        territory="LJ-2016", category="ippu.electronics.display", fuel="NF3", quantity=1, unit="t"
    )
    with pytest.raises(DataValidationError) as info:
        compute_emissions(frame(nf3), Method(gwp_set="SAR"))
    assert "NF3" in info.value.problems[0].value
