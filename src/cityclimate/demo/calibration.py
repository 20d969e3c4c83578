"""Calibration of the ILLUSTRATIVE Liangjiang demo activity data to the plan's published figures.

The plan publishes totals, not activity data. This module builds an illustrative activity data
set with a plausible structure (which sub-area burns which fuel for what; see the tables below,
all illustrative) and scales its energy so that computing it with the default
:class:`~cityclimate.inventory.Method` reproduces, to the plan's rounding (plan ch.2 (一)):

- total emissions 685.36 (2019) and 724.42 (2020) 万t CO2e (gross, without sinks);
- 2020: fossil energy 62% of total energy (electricity at its calorific equivalent), and of
  fossil energy natural gas 61%, oil 30%, coal 9%.

Method: emissions are linear in the quantities, so with fixed non-energy sources (F-gases,
wastewater, landfill) of emissions ``b`` and energy sources of emissions ``a`` per tce of total
energy use, the total energy is ``E = (target − b) / a``. Quantities are then rounded to 0.01 of
their unit. Intensity and per-capita figures follow from the socio-economic inputs shipped beside
the data (themselves illustrative). ``python scripts/calibrate_liangjiang_demo.py`` rewrites
``data/liangjiang/activities.csv``; a test checks that the shipped file is what this produces.
"""

from __future__ import annotations

import polars as pl

from cityclimate import refdata
from cityclimate.inventory import Method, compute_emissions, summary_figures

TERRITORY = "LJ-2016"
SOURCE = "示例数据 ILLUSTRATIVE: calibrated to the plan's published totals (cityclimate.demo.calibration)"

#: Plan targets per year: total 万t CO2e, fossil share of energy, shares of fossil energy.
TARGETS = {
    2019: {"total_10k_t": 685.36, "fossil": 0.63, "gas": 0.59, "oil": 0.31, "coal": 0.10},
    2020: {"total_10k_t": 724.42, "fossil": 0.62, "gas": 0.61, "oil": 0.30, "coal": 0.09},
}
# 2019 shares are not published; the values above for 2019 are illustrative.

#: Illustrative split of each fossil group's energy over (category, fuel).
FOSSIL_USES: dict[str, dict[tuple[str, str], float]] = {
    "gas": {
        ("energy.energy_industries.combustion", "natural_gas"): 0.45,
        ("energy.manufacturing.combustion", "natural_gas"): 0.30,
        ("energy.commercial.combustion", "natural_gas"): 0.12,
        ("energy.residential.combustion", "natural_gas"): 0.10,
        ("energy.transport.road", "natural_gas"): 0.03,
    },
    "oil": {
        ("energy.transport.road", "gasoline"): 0.55,
        ("energy.transport.road", "diesel"): 0.35,
        ("energy.transport.navigation", "diesel"): 0.05,
        ("energy.manufacturing.combustion", "diesel"): 0.03,
        ("energy.commercial.combustion", "lpg"): 0.02,
    },
    "coal": {
        ("energy.manufacturing.combustion", "bituminous_coal"): 0.80,
        ("energy.manufacturing.combustion", "coke"): 0.20,
    },
}
#: Illustrative split of purchased electricity over categories.
ELECTRICITY_USES = {
    "energy.electricity.industry": 0.60,
    "energy.electricity.commercial": 0.20,
    "energy.electricity.residential": 0.12,
    "energy.electricity.transport": 0.03,
    "energy.electricity.new_infrastructure": 0.05,
}
_SUB = ["DS", "ST", "LX", "YF", "XT", "BS", "JBZ", "GW", "YL"]
#: Illustrative weight of each sub-area in each kind of use (normalised per row).
SUB_AREA_WEIGHTS: dict[str, list[float]] = {
    #            DS   ST   LX   YF   XT   BS  JBZ   GW   YL
    "energy": [0, 0, 0, 1, 0, 0, 0, 0, 0],  # the gas CHP plant
    "industry": [1, 6, 8, 5, 1, 2, 0, 1, 0],
    "buildings": [6, 2, 2, 2, 2, 1, 4, 1, 4],
    "transport": [4, 2, 2, 2, 1, 2, 2, 4, 2],
    "new_infrastructure": [1, 1, 0, 0, 4, 1, 0, 0, 1],
}
_SECTOR_OF = {
    "energy.energy_industries.combustion": "energy",
    "energy.manufacturing.combustion": "industry",
    "energy.commercial.combustion": "buildings",
    "energy.residential.combustion": "buildings",
    "energy.transport.road": "transport",
    "energy.transport.navigation": "transport",
    "energy.electricity.industry": "industry",
    "energy.electricity.commercial": "buildings",
    "energy.electricity.residential": "buildings",
    "energy.electricity.transport": "transport",
    "energy.electricity.new_infrastructure": "new_infrastructure",
}
#: Illustrative fixed non-energy sources for 2020 (2019: × 0.95).
NON_ENERGY_2020 = [
    # sub-area, category, fuel, quantity, unit, abatement_fraction
    ("ST", "ippu.electronics.display", "NF3", 100.0, "t", 0.9),
    ("ST", "ippu.electronics.display", "SF6", 10.0, "t", 0.9),
    ("ST", "ippu.electronics.display", "CF4", 5.0, "t", 0.9),
    ("YL", "waste.wastewater.domestic", "aerobic_well_managed", 30000.0, "t", None),
    ("YL", "waste.wastewater.domestic", "anaerobic_reactor", 2000.0, "t", None),
    ("YL", "waste.wastewater.domestic", "effluent_nitrogen", 1500.0, "t", None),
    ("LX", "waste.wastewater.industrial", "anaerobic_reactor", 800.0, "t", None),
]
#: Illustrative landfill deposits (t/yr in 2010, growing 4%/yr), by waste type.
LANDFILL_2010 = {
    "food": 50000.0,
    "paper": 15000.0,
    "wood": 3000.0,
    "textiles": 3000.0,
    "garden": 5000.0,
}
#: Illustrative sink areas (ha), reported separately from the totals.
SINKS = [
    ("YL", "sink.urban_green", "urban_tree_crown", 3000.0),
    ("LX", "sink.forest", "forest_subtropical", 5000.0),
]


def demo_method() -> Method:
    """The method of the demo: defaults, with the nearest year's grid factor allowed.

    The shipped MEE/NBS grid factors start in 2021; for 2019 and 2020 the 2021 factor is used,
    and every such result row says so in its selection reason.
    """
    return Method(
        nearest_year=True,
        note="ILLUSTRATIVE demo: grid factors for 2019/2020 are taken from 2021 (nearest year)",
    )


def _weights(kind: str) -> list[tuple[str, float]]:
    raw = SUB_AREA_WEIGHTS[kind]
    total = sum(raw)
    return [(f"{TERRITORY}-{s}", w / total) for s, w in zip(_SUB, raw, strict=True) if w > 0]


def _rows(year: int, scale_tce: float, shares: dict[str, float]) -> list[dict[str, object]]:
    """Energy records for ``scale_tce`` of total energy use with the given shares."""
    rows: list[dict[str, object]] = []
    fossil_tce = scale_tce * shares["fossil"]
    for group in ("gas", "oil", "coal"):
        for (category, fuel), share in FOSSIL_USES[group].items():
            for sub_area, weight in _weights(_SECTOR_OF[category]):
                rows.append(
                    _record(
                        year,
                        sub_area,
                        category,
                        fuel,
                        fossil_tce * shares[group] * share * weight,
                        "tce",
                    )
                )
    # Electricity counts in energy use at its calorific equivalent (0.1229 kgce/kWh, GB/T 2589).
    kgce_per_kwh = (
        refdata.energy_conversion().filter(parameter="electricity_calorific")["value"].item()
    )
    electricity_mwh = scale_tce * (1 - shares["fossil"]) / kgce_per_kwh
    for category, share in ELECTRICITY_USES.items():
        for sub_area, weight in _weights(_SECTOR_OF[category]):
            rows.append(
                _record(
                    year, sub_area, category, "electricity", electricity_mwh * share * weight, "MWh"
                )
            )
    return rows


def _record(
    year: int,
    sub_area: str,
    category: str,
    fuel: str,
    quantity: float,
    unit: str,
    abatement: float | None = None,
) -> dict[str, object]:
    return {
        "territory": TERRITORY,
        "sub_area": sub_area,
        "year": year,
        "category": category,
        "fuel": fuel,
        "quantity": quantity,
        "unit": unit,
        "abatement_fraction": abatement,
    }


def _fixed_rows(year: int) -> list[dict[str, object]]:
    factor = 1.0 if year == 2020 else 0.95
    rows = [
        _record(year, f"{TERRITORY}-{s}", c, f, q * factor, u, a)
        for s, c, f, q, u, a in NON_ENERGY_2020
    ]
    rows += [_record(year, f"{TERRITORY}-{s}", c, f, q, "ha") for s, c, f, q in SINKS]
    return rows


def _landfill_rows(last_year: int) -> list[dict[str, object]]:
    return [
        _record(
            year, f"{TERRITORY}-LX", "waste.solid.landfill", waste, q * 1.04 ** (year - 2010), "t"
        )
        for year in range(2010, last_year + 1)
        for waste, q in LANDFILL_2010.items()
    ]


def _to_physical(frame: pl.DataFrame, method: Method) -> pl.DataFrame:
    """Express fuel records (given in tce) in the units statistics use: 10⁴Nm³ and t."""
    emissions = compute_emissions(
        frame.filter(pl.col("unit") == "tce")
        .with_row_index("i")
        .with_columns(record_id=pl.format("r{}", "i"))
        .drop("i"),
        method,
    )
    per_tce = emissions.filter(gas="CO2").select(
        "record_id", "activity_unit", (pl.col("activity_value") / pl.col("energy_tce")).alias("k")
    )
    energy = (
        frame.filter(pl.col("unit") == "tce")
        .with_row_index("i")
        .with_columns(record_id=pl.format("r{}", "i"))
    )
    energy = energy.join(per_tce, on="record_id").with_columns(
        quantity=pl.col("quantity") * pl.col("k"), unit=pl.col("activity_unit")
    )
    return pl.concat([energy.select(frame.columns), frame.filter(pl.col("unit") != "tce")])


def build_activities() -> pl.DataFrame:
    """Build the calibrated, ILLUSTRATIVE Liangjiang activity data for 2019 and 2020."""
    method = demo_method()
    years = []
    for year, target in TARGETS.items():
        fixed = pl.DataFrame(
            _fixed_rows(year) + _landfill_rows(year),
            schema_overrides={"abatement_fraction": pl.Float64},
        )
        probe = pl.DataFrame(_rows(year, 1e6, target), schema=fixed.schema)
        a = _gross(pl.concat([probe, fixed]), method, year) - _gross(fixed, method, year)
        b = _gross(fixed, method, year)
        scale = (target["total_10k_t"] * 1e4 - b) / (a / 1e6)
        years.append(
            pl.concat([pl.DataFrame(_rows(year, scale, target), schema=fixed.schema), fixed])
        )
    frame = _to_physical(pl.concat(years), method)
    # Landfill deposits of earlier years appear once per inventory year above; keep each once.
    frame = frame.unique(
        ["territory", "sub_area", "year", "category", "fuel"], keep="first", maintain_order=True
    )
    frame = frame.with_columns(pl.col("quantity").round(2)).sort(
        ["year", "category", "sub_area", "fuel"]
    )
    return frame.with_row_index("n", offset=1).select(
        pl.format("LJ-{}-{}", pl.col("year"), pl.col("n").cast(pl.String).str.zfill(4)).alias(
            "record_id"
        ),
        "territory",
        "sub_area",
        "year",
        "category",
        "fuel",
        "quantity",
        "unit",
        pl.lit(SOURCE).alias("data_source"),
        pl.lit("estimated").alias("quality_tier"),
        "abatement_fraction",
    )


def _gross(frame: pl.DataFrame, method: Method, year: int) -> float:
    figures = summary_figures(compute_emissions(frame, method))
    return float(figures.filter(year=year)["gross_co2e_t"].item())
