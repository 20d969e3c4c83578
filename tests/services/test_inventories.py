"""Services on their own (no HTTP): method round trip, JSON safety, the version life cycle and
its audit trail, visibility of drafts, the demo loader's idempotence."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.inventory import Method
from cityclimate.services import audit, inventories
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.services.demo import load_demo
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.models import AuditEntry, InventoryResult


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory, write=True) as s:
        load_demo(s, SYSTEM)
    with transaction(factory, write=True) as s:
        yield s
    engine.dispose()


def test_method_round_trip() -> None:
    method = Method(gwp_set="AR6", electricity=("cn_grid_ets",), nearest_year=True)
    assert inventories.method_from_json(inventories.method_to_json(method)) == method


def test_json_safe() -> None:
    assert audit.json_safe({"a": math.nan, "b": (1, math.inf)}) == {"a": None, "b": [1, None]}


def test_demo_is_loaded_once_and_published(session: Session) -> None:
    again = load_demo(session, SYSTEM)
    assert again["loaded"] is False
    rows, total = inventories.list_versions(session, SYSTEM, territory=liangjiang.TERRITORY)
    assert total == 2 and {v.status for v in rows} == {"published"}
    assert all(v.illustrative for v in rows)


def test_results_keep_lineage_and_sum_to_the_total(session: Session) -> None:
    version = inventories.list_versions(session, SYSTEM, year=2020)[0][0]
    gross = session.scalar(
        select(func.sum(InventoryResult.co2e_t)).where(
            InventoryResult.version_id == version.id, InventoryResult.sector != "sinks"
        )
    )
    assert gross == pytest.approx(version.gross_co2e_t, rel=1e-9)
    missing = session.scalar(
        select(func.count()).where(
            InventoryResult.version_id == version.id,
            (InventoryResult.record_id.is_(None)) | (InventoryResult.factor_id.is_(None)),
        )
    )
    assert missing == 0


def test_life_cycle_with_audit(session: Session) -> None:
    office = Actor(None, "office", "climate_office")
    published = inventories.list_versions(session, SYSTEM, year=2019)[0][0]
    with pytest.raises(ConflictError):
        inventories.recompute(session, office, published.id)
    with pytest.raises(Exception, match="reason"):
        inventories.recalculate(session, office, published.id, reason="  ")
    new = inventories.recalculate(session, office, published.id, reason="error correction")
    assert new.status == "draft" and new.parent_id == published.id and new.number == 2
    public = Actor(None, "someone", "public")
    with pytest.raises(NotFoundError):
        inventories.get_version(session, public, new.id)
    assert new.id not in [v.id for v in inventories.list_versions(session, public)[0]]
    inventories.publish(session, office, new.id)
    assert published.status == "recalculated"
    same = inventories.diff(session, office, new.id)
    assert all(abs(r["change_co2e_t"]) < 1e-6 for r in same["categories"])
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.username == "office").order_by(AuditEntry.id)
    ).all()
    assert actions == ["recalculate", "supersede", "publish"]
