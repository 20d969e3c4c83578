"""PACT Technical Specifications v3: the ProductFootprint exchange, pure.

A :class:`ProductFootprint` is the data type of the WBCSD Partnership for Carbon Transparency
(PACT) Technical Specifications for PCF Data Exchange, version 3 (the OpenAPI document
``components/schemas/ProductFootprint``). This module turns it into and out of plain dicts
(the JSON the ``/3/footprints`` actions exchange), checks a document against the published
schema, and maps a v2.x document onto v3 through the explicit field map :data:`V2_PCF_FIELDS`.

It is derived from the PACT Technical Specifications (licensor: World Business Council for
Sustainable Development); the schema itself is not part of this module: the caller passes the
OpenAPI document as a dict (``cityclimate.io.pact_schema.pact_openapi()`` loads the vendored,
unmodified copy; see ``io/schemas/pact/README.md`` for its version and licence).

>>> doc = {"id": "f4b1225a-bd44-4c8e-861d-079e4e1dfd69", "specVersion": "3.0.3",
...        "created": "2025-01-01T00:00:00Z", "status": "Active", "companyName": "A",
...        "companyIds": ["urn:company:a"], "productDescription": "", "productIds": ["urn:p:1"],
...        "productNameCompany": "P", "pcf": {"declaredUnitOfMeasurement": "piece",
...        "declaredUnitAmount": "1", "productMassPerDeclaredUnit": "2.5",
...        "referencePeriodStart": "2024-01-01T00:00:00Z",
...        "referencePeriodEnd": "2025-01-01T00:00:00Z", "pcfExcludingBiogenicUptake": "12.3",
...        "pcfIncludingBiogenicUptake": "12.3", "fossilGhgEmissions": "12.3",
...        "fossilCarbonContent": "0", "ipccCharacterizationFactors": ["AR6"],
...        "crossSectoralStandards": ["ISO14067"], "exemptedEmissionsPercent": "0"}}
>>> footprint = footprint_from_dict(doc)
>>> footprint.pcf.pcf_excluding_biogenic_uptake_kg
Decimal('12.3')
>>> footprint_to_dict(footprint) == doc
True
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

__all__ = [
    "PACT_SPEC_VERSION",
    "V2_PCF_FIELDS",
    "V2_PRODUCT_FIELDS",
    "CarbonFootprint",
    "DataQualityRatings",
    "Declaration",
    "DroppedField",
    "ProductFootprint",
    "decimal_text",
    "footprint_document",
    "footprint_from_dict",
    "footprint_to_dict",
    "province_name",
    "schema_problems",
    "subdivision_of",
    "v3_from_v2",
    "validate_event",
    "validate_product_footprint",
]

#: The version of the PACT Technical Specifications the exported footprints comply with: the
#: ``info.version`` of the vendored OpenAPI document (a test checks they agree).
PACT_SPEC_VERSION = "3.0.3"

_SCHEMA_URI = "urn:cityclimate:pact-openapi-v3"


@dataclass(frozen=True)
class DataQualityRatings:
    """PACT's data quality ratings (1 best … 5 worst), methodology section 4.2.3."""

    technological: Decimal
    geographical: Decimal
    temporal: Decimal


@dataclass(frozen=True)
class CarbonFootprint:
    """The ``pcf`` of a ProductFootprint; emissions in kg CO2e per declared unit.

    ``other`` keeps the properties this type does not model (land-sector, packaging, CCS,
    verification, …) verbatim, so that reading and writing a document changes nothing.
    """

    declared_unit: str
    declared_unit_amount: Decimal
    mass_per_declared_unit_kg: Decimal
    reference_period_start: str
    reference_period_end: str
    pcf_excluding_biogenic_uptake_kg: Decimal
    pcf_including_biogenic_uptake_kg: Decimal
    fossil_ghg_emissions_kg: Decimal
    fossil_carbon_content_kgc: Decimal
    ipcc_characterization_factors: tuple[str, ...]
    cross_sectoral_standards: tuple[str, ...]
    exempted_emissions_percent: Decimal
    geography_country: str | None = None
    geography_country_subdivision: str | None = None
    geography_region: str | None = None
    biogenic_carbon_content_kgc: Decimal | None = None
    boundary_processes_description: str | None = None
    primary_data_share_percent: Decimal | None = None
    dqi: DataQualityRatings | None = None
    other: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductFootprint:
    """A PACT v3 ProductFootprint (the data owner's footprint of one product)."""

    id: str
    spec_version: str
    created: str
    status: str
    company_name: str
    company_ids: tuple[str, ...]
    product_description: str
    product_ids: tuple[str, ...]
    product_name: str
    pcf: CarbonFootprint
    product_classifications: tuple[str, ...] = ()
    validity_period_start: str | None = None
    validity_period_end: str | None = None
    comment: str | None = None
    other: Mapping[str, Any] = field(default_factory=dict)


# (JSON property, attribute) of the decimals, strings and string lists each type models.
_PCF_DECIMALS = (
    ("declaredUnitAmount", "declared_unit_amount"),
    ("productMassPerDeclaredUnit", "mass_per_declared_unit_kg"),
    ("pcfExcludingBiogenicUptake", "pcf_excluding_biogenic_uptake_kg"),
    ("pcfIncludingBiogenicUptake", "pcf_including_biogenic_uptake_kg"),
    ("fossilGhgEmissions", "fossil_ghg_emissions_kg"),
    ("fossilCarbonContent", "fossil_carbon_content_kgc"),
    ("exemptedEmissionsPercent", "exempted_emissions_percent"),
    ("biogenicCarbonContent", "biogenic_carbon_content_kgc"),
    ("primaryDataShare", "primary_data_share_percent"),
)
_PCF_STRINGS = (
    ("declaredUnitOfMeasurement", "declared_unit"),
    ("referencePeriodStart", "reference_period_start"),
    ("referencePeriodEnd", "reference_period_end"),
    ("geographyCountry", "geography_country"),
    ("geographyCountrySubdivision", "geography_country_subdivision"),
    ("geographyRegionOrSubregion", "geography_region"),
    ("boundaryProcessesDescription", "boundary_processes_description"),
)
_PCF_LISTS = (
    ("ipccCharacterizationFactors", "ipcc_characterization_factors"),
    ("crossSectoralStandards", "cross_sectoral_standards"),
)
_DQI = (
    ("technologicalDQR", "technological"),
    ("geographicalDQR", "geographical"),
    ("temporalDQR", "temporal"),
)
_PF_STRINGS = (
    ("id", "id"),
    ("specVersion", "spec_version"),
    ("created", "created"),
    ("status", "status"),
    ("companyName", "company_name"),
    ("productDescription", "product_description"),
    ("productNameCompany", "product_name"),
    ("validityPeriodStart", "validity_period_start"),
    ("validityPeriodEnd", "validity_period_end"),
    ("comment", "comment"),
)
_PF_LISTS = (
    ("companyIds", "company_ids"),
    ("productIds", "product_ids"),
    ("productClassifications", "product_classifications"),
)


def decimal_text(value: float | Decimal) -> str:
    """A number as PACT's ``Decimal`` string (no exponent, no trailing zeros, no ``-0``).

    >>> decimal_text(12.5), decimal_text(3.0), decimal_text(-0.0), decimal_text(1e-7)
    ('12.5', '3', '0', '0.0000001')
    >>> decimal_text(Decimal("77.0"))
    '77.0'
    """
    if isinstance(value, Decimal):  # keeps its own digits: Decimal("77.0") stays "77.0"
        text = format(value, "f")
    else:
        text = format(Decimal(repr(value)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return "0" if text.lstrip("-").strip("0.") == "" else text


def _modelled(
    document: Mapping[str, Any], names: Sequence[tuple[str, str]], convert: Any
) -> dict[str, Any]:
    return {attr: convert(document[key]) for key, attr in names if key in document}


def footprint_from_dict(document: Mapping[str, Any]) -> ProductFootprint:
    """Read a ProductFootprint from its JSON object (validate it first: the schema's job).

    Properties that are not modelled are kept in ``other`` so that
    ``footprint_to_dict(footprint_from_dict(d)) == d`` for every valid ``d`` whose decimals are
    written without a sign or exponent.
    """
    pcf_doc = document["pcf"]
    dqi_doc = pcf_doc.get("dqi")
    known_pcf = {key for key, _ in (*_PCF_DECIMALS, *_PCF_STRINGS, *_PCF_LISTS)} | {"dqi"}
    pcf = CarbonFootprint(
        **_modelled(pcf_doc, _PCF_DECIMALS, Decimal),
        **_modelled(pcf_doc, _PCF_STRINGS, str),
        **_modelled(pcf_doc, _PCF_LISTS, tuple),
        dqi=None
        if dqi_doc is None
        else DataQualityRatings(**{attr: Decimal(dqi_doc[key]) for key, attr in _DQI}),
        other={key: value for key, value in pcf_doc.items() if key not in known_pcf},
    )
    known = {key for key, _ in (*_PF_STRINGS, *_PF_LISTS)} | {"pcf"}
    return ProductFootprint(
        **_modelled(document, _PF_STRINGS, str),
        **_modelled(document, _PF_LISTS, tuple),
        pcf=pcf,
        other={key: value for key, value in document.items() if key not in known},
    )


def _written(item: object, names: Sequence[tuple[str, str]], convert: Any) -> dict[str, Any]:
    values = ((key, getattr(item, attr)) for key, attr in names)
    return {key: convert(value) for key, value in values if value is not None and value != ()}


def footprint_to_dict(footprint: ProductFootprint) -> dict[str, Any]:
    """The JSON object of ``footprint`` (decimals as strings, as the schema wants them)."""
    pcf = footprint.pcf
    pcf_doc: dict[str, Any] = {
        **_written(pcf, _PCF_DECIMALS, decimal_text),
        **_written(pcf, _PCF_STRINGS, str),
        **_written(pcf, _PCF_LISTS, list),
        **dict(pcf.other),
    }
    if pcf.dqi is not None:
        pcf_doc["dqi"] = {key: decimal_text(getattr(pcf.dqi, attr)) for key, attr in _DQI}
    return {
        **_written(footprint, _PF_STRINGS, str),
        **_written(footprint, _PF_LISTS, list),
        "pcf": pcf_doc,
        **dict(footprint.other),
    }


# -- validation against the published schema ---------------------------------------------------


def _validator(schema: Mapping[str, Any], component: str, formats: bool = True) -> Any:
    resource = Resource.from_contents(dict(schema), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_SCHEMA_URI, resource)
    target = {"$ref": f"{_SCHEMA_URI}#/components/schemas/{component}"}
    checker = jsonschema.FormatChecker() if formats else None
    return jsonschema.Draft202012Validator(target, registry=registry, format_checker=checker)


def _path(parts: Sequence[object]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(error: Any, where: str) -> Problem:
    path = _path(list(error.absolute_path))
    kind = error.validator
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else ""
        name = f"{path}.{missing}" if path else missing
        return Problem(
            where,
            field=name,
            message=Text(f"缺少必填字段 {name}", f"the required field {name} is missing"),
        )
    value = error.instance if isinstance(error.instance, str | int | float) else ""
    name = path or "(document)"
    return Problem(where, field=name, value=str(value), message=_message(kind, error))


def _message(kind: str, error: Any) -> Text:
    expected = error.validator_value
    if kind == "type":
        return Text(f"类型应为 {expected}", f"should be of type {expected}")
    if kind == "enum":
        allowed = ", ".join(map(str, expected))
        return Text(f"取值不在允许的列表中：{allowed}", f"not one of the allowed values: {allowed}")
    if kind == "pattern":
        return Text(
            f"格式不符（应匹配 {expected}）", f"does not match the required form {expected}"
        )
    if kind == "format":
        return Text(f"格式不符（应为 {expected}）", f"is not a valid {expected}")
    if kind == "minItems":
        return Text("不能为空列表", "must not be an empty list")
    if kind == "minLength":
        return Text("不能为空", "must not be empty")
    if kind == "uniqueItems":
        return Text("列表中有重复项", "the list has repeated items")
    if kind == "oneOf":
        return Text(
            "地理范围只能填写一项（国家、国家以下行政区或区域），或全不填写（全球）",
            "give at most one geography (country, country subdivision or region), or none (global)",
        )
    return Text(f"不符合 PACT v3 规范：{error.message}", f"not valid PACT v3: {error.message}")


def schema_problems(
    document: object,
    schema: Mapping[str, Any],
    component: str,
    where: str,
    *,
    formats: bool = True,
) -> list[Problem]:
    """Every way ``document`` breaks ``components/schemas/<component>`` of ``schema``.

    Parameters
    ----------
    document:
        The JSON value (parsed) to check.
    schema:
        The PACT v3 OpenAPI document as a dict (its schemas are JSON Schema 2020-12).
    component:
        The schema's name, e.g. ``"ProductFootprint"`` or ``"RequestCreatedEvent"``.
    where:
        What to call the document in the problems (a file name, "ProductFootprint", …).
    formats:
        Assert ``format`` (uuid, date-time) too; JSON Schema 2020-12 makes it an annotation
        only, so a reader may leave it out (the events endpoint does).

    Returns
    -------
    list[Problem]
        One per violation, each naming the field by its JSON path (``pcf.declaredUnitAmount``),
        in document order; empty when the document is valid.
    """
    errors = _validator(schema, component, formats).iter_errors(document)
    ordered = sorted(errors, key=lambda e: (_path(list(e.absolute_path)), str(e.validator)))
    return [_problem(error, where) for error in ordered]


def validate_product_footprint(
    document: object, schema: Mapping[str, Any], where: str = "ProductFootprint"
) -> None:
    """Raise :class:`~cityclimate.errors.DataValidationError` unless ``document`` is valid."""
    problems = schema_problems(document, schema, "ProductFootprint", where)
    if problems:
        raise DataValidationError(problems)


_EVENT_SCHEMAS = {
    "org.wbcsd.pact.ProductFootprint.PublishedEvent.3": "PublishedEvent",
    "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3": "RequestCreatedEvent",
    "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3": "RequestFulfilledEvent",
    "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3": "RequestRejectedEvent",
}


def validate_event(
    document: object, schema: Mapping[str, Any], where: str = "event", *, formats: bool = True
) -> str:
    """Check a PACT v3 CloudEvent against its schema; return its schema name.

    Raises :class:`~cityclimate.errors.DataValidationError` naming the field at fault (an
    unknown ``type`` included); a ``RequestFulfilledEvent``'s footprints are checked by the
    schema itself (``data.pfs[0].pcf...``).
    """
    kind = document.get("type") if isinstance(document, Mapping) else None
    component = _EVENT_SCHEMAS.get(str(kind))
    if component is None:
        raise DataValidationError(
            [
                Problem(
                    where,
                    field="type",
                    value=str(kind or ""),
                    message=Text(
                        "事件类型不是 PACT v3 的事件：" + "、".join(_EVENT_SCHEMAS),
                        "not a PACT v3 event type: " + ", ".join(_EVENT_SCHEMAS),
                    ),
                )
            ]
        )
    problems = schema_problems(document, schema, component, where, formats=formats)
    if problems:
        raise DataValidationError(problems)
    return component


# -- v2.x import ---------------------------------------------------------------------------------

#: v2.x ``pcf`` property → v3 ``pcf`` property, where v3 has the same quantity under another
#: (or the same) name. Decimals given as JSON numbers in v2 become decimal strings.
V2_PCF_FIELDS: Mapping[str, str] = {
    "declaredUnit": "declaredUnitOfMeasurement",
    "unitaryProductAmount": "declaredUnitAmount",
    "productMassPerDeclaredUnit": "productMassPerDeclaredUnit",
    "pCfExcludingBiogenic": "pcfExcludingBiogenicUptake",
    "pCfIncludingBiogenic": "pcfIncludingBiogenicUptake",
    "fossilGhgEmissions": "fossilGhgEmissions",
    "fossilCarbonContent": "fossilCarbonContent",
    "biogenicCarbonContent": "biogenicCarbonContent",
    "dLucGhgEmissions": "landUseChangeGhgEmissions",
    "iLucGhgEmissions": "landCarbonLeakage",
    "biogenicCarbonWithdrawal": "biogenicCO2Uptake",
    "aircraftGhgEmissions": "aircraftGhgEmissions",
    "ipccCharacterizationFactorsSources": "ipccCharacterizationFactors",
    "crossSectoralStandardsUsed": "crossSectoralStandards",
    "productOrSectorSpecificRules": "productOrSectorSpecificRules",
    "boundaryProcessesDescription": "boundaryProcessesDescription",
    "referencePeriodStart": "referencePeriodStart",
    "referencePeriodEnd": "referencePeriodEnd",
    "geographyRegionOrSubregion": "geographyRegionOrSubregion",
    "geographyCountry": "geographyCountry",
    "geographyCountrySubdivision": "geographyCountrySubdivision",
    "secondaryEmissionFactorSources": "secondaryEmissionFactorSources",
    "exemptedEmissionsPercent": "exemptedEmissionsPercent",
    "exemptedEmissionsDescription": "exemptedEmissionsDescription",
    "packagingEmissionsIncluded": "packagingEmissionsIncluded",
    "packagingGhgEmissions": "packagingGhgEmissions",
    "allocationRulesDescription": "allocationRulesDescription",
    "uncertaintyAssessmentDescription": "uncertaintyAssessmentDescription",
    "primaryDataShare": "primaryDataShare",
    "dqi": "dqi",
    "assurance": "verification",
}

#: v2.x top-level property → v3 property (the rest of the v2 top level is listed as dropped).
V2_PRODUCT_FIELDS: Mapping[str, str] = {
    "id": "id",
    "created": "created",
    "status": "status",
    "validityPeriodStart": "validityPeriodStart",
    "validityPeriodEnd": "validityPeriodEnd",
    "companyName": "companyName",
    "companyIds": "companyIds",
    "productDescription": "productDescription",
    "productIds": "productIds",
    "productCategoryCpc": "productClassifications",
    "productNameCompany": "productNameCompany",
    "comment": "comment",
    "precedingPfIds": "precedingPfIds",
    "extensions": "extensions",
}

# v2 ``crossSectoralStandardsUsed`` names → v3 ``crossSectoralStandards`` codes.
_V2_STANDARDS = {
    "GHG Protocol Product standard": "GHGP-Product",
    "ISO Standard 14067": "ISO14067",
    "ISO Standard 14044": "ISO14040-44",
    "PAS 2050": "PAS2050",
}
# Why the v2 properties without a v3 counterpart are left out.
_V2_DROPPED = {
    "version": Text("v3 中每次修改生成新的 id，不再有版本号", "v3 gives every change a new id"),
    "updated": Text("v3 的足迹不可修改，不再有更新时间", "v3 footprints are immutable"),
    "characterizationFactors": Text(
        "v2.3 起已弃用，改用 ipccCharacterizationFactors",
        "deprecated since v2.3; ipccCharacterizationFactors is used",
    ),
    "landManagementGhgEmissions": Text(
        "v3 将其分为化石排放、生物源排放和清除三项，无法拆分",
        "v3 splits it into fossil, biogenic emissions and removals; it cannot be split",
    ),
    "otherBiogenicGhgEmissions": Text(
        "v3 无对应字段", "v3 has no property for it (biogenicNonCO2Emissions is narrower)"
    ),
    "biogenicAccountingMethodology": Text("v3 无对应字段", "v3 has no property for it"),
}


@dataclass(frozen=True)
class DroppedField:
    """A v2.x property that the v3 document does not carry, and why."""

    field: str
    value: str
    reason: Text


def _v2_value(key: str, value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return decimal_text(float(value))
    if key == "crossSectoralStandardsUsed":
        return [_V2_STANDARDS.get(str(item), str(item)) for item in value]
    if key == "dqi":
        return {
            name: decimal_text(float(value[name]))
            for name, _ in _DQI
            if value.get(name) is not None
        }
    if key == "assurance":
        return {k: v for k, v in value.items() if k not in {"assurance"} and v not in ("", None)}
    return value


def v3_from_v2(
    document: Mapping[str, Any], mass_per_declared_unit_kg: float | None = None
) -> tuple[dict[str, Any], list[DroppedField]]:
    """Map a PACT v2.x ProductFootprint onto v3 through :data:`V2_PCF_FIELDS`.

    Parameters
    ----------
    document:
        The v2 ProductFootprint (or a v2 GetFootprint response, ``{"data": {...}}``).
    mass_per_declared_unit_kg:
        v3 requires ``productMassPerDeclaredUnit``, which v2 did not; give it when the v2
        document lacks it and the declared unit is not ``kilogram`` (for ``kilogram`` it is
        the declared unit amount).

    Returns
    -------
    (dict, list[DroppedField])
        The v3 document (``specVersion`` set to :data:`PACT_SPEC_VERSION`; validate it before
        use) and the v2 properties it does not carry, with the reason.
    """
    source = document.get("data", document)
    dropped: list[DroppedField] = []
    out: dict[str, Any] = {"specVersion": PACT_SPEC_VERSION}
    for key, value in source.items():
        if key == "pcf":
            continue
        if key in V2_PRODUCT_FIELDS:
            if key == "productCategoryCpc":
                value = [f"urn:pact:productclassification:un-cpc:{value}"]
            if key == "comment" and value == "":
                continue
            out[V2_PRODUCT_FIELDS[key]] = value
        elif key != "specVersion":
            reason = _V2_DROPPED.get(key, Text("v3 无对应字段", "v3 has no property for it"))
            dropped.append(DroppedField(key, str(value), reason))
    pcf: dict[str, Any] = {}
    for key, value in source.get("pcf", {}).items():
        if key in V2_PCF_FIELDS and not (key == "assurance" and not value.get("assurance")):
            mapped = _v2_value(key, value)
            if mapped not in ("", None):
                pcf[V2_PCF_FIELDS[key]] = mapped
        else:
            reason = _V2_DROPPED.get(key, Text("v3 无对应字段", "v3 has no property for it"))
            dropped.append(DroppedField(f"pcf.{key}", str(value), reason))
    for rule in pcf.get("productOrSectorSpecificRules", []):
        if isinstance(rule, dict) and rule.get("operator") not in {"PEF", "EPD International"}:
            rule["operator"] = "Other"
    if "ipccCharacterizationFactors" not in pcf and "characterizationFactors" in source.get(
        "pcf", {}
    ):
        pcf["ipccCharacterizationFactors"] = [source["pcf"]["characterizationFactors"]]
    if "productMassPerDeclaredUnit" not in pcf:
        if mass_per_declared_unit_kg is not None:
            pcf["productMassPerDeclaredUnit"] = decimal_text(mass_per_declared_unit_kg)
        elif pcf.get("declaredUnitOfMeasurement") == "kilogram":
            pcf["productMassPerDeclaredUnit"] = pcf.get("declaredUnitAmount", "1")
    out["pcf"] = pcf
    return out, dropped


# -- export of a computed footprint --------------------------------------------------------------


def _provinces() -> dict[str, dict[str, str]]:
    text = resources.files("cityclimate.footprints").joinpath("data", "cn_subdivisions.csv")
    with text.open(encoding="utf-8") as handle:
        return {row["gb2260_prefix"]: row for row in csv.DictReader(handle)}


def subdivision_of(territory_code: str) -> str | None:
    """The ISO 3166-2 code of the province of a GB/T 2260 territory code (``500112`` → CN-CQ).

    >>> subdivision_of("500000"), subdivision_of("990000")
    ('CN-CQ', None)
    """
    row = _provinces().get(territory_code[:2])
    return None if row is None else row["iso3166_2"]


def province_name(code: str) -> Text:
    """The province of a GB/T 2260 code by name (``500000`` → 重庆市); other codes as given.

    >>> province_name("500000"), province_name("CN")
    (Text(zh='重庆市', en='Chongqing'), Text(zh='全国', en='China'))
    """
    if code == "CN":
        return Text("全国", "China")
    row = _provinces().get(code[:2]) if code.isdigit() else None
    return Text(code, code) if row is None else Text(row["name_zh"], row["name_en"])


@dataclass(frozen=True)
class Declaration:
    """What a computed footprint says, for :func:`footprint_document` (kg CO2e per declared unit)."""

    id: str
    created: str
    company_name: str
    company_ids: tuple[str, ...]
    product_name: str
    product_description: str
    product_ids: tuple[str, ...]
    declared_unit: str
    mass_per_declared_unit_kg: float
    reference_period_start: str
    reference_period_end: str
    co2e_kg: float
    fossil_kg: float
    biogenic_kg: float
    boundary_description: str
    geography_subdivision: str | None = None
    gwp_set: str = "AR6"
    standards: tuple[str, ...] = ("ISO14067",)
    primary_data_share_percent: float | None = None
    dqr: Mapping[str, float] | None = None
    verifier: str = ""
    classifications: tuple[str, ...] = ()
    preceding_ids: tuple[str, ...] = ()
    comment: str = ""


def footprint_document(declaration: Declaration) -> dict[str, Any]:
    """The PACT v3 ProductFootprint of a computed footprint (validate it before sharing).

    Biogenic uptake is not modelled by the platform's systems, so the values including and
    excluding uptake are equal; fossil carbon content is not assessed and reported as 0, which
    the ``comment`` says.
    """
    d = declaration
    pcf: dict[str, Any] = {
        "declaredUnitOfMeasurement": d.declared_unit,
        "declaredUnitAmount": "1",
        "productMassPerDeclaredUnit": decimal_text(round(d.mass_per_declared_unit_kg, 6)),
        "referencePeriodStart": d.reference_period_start,
        "referencePeriodEnd": d.reference_period_end,
        "boundaryProcessesDescription": d.boundary_description,
        "pcfExcludingBiogenicUptake": decimal_text(round(d.co2e_kg, 6)),
        "pcfIncludingBiogenicUptake": decimal_text(round(d.co2e_kg, 6)),
        "fossilGhgEmissions": decimal_text(round(d.fossil_kg, 6)),
        "fossilCarbonContent": "0",
        "ipccCharacterizationFactors": [d.gwp_set],
        "crossSectoralStandards": list(d.standards),
        "exemptedEmissionsPercent": "0",
    }
    if d.geography_subdivision:
        pcf["geographyCountrySubdivision"] = d.geography_subdivision
    if d.biogenic_kg:
        pcf["biogenicNonCO2Emissions"] = decimal_text(round(d.biogenic_kg, 6))
    if d.primary_data_share_percent is not None:
        pcf["primaryDataShare"] = decimal_text(round(d.primary_data_share_percent, 2))
    if d.dqr and all(attr in d.dqr for _, attr in _DQI):
        pcf["dqi"] = {key: decimal_text(round(d.dqr[attr], 2)) for key, attr in _DQI}
    if d.verifier:
        pcf["verification"] = {"coverage": "product level", "providerName": d.verifier}
    document: dict[str, Any] = {
        "id": d.id,
        "specVersion": PACT_SPEC_VERSION,
        "created": d.created,
        "status": "Active",
        "companyName": d.company_name,
        "companyIds": list(d.company_ids),
        "productDescription": d.product_description,
        "productIds": list(d.product_ids),
        "productNameCompany": d.product_name,
        "comment": (d.comment + "\n" if d.comment else "")
        + "Fossil carbon content not assessed (reported as 0); biogenic uptake not modelled.",
        "pcf": pcf,
    }
    if d.classifications:
        document["productClassifications"] = list(d.classifications)
    if d.preceding_ids:
        document["precedingPfIds"] = list(d.preceding_ids)
    return document
