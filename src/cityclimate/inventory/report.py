"""The inventory report of one territory and year as plain data (JSON-ready), with units stated.

Used by the command line (table and JSON), and later by the API and the pages, so that every
way out shows the same numbers.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cityclimate import refdata
from cityclimate.inventory.model import Method
from cityclimate.inventory.summary import breakdown, energy_use, summary_figures

UNITS = {
    "co2e_t": "t CO2e",
    "co2e_10k_t": "万t CO2e (10⁴ t CO2e)",
    "energy_tce": "tce",
    "intensity_t_per_10k_yuan": "t CO2e / 万元 GDP (constant prices of gdp_price_base_year)",
    "per_capita_t": "t CO2e / person",
    "shares": "fraction (0–1)",
}


def _display_names() -> dict[str, dict[Any, tuple[str, str]]]:
    """Names (zh, en) of the keys of each breakdown, from the reference tables."""

    def table(frame: pl.DataFrame, key: str) -> dict[Any, tuple[str, str]]:
        return {r[key]: (r["name_zh"], r["name_en"]) for r in frame.iter_rows(named=True)}

    return {
        "sector": table(refdata.sectors(), "code"),
        "sub_area": table(refdata.territories(), "code"),
        "category": table(refdata.categories(), "code"),
        "fuel": table(refdata.fuels(), "fuel"),
        "scope": {
            1: ("范围一（直接排放）", "scope 1 (direct)"),
            2: ("范围二（外购电力热力）", "scope 2 (purchased electricity and heat)"),
        },
    }


def method_statement(method: Method) -> dict[str, Any]:
    """The choices of ``method`` that every result states (JSON-ready).

    GWP set and whether CH4 is weighted by origin (AR6 WG1 Table 7.15), the fuel-parameter
    edition (CO2 and calorific values), the non-CO2 set and road-gasoline technology row
    (IPCC 2006 Vol.2 Table 3.2.2), grid factor sets, the landfill site type and climate zone
    (``None``: each territory's own), the electricity basis for tce and nearest-year use.
    """
    return {
        "gwp_set": method.gwp_set,
        "ch4_gwp_by_origin": method.ch4_gwp_by_origin,
        "combustion_co2": method.combustion_co2,
        "ncv_set": method.ncv_set,
        "non_co2": method.non_co2,
        "road_gasoline": method.road_gasoline,
        "electricity": list(method.electricity),
        "electricity_basis": method.electricity_basis,
        "landfill_site": method.landfill_site,
        "climate_zone": method.climate_zone,
        "nearest_year": method.nearest_year,
        "note": method.note,
    }


def inventory_report(
    emissions: pl.DataFrame,
    *,
    year: int,
    method: Method,
    territory: str | None = None,
    socioeconomic: pl.DataFrame | None = None,
    illustrative: bool = False,
) -> dict[str, Any]:
    """Totals, breakdowns and summary figures for one territory and year.

    Parameters
    ----------
    emissions:
        Record-level emissions from :func:`~cityclimate.inventory.compute_emissions`.
    year:
        The inventory year.
    territory:
        The territory code; may be omitted when the emissions hold one territory only.
    illustrative:
        Whether the data are illustrative (shown in every output).

    Returns
    -------
    dict
        ``territory, year, illustrative, method, units, summary`` (headline figures),
        ``breakdowns`` (by sector, sub_area, gas, fuel, scope, category: lists of
        ``{key, co2e_t}``), ``energy`` (by fuel, tce) and ``factor_notes`` (selection
        reasons that used another year's factor).
    """
    rows = emissions.filter(pl.col("year") == year)
    if territory is not None:
        rows = rows.filter(pl.col("territory") == territory)
    territories = rows["territory"].unique().to_list()
    if len(territories) != 1:
        raise ValueError(f"expected one territory in {year}, found {sorted(territories)}")
    figures = summary_figures(rows, socioeconomic).row(0, named=True)
    summary = {k: v for k, v in figures.items() if k not in ("territory", "year")}
    summary["gross_co2e_10k_t"] = figures["gross_co2e_t"] / 1e4
    names = _display_names()
    breakdowns = {
        name: [
            {
                "key": r[name],
                "co2e_t": r["co2e_t"],
                "name_zh": names.get(name, {}).get(r[name], (str(r[name]),) * 2)[0],
                "name_en": names.get(name, {}).get(r[name], (str(r[name]),) * 2)[1],
            }
            for r in breakdown(rows, name, include_sinks=name == "category").iter_rows(named=True)
        ]
        for name in ("sector", "sub_area", "gas", "fuel", "scope", "category")
    }
    energy = [
        {"fuel": r["fuel"], "fossil_group": r["fossil_group"], "energy_tce": r["energy_tce"]}
        for r in energy_use(rows).iter_rows(named=True)
    ]
    notes = sorted(
        set(
            rows.filter(pl.col("selection_reason").str.contains("nearest year"))["selection_reason"]
        )
    )
    return {
        "territory": territories[0],
        "year": year,
        "illustrative": illustrative,
        "method": method_statement(method),
        "units": UNITS,
        "summary": summary,
        "breakdowns": breakdowns,
        "energy": energy,
        "factor_notes": notes,
        "records": rows["record_id"].n_unique(),
    }
