"""Task events against their stored history, on SQLite and PostgreSQL (issue 20).

Before: a past-dated event repeating the task's current status was stored (201), and from
then on the service's own replay refused the history: the task board answered 422 for every
role. Now the event is refused (422, naming both dates, in zh and en), and a board over a
history that is already bad (stored before this check) shows the bad record flagged and the
other tasks as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError
from cityclimate.services import indicators, plans, territories
from cityclimate.services.actors import Actor
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.indicators_models import PlanTaskEvent

OFFICE = Actor(None, "office", "climate_office")
LJ = "LJ-2016"
TASK = "4.1.1.1"


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    engine = make_engine(database_url)
    upgrade(engine)
    with transaction(make_sessionmaker(engine), write=True) as s:
        territories.seed_reference(s, OFFICE)
        plans.import_plan(s, OFFICE, liangjiang.plan_pack_files())
        yield s
    engine.dispose()


def status_of(session: Session, task_id: str) -> str:
    board = indicators.task_board(session, OFFICE, LJ, today=dt.date(2025, 1, 1))
    return next(t["status"] for t in board["tasks"] if t["task_id"] == task_id)


def test_a_past_event_repeating_the_current_status_is_refused(session: Session) -> None:
    indicators.add_task_event(
        session, OFFICE, LJ, TASK, status="in_progress", on=dt.date(2024, 3, 1)
    )
    with pytest.raises(DataValidationError) as caught:
        indicators.add_task_event(
            session, OFFICE, LJ, TASK, status="in_progress", on=dt.date(2023, 5, 1)
        )
    problem = caught.value.problems[0]
    assert problem.where == "form"
    assert "2023-05-01" in problem.message_en and "2024-03-01" in problem.message_en
    assert "2024-03-01" in problem.message_zh
    # Nothing was stored and the board still answers.
    assert status_of(session, TASK) == "in_progress"
    board = indicators.task_board(session, OFFICE, LJ, today=dt.date(2025, 1, 1))
    assert board["flagged"] == []


def test_a_bad_stored_record_is_flagged_and_the_board_still_answers(session: Session) -> None:
    indicators.add_task_event(
        session, OFFICE, LJ, TASK, status="in_progress", on=dt.date(2024, 3, 1)
    )
    indicators.add_task_event(
        session, OFFICE, LJ, "4.1.1.2", status="in_progress", on=dt.date(2024, 3, 1)
    )
    # A record stored before the check existed (as the defect stored it).
    session.add(
        PlanTaskEvent(
            territory_code=LJ,
            task_id=TASK,
            happened_on=dt.date(2023, 5, 1),
            event="status",
            status="in_progress",
            reason="",
            evidence_description="",
            evidence_reference="",
            created_by=None,
        )
    )
    session.flush()
    board = indicators.task_board(session, OFFICE, LJ, today=dt.date(2025, 1, 1))
    assert len(board["flagged"]) == 1
    assert "2024-03-01" in board["flagged"][0]["en"] and board["flagged"][0]["zh"]
    statuses = {t["task_id"]: t["status"] for t in board["tasks"]}
    assert statuses[TASK] == "in_progress" and statuses["4.1.1.2"] == "in_progress"
    assert len(board["tasks"]) > 2
