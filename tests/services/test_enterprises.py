"""The enterprises service: the demo loads once, platform actors map to the core's roles, and
the workflow's audit lands in the audit log."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.demo import enterprises as demo
from cityclimate.demo.load import load_demo
from cityclimate.enterprises import Role
from cityclimate.services import accounts, enterprises
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.enterprises_models import EnterpriseFiling, EnterpriseRecord
from cityclimate.storage.models import AuditEntry
from tests.rules.enterprises import DEMO_REGISTRY


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    path = tmp_path_factory.mktemp("enterprises") / "e.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    factory = make_sessionmaker(engine)
    with transaction(factory, write=True) as s:
        load_demo(s, SYSTEM)
    yield factory
    engine.dispose()


def _user(s: Session, name: str, role: str) -> Actor:
    user = accounts.create_user(s, SYSTEM, username=name, password="x" * 12, role=role)
    return Actor(user.id, user.username, user.role)


def test_demo_loads_once_and_is_illustrative(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions, write=True) as s:
        again = enterprises.load_compliance_pack(
            s, SYSTEM, demo.pack(), demo.YEAR, note="again", illustrative=True
        )
        assert again == {"loaded": False}
        records = s.scalars(select(EnterpriseRecord)).all()
        assert len(records) == DEMO_REGISTRY and all(r.illustrative for r in records)
        assert {r.status for r in s.scalars(select(EnterpriseFiling))} >= {
            "accepted",
            "returned",
            "draft",
        }


def test_actors_map_to_core_roles(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions, write=True) as s:
        member = _user(s, "m1", "enterprise")
        enterprises.bind_member(s, SYSTEM, member.user_id, "LJ-DC")  # type: ignore[arg-type]
        verifier = _user(s, "v1", "public")
        enterprises.engage_verifier(s, SYSTEM, verifier.user_id, "LJ-DC")  # type: ignore[arg-type]
        department = _user(s, "d1", "department")
        assert enterprises.core_actor(s, member).enterprise_ids == frozenset({"LJ-DC"})
        assert enterprises.core_actor(s, verifier).role is Role.VERIFIER
        assert enterprises.core_actor(s, department).role is Role.PUBLIC
        assert enterprises.core_actor(s, SYSTEM).role is Role.ADMIN
        with pytest.raises(NotFoundError):
            enterprises.get_enterprise(s, member, "LJ-CHP")
        with pytest.raises(NotFoundError):
            enterprises.get_enterprise(s, department, "LJ-DC")
        with pytest.raises(ConflictError):
            enterprises.bind_member(s, SYSTEM, member.user_id, "LJ-CHP")  # type: ignore[arg-type]
        filing = enterprises.list_filings(s, member, "LJ-DC")[0]
        assert filing.status == "accepted"
        with pytest.raises(ConflictError):
            enterprises.prepare_report(s, member, "LJ-DC", 2020)
        with pytest.raises(PermissionDeniedError):
            enterprises.step_report(s, verifier, filing.id, "accept")


def test_every_step_is_audited(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions, write=True) as s:
        office = _user(s, "o1", "climate_office")
        tower = next(f for f in enterprises.list_filings(s, office) if f.status == "draft")
        before = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        with pytest.raises(PermissionDeniedError):
            enterprises.step_report(s, office, tower.id, "submit")  # only the enterprise files
        member = _user(s, "m2", "enterprise")
        enterprises.bind_member(s, SYSTEM, member.user_id, tower.enterprise_id)  # type: ignore[arg-type]
        done = enterprises.step_report(s, member, tower.id, "submit")
        assert done.status == "submitted" and done.submitted_at is not None
        entries = s.scalars(select(AuditEntry).where(AuditEntry.id > before)).all()
        last = [e for e in entries if e.entity == "enterprise_filing"][-1]
        assert last.action == "submit" and last.after is not None
        assert last.after["from"] == "draft" and last.after["status"] == "submitted"


def test_a_year_without_data_gives_an_empty_overview(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as s:
        data = enterprises.compliance(s, SYSTEM, 2024)
        assert data["enterprises"] == DEMO_REGISTRY
        assert data["overview"]["reconciliation"] is None  # no published inventory for 2024
        assert data["overview"]["pue"][0]["months_reported"] == 0


def test_no_ledger_rows_or_another_years_rows_are_not_filed(sessions) -> None:  # type: ignore[no-untyped-def]
    """The unfilled template must not empty what is stored (issue 20): nothing is filed."""
    from cityclimate.errors import DataValidationError

    with transaction(sessions) as s:
        before = [enterprises.ledger_view(i) for i in enterprises.list_ledgers(s, SYSTEM, "LJ-DC")]
    energy = demo.pack().ledgers["energy"].filter(enterprise_id="LJ-DC").drop("_row")
    for ledgers in ({}, {"energy": energy.with_columns(year=pl.lit(2019))}):
        with transaction(sessions, write=True) as s, pytest.raises(DataValidationError):
            enterprises.file_ledgers(
                s, SYSTEM, "LJ-DC", 2020, ledgers, filename="l.xlsx", sha256="0" * 64
            )
    with transaction(sessions) as s:
        after = [enterprises.ledger_view(i) for i in enterprises.list_ledgers(s, SYSTEM, "LJ-DC")]
    assert after == before
