"""Indicators, tasks and compliance computed from STORED data of the chosen territory (issue 12):
publishing an inventory and entering GDP change the derived indicators of that year, a year in
progress shows "not yet reported" per indicator, a second territory's enterprise does not switch
Liangjiang's compliance view."""

from __future__ import annotations

import polars as pl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.demo import enterprises as demo_enterprises
from cityclimate.demo.indicators import liangjiang_activities
from cityclimate.services import enterprises, imports, indicators, inventories, socioeconomic
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.storage.models import FactorSet, InventoryVersion
from tests.rules.enterprises import DEMO_REGISTRY

OFFICE = Actor(None, "office", "climate_office")
LJ = "LJ-2016"
#: Rows derived from the inventory, and one entered by hand.
DERIVED = ("energy_intensity_reduction", "co2_intensity_reduction")


def _publish_2024(session: Session) -> InventoryVersion:
    """A 2024 Liangjiang inventory through the services: the demo's 2023 records, one tenth
    more of everything, imported, computed with the demo's factor set and published."""
    records = liangjiang_activities().filter(pl.col("year") == 2023)
    records = records.with_columns(
        year=pl.lit(2024, records.schema["year"]),
        quantity=pl.col("quantity") * 1.1,
        record_id=pl.col("record_id").str.replace("-2023-", "-2024-", literal=True),
    )
    item = imports.stage_frame(session, OFFICE, records, territory_code=LJ, filename="2024.csv")
    imports.confirm_import(session, OFFICE, item.id)
    factor_set = session.scalars(select(FactorSet).where(FactorSet.name == "liangjiang-demo")).one()
    version = inventories.compute(
        session,
        OFFICE,
        territory_code=LJ,
        year=2024,
        import_id=item.id,
        factor_set_id=factor_set.id,
    )
    return inventories.publish(session, OFFICE, version.id)


def _rows(session: Session, year: int) -> dict[str, dict[str, object]]:
    board = indicators.board(session, OFFICE, LJ, year)
    return {r["indicator_id"]: r for r in board["indicators"]}


def test_publishing_2024_and_its_gdp_change_the_2024_derived_indicators(session: Session) -> None:
    assert 2024 not in indicators.years(session, OFFICE, LJ)
    published = _publish_2024(session)
    # The year is there once its inventory is published; without its GDP the derived
    # indicators are not yet reported, each on its own, and the board still answers.
    rows = _rows(session, 2024)
    for indicator_id in DERIVED:
        assert rows[indicator_id]["reported"] is False
        assert rows[indicator_id]["actual"] is None
        assert rows[indicator_id]["status_en"] == "not yet reported"
        assert rows[indicator_id]["status_zh"] == "尚未报送"
    gdp_2024 = 26_500_000.0  # 万元 at 2020 prices, typed in by the office
    socioeconomic.put_year(
        session,
        OFFICE,
        LJ,
        2024,
        {"gdp_10k_yuan": gdp_2024, "gdp_price_base_year": 2020, "population": 2_050_000},
        source="test",
    )
    # Oracle by hand: reduction of CO2 per GDP since 2020, from the two published totals and
    # the two stored GDPs (the demo's 2020 GDP is 2 070 亿元 = 20 700 000 万元).
    base = session.scalars(
        select(InventoryVersion).where(
            InventoryVersion.territory_code == LJ,
            InventoryVersion.year == 2020,
            InventoryVersion.status == "published",
        )
    ).one()
    expected = (1 - (published.gross_co2e_t / gdp_2024) / (base.gross_co2e_t / 20_700_000)) * 100
    rows = _rows(session, 2024)
    co2 = rows["co2_intensity_reduction"]
    assert co2["reported"] is True and co2["provenance"] == "derived_from_data"
    assert co2["actual"] == pytest.approx(expected, rel=1e-9)
    assert rows["energy_intensity_reduction"]["reported"] is True
    # No industrial value added for 2024 yet: that one alone is not reported.
    assert rows["industrial_co2_intensity_reduction"]["reported"] is False
    # The 2023 figures did not move.
    assert _rows(session, 2023)["co2_intensity_reduction"]["actual"] == pytest.approx(
        (1 - (_gross(session, 2023) / 24_990_779) / (base.gross_co2e_t / 20_700_000)) * 100
    )


def _gross(session: Session, year: int) -> float:
    return session.scalars(
        select(InventoryVersion.gross_co2e_t).where(
            InventoryVersion.territory_code == LJ,
            InventoryVersion.year == year,
            InventoryVersion.status == "published",
        )
    ).one()


def test_one_value_of_a_new_year_does_not_break_the_board(session: Session) -> None:
    indicators.add_entry(
        session,
        OFFICE,
        territory=LJ,
        indicator_id="green_building_share_of_new_buildings",
        year=2024,
        value=85.0,
        unit="%",
        source="统计公报",
    )
    assert 2024 in indicators.years(session, OFFICE, LJ)
    rows = _rows(session, 2024)
    assert rows["green_building_share_of_new_buildings"]["actual"] == pytest.approx(85.0)
    assert rows["green_building_share_of_new_buildings"]["reported"] is True
    silent = [r for r in rows.values() if not r["reported"]]
    assert len(silent) == len(rows) - 1
    assert all(r["status_en"] == "not yet reported" for r in silent)


def test_a_city_target_entered_by_hand_changes_the_stored_plan(session: Session) -> None:
    from cityclimate.services import plans

    indicators.add_entry(
        session,
        OFFICE,
        territory=LJ,
        indicator_id="co2_intensity_reduction",
        year=2025,
        value=18.0,
        unit="%",
        source="渝府发〔2025〕1号 (test)",
        kind="target",
    )
    assert plans.targets(session, LJ).target("co2_intensity_reduction") == (
        18.0,
        "渝府发〔2025〕1号 (test)",
    )
    row = _rows(session, 2022)["co2_intensity_reduction"]
    assert row["target_value"] == pytest.approx(18.0)


def test_another_district_s_enterprise_does_not_switch_liangjiang_s_compliance(
    session: Session,
) -> None:
    before = enterprises.compliance(session, OFFICE, 2020)
    assert before["territory"] == LJ and before["enterprises"] == DEMO_REGISTRY
    record = demo_enterprises.enterprises()[0]
    enterprises.register_enterprise(
        session,
        SYSTEM,
        {
            "enterprise_id": "000-YB",  # sorts before every Liangjiang enterprise
            "uscc": "91500000MA5UNEW01X",
            "name_zh": "渝北企业",
            "name_en": "a Yubei enterprise",
            "industry": record.industry,
            "territory": "500112",
            "sub_area": None,
            "mandatory_disclosure": True,
        },
        code_override_reason="test code",
    )
    after = enterprises.compliance(session, OFFICE, 2020)
    assert after["territory"] == LJ and after["enterprises"] == before["enterprises"]
    yubei = enterprises.compliance(session, OFFICE, 2020, territory="500112")
    assert yubei["territory"] == "500112" and yubei["enterprises"] == 1
