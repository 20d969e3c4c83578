"""Landfill deposit records to CH4 rows: the FOD computation applied to an inventory's records.

Each territory's IPCC climate zone (its own, an ancestor's or the method's), deposits converted
to tonnes, and :func:`~cityclimate.inventory.landfill.landfill_emissions` rows shaped like every
other emission row (factor id, level, source and reason naming the deposit year and zone).
"""

from __future__ import annotations

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.landfill import landfill_emissions
from cityclimate.inventory.model import Method
from cityclimate.inventory.unit_conversion import unit_multipliers


def climate_zones(territories: pl.DataFrame, method: Method) -> dict[str, str | None]:
    """Each territory's IPCC climate zone (for the FOD decay rates).

    ``method.climate_zone`` when set; otherwise the territory's own ``climate_zone`` or, when it
    has none, the nearest ancestor's (a district inherits its province's zone).
    """
    codes = territories["code"].to_list()
    if method.climate_zone is not None:
        return dict.fromkeys(codes, method.climate_zone)
    parent = dict(territories.select("code", "parent").iter_rows())
    own: dict[str, str | None] = (
        dict(territories.select("code", "climate_zone").iter_rows())
        if "climate_zone" in territories.columns
        else {}
    )
    zones: dict[str, str | None] = {}
    for code in codes:
        node: str | None = code
        seen: set[str] = set()
        while node is not None and node not in seen and not own.get(node):
            seen.add(node)
            node = parent.get(node)
        zones[code] = own.get(node) if node is not None else None
    return zones


def landfill_records(
    deposits: pl.DataFrame,
    acts: pl.DataFrame,
    method: Method,
    territories: pl.DataFrame,
    where: str,
) -> pl.DataFrame:
    zones = climate_zones(territories, method)
    deposits = deposits.with_columns(
        climate_zone=pl.col("territory").replace_strict(zones, default=None, return_dtype=pl.String)
    )
    no_zone = deposits.filter(pl.col("climate_zone").is_null())
    if not no_zone.is_empty():
        raise DataValidationError(
            [
                Problem(
                    where,
                    r["_row"],
                    "territory",
                    r["territory"],
                    f"地区 {r['territory']} 没有气候区：填埋一阶衰减的衰减率 k 按 IPCC 2006 第5卷"
                    "表3.3 的气候区选取；请在地区数据中填写 climate_zone，或在方法中指定",
                    f"territory {r['territory']} has no climate zone: the FOD decay rates k are "
                    "chosen by the IPCC 2006 Vol.5 Table 3.3 climate zone; give the territory's "
                    "climate_zone in the territory data, or set it on the method",
                )
                for r in no_zone.head(200).iter_rows(named=True)
            ]
        )
    to_t = unit_multipliers(
        deposits.with_columns(activity_unit=pl.lit("t"), ncv_gj_per_unit=pl.lit(None, pl.Float64)),
        where,
        "unit",
        "activity_unit",
    )
    deposits = deposits.join(to_t.select("unit", "multiplier"), on="unit", how="left").with_columns(
        quantity_t=pl.col("quantity") * pl.col("multiplier")
    )
    years = acts.select("territory", "year").unique()
    rows = landfill_emissions(deposits, years, method.waste, method.landfill_site)
    return rows.with_columns(
        gas=pl.lit("CH4"),
        activity_value=pl.col("quantity_t"),
        activity_unit=pl.lit("t"),
        factor_id=pl.format(
            "{}:fod:{}:{}:{}",
            pl.lit(method.waste),
            pl.col("fuel"),
            pl.lit(method.landfill_site),
            pl.col("climate_zone"),
        ),
        factor_level=pl.lit("ipcc_default"),
        factor_source=pl.col("source"),
        ncv_gj_per_unit=pl.lit(None, pl.Float64),
        selection_reason=pl.format(
            "FOD: deposited {}, decaying in {}, climate zone {} ({})",
            pl.col("deposit_year"),
            pl.col("year"),
            pl.col("climate_zone"),
            pl.col("components"),
        ),
    )
