"""The park inventory against a hand oracle: members' accepted reports + park data + attributes.

Oracle (see conftest for the figures), market-based:
    CO2 = A 100 + 500 + B 200 + park 60 + A's certificate −400 × 0.5 + PV sold +100 × 0.6 = 720 t
    energy = 50 + 122.9 + 80 + 12.29 + PV 300 × 0.1229 = 302.06 tce
    clean = (300 − 100) × 0.1229 + 400 × 0.1229 = 73.74 tce
Location-based: CO2 = 860 t (certificates change nothing; PV used on site emits nothing),
clean = 300 × 0.1229 = 36.87 tce. C's report is not accepted: C is missing.
"""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.parks import ElectricityMethod, Member, park_inventory, reconcile_members
from tests.parks.conftest import (
    YEAR,
    attributes,
    member_filings,
    park,
    park_activities,
    standard_attributes,
)


def compute(method: ElectricityMethod, **kwargs: object):  # type: ignore[no-untyped-def]
    return park_inventory(
        kwargs.pop("the_park", park()),  # type: ignore[arg-type]
        YEAR,
        member_filings(),
        park_activities(),
        kwargs.pop("attrs", standard_attributes()),  # type: ignore[arg-type]
        electricity_method=method,
        **kwargs,  # type: ignore[arg-type]
    )


def test_market_based_totals_match_the_hand_oracle() -> None:
    inv = compute(ElectricityMethod.MARKET)
    assert inv.co2_t == pytest.approx(720.0)
    assert inv.co2e_t == pytest.approx(730.0)  # + B's CH4 10 t CO2e
    assert inv.energy_tce == pytest.approx(302.06)
    assert inv.clean_energy_tce == pytest.approx(73.74)
    assert inv.carbon_per_energy == pytest.approx(720.0 / 302.06)
    assert inv.clean_energy_share == pytest.approx(73.74 / 302.06)
    assert inv.missing_members == ("C",)
    assert not inv.complete
    assert [f.rule for f in inv.findings] == ["park_member_without_report"]


def test_location_based_ignores_certificates_and_counts_onsite_pv_at_zero() -> None:
    inv = compute(ElectricityMethod.LOCATION)
    assert inv.co2_t == pytest.approx(860.0)
    assert inv.energy_tce == pytest.approx(302.06)
    assert inv.clean_energy_tce == pytest.approx(36.87)
    assert set(inv.rows["origin"]) == {"member", "park", "onsite"}


def test_every_row_keeps_its_lineage() -> None:
    rows = compute(ElectricityMethod.MARKET).rows
    members = rows.filter(origin="member")
    assert sorted(members["record_id"]) == ["A-1", "A-2", "B-1", "B-2"]
    assert set(members["source_ref"]) == {"A-2022-v1", "B-2022-v1"}
    park_row = rows.filter(origin="park").row(0, named=True)
    assert park_row["record_id"] == "P-1"
    assert park_row["factor_level"] == "measured"
    assert park_row["emission_t"] == pytest.approx(60.0)
    green = rows.filter(origin="green_power").row(0, named=True)
    assert (green["source_ref"], green["holder"]) == ("GEC-1", "A")
    assert green["emission_t"] == pytest.approx(-200.0)
    assert green["factor_value"] == pytest.approx(-0.5)  # A's own grid factor, 500 t / 1 000 MWh


def test_members_reconcile_with_their_reports() -> None:
    inv = compute(ElectricityMethod.MARKET)
    table = reconcile_members(inv, member_filings())
    assert table["enterprise_id"].to_list() == ["A", "B"]
    assert table["agrees"].all()
    assert table["report_co2e_t"].to_list() == pytest.approx([600.0, 210.0])
    assert table["green_power_co2e_t"].to_list() == pytest.approx([-200.0, 0.0])
    by_origin = inv.by_origin()
    members = by_origin.filter(origin="member")["co2e_t"].sum()
    assert members == pytest.approx(810.0)  # = Σ accepted reports inside the boundary


def test_a_changed_report_does_not_reconcile() -> None:
    inv = compute(ElectricityMethod.MARKET)
    filings = member_filings()
    a = filings["A"]
    changed = a.emissions.with_columns(
        co2e_t=pl.when(pl.col("record_id") == "A-1").then(101.0).otherwise(pl.col("co2e_t"))
    )
    filings["A"] = type(a)(**{**a.__dict__, "emissions": changed})
    table = reconcile_members(inv, filings)
    row = table.filter(enterprise_id="A").row(0, named=True)
    assert row["rows_changed"] == 1
    assert not row["agrees"]


def test_a_member_of_some_facilities_brings_only_those_rows() -> None:
    the_park = park((Member("A"), Member("B", ("F1",))))
    inv = compute(
        ElectricityMethod.LOCATION,
        the_park=the_park,
        facility_of={"B-1": "F1", "B-2": "F2", "A-1": "FA", "A-2": "FA"},
    )
    assert inv.co2e_t == pytest.approx(860.0)  # B's CH4 row (F2, 10 t CO2e) stays outside
    row = reconcile_members(inv, member_filings()).filter(enterprise_id="B").row(0, named=True)
    assert (row["in_park_co2e_t"], row["outside_co2e_t"]) == pytest.approx((200.0, 10.0))
    assert row["agrees"]


def test_facility_members_need_the_facility_of_each_row() -> None:
    with pytest.raises(DataValidationError) as err:
        compute(ElectricityMethod.LOCATION, the_park=park((Member("B", ("F1",)),)))
    assert "facility" in err.value.problems[0].message.en


def test_the_boundary_version_in_force_is_used() -> None:
    inv = park_inventory(park(), 2021, member_filings(), park_activities(), standard_attributes())
    assert inv.boundary_version == 1
    assert inv.missing_members == ("A",)  # A's report is of 2022, not 2021
    assert inv.co2_t == 0.0
    assert inv.carbon_per_energy is None  # nothing to divide: missing, not zero
    with pytest.raises(DataValidationError):
        park_inventory(park(), 2019, member_filings(), park_activities(), standard_attributes())


def test_a_certificate_counts_once() -> None:
    twice = attributes(
        ("GEC-1", "A", "certificate", 100.0, 0.0), ("GEC-1", "B", "certificate", 100.0, 0.0)
    )
    with pytest.raises(DataValidationError) as err:
        compute(ElectricityMethod.MARKET, attrs=twice)
    problem = err.value.problems[0]
    assert (problem.row, problem.field, problem.value) == (2, "attribute_id", "GEC-1")
    assert "row 1" in problem.message.en and "第 1 行" in problem.message.zh


def test_green_power_cannot_exceed_the_holders_grid_electricity() -> None:
    too_much = attributes(
        ("GEC-1", "A", "certificate", 800.0, 0.0), ("GP-2", "A", "green_power_contract", 300.0, 0.0)
    )
    with pytest.raises(DataValidationError) as err:
        compute(ElectricityMethod.MARKET, attrs=too_much)
    assert "GP-2" in err.value.problems[0].value  # 800 fit in A's 1 000 MWh, 300 more do not
    with pytest.raises(DataValidationError):  # B buys no grid electricity at all
        compute(ElectricityMethod.MARKET, attrs=attributes(("G", "B", "certificate", 1.0, 0.0)))


def test_bad_attribute_rows_are_all_listed() -> None:
    bad = attributes(
        ("X1", "Z", "certificate", 1.0, 0.0),
        ("X2", "A", "coupon", -1.0, 0.0),
        ("X3", "A", "certificate", 10.0, 5.0),
    )
    with pytest.raises(DataValidationError) as err:
        compute(ElectricityMethod.MARKET, attrs=bad)
    found = {(p.row, p.field) for p in err.value.problems}
    assert found == {
        (1, "holder"),
        (2, "instrument"),
        (2, "mwh"),
        (3, "certificates_sold_mwh"),
    }
