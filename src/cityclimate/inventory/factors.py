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
Most specific first: a factor measured for the record, then local (sub-area, territory),
provincial, regional grid, national, IPCC default. A sector-specific factor beats a generic one;
a factor valid for the record's year beats another year (used only when
``Method.nearest_year``). The reason is recorded on every result row. A record for which a
required gas has no factor is an error naming it, never a silent zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl

from cityclimate import refdata
from cityclimate.errors import MissingFactorError, Problem, ReferenceDataError
from cityclimate.inventory.model import FACTOR_LEVELS, Method
from cityclimate.units import conversion_factor, parse_unit

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

_ANY_YEAR = (1900, 2200)


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


def region_chain(territories: pl.DataFrame, grid_regions: pl.DataFrame) -> pl.DataFrame:
    """For every territory, the regions whose factors apply to it, ranked most specific first.

    Returns columns ``territory``, ``region``, ``rank`` (index into
    :data:`~cityclimate.inventory.model.FACTOR_LEVELS`), ``from_year``, ``to_year``. A
    sub-area has rank 1, a district or city rank 2, its province 3, the province's grid region
    4 (by table edition and years), the country 5, and ``*`` (IPCC defaults) 6.
    """
    parent = dict(territories.select("code", "parent").iter_rows())
    kind = dict(territories.select("code", "kind").iter_rows())
    rank_of_kind = {"sub_area": 1, "district": 2, "city": 2, "province": 3, "country": 5}
    rows: list[tuple[str, str, int, int, int]] = []
    for code in parent:
        node: str | None = code
        seen: set[str] = set()
        while node is not None and node not in seen:
            seen.add(node)
            rank = rank_of_kind[kind[node]]
            rows.append((code, node, rank, _ANY_YEAR[0], _ANY_YEAR[1]))
            if kind[node] == "province":
                for g in grid_regions.filter(province=node).iter_rows(named=True):
                    rows.append((code, g["grid_region"], 4, g["valid_from"], g["valid_to"]))
            node = parent.get(node)
        rows.append((code, "*", 6, _ANY_YEAR[0], _ANY_YEAR[1]))
    return pl.DataFrame(
        rows,
        schema={
            "territory": pl.String,
            "region": pl.String,
            "rank": pl.Int8,
            "from_year": pl.Int32,
            "to_year": pl.Int32,
        },
        orient="row",
    ).unique(["territory", "region", "from_year"], keep="first")


def select_factors(
    keys: pl.DataFrame,
    factors: pl.DataFrame,
    chain: pl.DataFrame,
    categories: pl.DataFrame,
    *,
    nearest_year: bool = False,
    where: str = "activities",
    problems: list[Problem] | None = None,
) -> pl.DataFrame:
    """Choose, for every distinct activity key and gas, the most specific factor.

    Parameters
    ----------
    keys:
        Distinct ``territory, sub_area, year, category, fuel`` of the activities, with
        ``first_row`` (a 1-based row number to name in errors) and ``first_record``.
    factors:
        Composite factors from :func:`compile_factors`.
    chain:
        Regions per territory from :func:`region_chain`.
    categories:
        The category table (calculator, use_sector, required gases).
    where:
        The file or data-set name used in messages (rows are ``first_row`` of each key).
    problems:
        When given, missing factors are appended to it (and those keys left out of the
        result) instead of raised, so that a caller can list every mistake at once.

    Returns
    -------
    polars.DataFrame
        The key columns, ``gas`` and the chosen factor's columns, with ``factor_level`` and
        ``selection_reason``.

    Raises
    ------
    MissingFactorError
        When a key has no factor for a gas its category requires.
    """
    cats = categories.select("code", "calculator", "use_sector", "gases").rename(
        {"code": "category"}
    )
    k = keys.join(cats, on="category", how="left")
    # A sub-area's own code is the most local region; then the territory's chain.
    local = (
        k.select("territory", "sub_area", "year")
        .unique()
        .filter(pl.col("sub_area").is_not_null())
        .with_columns(
            region=pl.col("sub_area"),
            rank=pl.lit(1, pl.Int8),
            from_year=pl.lit(_ANY_YEAR[0], pl.Int32),
            to_year=pl.lit(_ANY_YEAR[1], pl.Int32),
        )
    )
    regions = pl.concat(
        [
            local.select("territory", "sub_area", "region", "rank", "from_year", "to_year"),
            k.select("territory", "sub_area")
            .unique()
            .join(chain, on="territory", how="inner")
            .select("territory", "sub_area", "region", "rank", "from_year", "to_year"),
        ]
    )
    candidates = (
        k.join(regions, on=["territory", "sub_area"], how="inner", nulls_equal=True)
        .filter((pl.col("year") >= pl.col("from_year")) & (pl.col("year") <= pl.col("to_year")))
        .join(
            factors.rename({"material": "fuel"}),
            on=["calculator", "fuel", "region"],
            how="inner",
        )
        .filter((pl.col("sector") == pl.col("use_sector")) | (pl.col("sector") == "*"))
        .with_columns(
            year_distance=pl.max_horizontal(
                pl.col("valid_from") - pl.col("year"),
                pl.col("year") - pl.col("valid_to"),
                pl.lit(0),
            ),
            generic_sector=(pl.col("sector") == "*").cast(pl.Int8),
        )
    )
    key_cols = ["territory", "sub_area", "year", "category", "fuel"]
    # Years for which a factor exists when none is valid in the record's own year (for the
    # message: allowing the nearest year helps only when there is one).
    other_years = (
        candidates.filter(pl.col("year_distance") > 0)
        .group_by([*key_cols, "gas"])
        .agg(other_from=pl.col("valid_from").min(), other_to=pl.col("valid_to").max())
    )
    if not nearest_year:
        candidates = candidates.filter(pl.col("year_distance") == 0)
    chosen = (
        candidates.sort(
            ["rank", "generic_sector", "year_distance", "valid_from"],
            descending=[False, False, False, True],
        )
        .group_by([*key_cols, "gas"], maintain_order=True)
        .first()
    )
    missing = _check_required(k, chosen, key_cols, other_years, where)
    if missing and problems is None:
        raise MissingFactorError(missing)
    if problems is not None:
        problems.extend(missing)
    levels = pl.Series(FACTOR_LEVELS)
    return chosen.with_columns(
        factor_level=pl.col("rank").map_elements(lambda r: levels[r], return_dtype=pl.String),
    ).with_columns(
        selection_reason=pl.format(
            "{} factor for {} ({}){}",
            pl.col("factor_level"),
            pl.col("region"),
            pl.col("factor_set"),
            pl.when(pl.col("year_distance") > 0)
            .then(
                pl.format(
                    "; nearest year {}-{}: none valid for {}",
                    pl.col("valid_from"),
                    pl.col("valid_to"),
                    pl.col("year"),
                )
            )
            .otherwise(pl.lit("")),
        )
    )


def _check_required(
    keys: pl.DataFrame,
    chosen: pl.DataFrame,
    key_cols: list[str],
    other_years: pl.DataFrame,
    where: str,
) -> list[Problem]:
    required = keys.with_columns(gas=pl.col("gases").str.split(";")).explode("gas")
    found = chosen.select(*key_cols, "gas")
    specific = required.filter(pl.col("gas") != "*").join(
        found, on=[*key_cols, "gas"], how="anti", nulls_equal=True
    )
    wildcard = required.filter(pl.col("gas") == "*").join(
        found, on=key_cols, how="anti", nulls_equal=True
    )
    missing = (
        pl.concat([specific, wildcard])
        .join(other_years, on=[*key_cols, "gas"], how="left", nulls_equal=True)
        .sort("first_row")
    )
    problems = []
    for r in missing.iter_rows(named=True):
        if r["other_from"] is not None:
            hint = (
                f"已有 {r['other_from']}–{r['other_to']} 年的因子：可在方法中允许使用最近年份的因子",
                f"factors exist for {r['other_from']}-{r['other_to']}: allow the nearest year's "
                "factor in the method",
            )
        else:
            hint = ("请补充该因子或更换因子集", "add the factor or choose another factor set")
        problems.append(
            Problem(
                where,
                r["first_row"],
                "fuel",
                r["fuel"],
                f"找不到排放因子：类别 {r['category']}、燃料/物料 {r['fuel']}、地区 "
                f"{r['territory']}、{r['year']} 年、气体 {r['gas']}（记录 {r['first_record']}）。"
                f"{hint[0]}",
                f"no emission factor for category {r['category']}, fuel/material {r['fuel']}, "
                f"territory {r['territory']}, year {r['year']}, gas {r['gas']} (record "
                f"{r['first_record']}); {hint[1]}",
            )
        )
    return problems
