"""Services on their own (no HTTP): method round trip, JSON safety, the version life cycle and
its audit trail, visibility of drafts, the demo loader's idempotence."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.demo.load import load_demo
from cityclimate.errors import DataValidationError
from cityclimate.inventory import Method
from cityclimate.services import audit, factor_sets, imports, inventories
from cityclimate.services.actors import SYSTEM, Actor
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
    assert factor_sets.method_from_json(factor_sets.method_to_json(method)) == method


def test_json_safe() -> None:
    assert audit.json_safe({"a": math.nan, "b": (1, math.inf)}) == {"a": None, "b": [1, None]}


def test_demo_is_loaded_once_and_published(session: Session) -> None:
    again = load_demo(session, SYSTEM)
    assert again["loaded"] is False
    rows, total = inventories.list_versions(session, SYSTEM, territory=liangjiang.TERRITORY)
    assert total == 5 and {v.status for v in rows} == {"published"}  # 2019–2023
    assert sorted(v.year for v in rows) == [2019, 2020, 2021, 2022, 2023]
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
    assert inventories.get_version(session, office, published.id).status == "recalculated"
    same = inventories.diff(session, office, new.id)
    assert all(abs(r["change_co2e_t"]) < 1e-6 for r in same["categories"])
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.username == "office").order_by(AuditEntry.id)
    ).all()
    assert actions == ["recalculate", "supersede", "publish"]


def test_publishing_a_new_version_of_a_year_supersedes_the_published_one(session: Session) -> None:
    office = Actor(None, "office", "climate_office")
    old = inventories.list_versions(
        session, SYSTEM, territory=liangjiang.TERRITORY, year=2020, status="published"
    )[0][0]
    new = inventories.compute(session, office, territory_code=liangjiang.TERRITORY, year=2020)
    assert (new.number, new.parent_id) == (2, None)  # a plain compute, not a recalculation
    assert new.status == "draft"
    published = inventories.publish(session, office, new.id)
    assert published.status == "published" and published.published_at is not None
    # the services hand out snapshots: read both versions again
    again = {
        v.id: v.status
        for v in inventories.list_versions(
            session, SYSTEM, territory=liangjiang.TERRITORY, year=2020
        )[0]
    }
    assert again == {old.id: "recalculated", new.id: "published"}
    trend = inventories.dashboard(session, Actor(None, "p", "public"), liangjiang.TERRITORY)
    assert [(t["year"], t["version_id"]) for t in trend["trend"]][:2] == [
        (2019, trend["trend"][0]["version_id"]),
        (2020, new.id),
    ]
    assert [t["year"] for t in trend["trend"]] == [2019, 2020, 2021, 2022, 2023]
    # the superseded version stays readable
    assert inventories.get_version(session, Actor(None, "p", "public"), old.id).id == old.id


def test_a_year_of_landfill_deposits_only_is_a_clear_data_error(session: Session) -> None:
    with pytest.raises(DataValidationError) as caught:
        inventories.compute(session, SYSTEM, territory_code=liangjiang.TERRITORY, year=2010)
    (problem,) = caught.value.problems
    assert (problem.field, problem.value) == ("year", "2010")
    assert "填埋" in problem.message_zh and "landfill" in problem.message_en


def test_lineage_hides_the_enterprise_of_a_result_from_public_and_enterprise_readers(
    session: Session,
) -> None:
    office = Actor(None, "office", "climate_office")
    frame = pl.DataFrame(
        {
            "record_id": ["E1"],
            "territory": [liangjiang.TERRITORY],
            "year": [2021],
            "category": ["energy.manufacturing.combustion"],
            "fuel": ["natural_gas"],
            "quantity": [10.0],
            "unit": ["10⁴Nm³"],
            "enterprise_id": ["LJ-PORT"],
        }
    )
    item = imports.stage_frame(
        session, office, frame, territory_code=liangjiang.TERRITORY, filename="e.csv"
    )
    imports.confirm_import(session, office, item.id)
    version = inventories.compute(
        session, office, territory_code=liangjiang.TERRITORY, year=2021, import_id=item.id
    )
    inventories.publish(session, office, version.id)
    result = inventories.list_results(session, office, version.id)[0][0]
    assert result["enterprise_id"] == "LJ-PORT"
    staff = inventories.lineage(session, office, version.id, result["id"])
    assert staff["result"]["enterprise_id"] == "LJ-PORT"
    for role in ("public", "enterprise"):
        shown = inventories.lineage(session, Actor(None, role, role), version.id, result["id"])
        assert shown["result"]["enterprise_id"] is None
        assert shown["activity_record"]["enterprise_id"] is None
        assert shown["result"]["co2e_t"] == staff["result"]["co2e_t"]
