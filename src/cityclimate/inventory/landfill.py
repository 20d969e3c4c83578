"""Solid-waste disposal: CH4 by the IPCC first-order decay (FOD) method.

IPCC 2006 Guidelines Vol.5 Ch.3, Eq.3.1 and 3.4–3.6 (Tier 1 parameters from Tables 2.4, 3.1,
3.2, 3.3). Decomposable degradable organic carbon deposited in year x is
``DDOCm_x = W_x × DOC × DOCf × MCF``; what decays in a later year T is
``DDOCm_x × e^(−k (T−1−x)) × (1 − e^(−k))``; CH4 emitted in T is that × F × 16/12 × (1 − OX).
Waste deposited in year x starts to decay in year x+1 (Eq.3.5 without the within-year delay
of the IPCC Waste Model); methane recovery R is not modelled (recovery is 0).

The decay rates k depend on the climate zone of the disposal site (Table 3.3 p.3.17: boreal and
temperate or tropical, dry or wet); the zone is an input, taken from the territory's reference
data (``climate_zone``) or set on the method, and every result row names it. The oxidation
factor OX is 0 for managed and unmanaged sites and 0.1 only for managed sites covered with
CH4-oxidising material (Table 3.2 p.3.15), a site type of its own (``managed_oxidising_cover``).

Each result row attributes the CH4 of year T to the deposit record it came from, so lineage,
uncertainty and key-category analysis work on it as on any other source.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cityclimate import refdata
from cityclimate.errors import MissingFactorError, Problem

CH4_PER_C = 16.0 / 12.0


def fod_factors(factor_set: str, site: str, climate_zone: str) -> pl.DataFrame:
    """Per-waste-type FOD parameters for one climate zone: ``fuel`` (waste type), ``k``, and
    ``ch4_per_t_decayed`` (t CH4 per t of waste whose DDOCm decays: DOC × DOCf × MCF × F ×
    16/12 × (1 − OX)), with ``climate_zone``, ``source`` and ``components``."""
    p = refdata.waste_parameters().filter(factor_set=factor_set)

    def one(parameter: str, material: str = "*", zone: str = "*") -> dict[str, Any]:
        rows = p.filter(parameter=parameter, material=material, climate_zone=zone)
        if rows.is_empty():
            raise MissingFactorError(
                [
                    Problem(
                        "refdata/data/waste_parameters.csv",
                        None,
                        "parameter",
                        f"{parameter}/{material}",
                        f"缺少填埋 FOD 参数 {parameter}（{material}，气候区 {zone}）",
                        f"FOD parameter {parameter} ({material}, climate zone {zone}) is missing",
                    )
                ]
            )
        return rows.row(0, named=True)

    docf, f, mcf, ox = one("docf"), one("f_ch4"), one("mcf_site", site), one("ox", site)
    rows = []
    for doc in p.filter(parameter="doc").iter_rows(named=True):
        k = one("k", doc["material"], climate_zone)
        per_t = (
            float(doc["value"])
            * float(docf["value"])
            * float(mcf["value"])
            * float(f["value"])
            * CH4_PER_C
            * (1 - float(ox["value"]))
        )
        rows.append(
            {
                "fuel": doc["material"],
                "climate_zone": climate_zone,
                "k": float(k["value"]),
                "ch4_per_t_decayed": per_t,
                "source": f"{doc['source']}; {k['source']}; {mcf['source']}",
                "components": f"DOC {doc['value']} × DOCf {docf['value']} × MCF {mcf['value']} × F "
                f"{f['value']} × 16/12 × (1 − OX {ox['value']}, site {site}); k {k['value']}/yr "
                f"(climate zone {climate_zone})",
            }
        )
    return pl.DataFrame(rows)


def landfill_emissions(
    deposits: pl.DataFrame, report_years: pl.DataFrame, factor_set: str, site: str
) -> pl.DataFrame:
    """CH4 of each reporting year attributed to each earlier deposit.

    Parameters
    ----------
    deposits:
        Validated activity rows of the FOD calculator with ``quantity_t`` (t of waste deposited
        in ``year``), ``climate_zone`` (of the site's territory) and the key columns.
    report_years:
        ``territory, year``: the years to report for each territory.
    factor_set, site:
        Waste parameter set and disposal-site type (for MCF and OX).

    Returns
    -------
    polars.DataFrame
        Rows with the deposit's columns, ``year`` set to the reporting year, ``deposit_year``,
        ``factor_value`` (t CH4 per t deposited, for that lag) and ``emission_t``.
    """
    zones = deposits["climate_zone"].unique().drop_nulls().to_list()
    params = pl.concat([fod_factors(factor_set, site, zone) for zone in sorted(zones)])
    joined = deposits.join(params, on=["fuel", "climate_zone"], how="left")
    unknown = joined.filter(pl.col("k").is_null())
    if not unknown.is_empty():
        raise MissingFactorError(
            [
                Problem(
                    "activities",
                    r["_row"],
                    "fuel",
                    r["fuel"],
                    "未知的垃圾成分：请使用 food、paper、wood、textiles、garden",
                    "unknown waste type: use food, paper, wood, textiles or garden",
                )
                for r in unknown.head(200).iter_rows(named=True)
            ]
        )
    lag = pl.col("year") - pl.col("deposit_year")
    return (
        joined.rename({"year": "deposit_year"})
        .join(report_years, on="territory", how="inner")
        .filter(pl.col("year") > pl.col("deposit_year"))
        .with_columns(
            factor_value=pl.col("ch4_per_t_decayed")
            * (-pl.col("k") * (lag - 1)).exp()
            * (1 - (-pl.col("k")).exp()),
        )
        .with_columns(emission_t=pl.col("quantity_t") * pl.col("factor_value"))
    )
