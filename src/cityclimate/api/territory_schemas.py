"""Request and response bodies of territories, socio-economic inputs, boundary mappings and
factor sets (issue 12)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool

CODE = r"^[A-Za-z0-9\-_.]+$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubAreaIn(Strict):
    code: str = Field(min_length=1, max_length=32, pattern=CODE)
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)


class GridMembershipIn(Strict):
    edition: str = Field(min_length=1, max_length=50)
    grid_region: str = Field(min_length=1, max_length=32)
    valid_from: int = Field(ge=1990, le=2100)
    valid_to: int = Field(ge=1990, le=2100)
    source: str = Field(default="", max_length=2000)


class TerritoryFields(Strict):
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    kind: str = Field(
        default="district",
        max_length=32,
        description="country, province, city, district or sub_area",
    )
    parent_code: str | None = Field(default=None, max_length=32)
    province: str | None = Field(default=None, max_length=32)
    area_km2: float | None = Field(default=None, gt=0, lt=20_000_000)
    valid_from: date | None = None
    valid_to: date | None = None
    climate_zone: str | None = Field(
        default=None,
        max_length=32,
        description="IPCC 2006 Vol.5 Ch.3 zone; default: the province's (climate_zones.csv)",
    )
    source: str = Field(default="", max_length=2000)
    sub_areas: list[SubAreaIn] | None = Field(default=None, max_length=200)
    grid_regions: list[GridMembershipIn] | None = Field(default=None, max_length=50)


class TerritoryCreate(TerritoryFields):
    code: str = Field(min_length=1, max_length=32, pattern=CODE)
    #: The former name of ``kind`` (accepted for older clients).
    level: str | None = Field(default=None, max_length=32)


class SubAreaOut(BaseModel):
    code: str
    name_zh: str
    name_en: str


class GridMembershipOut(BaseModel):
    edition: str
    grid_region: str
    valid_from: int
    valid_to: int
    source: str


class TerritoryOut(BaseModel):
    code: str
    name_zh: str
    name_en: str
    parent_code: str | None
    level: str
    kind: str
    province: str | None
    area_km2: float | None
    valid_from: str | None
    valid_to: str | None
    climate_zone: str | None
    climate_zone_source: str
    source: str
    illustrative: bool


class TerritoryDetail(TerritoryOut):
    sub_areas: list[SubAreaOut]
    grid_regions: list[GridMembershipOut]


class SocioeconomicIn(Strict):
    gdp_10k_yuan: float | None = Field(default=None, description="万元, constant prices")
    gdp_price_base_year: int | None = Field(default=None, ge=1952, le=2100)
    value_added_primary_10k_yuan: float | None = None
    value_added_secondary_10k_yuan: float | None = None
    value_added_tertiary_10k_yuan: float | None = None
    industrial_value_added_10k_yuan: float | None = None
    population: float | None = Field(default=None, description="resident population, persons")
    floor_area_10k_m2: float | None = Field(default=None, description="building floor area, 万m²")
    vehicles: float | None = Field(default=None, description="motor vehicles, count")
    source: str = Field(default="", max_length=2000)
    illustrative: StrictBool = False


class SocioeconomicOut(BaseModel):
    territory_code: str
    year: int
    gdp_10k_yuan: float | None
    gdp_price_base_year: int | None
    value_added_primary_10k_yuan: float | None
    value_added_secondary_10k_yuan: float | None
    value_added_tertiary_10k_yuan: float | None
    industrial_value_added_10k_yuan: float | None
    population: float | None
    floor_area_10k_m2: float | None
    vehicles: float | None
    source: str
    illustrative: bool


class MappingLine(Strict):
    from_code: str = Field(min_length=1, max_length=32)
    to_code: str = Field(min_length=1, max_length=32)
    share: float = Field(gt=0, le=1)
    source: str = Field(default="", max_length=2000)


class MappingIn(Strict):
    lines: list[MappingLine] = Field(min_length=1, max_length=500)


class MappingOut(BaseModel):
    from_territory: str
    to_territory: str
    lines: list[MappingLine]


class BoundarySeries(BaseModel):
    from_territory: str
    to_territory: str
    mapping: list[MappingLine]
    old_by_part: list[dict[str, Any]]
    old_totals: list[dict[str, Any]]
    restated: list[dict[str, Any]]
    unmapped_parts: list[str]
    new_published: list[dict[str, Any]]
    equation: str


class LocalFactorIn(Strict):
    region: str = Field(
        min_length=1, max_length=32, description="sub-area, territory, province or grid region"
    )
    calculator: str = Field(max_length=20, description="electricity, heat or process")
    material: str = Field(min_length=1, max_length=100)
    sector: str = Field(default="*", max_length=50)
    gas: str = Field(max_length=20)
    value: float
    unit: str = Field(max_length=50, description="mass per activity unit, e.g. kg/kWh")
    valid_from: int = Field(ge=1900, le=2200)
    valid_to: int = Field(ge=1900, le=2200)
    source: str = Field(default="", max_length=2000)
    confidence: str = Field(default="M", pattern="^[HML]$")


class FactorSetIn(Strict):
    name: str = Field(min_length=1, max_length=100)
    method: dict[str, Any] = Field(
        default_factory=dict,
        description="fields of cityclimate.inventory.Method; unset ones take the platform defaults",
    )
    note: str = Field(default="", max_length=2000)
    local_factors: list[LocalFactorIn] = Field(default_factory=list, max_length=5000)


class FactorSetDetail(BaseModel):
    id: int
    name: str
    method: dict[str, Any]
    note: str
    local_factors: list[LocalFactorIn]
