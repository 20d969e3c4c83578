"""Tests of the shipped reference data and its validating reader."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate import refdata
from cityclimate.errors import ReferenceDataError
from cityclimate.refdata.tables import Column, TableSchema, read_csv_table

LOADERS = [
    refdata.sectors,
    refdata.gwp,
    refdata.fuels,
    refdata.fuel_parameters,
    refdata.emission_factors,
    refdata.waste_parameters,
    refdata.fgas_parameters,
    refdata.removal_factors,
    refdata.energy_conversion,
    refdata.territories,
    refdata.grid_regions,
    refdata.categories,
]


@pytest.mark.parametrize("load", LOADERS, ids=lambda f: f.__name__)
def test_every_shipped_table_loads_and_every_row_names_its_source(load) -> None:  # type: ignore[no-untyped-def]
    table = load()
    assert table.height > 0
    assert table["source"].null_count() == 0
    assert (table["source"].str.len_chars() > 5).all()


def test_gwp_sets_agree_with_the_reference_page() -> None:
    # ../shared/reference/factors-and-rules.md, "Global warming potentials" (AR4/AR5/AR6).
    g = {(r["gas"], r["gwp_set"]): r["value"] for r in refdata.gwp().iter_rows(named=True)}
    assert (g["CH4", "AR4"], g["CH4", "AR5"], g["CH4", "AR6"]) == (25, 28, 27.9)
    assert (g["N2O", "AR4"], g["N2O", "AR5"], g["N2O", "AR6"]) == (298, 265, 273)
    assert g["SF6", "AR5"] == 23500 and g["NF3", "AR6"] == 17400
    # SAR (China's 2011 provincial guideline): CH4 21, N2O 310, SF6 23,900.
    assert (g["CH4", "SAR"], g["N2O", "SAR"], g["SF6", "SAR"]) == (21, 310, 23900)
    # Origin-specific CH4 (fossil / non-fossil) is published in AR6 only (Table 7.15).
    plain = refdata.gwp().filter(~pl.col("gas").str.starts_with("CH4-"))
    sets = plain.group_by("gas").agg(pl.col("gwp_set"))
    for gas, have in sets.iter_rows():
        expected = {"AR4", "AR5", "AR6"} if gas == "NF3" else {"SAR", "AR4", "AR5", "AR6"}
        assert set(have) == expected, gas  # NF3 entered the IPCC tables only with AR4


def test_two_editions_of_chinese_fuel_parameters_stay_separate() -> None:
    p = refdata.fuel_parameters().filter(fuel="natural_gas", parameter="carbon_content")
    values = dict(p.select("factor_set", "value").iter_rows())
    assert values == {"cn_gbt32151_2024": 0.0153, "cn_guideline_2013": 0.01532}


def test_liangjiang_has_its_nine_sub_areas_and_neighbours() -> None:
    t = refdata.territories()
    subs = t.filter(parent="LJ-2016", kind="sub_area")
    assert subs.height == 9
    assert {"都市经济功能板块", "悦来板块", "水土工业开发新城"} <= set(subs["name_zh"])
    assert t.filter(code="LJ-2016")["area_km2"].item() == 638
    assert {"500105", "500112", "500109", "500101", "SC-TF", "LJ-2026"} <= set(t["code"])


def test_every_category_maps_to_all_three_frameworks() -> None:
    c = refdata.categories()
    for column in ("ipcc_code", "cn_code", "gpc_code"):
        assert c[column].null_count() == 0


def test_grid_region_membership_is_kept_per_edition() -> None:
    g = refdata.grid_regions().filter(province="500000")
    assert dict(g.select("edition", "grid_region").iter_rows()) == {
        "mee_nbs_2021": "CN-SW",
        "cdm_baseline": "CN-CC",
    }


SCHEMA = TableSchema(
    "test",
    (
        Column("name"),
        Column("value", "float"),
        Column("unit", "unit"),
        Column("kind", allowed=frozenset({"a", "b"})),
    ),
    key=("name",),
)


def test_a_bad_row_is_named_by_file_line_and_field() -> None:
    text = "name,value,unit,kind\nx,1.5,t,a\ny,abc,t,a\nz,2,bananas,c\n,3,t,b\nx,4,t,a\n"
    with pytest.raises(ReferenceDataError) as info:
        read_csv_table(text, SCHEMA, "bad.csv")
    found = {(p.row, p.field) for p in info.value.problems}
    assert found == {(3, "value"), (4, "unit"), (4, "kind"), (5, "name"), (6, None)}
    assert all(p.where == "bad.csv" for p in info.value.problems)


def test_a_missing_column_is_named() -> None:
    with pytest.raises(ReferenceDataError) as info:
        read_csv_table("name,value,unit\nx,1,t\n", SCHEMA, "short.csv")
    assert [p.field for p in info.value.problems] == ["kind"]


def test_a_column_added_later_may_be_absent_from_an_older_file() -> None:
    """A file of the layout before a column was added reads it as empty (issue 14: the ETS
    records' offsets source); any other absent column is still an error."""
    schema = TableSchema(
        "later",
        (
            Column("name"),
            Column("value", "float"),
            Column("source_id", added_later=True, required=False),
        ),
    )
    table = read_csv_table("name,value\nx,1\n", schema, "old.csv")
    assert table["source_id"].to_list() == [None]
    assert read_csv_table("name,value,source_id\nx,1,s-1\n", schema, "new.csv")[
        "source_id"
    ].to_list() == ["s-1"]
    with pytest.raises(ReferenceDataError) as info:
        read_csv_table("name\nx\n", schema, "short.csv")
    assert [p.field for p in info.value.problems] == ["value"]
    with pytest.raises(ValueError):
        Column("needed", added_later=True)  # a column added later must be allowed empty
