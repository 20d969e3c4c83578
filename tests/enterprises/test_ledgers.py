"""Bad ledgers give clear bilingual errors naming row and field; good ones come back typed."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.enterprises import Actor, EnterpriseAccessError, file_ledger, validate_ledger
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, empty_ledger
from cityclimate.errors import DataValidationError

from .conftest import energy_rows


def problems_of(frame: pl.DataFrame, kind: str = "energy", **kwargs: object) -> list:  # type: ignore[type-arg]
    with pytest.raises(DataValidationError) as info:
        validate_ledger(frame, kind, first_row=2, **kwargs)  # type: ignore[arg-type]
    return info.value.problems


def test_good_ledger_is_typed_with_user_row_numbers() -> None:
    typed = validate_ledger(energy_rows({}, {"month": "2"}), "energy", first_row=2)
    assert typed["_row"].to_list() == [2, 3]
    assert typed.schema["quantity"] == pl.Float64 and typed.schema["month"] == pl.Int32


def test_negative_energy_month_13_and_wrong_unit_are_named_by_row_and_field() -> None:
    found = problems_of(
        energy_rows(
            {"quantity": "-5"},
            {"month": "13"},
            {"unit": "kWh", "month": "3"},
        )
    )
    located = {(p.row, p.field) for p in found}
    assert located == {(2, "quantity"), (3, "month"), (4, "unit")}
    negative = next(p for p in found if p.field == "quantity")
    assert "不能为负数" in negative.message_zh and "cannot be negative" in negative.message_en
    month = next(p for p in found if p.field == "month")
    assert "1–12" in month.message_zh and "1 to 12" in month.message_en
    unit = next(p for p in found if p.field == "unit")
    assert "10⁴Nm³" in unit.message_en and "energy ledger, row 4, field 'unit'" in str(unit)


def test_text_in_numbers_missing_values_and_unknown_codes() -> None:
    found = problems_of(
        energy_rows(
            {"quantity": "lots", "month": "1.5"},
            {"fuel": "unobtainium", "month": "2"},
            {"category": "energy.bogus", "month": "3"},
            {"year": None, "month": "4"},
        )
    )
    located = {(p.row, p.field) for p in found}
    assert {(2, "quantity"), (2, "month"), (3, "fuel"), (4, "category"), (5, "year")} <= located


def test_electricity_on_a_fuel_row_and_fuel_on_an_electricity_row() -> None:
    found = problems_of(
        energy_rows(
            {"fuel": "electricity", "unit": "MWh"},
            {"category": "energy.electricity.industry", "fuel": "natural_gas", "month": "2"},
        )
    )
    assert {(p.row, p.field) for p in found} >= {(2, "fuel"), (3, "fuel")}


def test_measured_parameters_need_units_physical_quantities_and_combustion() -> None:
    found = problems_of(
        energy_rows(
            {"measured_ncv": "385"},
            {
                "measured_carbon_content": "0.0153",
                "measured_carbon_content_unit": "GJ/t",
                "month": "2",
            },
            {"measured_ncv": "385", "measured_ncv_unit": "GJ/10⁴Nm³", "unit": "GJ", "month": "3"},
        )
    )
    located = {(p.row, p.field) for p in found}
    assert {(2, "measured_ncv_unit"), (3, "measured_carbon_content_unit"), (4, "unit")} <= located


def test_energy_units_are_accepted_for_fuels() -> None:
    assert validate_ledger(energy_rows({"unit": "GJ"}), "energy").height == 1


def test_rows_of_another_enterprise_and_duplicates_are_refused() -> None:
    found = problems_of(
        energy_rows({}, {"enterprise_id": "E-B", "month": "2"}, {}), enterprise_id="E-A"
    )
    assert (3, "enterprise_id") in {(p.row, p.field) for p in found}
    assert any("duplicate" in p.message_en and p.row == 4 for p in found)


def test_missing_columns_are_listed_before_anything_else() -> None:
    found = problems_of(energy_rows({}).drop("unit", "month"))
    assert {p.field for p in found} == {"unit", "month"}


def test_chinese_headers_of_the_template_are_accepted() -> None:
    frame = energy_rows({})
    headers = {f.name: f.header_zh for f in LEDGER_FIELDS["energy"] if f.name in frame.columns}
    assert validate_ledger(frame.rename(headers), "energy").height == 1


def test_materials_production_and_data_centre_ledgers() -> None:
    base = {"enterprise_id": "E-A", "year": "2020", "month": "1"}
    materials = pl.DataFrame(
        [
            {
                **base,
                "category": "ippu.electronics.display",
                "material": "NF3",
                "quantity": "1",
                "unit": "m³",
                "abatement_fraction": "1.5",
            }
        ]
    )
    found = problems_of(materials, "materials")
    assert {p.field for p in found} == {"unit", "abatement_fraction"}
    wrong_category = materials.with_columns(
        category=pl.lit("energy.manufacturing.combustion"),
        unit=pl.lit("t"),
        abatement_fraction=pl.lit("0.9"),
    )
    assert problems_of(wrong_category, "materials")[0].field == "category"
    production = pl.DataFrame(
        [{**base, "product": "electricity_supplied", "quantity": "5", "unit": "t"}]
    )
    assert problems_of(production, "production")[0].field == "unit"
    centre = pl.DataFrame([{**base, "it_energy": "120", "total_energy": "100", "unit": "MWh"}])
    swapped = problems_of(centre, "data_centre")
    assert swapped[0].field == "it_energy" and "swapped" in swapped[0].message_en
    centre_tonnes = centre.with_columns(unit=pl.lit("t"), it_energy=pl.lit("80"))
    assert problems_of(centre_tonnes, "data_centre")[0].field == "unit"


def test_file_ledger_binds_an_enterprise_user_to_its_enterprise(
    owner_a: Actor, owner_b: Actor
) -> None:
    assert file_ledger(owner_a, "E-A", energy_rows({}), "energy").height == 1
    with pytest.raises(EnterpriseAccessError):
        file_ledger(owner_b, "E-A", energy_rows({}), "energy")
    with pytest.raises(DataValidationError):
        # Its own enterprise id, but rows of another enterprise inside.
        file_ledger(owner_b, "E-B", energy_rows({}), "energy")


def test_empty_ledger_is_typed() -> None:
    assert empty_ledger("production").columns[0] == "_row"
    assert validate_ledger(empty_ledger("energy").drop("_row"), "energy").is_empty()
