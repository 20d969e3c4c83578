"""Shipped reference data: GWPs, fuel parameters, emission factors, territories, categories.

Every table is a CSV file under ``refdata/data/`` in which every row names its ``source`` (and,
for values, a ``confidence``: H checked against the publisher's text, M consistent across
secondary sources, L seen once and to be confirmed). The loaders here read and validate them
(:func:`cityclimate.refdata.tables.read_csv_table`) and return Polars DataFrames; a bad row is
an error naming the file and line.

>>> from cityclimate import refdata
>>> refdata.gwp().filter(gas="CH4", gwp_set="AR5")["value"].item()
28.0
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import polars as pl

from cityclimate.refdata.tables import Column, TableSchema, read_csv_table

CONFIDENCE = frozenset({"H", "M", "L"})
GWP_SETS = frozenset({"SAR", "AR4", "AR5", "AR6"})
#: IPCC 2006 Vol.5 Ch.3 Table 3.3 climate zones (by mean annual temperature MAT and the ratio
#: of precipitation to potential evapotranspiration MAP/PET); they choose the FOD decay rates k.
CLIMATE_ZONES = frozenset(
    {"boreal_temperate_dry", "boreal_temperate_wet", "tropical_dry", "tropical_moist_wet"}
)
CALCULATORS = frozenset(
    {"combustion", "electricity", "heat", "process", "fgas", "wastewater", "fod", "sink"}
)

_SOURCE = Column("source")
_CONFIDENCE = Column("confidence", allowed=CONFIDENCE)

GWP = TableSchema(
    "gwp",
    (
        Column("gas"),
        Column("gwp_set", allowed=GWP_SETS),
        Column("value", "float"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("gas", "gwp_set"),
)
FUELS = TableSchema(
    "fuels",
    (
        Column("fuel"),
        Column("name_zh"),
        Column("name_en"),
        Column("fossil_group", allowed=frozenset({"coal", "oil", "gas", "electricity", "heat"})),
        Column("physical_unit", "unit"),
        _SOURCE,
    ),
    key=("fuel",),
)
FUEL_PARAMETERS = TableSchema(
    "fuel_parameters",
    (
        Column("factor_set"),
        Column("fuel"),
        Column("parameter", allowed=frozenset({"ncv", "carbon_content", "oxidation"})),
        Column("value", "float"),
        Column("unit", "unit", required=False),
        Column("valid_from", "int"),
        Column("valid_to", "int"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("factor_set", "fuel", "parameter", "valid_from"),
)
EMISSION_FACTORS = TableSchema(
    "emission_factors",
    (
        Column("factor_set"),
        Column("region"),
        Column("calculator", allowed=CALCULATORS),
        Column("material"),
        Column("sector"),
        Column("gas"),
        Column("value", "float"),
        Column("unit", "unit"),
        _SOURCE,
        _CONFIDENCE,
        Column("valid_from", "int"),
        Column("valid_to", "int"),
        #: A technology variant of the same factor (e.g. a vehicle-technology row of IPCC 2006
        #: Vol.2 Table 3.2.2); the method chooses one explicitly. Empty for most factors.
        Column("technology", required=False),
    ),
    key=(
        "factor_set",
        "region",
        "calculator",
        "material",
        "sector",
        "gas",
        "valid_from",
        "technology",
    ),
)
WASTE_PARAMETERS = TableSchema(
    "waste_parameters",
    (
        Column("factor_set"),
        Column("parameter"),
        Column("material"),
        Column("climate_zone", allowed=CLIMATE_ZONES | {"*"}),
        Column("value", "float"),
        Column("unit", "unit", required=False),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("factor_set", "parameter", "material", "climate_zone"),
)
FGAS_PARAMETERS = TableSchema(
    "fgas_parameters",
    (
        Column("factor_set"),
        Column("process"),
        Column("gas"),
        Column("one_minus_u", "float"),
        Column("b_cf4", "float"),
        Column("b_c2f6", "float"),
        Column("destruction_efficiency", "float"),
        Column("heel", "float"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("factor_set", "process", "gas"),
)
REMOVAL_FACTORS = TableSchema(
    "removal_factors",
    (
        Column("factor_set"),
        Column("material"),
        Column("value", "float"),
        Column("unit", "unit"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("factor_set", "material"),
)
ENERGY_CONVERSION = TableSchema(
    "energy_conversion",
    (
        Column("parameter"),
        Column("year", "int", required=False),
        Column("value", "float"),
        Column("unit", "unit"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("parameter", "year"),
)
TERRITORIES = TableSchema(
    "territories",
    (
        Column("code"),
        Column("name_zh"),
        Column("name_en"),
        Column("parent", required=False),
        Column("kind", allowed=frozenset({"country", "province", "city", "district", "sub_area"})),
        Column("province", required=False),
        Column("area_km2", "float", required=False),
        Column("climate_zone", required=False, allowed=CLIMATE_ZONES),
        Column("valid_from"),
        Column("valid_to", required=False),
        _SOURCE,
    ),
    key=("code",),
)
GRID_REGIONS = TableSchema(
    "grid_regions",
    (
        Column("edition"),
        Column("province"),
        Column("grid_region"),
        Column("valid_from", "int"),
        Column("valid_to", "int"),
        _SOURCE,
    ),
    key=("edition", "province"),
)
UNIT_ALIASES = TableSchema(
    "unit_aliases",
    (Column("alias"), Column("unit", "unit"), _SOURCE),
    key=("alias",),
)
SECTORS = TableSchema(
    "sectors",
    (Column("code"), Column("name_zh"), Column("name_en"), _SOURCE),
    key=("code",),
)
CATEGORIES = TableSchema(
    "categories",
    (
        Column("code"),
        Column("name_zh"),
        Column("name_en"),
        Column("calculator", allowed=CALCULATORS),
        Column("sector"),
        Column("use_sector", required=False),
        Column("scope", "int"),
        Column("gases"),
        #: Origin of the category's CH4 for origin-specific GWPs (AR6 WG1 Table 7.15).
        Column("ch4_origin", required=False, allowed=frozenset({"fossil", "non_fossil"})),
        Column("ipcc_code"),
        Column("ipcc_name"),
        Column("cn_code"),
        Column("cn_name"),
        Column("gpc_code"),
        Column("gpc_name"),
        Column("gpc_basic", "bool"),
        _SOURCE,
    ),
    key=("code",),
)


def read_shipped(file_name: str, schema: TableSchema) -> pl.DataFrame:
    """Read and validate one of the CSV files shipped under ``refdata/data/``."""
    text = resources.files("cityclimate.refdata").joinpath("data", file_name).read_text("utf-8")
    return read_csv_table(text, schema, f"refdata/data/{file_name}")


@cache
def gwp() -> pl.DataFrame:
    """100-year GWPs by gas and set (AR4, AR5, AR6); columns gas, gwp_set, value, source."""
    return read_shipped("gwp.csv", GWP)


@cache
def fuels() -> pl.DataFrame:
    """Fuels: code, names, fossil group (coal/oil/gas), the physical unit of the NCV."""
    return read_shipped("fuels.csv", FUELS)


@cache
def fuel_parameters() -> pl.DataFrame:
    """China's guideline fuel parameters (NCV, carbon content, oxidation) by edition."""
    return read_shipped("fuel_parameters.csv", FUEL_PARAMETERS)


@cache
def emission_factors() -> pl.DataFrame:
    """Direct factors: IPCC per-TJ defaults, grid and heat factors, process factors."""
    return read_shipped("emission_factors.csv", EMISSION_FACTORS)


@cache
def waste_parameters() -> pl.DataFrame:
    """Wastewater (Bo, MCF, N2O) and solid-waste FOD (DOC, k, DOCf, F, MCF, OX) parameters."""
    return read_shipped("waste_parameters.csv", WASTE_PARAMETERS)


@cache
def fgas_parameters() -> pl.DataFrame:
    """Tier 2a F-gas parameters for semiconductor and TFT-FPD manufacturing."""
    return read_shipped("fgas_parameters.csv", FGAS_PARAMETERS)


@cache
def removal_factors() -> pl.DataFrame:
    """Annual carbon removal per hectare and year (unit ``tC/ha/yr``) for forest land and for
    urban trees (per hectare of *crown cover*, IPCC 2006 Vol.4 Ch.8 Table 8.1)."""
    return read_shipped("removal_factors.csv", REMOVAL_FACTORS)


@cache
def energy_conversion() -> pl.DataFrame:
    """Energy conversion: kgce, calorific- and generation-equivalent electricity."""
    return read_shipped("energy_conversion.csv", ENERGY_CONVERSION)


@cache
def territories() -> pl.DataFrame:
    """Territories as versioned data: code, names, parent, kind, province, area, validity."""
    return read_shipped("territories.csv", TERRITORIES)


@cache
def grid_regions() -> pl.DataFrame:
    """Province membership of grid regions, per table edition and years."""
    return read_shipped("grid_regions.csv", GRID_REGIONS)


@cache
def categories() -> pl.DataFrame:
    """Inventory categories with their calculator and mappings to IPCC 2006, China, GPC."""
    return read_shipped("categories.csv", CATEGORIES)


@cache
def sectors() -> pl.DataFrame:
    """The sectors results are summed by (the plan's five carbon-peak sectors, waste, sinks)."""
    return read_shipped("sectors.csv", SECTORS)


@cache
def unit_aliases() -> pl.DataFrame:
    """Common spellings of units in activity data (``kwh``, ``万方``, ``标煤`` …) and the unit
    each one means; matched without regard to case or surrounding spaces."""
    return read_shipped("unit_aliases.csv", UNIT_ALIASES)


BOUNDARY_MAPPINGS = TableSchema(
    "boundary_mappings",
    (
        Column("from_territory"),
        Column("to_territory"),
        Column("from_code"),
        Column("to_code"),
        Column("share", "float"),
        _SOURCE,
    ),
    key=("from_code", "to_code"),
)


@cache
def boundary_mappings() -> pl.DataFrame:
    """Stated mappings of sub-areas between boundary versions (LJ-2016 → LJ-2026)."""
    return read_shipped("boundary_mappings.csv", BOUNDARY_MAPPINGS)
