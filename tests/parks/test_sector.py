"""Sector pilot data by year: validation, unit conversion, sums, on-site PV for the park."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.parks import onsite_attributes, sector_by_year, territory_sector, validate_sector


def frame(rows: list[tuple[object, ...]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema=["measure", "year", "site", "park_id", "value", "unit", "source"],
        orient="row",
    )


def test_values_are_converted_and_summed_over_sites() -> None:
    data = validate_sector(
        frame(
            [
                ("gas_distributed_capacity_mw", 2022, "龙兴", None, 30000.0, "kW", "s"),
                ("gas_distributed_capacity_mw", 2022, "水土", None, 20.0, "MW", "s"),
                ("pv_generation_mwh", 2022, None, "P", 1.5, "万kWh", "s"),
                ("hydrogen_stations", 2022, None, None, 2, "座", "s"),
            ]
        )
    )
    totals = {
        (r["measure"], r["year"]): r["value"] for r in sector_by_year(data).iter_rows(named=True)
    }
    assert totals[("gas_distributed_capacity_mw", 2022)] == pytest.approx(50.0)
    assert totals[("pv_generation_mwh", 2022)] == pytest.approx(15.0)
    assert totals[("hydrogen_stations", 2022)] == 2.0
    assert sector_by_year(data, park_id="P")["measure"].to_list() == ["pv_generation_mwh"]


def test_every_bad_row_is_listed() -> None:
    with pytest.raises(DataValidationError) as err:
        validate_sector(
            frame(
                [
                    ("unicorns", 2022, None, None, 1.0, "1", "s"),
                    ("nev_fleet", 1800, None, None, -5.0, "辆", "s"),
                    ("pv_capacity_mw", 2022, None, None, 1.0, "t", "s"),
                    ("pv_capacity_mw", 2022, None, None, 2.0, "MW", "s"),
                ]
            )
        )
    found = [(p.row, p.field) for p in err.value.problems]
    assert found == [(1, "measure"), (2, "year"), (2, "value"), (3, "unit"), (4, "measure")]
    assert all(p.message.zh and p.message.en for p in err.value.problems)


def test_park_pv_becomes_onsite_generation() -> None:
    data = validate_sector(
        frame(
            [
                ("pv_self_consumption_mwh", 2022, None, "P", 300.0, "MWh", "s"),
                ("pv_certificates_sold_mwh", 2022, None, "P", 100.0, "MWh", "s"),
                ("pv_self_consumption_mwh", 2023, None, "P", 400.0, "MWh", "s"),
                ("pv_self_consumption_mwh", 2023, None, "Q", 999.0, "MWh", "s"),
            ]
        )
    )
    rows = onsite_attributes(data, "P").to_dicts()
    assert [(r["year"], r["mwh"], r["certificates_sold_mwh"]) for r in rows] == [
        (2022, 300.0, 100.0),
        (2023, 400.0, 0.0),
    ]
    assert rows[0]["attribute_id"] == "sector:P:2022:pv"


def test_the_territory_figure_is_the_district_row_else_the_parks_sum() -> None:
    # Hand oracle: the district's 45 MW of PV includes the park's 8 MW (not 53); the two gas
    # sites add up (30 + 20 = 50 MW); a measure with park rows only is the parks' sum (7,000 +
    # 500 MWh), marked as such.
    data = validate_sector(
        frame(
            [
                ("pv_capacity_mw", 2020, None, "P", 8.0, "MW", "park meter"),
                ("pv_capacity_mw", 2020, None, None, 45.0, "MW", "district census"),
                ("gas_distributed_capacity_mw", 2020, "龙兴", None, 30.0, "MW", "a"),
                ("gas_distributed_capacity_mw", 2020, "水土", None, 20.0, "MW", "b"),
                ("pv_self_consumption_mwh", 2020, None, "P", 7000.0, "MWh", "park meter"),
                ("pv_self_consumption_mwh", 2020, None, "Q", 500.0, "MWh", "other park"),
            ]
        )
    )
    rows = {(r["measure"], r["year"]): r for r in territory_sector(data).iter_rows(named=True)}
    assert rows[("pv_capacity_mw", 2020)]["value"] == 45.0
    assert rows[("pv_capacity_mw", 2020)]["coverage"] == "district"
    assert rows[("pv_capacity_mw", 2020)]["source"] == "district census"
    assert rows[("pv_capacity_mw", 2020)]["lever"] == "distributed_pv"
    assert rows[("gas_distributed_capacity_mw", 2020)]["value"] == 50.0
    assert rows[("gas_distributed_capacity_mw", 2020)]["source"] == "a; b"
    assert rows[("pv_self_consumption_mwh", 2020)]["value"] == 7500.0
    assert rows[("pv_self_consumption_mwh", 2020)]["coverage"] == "parks"
    assert len(rows) == 3
    assert territory_sector(data.clear()).is_empty()
