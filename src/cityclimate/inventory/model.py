"""Types of the inventory: the activity-record schema, the calculation method, result columns.

An *activity record* is one row of activity data: territory, optional sub-area, year, category,
fuel or material, quantity with its unit, where the number came from, its data-quality tier,
an optional enterprise and an optional factor measured for that record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

#: Activity columns and their Polars types. ``required`` columns must be present and non-empty.
ACTIVITY_COLUMNS: dict[str, type[pl.DataType]] = {
    "record_id": pl.String,
    "territory": pl.String,
    "sub_area": pl.String,
    "year": pl.Int32,
    "category": pl.String,
    "fuel": pl.String,
    "quantity": pl.Float64,
    "unit": pl.String,
    "data_source": pl.String,
    "quality_tier": pl.String,
    "enterprise_id": pl.String,
    "measured_factor": pl.Float64,
    "measured_factor_unit": pl.String,
    "abatement_fraction": pl.Float64,
}
REQUIRED_ACTIVITY_COLUMNS = ("territory", "year", "category", "fuel", "quantity", "unit")

#: Longest text (in characters) each text column of an activity record may hold. The platform's
#: tables use these as their VARCHAR lengths (``storage.models``), so a record that passes
#: validation always fits; PostgreSQL refuses longer text, SQLite would silently keep it.
ACTIVITY_TEXT_MAX_CHARS: dict[str, int] = {
    "record_id": 100,
    "territory": 32,
    "sub_area": 32,
    "category": 100,
    "fuel": 100,
    "unit": 50,
    "quality_tier": 50,
    "enterprise_id": 100,
    "measured_factor_unit": 50,
}
#: Years an activity record may have (inclusive): landfill deposit histories reach back decades
#: (IPCC 2006 Vol.5 Ch.3 suggests 50 years of deposits), plans look ahead to 2060 and beyond.
ACTIVITY_YEARS = (1900, 2100)

#: Chinese headers accepted for the same columns (as the Excel template writes them).
ACTIVITY_HEADERS_ZH = {
    "记录编号": "record_id",
    "地区": "territory",
    "板块": "sub_area",
    "年份": "year",
    "排放类别": "category",
    "燃料/物料": "fuel",
    "活动水平": "quantity",
    "单位": "unit",
    "数据来源": "data_source",
    "数据质量": "quality_tier",
    "企业": "enterprise_id",
    "实测排放因子": "measured_factor",
    "实测因子单位": "measured_factor_unit",
    "减排设备处理比例": "abatement_fraction",
}

#: Factor levels, most specific first: the rank is the position (0 = most specific).
FACTOR_LEVELS = ("measured", "local", "local", "provincial", "regional", "national", "ipcc_default")
LEVEL_NAMES_ZH = {
    "measured": "实测",
    "local": "本地",
    "provincial": "省级",
    "regional": "区域电网",
    "national": "国家",
    "ipcc_default": "IPCC缺省",
}

ElectricityBasis = Literal["calorific", "generation"]
GwpSet = Literal["SAR", "AR4", "AR5", "AR6"]


@dataclass(frozen=True)
class Method:
    """How an inventory is calculated: which factor sets and GWPs, chosen explicitly.

    Attributes
    ----------
    gwp_set:
        100-year GWP set for CO2e: ``"AR5"`` (default), ``"AR4"``, ``"AR6"``, or ``"SAR"`` (the
        values of China's 2011 provincial guideline and the Kyoto accounting; it has no NF3).
    combustion_co2:
        Source of fuel CO2 factors: a Chinese fuel-parameter edition (``"cn_gbt32151_2024"``,
        ``"cn_guideline_2013"``: CO2 = activity × NCV × CC × OF × 44/12) or ``"ipcc2006"``
        (activity × NCV × EF per TJ). Editions are never mixed.
    ncv_set:
        Edition of net calorific values used to turn physical fuel quantities into energy (for the
        IPCC per-TJ factors and for energy use in tce).
    non_co2:
        Factor set for CH4 and N2O from combustion (IPCC 2006 Tables 2.2–2.5, 3.2.2, 3.4.1, 3.5.3).
    electricity:
        Grid-factor sets in use; the most specific region present wins (Chongqing before
        national). E.g. ``("cn_grid_average",)`` or ``("cn_grid_ets",)``.
    heat, process, fgas, waste, sinks:
        Factor sets of the other calculators. ``waste="ipcc2019"`` applies the 2019 Refinement's
        changed parameters on top of IPCC 2006.
    nearest_year:
        When no factor is valid for a record's year, use the nearest year's factor instead of
        raising; the selection reason then says so. Off by default.
    landfill_site:
        Solid-waste disposal site type for the FOD model (MCF and OX, IPCC 2006 Vol.5 Ch.3
        Tables 3.1 and 3.2): ``managed_anaerobic`` (OX 0), ``managed_oxidising_cover`` (a
        managed site covered with CH4-oxidising material, OX 0.1), ``managed_semi_aerobic``,
        ``unmanaged_deep``, ``unmanaged_shallow``.
    climate_zone:
        IPCC climate zone of the disposal sites for the FOD decay rates (Vol.5 Ch.3 Table 3.3):
        ``boreal_temperate_dry``, ``boreal_temperate_wet``, ``tropical_dry``,
        ``tropical_moist_wet``. ``None`` (default): each territory's own ``climate_zone`` from
        the territory data (inherited from its parent when it has none).
    ch4_gwp_by_origin:
        Weight CH4 by its origin (AR6 WG1 Table 7.15): fossil CH4 (fuel combustion, fugitive)
        with the fossil GWP (29.8) and non-fossil CH4 (waste, biogenic) with the non-fossil one
        (27.0), instead of the single value (27.9). Only GWP sets that publish the split allow it.
    road_gasoline:
        IPCC 2006 Vol.2 Ch.3 Table 3.2.2 vehicle-technology row for CH4 and N2O of road
        gasoline: ``uncontrolled``, ``oxidation_catalyst`` or ``low_mileage_ldv_1995`` (the
        default: three-way catalyst vehicles, as required in China since the China I standard).
    electricity_basis:
        Electricity in tce: ``"calorific"`` (当量值, 0.1229 kgce/kWh, GB/T 2589) or
        ``"generation"`` (等价值, the year's published coal use per kWh supplied).
    """

    gwp_set: GwpSet = "AR5"
    combustion_co2: str = "cn_gbt32151_2024"
    ncv_set: str = "cn_gbt32151_2024"
    non_co2: str = "ipcc2006"
    electricity: tuple[str, ...] = ("cn_grid_average",)
    heat: str = "cn_ets_heat"
    process: str = "ipcc2006"
    fgas: str = "ipcc2006"
    waste: str = "ipcc2006"
    sinks: str = "ipcc2006"
    nearest_year: bool = False
    landfill_site: str = "managed_anaerobic"
    climate_zone: str | None = None
    ch4_gwp_by_origin: bool = False
    road_gasoline: str = "low_mileage_ldv_1995"
    electricity_basis: ElectricityBasis = "calorific"
    #: Free-text note kept with results (e.g. why nearest_year is on).
    note: str = field(default="")


#: Columns of the record-level emissions table, in order.
EMISSION_COLUMNS = (
    "record_id",
    "territory",
    "sub_area",
    "year",
    "category",
    "sector",
    "scope",
    "fuel",
    "gas",
    "activity_value",
    "activity_unit",
    "factor_value",
    "factor_id",
    "factor_level",
    "factor_source",
    "selection_reason",
    "gwp",
    "emission_t",
    "co2e_t",
    "energy_tce",
    "quality_tier",
    "enterprise_id",
)
