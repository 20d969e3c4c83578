"""Electricity attributes of a park: green power contracts, certificates, on-site generation.

Purchased electricity is counted by a stated method (GHG Protocol Scope 2 Guidance, 2015):
location-based, every grid MWh at the grid factor; market-based, the MWh covered by a green
power contract (绿电交易) or a green electricity certificate (绿证) at zero. The rows this
module adds to a park inventory:

``onsite``
    on-site generation consumed inside the boundary (in no member's purchased-electricity
    ledger): energy use at the electricity coefficient, no emissions;
``sold_attributes``
    market-based: on-site MWh whose certificates were sold, at the holder's grid factor;
``green_power``
    market-based: minus the MWh of a contract or certificate times the holder's grid factor
    (t CO2 per MWh of its own purchased-electricity rows), and a ``green_power_energy`` row
    that carries the MWh to the clean-energy share.

Never twice: an id appears once in the whole table (all holders and years); a holder's claims
in a year cannot exceed the grid electricity it used.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.findings import Finding, Severity
from cityclimate.inventory import EMISSION_COLUMNS, Method
from cityclimate.parks.model import ElectricityMethod, Park
from cityclimate.text import Text
from cityclimate.units import conversion_factor

__all__ = [
    "ATTRIBUTE_COLUMNS",
    "INSTRUMENTS",
    "PARK_COLUMNS",
    "PARK_HOLDER",
    "ROW_SCHEMA",
    "attribute_rows",
    "check_attributes",
]

#: Kinds of electricity attribute records.
INSTRUMENTS = ("green_power_contract", "certificate", "onsite_generation")
#: Columns of the electricity-attribute table (green power, certificates, on-site generation).
ATTRIBUTE_COLUMNS: dict[str, type[pl.DataType]] = {
    "attribute_id": pl.String,
    "holder": pl.String,
    "year": pl.Int64,
    "instrument": pl.String,
    "mwh": pl.Float64,
    "certificates_sold_mwh": pl.Float64,
    "source": pl.String,
}
#: Columns of a park inventory's rows: the engine's columns plus the lineage to the park.
PARK_COLUMNS = (*EMISSION_COLUMNS, "origin", "holder", "source_ref")
#: Types of a park inventory's rows (with the clean energy each on-site or green row carries).
ROW_SCHEMA: dict[str, type[pl.DataType]] = (
    {c: pl.String for c in PARK_COLUMNS}
    | {
        c: pl.Float64
        for c in (
            "activity_value",
            "factor_value",
            "gwp",
            "emission_t",
            "co2e_t",
            "energy_tce",
            "clean_energy_tce",
        )
    }
    | {"year": pl.Int64}
)
#: The holder of the park's own attributes.
PARK_HOLDER = "park"
_WHERE = "electricity attributes"


def _kwh_coefficient_kgce(method: Method, year: int) -> float:
    conv = refdata.energy_conversion()
    if method.electricity_basis == "calorific":
        return float(conv.filter(parameter="electricity_calorific")["value"].item())
    match = conv.filter(
        (pl.col("parameter") == "electricity_generation") & (pl.col("year") == year)
    )
    if match.is_empty():
        raise DataValidationError(
            [
                Problem(
                    "refdata/data/energy_conversion.csv",
                    None,
                    "year",
                    str(year),
                    message=Text(
                        f"缺少 {year} 年的发电煤耗（等价值）：请改用当量值或补充系数",
                        f"no generation-equivalent coefficient for {year}: use the calorific "
                        "basis or add the coefficient",
                    ),
                )
            ]
        )
    return float(match["value"].item())


def _grid_factors(rows: pl.DataFrame) -> dict[str, float]:
    """t CO2 per MWh of purchased electricity, by holder (from the engine's own rows)."""
    electricity = rows.filter((pl.col("fuel") == "electricity") & (pl.col("gas") == "CO2"))
    factors: dict[str, float] = {}
    mwh: dict[str, float] = {}
    co2: dict[str, float] = {}
    for holder, unit, activity, emission in electricity.select(
        "holder", "activity_unit", "activity_value", "emission_t"
    ).iter_rows():
        mwh[holder] = mwh.get(holder, 0.0) + activity * conversion_factor(unit, "MWh")
        co2[holder] = co2.get(holder, 0.0) + emission
    for holder, total in mwh.items():
        if total > 0:
            factors[holder] = co2[holder] / total
    return factors


def check_attributes(attributes: pl.DataFrame, holders: Iterable[str]) -> list[Problem]:
    """What is wrong with an electricity-attribute table (all years), every problem listed.

    A certificate or contract id used twice (by two holders, or in two years), an unknown
    instrument or holder, negative MWh, or sold certificates beyond the generation.
    """
    problems: list[Problem] = []
    known = {PARK_HOLDER, *holders}
    seen: dict[str, int] = {}
    for i, row in enumerate(attributes.iter_rows(named=True), start=1):

        def bad(field_name: str, value: object, zh: str, en: str, row_no: int = i) -> None:
            problems.append(Problem(_WHERE, row_no, field_name, str(value), message=Text(zh, en)))

        ident = str(row["attribute_id"] or "")
        if ident in seen:
            bad(
                "attribute_id",
                ident,
                f"编号 {ident} 已在第 {seen[ident]} 行使用：同一份绿电合同或绿证只能计一次",
                f"id {ident} is already used on row {seen[ident]}: a green power contract "
                "or certificate counts once only",
            )
        else:
            seen[ident] = i
        if row["instrument"] not in INSTRUMENTS:
            bad(
                "instrument",
                row["instrument"],
                f"类型未知：应为 {', '.join(INSTRUMENTS)} 之一",
                f"unknown instrument: use one of {', '.join(INSTRUMENTS)}",
            )
        if row["holder"] not in known:
            bad(
                "holder",
                row["holder"],
                "持有者不是园区（park）或园区成员企业：请填写成员企业编号",
                "the holder is neither the park ('park') nor a member: give a member's id",
            )
        mwh = row["mwh"]
        if mwh is None or mwh < 0:
            bad("mwh", mwh, "电量应为非负数（MWh）", "the MWh must be zero or more")
        sold = row["certificates_sold_mwh"] or 0.0
        if sold < 0 or (mwh is not None and mwh >= 0 and sold > mwh):
            bad(
                "certificates_sold_mwh",
                sold,
                "已售绿证电量应在 0 与发电量之间",
                "certificates sold must be between 0 and the generation",
            )
        if sold and row["instrument"] != "onsite_generation":
            bad(
                "certificates_sold_mwh",
                sold,
                "只有自发自用电量可填写已售绿证",
                "only on-site generation can have certificates sold",
            )
    return problems


def attribute_rows(
    park: Park,
    year: int,
    rows: pl.DataFrame,
    attributes: pl.DataFrame,
    choice: ElectricityMethod,
    method: Method,
) -> tuple[pl.DataFrame, list[Finding]]:
    tce_per_mwh = _kwh_coefficient_kgce(method, year)  # kgce/kWh = tce/MWh
    factors = _grid_factors(rows)
    fallback = _grid_factors(rows.with_columns(holder=pl.lit(PARK_HOLDER))).get(PARK_HOLDER)
    grid_mwh = _grid_mwh(rows)
    claimed: dict[str, float] = {}
    out: list[dict[str, object]] = []
    findings: list[Finding] = []
    for row in attributes.sort("attribute_id").iter_rows(named=True):
        holder, mwh, ident = str(row["holder"]), float(row["mwh"]), str(row["attribute_id"])
        base = {
            "record_id": f"attribute:{ident}",
            "territory": park.territory,
            "year": year,
            "fuel": "electricity",
            "gas": "CO2",
            "activity_value": mwh,
            "activity_unit": "MWh",
            "gwp": 1.0,
            "holder": holder,
            "source_ref": ident,
            "quality_tier": "measured",
        }
        if row["instrument"] == "onsite_generation":
            sold = float(row["certificates_sold_mwh"] or 0.0)
            out.append(
                {
                    **base,
                    "origin": "onsite",
                    "category": "onsite_generation",
                    "factor_value": 0.0,
                    "factor_id": "onsite_renewable",
                    "emission_t": 0.0,
                    "co2e_t": 0.0,
                    "energy_tce": mwh * tce_per_mwh,
                    "clean_energy_tce": (
                        mwh - (sold if choice == ElectricityMethod.MARKET else 0.0)
                    )
                    * tce_per_mwh,
                }
            )
            if sold and choice == ElectricityMethod.MARKET:
                factor = factors.get(holder, fallback)
                if factor is None:
                    findings.append(_no_grid_factor(ident, year))
                    continue
                out.append(
                    {
                        **base,
                        "record_id": f"attribute:{ident}:sold",
                        "activity_value": sold,
                        "origin": "sold_attributes",
                        "category": "onsite_generation",
                        "factor_value": factor,
                        "factor_id": f"grid_average:{holder}",
                        "emission_t": sold * factor,
                        "co2e_t": sold * factor,
                    }
                )
            continue
        if choice == ElectricityMethod.LOCATION:
            continue  # contracts and certificates do not change a location-based figure
        available = grid_mwh.get(holder, 0.0) - claimed.get(holder, 0.0)
        if mwh > available + 1e-9:
            raise DataValidationError(
                [
                    Problem(
                        _WHERE,
                        None,
                        "mwh",
                        f"{ident}: {mwh:g} MWh",
                        message=Text(
                            f"{holder} {year} 年的绿电/绿证 {ident} 共 {mwh:g} MWh，超过其尚未"
                            f"抵扣的外购电量 {available:g} MWh：绿电只能抵扣自身用电，请核对电量或持有者",
                            f"green power/certificate {ident} of {holder} for {year} is "
                            f"{mwh:g} MWh, more than the {available:g} MWh of its purchased "
                            "electricity not yet covered: check the MWh or the holder",
                        ),
                    )
                ]
            )
        claimed[holder] = claimed.get(holder, 0.0) + mwh
        factor = factors[holder]
        out.append(
            {
                **base,
                "origin": "green_power",
                "category": "market_based_adjustment",
                "factor_value": -factor,
                "factor_id": f"market_based:{row['instrument']}",
                "emission_t": -mwh * factor,
                "co2e_t": -mwh * factor,
            }
        )
        out.append(
            {
                **base,
                "record_id": f"attribute:{ident}:energy",
                "origin": "green_power_energy",
                "category": "market_based_adjustment",
                "factor_value": 0.0,
                "factor_id": "clean_energy_share",
                "emission_t": 0.0,
                "co2e_t": 0.0,
                "clean_energy_tce": mwh * tce_per_mwh,
            }
        )
    frame = pl.DataFrame(
        [{k: r.get(k) for k in ROW_SCHEMA} for r in out], schema=ROW_SCHEMA, orient="row"
    )
    return frame, findings


def _grid_mwh(rows: pl.DataFrame) -> dict[str, float]:
    electricity = rows.filter((pl.col("fuel") == "electricity") & (pl.col("gas") == "CO2"))
    total: dict[str, float] = {}
    for holder, unit, activity in electricity.select(
        "holder", "activity_unit", "activity_value"
    ).iter_rows():
        total[holder] = total.get(holder, 0.0) + activity * conversion_factor(unit, "MWh")
    return total


def _no_grid_factor(ident: str, year: int) -> Finding:
    return Finding(
        Severity.ERROR,
        "park_no_grid_factor",
        f"{ident} {year}",
        Text(
            f"{year} 年园区和成员都没有外购电力，无法确定已售绿证电量（{ident}）的电网排放因子，"
            "该年清单不完整",
            f"in {year} neither the park nor a member bought grid electricity, so the "
            f"certificates sold ({ident}) have no grid factor: the inventory is incomplete",
        ),
        Text(
            "请补充该年的外购电量数据或成员报告",
            "add the year's purchased electricity or the members' reports",
        ),
    )
