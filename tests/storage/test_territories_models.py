"""Territories as stored data on SQLite and PostgreSQL: the shipped CSV seeds them once (a
user's edit then wins), dates and memberships round-trip, and the table the core validates
against is the stored one."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from sqlalchemy.exc import IntegrityError

from cityclimate import refdata
from cityclimate.services import socioeconomic, territories
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.territories_models import BoundaryMapping, TerritoryGridRegion


def test_seed_then_edit_then_seed_again_keeps_the_edit(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory, write=True) as s:
        assert territories.seed_reference(s, SYSTEM) == refdata.territories().height
        data = territories.TerritoryInput(
            name_zh="两江新区（行政区）",
            name_en="Liangjiang (administrative district)",
            kind="district",
            parent_code="500000",
            area_km2=1360.5,
            valid_from=date(2026, 1, 25),
            sub_areas=(territories.SubArea("LJ-2026-YB", "原渝北片区", "former Yubei"),),
        )
        territories.update_territory(s, SYSTEM, "LJ-2026", data)
    with transaction(factory, write=True) as s:
        assert territories.seed_reference(s, SYSTEM) == 0
        table = territories.territory_table(s)
        grids = territories.grid_region_table(s)
        mappings = s.query(BoundaryMapping).count()
    row = table.filter(pl.col("code") == "LJ-2026").row(0, named=True)
    assert row["area_km2"] == 1360.5 and row["valid_from"] == "2026-01-25"
    assert table.filter(pl.col("code") == "LJ-2026-YB")["parent"].item() == "LJ-2026"
    # The stored membership is the shipped one, in the core's shape.
    shipped = refdata.grid_regions().select("edition", "province", "grid_region").sort(pl.all())
    assert grids.select("edition", "province", "grid_region").sort(pl.all()).equals(shipped)
    assert mappings == refdata.boundary_mappings().height
    with pytest.raises(IntegrityError), transaction(factory, write=True) as s:
        s.add(
            TerritoryGridRegion(
                territory_code="500000",
                edition="mee_nbs_2021",
                grid_region="CN-X",
                valid_from=2021,
                valid_to=2030,
            )
        )
    engine.dispose()


def test_socioeconomic_inputs_round_trip_and_feed_the_figures(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory, write=True) as s:
        territories.seed_reference(s, SYSTEM)
        socioeconomic.put_year(
            s,
            SYSTEM,
            "500112",
            2024,
            {"gdp_10k_yuan": 2.5e7, "gdp_price_base_year": 2020, "vehicles": 6.1e5},
            source="test",
        )
    with transaction(factory, write=False) as s:
        figures = socioeconomic.figures_for(s, "500112", 2024, 500.0)
        stored = socioeconomic.list_years(s, "500112")[0]
    assert figures["intensity_t_per_10k_yuan"] == pytest.approx(500.0 / 2.5e7)
    assert figures["per_capita_t"] is None  # population not reported
    assert stored.vehicles == 6.1e5 and stored.gdp_price_base_year == 2020
    engine.dispose()
