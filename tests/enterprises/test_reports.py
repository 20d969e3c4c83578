"""The annual report through the inventory engine: measured versus default parameters; PUE."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.enterprises import (
    Actor,
    EnterpriseAccessError,
    check_pue,
    emission_report,
    report_totals,
    validate_ledger,
)
from cityclimate.enterprises.ledgers import empty_ledger
from cityclimate.enterprises.model import Facility
from cityclimate.enterprises.reports import report_activities
from cityclimate.errors import DataValidationError
from cityclimate.inventory import Method

from .conftest import energy_rows, enterprise

METHOD = Method(nearest_year=True)


def report(actor: Actor, energy: pl.DataFrame, **overrides: object) -> pl.DataFrame:
    ledger = validate_ledger(energy, "energy")
    return emission_report(
        actor, enterprise(**overrides), ledger, empty_ledger("materials"), 2020, method=METHOD
    )


def test_default_parameters_give_the_engine_default_factor(owner_a: Actor) -> None:
    co2 = report(owner_a, energy_rows({"quantity": "1"})).filter(gas="CO2").row(0, named=True)
    # GB/T 32151 natural gas: 389.31 GJ/10⁴Nm³ × 0.0153 tC/GJ × 0.99 × 44/12 = 21.622 t/10⁴Nm³
    assert co2["emission_t"] == pytest.approx(389.31 * 0.0153 * 0.99 * 44 / 12)
    assert co2["factor_level"] == "national"
    assert (co2["ncv_basis"], co2["carbon_content_basis"]) == ("default", "default")


def test_measured_ncv_and_carbon_content_are_used_and_shown(owner_a: Actor) -> None:
    rows = report(
        owner_a,
        energy_rows(
            {
                "quantity": "100",
                "measured_ncv": "385.2",
                "measured_ncv_unit": "GJ/10⁴Nm³",
                "measured_carbon_content": "0.01535",
                "measured_carbon_content_unit": "tC/GJ",
            },
            {
                "month": "2",
                "quantity": "100",
                "measured_carbon_content": "15.35",
                "measured_carbon_content_unit": "tC/TJ",
            },
        ),
    )
    co2 = rows.filter(gas="CO2").sort("record_id")
    first, second = co2.row(0, named=True), co2.row(1, named=True)
    # Both measured: 100 × 385.2 × 0.01535 × 0.99 × 44/12 = 2,146.37 t CO2.
    assert first["emission_t"] == pytest.approx(100 * 385.2 * 0.01535 * 0.99 * 44 / 12)
    assert (first["ncv_basis"], first["carbon_content_basis"]) == ("measured", "measured")
    assert first["factor_level"] == "measured"
    # Only CC measured (15.35 tC/TJ = 0.01535 tC/GJ): the default NCV 389.31 fills in.
    assert second["emission_t"] == pytest.approx(100 * 389.31 * 0.01535 * 0.99 * 44 / 12)
    assert (second["ncv_basis"], second["carbon_content_basis"]) == ("default", "measured")
    # Energy uses the measured NCV: 100 × 385.2 GJ / 29.3076 GJ/tce.
    assert first["energy_tce"] == pytest.approx(100 * 385.2 / 29.3076)
    # CH4 and N2O keep the engine's defaults.
    assert set(rows.filter(pl.col("gas") != "CO2")["factor_level"]) == {"ipcc_default"}


def test_electricity_has_no_fuel_parameters(owner_a: Actor) -> None:
    rows = report(
        owner_a,
        energy_rows(
            {
                "category": "energy.electricity.industry",
                "fuel": "electricity",
                "quantity": "1000",
                "unit": "MWh",
            }
        ),
    )
    assert rows["ncv_basis"].to_list() == ["n/a"]
    assert report_totals(rows)["total_co2e_t"] > 0


def test_facility_sub_area_and_record_lineage(owner_a: Actor) -> None:
    ledger = validate_ledger(energy_rows({"facility_id": "F2"}), "energy", first_row=5)
    plant = enterprise(facilities=(Facility("F2", "boilers", "LJ-2016-LX"),))
    activities = report_activities(plant, ledger, empty_ledger("materials"), 2020)
    assert activities["sub_area"].to_list() == ["LJ-2016-LX"]
    assert activities["record_id"].to_list() == ["E-A-2020-E00005"]


def test_another_enterprise_cannot_compute_this_report(owner_b: Actor) -> None:
    with pytest.raises(EnterpriseAccessError):
        report(owner_b, energy_rows({}))


def test_only_this_enterprise_and_year_are_reported(owner_a: Actor) -> None:
    rows = report(owner_a, energy_rows({}, {"year": "2019"}))
    assert rows["year"].unique().to_list() == [2020]


def centre_ledger(pue_by_month: list[float]) -> pl.DataFrame:
    rows = [
        {
            "enterprise_id": "E-DC",
            "year": "2020",
            "month": str(m),
            "it_energy": "1000",
            "total_energy": str(1000 * p),
            "unit": "MWh",
        }
        for m, p in enumerate(pue_by_month, start=1)
    ]
    return validate_ledger(pl.DataFrame(rows), "data_centre")


def test_pue_by_month_and_year_against_the_configured_limit() -> None:
    centre = enterprise("E-DC", data_centre=True, data_centre_class="new", industry="6450")
    # Annual PUE = Σ total / Σ IT = (1,300 + 1,250 + 1,250 + 1,300) / 4,000 = 1.275.
    ledger = centre_ledger([1.3, 1.25, 1.25, 1.3])
    strict = check_pue(centre, ledger, 2020)
    assert strict.annual_pue == pytest.approx(1.275)
    assert (strict.limit, strict.meets_limit) == (1.25, False)
    assert strict.monthly["above_limit"].to_list() == [True, False, False, True]
    lenient = check_pue(centre, ledger, 2020, edition="plan_text")
    assert (lenient.limit, lenient.meets_limit) == (1.3, True)
    existing = check_pue(
        enterprise("E-DC", data_centre=True, data_centre_class="existing"), ledger, 2020
    )
    assert existing.limit == 1.5 and existing.months_reported == 4


def test_annual_pue_weights_months_by_energy_not_a_mean_of_ratios() -> None:
    centre = enterprise("E-DC", data_centre=True, data_centre_class="new")
    rows = [
        {
            "enterprise_id": "E-DC",
            "year": "2020",
            "month": "1",
            "it_energy": "1",
            "total_energy": "2",
            "unit": "MWh",
        },
        {
            "enterprise_id": "E-DC",
            "year": "2020",
            "month": "2",
            "it_energy": "3000000",
            "total_energy": "3600000",
            "unit": "kWh",
        },
    ]
    check = check_pue(centre, validate_ledger(pl.DataFrame(rows), "data_centre"), 2020)
    # (2 + 3,600) MWh / (1 + 3,000) MWh = 1.2003…, not (2.0 + 1.2) / 2 = 1.6.
    assert check.annual_pue == pytest.approx(3602 / 3001)


def test_a_missing_factor_names_the_ledger_row(owner_a: Actor) -> None:
    ledger = validate_ledger(
        energy_rows(
            {},
            {
                "category": "energy.electricity.industry",
                "fuel": "electricity",
                "quantity": "5",
                "unit": "MWh",
                "month": "2",
            },
        ),
        "energy",
        first_row=2,
    )
    with pytest.raises(DataValidationError) as info:
        # Without nearest_year there is no 2020 grid factor.
        emission_report(owner_a, enterprise(), ledger, empty_ledger("materials"), 2020)
    (problem,) = info.value.problems
    assert (problem.where, problem.row) == ("energy ledger of E-A", 3)
