"""Tests of the model structure and its calibration to the base-year inventory."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError
from cityclimate.pathways import PathwayStructure, calibrate, load_sector_value_added
from cityclimate.pathways.model import NON_ENERGY
from cityclimate.pathways.structure import allocate


def test_calibration_keeps_every_tonne_and_tce_of_the_base_year(
    emissions: pl.DataFrame, structure: PathwayStructure
) -> None:
    cal = calibrate(emissions, structure, 2020)
    rows = emissions.filter(pl.col("year") == 2020)
    sinks = rows.filter(pl.col("sector") == "sinks")
    energy_factor_total = (cal.energy_tce[:, :, None] * cal.emission_factor_t_per_tce).sum()
    assert energy_factor_total + cal.process_co2e_t.sum() == pytest.approx(
        rows.filter(pl.col("sector") != "sinks")["co2e_t"].sum(), rel=1e-12
    )
    assert cal.energy_tce.sum() == pytest.approx(rows["energy_tce"].fill_null(0).sum(), rel=1e-12)
    assert cal.removals_t == pytest.approx(sinks["co2e_t"].sum())
    assert cal.fuels[-1] == NON_ENERGY and "hydrogen" in cal.fuels


def test_hydrogen_factor_comes_from_the_structure(
    emissions: pl.DataFrame, structure: PathwayStructure
) -> None:
    cal = calibrate(emissions, structure, 2020)
    h = cal.fuels.index("hydrogen")
    assert np.allclose(
        cal.emission_factor_t_per_tce[:, h, cal.gases.index("CO2")],
        structure.hydrogen_co2_t_per_tce,
    )


def test_uncovered_inventory_rows_and_bad_shares_are_named(
    emissions: pl.DataFrame, structure: PathwayStructure
) -> None:
    partial = PathwayStructure(
        **{
            **structure.__dict__,
            "allocation": structure.allocation.filter(
                ~pl.col("category").str.starts_with("waste")
            ).with_columns(
                share=pl.when(pl.col("line") == "transport.cars")
                .then(pl.col("share") / 2)
                .otherwise(pl.col("share"))
            ),
        }
    )
    with pytest.raises(DataValidationError) as info:
        allocate(emissions.filter(pl.col("year") == 2020), partial)
    fields = {(p.field, p.value.split(" /")[0]) for p in info.value.problems}
    assert ("category", "waste.solid.landfill") in fields
    assert any(field == "share" for field, _ in fields)


def test_base_year_of_drivers_must_be_the_inventory_year(
    emissions: pl.DataFrame, structure: PathwayStructure
) -> None:
    with pytest.raises(DataValidationError) as info:
        calibrate(emissions, structure, 2019)
    assert any(p.field == "gdp.base_year" for p in info.value.problems)


def test_demo_drivers_agree_with_the_demo_socioeconomic_data(structure: PathwayStructure) -> None:
    socio = liangjiang.socioeconomic().filter(pl.col("year") == 2020).row(0, named=True)
    assert structure.drivers["gdp"].base_value == socio["gdp_10k_yuan"]
    assert structure.drivers["population"].base_value == socio["population"]
    assert all(d.illustrative for d in structure.drivers.values())


def test_sector_value_added_of_2020_follows_the_structure(structure: PathwayStructure) -> None:
    added = load_sector_value_added("liangjiang").filter(pl.col("year") == 2020)
    for row in structure.sector_value_added.iter_rows(named=True):
        expected = structure.drivers[row["value_added_driver"]].base_value * row["share_of_driver"]
        value = added.filter(pl.col("sector") == row["sector"])["value_added_10k_yuan"].item()
        assert value == pytest.approx(expected, abs=1.0)
