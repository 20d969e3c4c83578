"""Where each staged activity record came from (migration 0013, issue 13), on SQLite and on a
real PostgreSQL: records staged before the migration keep their rows (sheet and headers null);
records staged after it keep their template sheet, and a version computed from them names the
sheet, the sheet's row and the column as the file shows them."""

from __future__ import annotations

import polars as pl
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.errors import MissingFactorError
from cityclimate.services import imports, inventories
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, transaction, upgrade
from cityclimate.storage.migrate import alembic_config

TEMPLATE = "模板.xlsx"
FUEL_SHEET, OTHER_SHEET = "能源消费 Fuel use", "交通 Transport"
FUEL_HEADER = "F 燃料/物料 / fuel"


def test_the_record_locations_branch_starts_at_0001(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    revision = script.get_revision("record_locations")
    assert revision is not None and revision.revision == "0013_record_locations"
    assert revision.down_revision == "0001"


def _old_rows(engine: Engine) -> None:
    """A territory, an import and one record as the schema of 0001 holds them (raw SQL)."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO territories (code, name_zh, name_en, level, illustrative) "
                "VALUES ('T1', '甲区', 'District A', 'district', false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO activity_imports (id, territory_code, filename, sha256, status, "
                "row_count, years, illustrative, created_at) VALUES (7, 'T1', 'old.csv', '', "
                "'confirmed', 1, '[2020]', false, CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO activity_records (import_id, row, record_id, territory, year, "
                "category, fuel, quantity, unit) VALUES (7, 5, 'r1', 'T1', 2020, "
                "'energy.manufacturing.combustion', 'natural_gas', 1.0, '10⁴Nm³')"
            )
        )


def test_records_staged_before_the_migration_keep_their_rows(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    _old_rows(engine)
    upgrade(engine)
    with engine.connect() as conn:
        record = conn.execute(text("SELECT row, sheet FROM activity_records")).one()
        headers = conn.execute(text("SELECT headers FROM activity_imports WHERE id = 7")).one()
    assert tuple(record) == (5, None) and headers[0] is None
    engine.dispose()


def _template_frame() -> pl.DataFrame:
    """Two records on row 3 of two sheets (as the template numbers them); the second, fuel oil
    on the road, has no CH4 factor in the shipped tables."""
    return pl.DataFrame(
        {
            "row": [3, 3],
            "sheet": [FUEL_SHEET, OTHER_SHEET],
            "record_id": ["gas", "oil"],
            "territory": ["LJ-2016", "LJ-2016"],
            "year": [2020, 2020],
            "category": ["energy.manufacturing.combustion", "energy.transport.road"],
            "fuel": ["natural_gas", "fuel_oil"],
            "quantity": [10.0, 7.0],
            "unit": ["10⁴Nm³", "t"],
        }
    )


def test_a_stored_template_names_sheet_row_and_column_when_computed(
    sessions: sessionmaker[Session],
) -> None:
    headers = {"fuel": FUEL_HEADER, "unit": "H 单位 / unit"}
    with transaction(sessions, write=True) as s:
        checked = imports.check_frame(
            s, _template_frame(), territory_code="LJ-2016", filename=TEMPLATE, headers=headers
        )
        item = imports.stage_checked(s, SYSTEM, checked)
        imports.confirm_import(s, SYSTEM, item.id)
        import_id = item.id
    with transaction(sessions) as s:
        stored = imports.load_records(s, import_id)
        assert stored.select("row", "sheet", "record_id").rows() == [
            (3, FUEL_SHEET, "gas"),
            (3, OTHER_SHEET, "oil"),
        ]
        assert imports.get_import(s, import_id).headers == headers
    with transaction(sessions, write=True) as s, pytest.raises(MissingFactorError) as caught:
        inventories.compute(s, SYSTEM, territory_code="LJ-2016", year=2020, import_id=import_id)
    placed = {(p.where, p.row, p.field, p.column, p.value) for p in caught.value.problems}
    assert placed == {(f"{TEMPLATE} [{OTHER_SHEET}]", 3, "fuel", FUEL_HEADER, "fuel_oil")}
    located = caught.value.problems[0].located()
    assert f"列 {FUEL_HEADER}" in located.zh and f"column '{FUEL_HEADER}'" in located.en
