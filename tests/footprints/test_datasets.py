"""The emission-factor database: a table of datasets is taken whole or not at all, and the
inventory's own factors are offered as datasets."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate import refdata
from cityclimate.errors import DataValidationError
from cityclimate.footprints.datasets import datasets_from_table, inventory_datasets


def table(**changes: list[str | None]) -> pl.DataFrame:
    data: dict[str, list[str | None]] = {
        "编码": ["al", "cu"],
        "名称": ["原铝", "铜"],
        "unit": ["kg", "kg"],
        "kg CO2e per unit": ["16.5", "4.1"],
        "地区": ["CN", "CN"],
        "年份": ["2022", "2021"],
        "来源": ["test db", "test db"],
        "版本": ["1.0", "1.0"],
        "licence": ["CC0", "CC0"],
        "technological DQR": ["2", None],
        "_row": ["2", "3"],
    }
    data.update(changes)
    return pl.DataFrame(data)


def test_a_good_table_gives_every_dataset_with_its_source_and_licence() -> None:
    al, cu = datasets_from_table(table(), "f.csv")
    assert (al.code, al.co2e_kg_per_unit, al.year, al.licence, al.dqr) == (
        "al",
        16.5,
        2022,
        "CC0",
        {"technological": 2.0},
    )
    assert cu.dqr == {}
    assert al.as_dataset().factor == 16.5


def test_every_bad_cell_is_named_by_file_row_and_field() -> None:
    bad = table(**{"kg CO2e per unit": ["x", "4.1"], "年份": ["2022", "1800"], "编码": ["al", "al"],
                   "technological DQR": ["9", None]})  # fmt: skip
    with pytest.raises(DataValidationError) as caught:
        datasets_from_table(bad, "f.csv")
    located = sorted((p.where, p.row, p.field) for p in caught.value.problems)
    assert located == [
        ("f.csv", 2, "co2e_kg_per_unit"),
        ("f.csv", 2, "dqr_technological"),
        ("f.csv", 3, "code"),
        ("f.csv", 3, "year"),
    ]
    assert all(p.message.zh and p.message.en for p in caught.value.problems)


def test_unknown_and_missing_columns_are_refused() -> None:
    bad = table().rename({"licence": "licensed"})
    with pytest.raises(DataValidationError) as caught:
        datasets_from_table(bad, "f.csv")
    assert {p.field for p in caught.value.problems} == {"licensed", "licence"}


def test_the_inventory_factors_are_offered_as_datasets() -> None:
    offered = {
        d.code: d
        for d in inventory_datasets(
            refdata.emission_factors(), refdata.fuel_parameters(), refdata.fuels()
        )
    }
    # MEE & NBS 2022 Chongqing provincial average, the value in emission_factors.csv
    assert offered["electricity.grid.500000.2022"].co2e_kg_per_unit == 0.5227
    gas = offered["fuel.combustion.natural_gas"]
    # GB/T 32151 Table C.1: 0.0153 t C/GJ × 0.99 × 44/12 × 1000 = 55.539 kg CO2/GJ
    assert gas.co2e_kg_per_unit == pytest.approx(0.0153 * 0.99 * 44 / 12 * 1000)
    assert gas.unit == "GJ"
