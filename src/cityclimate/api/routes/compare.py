"""Regional coordination (R7): territories side by side from their stored data."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from cityclimate.api.deps import ALL_ROLES, DB, allow
from cityclimate.services import compare as comparison
from cityclimate.services.actors import Actor

router = APIRouter(tags=["compare"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]


class TerritoryColumn(BaseModel):
    """One territory's figures in the year; ``null`` where not reported."""

    territory: str
    name_zh: str
    name_en: str
    year: int | None
    published_years: list[int]
    version_id: int | None
    illustrative: bool
    gross_co2e_t: float | None
    net_co2e_t: float | None
    intensity_t_per_10k_yuan: float | None = Field(
        description="gross t CO2e per 万元 GDP (constant prices of the stored price base year)"
    )
    per_capita_t: float | None
    gdp_10k_yuan: float | None
    population: float | None
    sector_mix: list[dict[str, Any]] = Field(description="sector, co2e_t, share of gross sources")
    indicator_progress: list[dict[str, Any]] = Field(
        description="the plan's intensity indicators: reduction_pct since base_year vs target_pct"
    )
    methods: dict[str, Any] | None = Field(
        description="gwp_set, factor_set, fuel_parameters, electricity, electricity_basis, "
        "framework of the published inventory"
    )


class Comparison(BaseModel):
    year: int | None
    years: list[int] = Field(description="years any of the territories published")
    territories: list[TerritoryColumn]
    method_warnings: list[dict[str, Any]] = Field(
        description="one per method that differs between the territories"
    )
    illustrative: bool


@router.get("/compare", response_model=Comparison)
def compare(
    db: DB,
    _: Reader,
    territories: Annotated[
        str, Query(min_length=1, max_length=400, description="codes separated by commas")
    ],
    year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
) -> Comparison:
    """地区横向比较：总量、人均、强度、部门结构、指标进展与所用方法 · Territories side by side:
    totals, per capita, intensity, sector mix, indicator progress and the methods used."""
    codes = comparison.parse_codes(territories)
    with db.read() as session:
        return Comparison(**comparison.compare(session, codes, year))
