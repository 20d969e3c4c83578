"""Two users doing the same thing at the same moment, with real threads on SQLite and a real
PostgreSQL: two computes of one territory-year get consecutive numbers (no 500 on a number
clash); of two publishes of one draft, or two confirmations of one import, one wins and the
other is refused with a conflict (409 at the API), and the audit log records the step once.

How the race is made certain, not likely: the first user's step runs until it is about to be
committed (the service's last audit entry) and waits there; the second user's step starts and the
test waits until it has finished or is blocked by the database (PostgreSQL: ``pg_stat_activity``
shows it waiting for a lock); only then does the first one commit. SQLite writers take the
database's write lock at their start, so there the second simply waits for the first.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.services import audit, imports, inventories
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError
from cityclimate.storage import transaction
from cityclimate.storage.models import AuditEntry, InventoryVersion
from tests.storage.test_transactions import synthetic

OFFICE = Actor(None, "office", "climate_office")
Step = Callable[[Session], Any]


def _staged(sessions: sessionmaker[Session]) -> int:
    with transaction(sessions, write=True) as s:
        frame = synthetic(20).with_columns(pl.col("year").cast(pl.Int32))
        return imports.stage_frame(
            s, OFFICE, frame, territory_code="LJ-2016", filename="gas.csv"
        ).id


def _confirmed(sessions: sessionmaker[Session]) -> int:
    import_id = _staged(sessions)
    with transaction(sessions, write=True) as s:
        imports.confirm_import(s, OFFICE, import_id)
    return import_id


def _draft(sessions: sessionmaker[Session], import_id: int) -> int:
    with transaction(sessions, write=True) as s:
        return inventories.compute(
            s, OFFICE, territory_code="LJ-2016", year=2020, import_id=import_id
        ).id


def _blocked(sessions: sessionmaker[Session]) -> bool:
    """Whether another connection waits for a lock (PostgreSQL); SQLite: see the docstring."""
    with sessions() as s:
        if s.get_bind().dialect.name != "postgresql":
            return True
        waiting = s.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
        return bool(waiting)


def race(sessions: sessionmaker[Session], step: Step, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Run ``step`` twice at once as described above; return both outcomes (value or error)."""
    first_ready, first_go = threading.Event(), threading.Event()
    record = audit.record

    def held(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "first" and not first_ready.is_set():
            first_ready.set()
            assert first_go.wait(timeout=120)
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", held)
    outcomes: dict[str, Any] = {}

    def run() -> None:
        try:
            with transaction(sessions, write=True) as s:
                outcomes[threading.current_thread().name] = step(s)
        except Exception as exc:  # the outcome under test
            outcomes[threading.current_thread().name] = exc

    first = threading.Thread(target=run, name="first")
    second = threading.Thread(target=run, name="second")
    first.start()
    assert first_ready.wait(timeout=120)
    second.start()
    deadline = time.monotonic() + 120  # a hang guard, not a timing threshold
    while second.is_alive() and not _blocked(sessions):
        assert time.monotonic() < deadline, "the second user neither finished nor waited"
        time.sleep(0.01)
    first_go.set()
    first.join()
    second.join()
    return [outcomes["first"], outcomes["second"]]


def _audited(sessions: sessionmaker[Session], action: str, entity_id: int) -> int:
    with transaction(sessions) as s:
        return (
            s.scalar(
                select(func.count()).where(
                    AuditEntry.action == action, AuditEntry.entity_id == str(entity_id)
                )
            )
            or 0
        )


def _confirm(sessions: sessionmaker[Session]) -> tuple[int, Step]:
    import_id = _staged(sessions)
    return import_id, lambda s: imports.confirm_import(s, OFFICE, import_id)


def _publish(sessions: sessionmaker[Session]) -> tuple[int, Step]:
    draft = _draft(sessions, _confirmed(sessions))
    return draft, lambda s: inventories.publish(s, OFFICE, draft)


@pytest.mark.parametrize(("action", "prepare"), [("confirm", _confirm), ("publish", _publish)])
def test_of_two_identical_steps_one_wins_and_the_other_is_a_conflict(
    sessions: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    action: str,
    prepare: Callable[[sessionmaker[Session]], tuple[int, Step]],
) -> None:
    """Two confirmations of one import; two publishes of one draft."""
    entity_id, step = prepare(sessions)
    outcomes = race(sessions, step, monkeypatch)
    assert not isinstance(outcomes[0], Exception), outcomes[0]
    assert isinstance(outcomes[1], ConflictError), outcomes[1]
    assert _audited(sessions, action, entity_id) == 1


def test_two_publishes_of_two_drafts_of_one_year_leave_one_published(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    import_id = _confirmed(sessions)
    drafts = iter([_draft(sessions, import_id), _draft(sessions, import_id)])
    chosen: dict[str, int] = {}

    def publish_one(s: Session) -> inventories.Version:
        name = threading.current_thread().name
        chosen.setdefault(name, next(drafts))
        return inventories.publish(s, OFFICE, chosen[name])

    outcomes = race(sessions, publish_one, monkeypatch)
    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    with transaction(sessions) as s:
        statuses = {
            v.id: v.status
            for v in s.scalars(select(InventoryVersion).where(InventoryVersion.year == 2020))
        }
    # the later publication wins; the earlier one is superseded, still readable
    assert statuses == {chosen["first"]: "recalculated", chosen["second"]: "published"}


def test_two_computes_of_one_year_get_consecutive_numbers(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    import_id = _confirmed(sessions)
    _draft(sessions, import_id)  # number 1
    outcomes = race(
        sessions,
        lambda s: (
            inventories.compute(
                s, OFFICE, territory_code="LJ-2016", year=2020, import_id=import_id
            ).number
        ),
        monkeypatch,
    )
    assert outcomes == [2, 3]


def test_two_recalculations_of_one_published_version(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    import_id = _confirmed(sessions)
    published = _draft(sessions, import_id)
    with transaction(sessions, write=True) as s:
        inventories.publish(s, OFFICE, published)
    outcomes = race(
        sessions,
        lambda s: inventories.recalculate(s, OFFICE, published, reason="gas revised").number,
        monkeypatch,
    )
    assert outcomes == [2, 3]
