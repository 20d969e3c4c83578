"""One published version per territory and year, enforced by the database itself (a partial
unique index), on SQLite and on a real PostgreSQL; the migration that adds it first marks the
older of two published versions (left by the old code) superseded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from cityclimate.services import territories
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.migrate import alembic_config
from cityclimate.storage.models import (
    ActivityImport,
    FactorSet,
    InventoryVersion,
)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    yield built
    built.dispose()


def _prepare(engine: Engine) -> tuple[int, int]:
    """A territory, an import and a factor set to hang versions on (raw rows, no service)."""
    with transaction(make_sessionmaker(engine), write=True) as s:
        territories.seed_reference(s, SYSTEM)
        item = ActivityImport(territory_code="LJ-2016", filename="x.csv", sha256="", years=[2020])
        factors = FactorSet(name="f", method={})
        s.add_all([item, factors])
        s.flush()
        return item.id, factors.id


def _row(number: int, status: str, ids: tuple[int, int], year: int = 2020) -> dict[str, object]:
    return {
        "territory_code": "LJ-2016",
        "year": year,
        "number": number,
        "status": status,
        "reason": "",
        "import_id": ids[0],
        "factor_set_id": ids[1],
        "illustrative": False,
        "gross_co2e_t": 0.0,
        "report": {},
    }


def _insert(engine: Engine, *rows: dict[str, object]) -> None:
    with engine.begin() as conn:
        conn.execute(insert(InventoryVersion), list(rows))


def test_the_database_refuses_a_second_published_version(engine: Engine) -> None:
    upgrade(engine)
    ids = _prepare(engine)
    _insert(engine, _row(1, "published", ids), _row(2, "draft", ids), _row(3, "recalculated", ids))
    _insert(engine, _row(1, "published", ids, year=2019))  # another year: allowed
    with pytest.raises(IntegrityError):
        _insert(engine, _row(4, "published", ids))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE inventory_versions SET status = 'published' WHERE number = 2"))
    with engine.connect() as conn:
        published = conn.execute(
            select(InventoryVersion.year).where(InventoryVersion.status == "published")
        ).all()
    assert sorted(y for (y,) in published) == [2019, 2020]


def test_the_migration_supersedes_all_but_the_newest_published_version(engine: Engine) -> None:
    # the schema before the index (every other branch's head), where the old code left two
    # published versions of 2020
    scripts = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    for script in scripts.walk_revisions():
        ancestors = {a.revision for a in scripts.iterate_revisions(script.revision, "base")}
        if "0005_lifecycle" not in ancestors:
            upgrade(engine, script.revision)
    ids = _prepare(engine)
    _insert(
        engine,
        _row(1, "published", ids),
        _row(2, "published", ids),
        _row(3, "draft", ids),
        _row(1, "published", ids, year=2019),
    )
    upgrade(engine)
    with engine.connect() as conn:
        statuses = conn.execute(
            select(
                InventoryVersion.year, InventoryVersion.number, InventoryVersion.status
            ).order_by(InventoryVersion.year, InventoryVersion.number)
        ).all()
    assert [tuple(r) for r in statuses] == [
        (2019, 1, "published"),
        (2020, 1, "recalculated"),
        (2020, 2, "published"),
        (2020, 3, "draft"),
    ]
