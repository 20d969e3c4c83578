"""Parks on SQLite and PostgreSQL: the branch head, boundary versions that never change, data
stored whole or not at all, sector rows replaced by key, one published evaluation per year."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from cityclimate.demo import enterprises as demo_enterprises
from cityclimate.demo import parks as demo_parks
from cityclimate.errors import DataValidationError
from cityclimate.services import parks
from cityclimate.services.actors import SYSTEM
from cityclimate.services.enterprises.registry import enterprise_row
from cityclimate.services.errors import ConflictError
from cityclimate.services.territories import seed_reference
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.migrate import alembic_config
from cityclimate.storage.models import AuditEntry
from cityclimate.storage.parks_models import ParkBoundaryRecord, ParkEvaluationRecord, SectorValue


def test_the_parks_branch_has_its_own_head(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    revision = script.get_revision("parks@head")
    assert revision is not None and revision.revision == "0019_sector_territory"
    assert revision.down_revision == "0011_parks"
    first = script.get_revision("0011_parks")
    assert first is not None and first.down_revision == "0001"


def test_parks_are_stored_versioned_and_audited(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = make_sessionmaker(engine)
    definition = demo_parks.park_definition()
    with transaction(sessions, write=True) as s:
        seed_reference(s, SYSTEM)
        for e in demo_enterprises.enterprises():
            s.add(enterprise_row(e, illustrative=True))
        s.flush()
        parks.save_park(s, SYSTEM, parks.park_from_json(definition))
    changed = dict(definition, boundaries=[dict(definition["boundaries"][0], valid_from=2019)])
    with pytest.raises(ConflictError), transaction(sessions, write=True) as s:
        parks.save_park(s, SYSTEM, parks.park_from_json(changed))
    bad = [dict(r) for r in demo_parks.data_rows("attributes")]
    bad[1]["attribute_id"] = bad[0]["attribute_id"]
    with transaction(sessions, write=True) as s:
        parks.put_data(s, SYSTEM, "LJ-ZCP", "attributes", demo_parks.data_rows("attributes"))
    with pytest.raises(DataValidationError), transaction(sessions, write=True) as s:
        parks.put_data(s, SYSTEM, "LJ-ZCP", "attributes", bad)
    rows = demo_parks.sector_rows()[:3]
    with transaction(sessions, write=True) as s:
        parks.put_sector(s, SYSTEM, "LJ-2016", rows)
        parks.put_sector(s, SYSTEM, "LJ-2016", [dict(rows[0], value="9")])
    with transaction(sessions) as s:
        assert parks.load_park(s, "LJ-ZCP").boundaries[0].valid_from == 2020
        assert s.scalar(select(func.count()).select_from(ParkBoundaryRecord)) == 2
        stored = parks.data_frame(s, "LJ-ZCP", "attributes")
        assert stored["attribute_id"].to_list() == ["GP-2023-DC", "GEC-2023-AUTO"]
        assert s.scalar(select(func.count()).select_from(SectorValue)) == 3
        assert (
            s.scalar(select(SectorValue.value).where(SectorValue.measure == rows[0]["measure"]))
            == 9.0
        )
        actions = s.scalars(
            select(AuditEntry.entity).where(
                AuditEntry.entity.in_(["park", "park_data", "sector_data"])
            )
        ).all()
        assert sorted(actions) == ["park", "park_data", "sector_data", "sector_data"]
    for _ in range(2):
        try:
            with transaction(sessions, write=True) as s:
                s.add(
                    ParkEvaluationRecord(
                        park_id="LJ-ZCP",
                        year=2020,
                        electricity_method="market_based",
                        boundary_version=1,
                        rows=[],
                        totals={},
                    )
                )
        except IntegrityError:
            break
    else:
        pytest.fail("the database took two published evaluations of one park and year")
    engine.dispose()


def test_stored_sector_rows_get_their_territory_on_upgrade(database_url: str) -> None:
    """0019 gives the rows stored by 0011 a territory: a park's row its park's, a district row
    the territory of the first park when several territories exist."""
    engine = make_engine(database_url)
    upgrade(engine, "0011_parks")
    now = "2026-12-05 00:00:00+00:00"
    with engine.begin() as c:
        for code in ("A-1", "B-2"):
            c.execute(
                text(
                    "INSERT INTO territories (code, name_zh, name_en, level, illustrative)"
                    " VALUES (:c, :c, :c, 'district', false)"
                ),
                {"c": code},
            )
        c.execute(
            text(
                "INSERT INTO parks (park_id, territory_code, name_zh, name_en, kind,"
                " indicator_set, base_year, target_year, electricity_method, illustrative,"
                " updated_at) VALUES ('P', 'B-2', 'p', 'p', 'park', 's', 2020, 2030,"
                " 'location_based', false, :now)"
            ),
            {"now": now},
        )
        for park in ("P", ""):
            c.execute(
                text(
                    "INSERT INTO sector_values (measure, year, site, park_id, value, unit,"
                    " source, illustrative, updated_at) VALUES ('nev_fleet', 2020, '', :p, 1,"
                    " '1', '', false, :now)"
                ),
                {"p": park, "now": now},
            )
    upgrade(engine)
    with engine.connect() as c:
        rows = c.execute(
            text("SELECT park_id, territory_code FROM sector_values ORDER BY park_id")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("", "B-2"), ("P", "B-2")]
