"""PACT v3 ProductFootprint: validation against the vendored schema, round trip, v2 import.

The documents here are the project's own (the specification's licence lets its examples be
shared only as a whole, unmodified reproduction); they exercise the same properties.
"""

from __future__ import annotations

import copy
import hashlib
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.footprints import pact
from cityclimate.io.pact_schema import PACT_OPENAPI_FILE, pact_openapi


def battery_footprint() -> dict[str, Any]:
    """A v3 footprint with a country subdivision, DQIs and a verification (illustrative)."""
    return {
        "id": "3f1b2f0e-6a43-4a4e-9c1e-5d0c2b7a9e11",
        "specVersion": "3.0.3",
        "created": "2026-03-01T08:00:00Z",
        "status": "Active",
        "validityPeriodStart": "2026-03-01T08:00:00Z",
        "validityPeriodEnd": "2029-03-01T00:00:00Z",
        "companyName": "示例电池有限公司",
        "companyIds": ["urn:uscc:91500000MA5U3ABCDF"],
        "productDescription": "Illustrative 60 kWh LFP battery pack",
        "productIds": ["urn:cityclimate:product:battery-pack-60"],
        "productClassifications": ["urn:pact:productclassification:un-cpc:46410"],
        "productNameCompany": "60 kWh 电池包",
        "comment": "illustrative",
        "pcf": {
            "declaredUnitOfMeasurement": "piece",
            "declaredUnitAmount": "1",
            "productMassPerDeclaredUnit": "410.5",
            "referencePeriodStart": "2025-01-01T00:00:00Z",
            "referencePeriodEnd": "2026-01-01T00:00:00Z",
            "geographyCountrySubdivision": "CN-CQ",
            "pcfExcludingBiogenicUptake": "5120.0",
            "pcfIncludingBiogenicUptake": "5118.2",
            "fossilGhgEmissions": "5100.4",
            "fossilCarbonContent": "12.5",
            "biogenicCarbonContent": "0.4",
            "ipccCharacterizationFactors": ["AR6"],
            "crossSectoralStandards": ["ISO14067", "PACT-3.0"],
            "exemptedEmissionsPercent": "0.8",
            "boundaryProcessesDescription": "cradle-to-gate",
            "packagingEmissionsIncluded": True,
            "primaryDataShare": "42.5",
            "dqi": {"technologicalDQR": "1.8", "geographicalDQR": "2.0", "temporalDQR": "1.5"},
            "verification": {"coverage": "product level", "providerName": "示例核查机构"},
        },
    }


def test_the_vendored_schema_is_the_published_file_and_its_version() -> None:
    folder = resources.files("cityclimate.io").joinpath("schemas", "pact")
    data = folder.joinpath(PACT_OPENAPI_FILE).read_bytes()
    # The checksum recorded in schemas/pact/README.md: the file is unmodified.
    assert hashlib.sha256(data).hexdigest() == (
        "e5e48ab32d3d87fd634c8a4df27d81256991819196a4cdb1ef0d655bd8fb9d43"
    )
    assert "World Business Council for Sustainable Development" in folder.joinpath(
        "LICENSE.md"
    ).read_text("utf-8")
    assert pact_openapi()["info"]["version"] == pact.PACT_SPEC_VERSION


def test_a_valid_v3_footprint_validates() -> None:
    pact.validate_product_footprint(battery_footprint(), pact_openapi())


@pytest.mark.parametrize(
    ("breakage", "field", "words"),
    [
        (lambda d: d.pop("companyIds"), "companyIds", "required field companyIds"),
        (
            lambda d: d["pcf"].pop("productMassPerDeclaredUnit"),
            "pcf.productMassPerDeclaredUnit",
            "required",
        ),
        (
            lambda d: d["pcf"].update(declaredUnitAmount="0"),
            "pcf.declaredUnitAmount",
            "required form",
        ),
        (
            lambda d: d["pcf"].update(declaredUnitOfMeasurement="pieces"),
            "pcf.declaredUnitOfMeasurement",
            "allowed values",
        ),
        (lambda d: d.update(created="2026-03-01"), "created", "date-time"),
        (lambda d: d.update(id="battery-1"), "id", "uuid"),
        (lambda d: d.update(productIds=[]), "productIds", "empty"),
        (lambda d: d["pcf"].update(geographyCountry="CN"), "pcf", "geography"),
        (lambda d: d["pcf"].update(fossilGhgEmissions=5100.4), "pcf.fossilGhgEmissions", "string"),
        (lambda d: d["pcf"]["dqi"].pop("temporalDQR"), "pcf.dqi.temporalDQR", "required"),
    ],
)
def test_a_broken_footprint_fails_naming_the_field(breakage: Any, field: str, words: str) -> None:
    document = battery_footprint()
    breakage(document)
    with pytest.raises(DataValidationError) as caught:
        pact.validate_product_footprint(document, pact_openapi(), where="battery.json")
    problems = caught.value.problems
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message.en
    assert problems[0].message.zh  # and in Chinese
    assert problems[0].where == "battery.json"


def test_export_then_import_gives_the_same_document() -> None:
    document = battery_footprint()
    footprint = pact.footprint_from_dict(document)
    assert footprint.pcf.pcf_excluding_biogenic_uptake_kg == Decimal("5120.0")
    assert footprint.pcf.geography_country_subdivision == "CN-CQ"
    assert footprint.pcf.dqi == pact.DataQualityRatings(
        Decimal("1.8"), Decimal("2.0"), Decimal("1.5")
    )
    assert footprint.pcf.other["verification"]["providerName"] == "示例核查机构"
    again = pact.footprint_to_dict(footprint)
    assert again == document
    assert pact.footprint_from_dict(again) == footprint


def test_decimals_are_written_as_the_schema_wants_them() -> None:
    assert pact.decimal_text(0.1 + 0.2) == "0.30000000000000004"
    assert pact.decimal_text(-0.0) == "0"
    assert pact.decimal_text(2.5e-8) == "0.000000025"


def v2_footprint() -> dict[str, Any]:
    """A PACT v2.2 document (illustrative) using the v2 property names."""
    return {
        "data": {
            "id": "8a0c9d6e-2b1f-4f3e-a2c4-7d9e0f1a2b3c",
            "specVersion": "2.2.0",
            "version": 1,
            "created": "2024-06-01T00:00:00Z",
            "status": "Active",
            "companyName": "示例铝业",
            "companyIds": ["urn:uscc:91500000MA5U3ABCDF"],
            "productDescription": "Aluminium housing",
            "productIds": ["urn:cityclimate:product:housing"],
            "productCategoryCpc": "4153",
            "productNameCompany": "铝壳体",
            "comment": "",
            "pcf": {
                "declaredUnit": "kilogram",
                "unitaryProductAmount": "1",
                "pCfExcludingBiogenic": "8.6",
                "pCfIncludingBiogenic": "8.6",
                "fossilGhgEmissions": "8.5",
                "fossilCarbonContent": "0",
                "biogenicCarbonContent": "0",
                "dLucGhgEmissions": "0",
                "landManagementGhgEmissions": "0.1",
                "characterizationFactors": "AR5",
                "ipccCharacterizationFactorsSources": ["AR5"],
                "crossSectoralStandardsUsed": [
                    "GHG Protocol Product standard",
                    "ISO Standard 14067",
                ],
                "boundaryProcessesDescription": "cradle-to-gate",
                "referencePeriodStart": "2023-01-01T00:00:00Z",
                "referencePeriodEnd": "2024-01-01T00:00:00Z",
                "geographyCountry": "CN",
                "exemptedEmissionsPercent": 0,
                "packagingEmissionsIncluded": False,
                "primaryDataShare": 30,
                "dqi": {
                    "coveragePercent": 90,
                    "technologicalDQR": 2,
                    "temporalDQR": 1.5,
                    "geographicalDQR": 2.2,
                    "completenessDQR": 1.7,
                    "reliabilityDQR": 2.1,
                },
                "assurance": {
                    "assurance": True,
                    "coverage": "product level",
                    "providerName": "示例核查",
                },
            },
        }
    }


def test_a_v2_footprint_is_mapped_through_the_field_map_and_validates() -> None:
    document, dropped = pact.v3_from_v2(v2_footprint())
    pact.validate_product_footprint(document, pact_openapi())
    pcf = document["pcf"]
    assert pcf["declaredUnitOfMeasurement"] == "kilogram"
    assert pcf["pcfExcludingBiogenicUptake"] == "8.6"
    assert pcf["productMassPerDeclaredUnit"] == "1"  # kilogram: the declared amount
    assert pcf["crossSectoralStandards"] == ["GHGP-Product", "ISO14067"]
    assert pcf["exemptedEmissionsPercent"] == "0"
    assert pcf["dqi"] == {"technologicalDQR": "2", "geographicalDQR": "2.2", "temporalDQR": "1.5"}
    assert pcf["verification"] == {"coverage": "product level", "providerName": "示例核查"}
    assert document["productClassifications"] == ["urn:pact:productclassification:un-cpc:4153"]
    assert "comment" not in document
    assert {d.field for d in dropped} == {
        "version",
        "pcf.landManagementGhgEmissions",
        "pcf.characterizationFactors",
    }
    assert all(d.reason.zh and d.reason.en for d in dropped)


def test_a_v2_footprint_per_piece_needs_its_mass() -> None:
    source = copy.deepcopy(v2_footprint())
    source["data"]["pcf"]["declaredUnit"] = "piece"
    document, _ = pact.v3_from_v2(source)
    with pytest.raises(DataValidationError) as caught:
        pact.validate_product_footprint(document, pact_openapi())
    assert [p.field for p in caught.value.problems] == ["pcf.productMassPerDeclaredUnit"]
    document, _ = pact.v3_from_v2(source, mass_per_declared_unit_kg=0.75)
    pact.validate_product_footprint(document, pact_openapi())
    assert document["pcf"]["productMassPerDeclaredUnit"] == "0.75"


def test_events_are_checked_by_their_type() -> None:
    schema = pact_openapi()
    event = {
        "type": "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
        "specversion": "1.0",
        "id": "e1",
        "source": "//example.org/3/events",
        "time": "2026-03-01T08:00:00Z",
        "data": {"requestEventId": "r1", "pfs": [battery_footprint()]},
    }
    assert pact.validate_event(event, schema) == "RequestFulfilledEvent"
    event["data"]["pfs"][0]["pcf"]["declaredUnitAmount"] = "x"
    with pytest.raises(DataValidationError) as caught:
        pact.validate_event(event, schema)
    assert caught.value.problems[0].field == "data.pfs[0].pcf.declaredUnitAmount"
    with pytest.raises(DataValidationError) as caught:
        pact.validate_event({**event, "type": "org.example.Unknown"}, schema)
    assert caught.value.problems[0].field == "type"
