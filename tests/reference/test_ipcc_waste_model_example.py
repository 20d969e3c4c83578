"""Reference test: the FOD model reproduces the IPCC Waste Model's own figures.

Source: IPCC, *2019 Refinement to the 2006 IPCC Guidelines*, Vol.5 Waste, the IPCC Waste Model
spreadsheet ``19R_V5_Waste_Model.xls`` (published with Vol.5 Ch.3 at
https://www.ipcc-nggip.iges.or.jp/public/2019rf/vol5.html), sheet **Food** (the FOD
computation of Vol.5 Ch.3 Eq.3.4–3.6 as the model implements it). The sheet's inputs and
computed cells were read from the extract the ``bonsai_ipcc`` project ships as test data
(PyPI ``bonsai-ipcc`` 0.5.3, ``tests/data/test_waste_CH4_food_waste.xlsx``, whose README sheet
says "This data is extracted from the IPCC Waste Model (MS EXCEL) … File:
19R_V5_Waste_Model.xls, Sheets: Food"). Quoted from that sheet:

    DOC 0.15 · DOCf 0.7 · k 0.185 · h = ln(2)/k 3.746741516540245 · exp(-k) 0.8311042838521256
    · M 13 (process start in deposition year: month 13, so exp2 = exp(-k((13-M)/12)) = 1)
    · F 0.5
    Year  W (Gg)    MCF    D = W·DOC·DOCf·MCF (Gg)  H: DDOCm accumulated (Gg)  Q: CH4 generated (Gg)
    1950  2300.322  0.705  170.28133604999996       170.28133604999996         0
    1951  2300.322  0.705  170.28133604999996       311.80288390121837         19.173192132521066
    1952  …                                         429.4220485777495          35.1081142489792
    1955  …                                         675.9413350123839          68.50629081607181
    1959  2300.322  0.705  170.28133604999996       849.6768572137968          92.04379869376629

The figures are the spreadsheet's (IPCC's formulas), not this project's code: the test sets
the engine's FOD parameters to the sheet's (DOC, DOCf, k, F, and a site type with MCF 0.705
and no oxidation, since the sheet's Q is CH4 *generated*) and deposits 2,300.322 Gg of food
waste in each year 1950–1959. The engine starts decay in the year after deposit, which is the
sheet's M = 13. Published rounding: the sheet shows the Gg figures with two decimals
(19.17, 35.11, 68.51, 92.04); the computed values must round to those and agree with the
stored cells to 1e-9 relative.
"""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate import refdata
from cityclimate.inventory import Method, compute_emissions
from tests.conftest import activity, frame

#: (year, CH4 generated in Gg) from the Food sheet, as stored in the spreadsheet.
SHEET_CH4_GG = {
    1950: 0.0,
    1951: 19.173192132521066,
    1952: 35.1081142489792,
    1953: 48.35169628281753,
    1954: 59.35849404468761,
    1955: 68.50629081607181,
    1956: 76.10906390057788,
    1957: 82.42776118026651,
    1958: 87.6792575577805,
    1959: 92.04379869376629,
}
#: The same, as the sheet displays them (two decimals).
SHEET_CH4_GG_SHOWN = {1951: 19.17, 1952: 35.11, 1955: 68.51, 1959: 92.04}
SET, SITE = "ipcc_waste_model_food_sheet", "waste_model_weighted"


def _sheet_parameters() -> pl.DataFrame:
    """The shipped parameter table plus one set with the Food sheet's values."""
    shipped = refdata.waste_parameters()

    def row(parameter: str, material: str, zone: str, value: float) -> dict[str, object]:
        return {
            "factor_set": SET,
            "parameter": parameter,
            "material": material,
            "climate_zone": zone,
            "value": value,
            "unit": "",
            "source": "IPCC Waste Model 19R_V5_Waste_Model.xls, sheet Food",
            "confidence": "H",
        }

    rows = [
        row("doc", "food", "*", 0.15),
        row("docf", "*", "*", 0.7),
        row("f_ch4", "*", "*", 0.5),
        row("mcf_site", SITE, "*", 0.705),
        row("ox", SITE, "*", 0.0),
        row("k", "food", "boreal_temperate_wet", 0.185),
    ]
    return pl.concat([shipped, pl.DataFrame(rows, schema=shipped.schema)])


def test_the_fod_model_reproduces_the_ipcc_waste_model_food_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = _sheet_parameters()
    monkeypatch.setattr(refdata, "waste_parameters", lambda: table)
    deposits = frame(
        *(
            activity(
                territory="500000",  # Chongqing: climate zone boreal_temperate_wet
                category="waste.solid.landfill",
                fuel="food",
                quantity=2300.322 * 1000,  # Gg → t
                unit="t",
                year=year,
                record_id=f"D{year}",
            )
            for year in range(1950, 1960)
        )
    )
    rows = compute_emissions(deposits, Method(waste=SET, landfill_site=SITE)).filter(
        category="waste.solid.landfill"
    )
    by_year = dict(rows.group_by("year").agg(pl.col("emission_t").sum()).iter_rows())
    for year, gg in SHEET_CH4_GG.items():
        assert by_year.get(year, 0.0) / 1000 == pytest.approx(gg, rel=1e-9, abs=1e-12), year
    for year, shown in SHEET_CH4_GG_SHOWN.items():
        assert round(by_year[year] / 1000, 2) == shown
