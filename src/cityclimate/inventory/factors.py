"""Emission factors: compile the shipped parameters into factors per unit of activity, and
select, for every activity, the most specific factor that applies.

Compilation
-----------
Every calculator's parameters become *composite factors*: tonnes of a gas per unit of activity,
each naming the parameter values and sources it came from (its lineage):

- combustion, Chinese method: CO2 = activity × NCV × CC × OF × 44/12 (GB/T 32151, Annex C);
- combustion, IPCC method: gas = activity × NCV × EF[kg/TJ] (IPCC 2006 Vol.2 Ch.2 Eq.2.1);
- purchased electricity and heat: activity × the year's grid or heat factor;
- industrial process: activity × EF (e.g. IPCC 2006 Vol.3 Ch.2 Eq.2.4 for clinker);
- F-gases (IPCC 2006 Vol.3 Ch.6 Tier 2a, Eq.6.2 and 6.3): gas i emitted per mass used
  = (1 − h)(1 − U_i)(1 − a·d_i), and by-product CF4 = (1 − h)·B_CF4,i·(1 − a·d_CF4); the
  abatement share ``a`` is on the activity record, the destruction efficiency ``d`` here;
- wastewater (IPCC 2006 Vol.5 Ch.6 Eq.6.1–6.2): CH4 per t COD = Bo × MCF; N2O per t N in
  effluent = EF × 44/28 (Eq.6.7);
- sinks: removal per hectare per year = −(t C/ha) × 44/12, as negative CO2.

Selection
---------
:func:`region_chain` and :func:`select_factors` live in
:mod:`~cityclimate.inventory.factor_selection` (re-exported here): most specific first, from a
factor measured for the record down to the IPCC default.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from cityclimate import refdata
from cityclimate.errors import Problem, ReferenceDataError
from cityclimate.inventory.factor_selection import _ANY_YEAR, region_chain, select_factors
from cityclimate.inventory.model import Method
from cityclimate.units import conversion_factor, parse_unit

__all__ = [
    "COMPOSITE_SCHEMA",
    "compile_factors",
    "region_chain",
    "select_factors",
]

#: Molecular-weight ratios: CO2/C and N2O/N2O-N.
CO2_PER_C = 44.0 / 12.0
N2O_PER_N = 44.0 / 28.0

COMPOSITE_SCHEMA: dict[str, type[pl.DataType]] = {
    "factor_id": pl.String,
    "factor_set": pl.String,
    "calculator": pl.String,
    "material": pl.String,
    "sector": pl.String,
    "gas": pl.String,
    "region": pl.String,
    "valid_from": pl.Int32,
    "valid_to": pl.Int32,
    "value": pl.Float64,
    "activity_unit": pl.String,
    "ncv_gj_per_unit": pl.Float64,
    "abatement_dre": pl.Float64,
    "source": pl.String,
    "confidence": pl.String,
    "components": pl.String,
}


def _row(
    factor_set: str,
    calculator: str,
    material: str,
    gas: str,
    value: float,
    activity_unit: str,
    source: str,
    confidence: str,
    components: str,
    *,
    sector: str = "*",
    region: str = "*",
    years: tuple[int, int] = _ANY_YEAR,
    ncv: float | None = None,
    dre: float | None = None,
) -> dict[str, Any]:
    factor_id = ":".join(
        part for part in (factor_set, region, calculator, material, sector, gas) if part != "*"
    )
    if years != _ANY_YEAR:
        factor_id += f":{years[0]}" if years[0] == years[1] else f":{years[0]}-{years[1]}"
    return {
        "factor_id": factor_id,
        "factor_set": factor_set,
        "calculator": calculator,
        "material": material,
        "sector": sector,
        "gas": gas,
        "region": region,
        "valid_from": years[0],
        "valid_to": years[1],
        "value": value,
        "activity_unit": activity_unit,
        "ncv_gj_per_unit": ncv,
        "abatement_dre": dre,
        "source": source,
        "confidence": confidence,
        "components": components,
    }


def _weakest(*confidences: str) -> str:
    return max(confidences, key="HML".index)


def _ncv_table(ncv_set: str) -> dict[str, tuple[float, str, str, str]]:
    """NCV in GJ per physical unit, by fuel: (value, physical unit, source, confidence)."""
    params = refdata.fuel_parameters().filter(factor_set=ncv_set, parameter="ncv")
    if params.is_empty():
        raise ReferenceDataError(
            [
                Problem(
                    "refdata/data/fuel_parameters.csv",
                    None,
                    "factor_set",
                    ncv_set,
                    "没有该版本的低位发热量",
                    "no net calorific values for this edition",
                )
            ]
        )
    units = dict(refdata.fuels().select("fuel", "physical_unit").iter_rows())
    table = {}
    for row in params.iter_rows(named=True):
        physical = units[row["fuel"]]
        gj_per_unit = float(
            (parse_unit(row["unit"]) * parse_unit(physical)).to("GJ").magnitude * row["value"]
        )
        table[row["fuel"]] = (gj_per_unit, physical, row["source"], row["confidence"])
    return table


def _check_edition(method: Method) -> None:
    """A Chinese fuel-parameter edition is used whole: its carbon contents with its own NCVs.

    Raises :class:`ReferenceDataError` when the method pairs one edition's carbon contents with
    another edition's calorific values, or when the edition ships no NCVs of its own (it is
    incomplete and cannot be used for CO2).
    """
    editions = set(refdata.fuel_parameters()["factor_set"])
    chosen = method.combustion_co2
    if chosen not in editions:
        return
    where = "refdata/data/fuel_parameters.csv"
    if method.ncv_set != chosen:
        raise ReferenceDataError(
            [
                Problem(
                    where,
                    None,
                    "factor_set",
                    f"{chosen} + {method.ncv_set}",
                    f"不能混用燃料参数版本：含碳量取自 {chosen}，低位发热量取自 {method.ncv_set}；"
                    "请让两者使用同一版本",
                    f"fuel-parameter editions must not be mixed: carbon contents from {chosen}, "
                    f"calorific values from {method.ncv_set}; use one edition for both",
                )
            ]
        )
    own = refdata.fuel_parameters().filter(factor_set=chosen, parameter="ncv")
    if own.is_empty():
        raise ReferenceDataError(
            [
                Problem(
                    where,
                    None,
                    "factor_set",
                    chosen,
                    f"燃料参数版本 {chosen} 不完整：缺少该版本自身的低位发热量，不能用于计算 CO2；"
                    "请选择完整的版本（如 cn_gbt32151_2024），或先按该版本原文补齐低位发热量",
                    f"fuel-parameter edition {chosen} is incomplete: it has no net calorific values "
                    "of its own and cannot be used for CO2; choose a complete edition (e.g. "
                    "cn_gbt32151_2024) or first add its calorific values from its own text",
                )
            ]
        )


def _technology_rows(method: Method) -> pl.DataFrame:
    """The direct factors, keeping of each technology-variant group only the chosen row.

    Road gasoline CH4 and N2O (IPCC 2006 Vol.2 Ch.3 Table 3.2.2) come in vehicle-technology
    rows; ``method.road_gasoline`` names the one used (an unknown name is an error).
    """
    table = refdata.emission_factors()
    variants = set(table["technology"].drop_nulls().to_list())
    if method.road_gasoline not in variants:
        choices = ", ".join(sorted(variants))
        raise ReferenceDataError(
            [
                Problem(
                    "refdata/data/emission_factors.csv",
                    None,
                    "technology",
                    method.road_gasoline,
                    f"未知的道路汽油车技术类别：请使用 {choices}",
                    f"unknown road-gasoline vehicle technology: use one of {choices}",
                )
            ]
        )
    return table.filter(
        pl.col("technology").is_null() | (pl.col("technology") == method.road_gasoline)
    )


def _combustion(method: Method) -> list[dict[str, Any]]:
    _check_edition(method)
    ncv = _ncv_table(method.ncv_set)
    rows: list[dict[str, Any]] = []
    if method.combustion_co2 in set(refdata.fuel_parameters()["factor_set"]):
        params = refdata.fuel_parameters().filter(factor_set=method.combustion_co2)
        by_fuel: dict[str, dict[str, dict[str, Any]]] = {}
        for row in params.iter_rows(named=True):
            by_fuel.setdefault(row["fuel"], {})[row["parameter"]] = row
        units = dict(refdata.fuels().select("fuel", "physical_unit").iter_rows())
        for fuel, p in sorted(by_fuel.items()):
            if set(p) != {"ncv", "carbon_content", "oxidation"}:
                continue
            physical = units[fuel]
            ncv_q, cc_q = p["ncv"], p["carbon_content"]
            carbon_t = (
                (
                    parse_unit(str(ncv_q["unit"]))
                    * parse_unit(str(cc_q["unit"]))
                    * parse_unit(physical)
                )
                .to("tC")
                .magnitude
                * float(ncv_q["value"])
                * float(cc_q["value"])
            )
            value = float(carbon_t) * float(p["oxidation"]["value"]) * CO2_PER_C
            rows.append(
                _row(
                    method.combustion_co2,
                    "combustion",
                    fuel,
                    "CO2",
                    value,
                    physical,
                    str(ncv_q["source"]),
                    _weakest(*(str(x["confidence"]) for x in p.values())),
                    f"NCV {ncv_q['value']} {ncv_q['unit']} × CC {cc_q['value']} {cc_q['unit']}"
                    f" × OF {p['oxidation']['value']} × 44/12",
                    ncv=ncv.get(fuel, (None,))[0],
                    region="CN",
                    years=(int(ncv_q["valid_from"]), int(ncv_q["valid_to"])),
                )
            )
    direct = _technology_rows(method).filter(
        pl.col("calculator") == "combustion",
        # CO2 comes from the chosen CO2 source only; CH4 and N2O from the non-CO2 set.
        ((pl.col("gas") == "CO2") & (pl.col("factor_set") == method.combustion_co2))
        | ((pl.col("gas") != "CO2") & (pl.col("factor_set") == method.non_co2)),
    )
    for row in direct.iter_rows(named=True):
        if row["material"] not in ncv:
            continue
        gj, physical, ncv_source, ncv_conf = ncv[row["material"]]
        per_gj_t = (
            row["value"]
            * conversion_factor(row["unit"].split("/")[0], "t")
            * conversion_factor("GJ", row["unit"].split("/", 1)[1])
        )
        rows.append(
            _row(
                row["factor_set"],
                "combustion",
                row["material"],
                row["gas"],
                per_gj_t * gj,
                physical,
                f"{row['source']}; NCV: {ncv_source}",
                _weakest(row["confidence"], ncv_conf),
                f"NCV {gj:g} GJ/{physical} × EF {row['value']:g} {row['unit']}",
                sector=row["sector"],
                region=row["region"],
                years=(row["valid_from"], row["valid_to"]),
                ncv=gj,
            )
        )
    return rows


def _direct(calculator: str, factor_sets: Iterable[str]) -> list[dict[str, Any]]:
    """Factors given directly per unit of activity (grid, heat, process)."""
    rows: list[dict[str, Any]] = []
    table = refdata.emission_factors().filter(
        pl.col("calculator") == calculator, pl.col("factor_set").is_in(list(factor_sets))
    )
    for row in table.iter_rows(named=True):
        numerator, denominator = row["unit"].split("/", 1)
        rows.append(
            _row(
                row["factor_set"],
                calculator,
                row["material"],
                row["gas"],
                row["value"] * conversion_factor(numerator, "t"),
                denominator,
                row["source"],
                row["confidence"],
                f"EF {row['value']:g} {row['unit']}",
                sector=row["sector"],
                region=row["region"],
                years=(row["valid_from"], row["valid_to"]),
            )
        )
    return rows


def _fgas(factor_set: str) -> list[dict[str, Any]]:
    table = refdata.fgas_parameters().filter(factor_set=factor_set)
    dre_of = {
        (r["process"], r["gas"]): r["destruction_efficiency"] for r in table.iter_rows(named=True)
    }
    rows: list[dict[str, Any]] = []
    for r in table.iter_rows(named=True):
        kept = 1.0 - r["heel"]
        outputs = [
            (r["gas"], r["one_minus_u"], r["destruction_efficiency"], f"(1-U) {r['one_minus_u']}")
        ]
        for by_gas, rate in (("CF4", r["b_cf4"]), ("C2F6", r["b_c2f6"])):
            if rate > 0:
                dre = dre_of.get((r["process"], by_gas), r["destruction_efficiency"])
                outputs.append((by_gas, rate, dre, f"B_{by_gas} {rate}"))
        for gas, fraction, dre, text in outputs:
            rows.append(
                _row(
                    factor_set,
                    "fgas",
                    r["gas"],
                    gas,
                    kept * fraction,
                    "t",
                    r["source"],
                    r["confidence"],
                    f"(1-h) {kept:g} × {text}; abatement DRE {dre}",
                    sector=r["process"],
                    dre=dre,
                )
            )
    return rows


def _wastewater(factor_set: str) -> list[dict[str, Any]]:
    params = refdata.waste_parameters()
    base = params.filter(factor_set="ipcc2006")
    if factor_set != "ipcc2006":
        override = params.filter(factor_set=factor_set)
        base = pl.concat([base.join(override, on=["parameter", "material"], how="anti"), override])
    bo = base.filter(parameter="bo_cod").row(0, named=True)
    rows: list[dict[str, Any]] = []
    for m in base.filter(parameter="mcf").iter_rows(named=True):
        rows.append(
            _row(
                m["factor_set"],
                "wastewater",
                m["material"],
                "CH4",
                bo["value"] * m["value"],
                "t",
                f"{bo['source']}; {m['source']}",
                _weakest(bo["confidence"], m["confidence"]),
                f"Bo {bo['value']} kg CH4/kg COD × MCF {m['value']}",
            )
        )
    n2o = base.filter(parameter="ef_n2o_effluent").row(0, named=True)
    rows.append(
        _row(
            n2o["factor_set"],
            "wastewater",
            n2o["material"],
            "N2O",
            n2o["value"] * N2O_PER_N,
            "t",
            n2o["source"],
            n2o["confidence"],
            f"EF {n2o['value']} kg N2O-N/kg N × 44/28",
        )
    )
    return rows


def _sinks(factor_set: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in refdata.removal_factors().filter(factor_set=factor_set).iter_rows(named=True):
        # Units are carbon per area per year (tC/ha/yr): the inventory is annual, so the factor
        # applies per unit of area in each reporting year.
        carbon, area, per = [*r["unit"].split("/"), "", ""][:3]
        if per not in ("yr", "a", "year"):
            raise ReferenceDataError(
                [
                    Problem(
                        "refdata/data/removal_factors.csv",
                        None,
                        "unit",
                        r["unit"],
                        "清除因子的单位应为“碳/面积/年”，如 tC/ha/yr",
                        "a removal factor's unit must be carbon per area per year, e.g. tC/ha/yr",
                    )
                ]
            )
        per_area_t_c = r["value"] * float(parse_unit(carbon).to("tC").magnitude)
        rows.append(
            _row(
                factor_set,
                "sink",
                r["material"],
                "CO2",
                -per_area_t_c * CO2_PER_C,
                area,
                r["source"],
                r["confidence"],
                f"−{r['value']:g} {r['unit']} × 44/12",
            )
        )
    return rows


def compile_factors(method: Method) -> pl.DataFrame:
    """Build the composite factor table for ``method`` from the shipped reference data.

    Returns
    -------
    polars.DataFrame
        One row per factor: ``factor_id``, calculator, material, sector, gas, region, validity
        years, ``value`` in t of gas per ``activity_unit``, ``ncv_gj_per_unit`` (fuels),
        ``abatement_dre`` (F-gases), source, confidence and ``components`` (the parameter
        values it was built from).
    """
    rows = _combustion(method)
    rows += _direct("electricity", method.electricity)
    rows += _direct("heat", [method.heat])
    rows += _direct("process", [method.process])
    rows += _fgas(method.fgas)
    rows += _wastewater(method.waste)
    rows += _sinks(method.sinks)
    return pl.DataFrame(rows, schema=COMPOSITE_SCHEMA)
