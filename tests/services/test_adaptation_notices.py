"""Warning notices on stored data (the first test on SQLite and PostgreSQL): the demo's summer sends its warnings
to the departments responsible, a department acknowledges its own (once), the office
escalates what is overdue at a given time (once), a re-evaluation keeps acknowledgements and
withdraws notices of warnings that are gone; forecasts stored after the observations raise
warnings marked as forecast; the census replaces whole (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.adaptation.census import parse_census
from cityclimate.adaptation.feeds import Forecast
from cityclimate.adaptation.model import Observation
from cityclimate.errors import DataValidationError
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation import census, notices, uploads, warnings
from cityclimate.services.errors import ConflictError, PermissionDeniedError
from cityclimate.services.indicators import set_department
from cityclimate.storage import transaction
from cityclimate.storage.adaptation_models import AdaptationNotice
from cityclimate.storage.models import AuditEntry, User

OFFICE = Actor(None, "office", "climate_office")
LJ = "LJ-2016"
CST = dt.timezone(dt.timedelta(hours=8))


def _department(session: Session, name: str) -> Actor:
    user = session.scalars(select(User).where(User.username == "department")).one()
    set_department(session, OFFICE, user.id, name, territory=LJ)
    return Actor(user.id, user.username, "department")


def test_the_summer_notifies_the_departments_responsible(
    demo_sessions: sessionmaker[Session],
) -> None:
    with transaction(demo_sessions, write=True) as session:
        _summer_notices(session)


def _summer_notices(session: Session) -> None:
    found = notices.notices(session, OFFICE, LJ)
    by_department: dict[str, set[str]] = {}
    for n in found:
        by_department.setdefault(n.department, set()).add(f"{n.hazard}.{n.level}")
    # demo responsibilities.csv: heat from yellow -> 社会发展部门 and 建设管理部门; heat from
    # orange and every rainstorm -> 应急管理部门; rainstorm from orange -> 交通管理部门.
    assert "heat.yellow" in by_department["社会发展部门"]
    assert "heat.yellow" not in by_department["应急管理部门"]
    assert {"heat.orange", "heat.red", "rainstorm.blue"} <= by_department["应急管理部门"]
    # the 8 July storm: issued orange, upgraded to red (both sent); no other storm reached orange
    assert by_department["交通管理部门"] == {"rainstorm.orange", "rainstorm.red"}
    # escalated by the demo on 1 August: every notice due before then, none after
    cut = dt.datetime(2024, 8, 1, tzinfo=CST)
    for n in found:
        due = n.due_at if n.due_at.tzinfo else n.due_at.replace(tzinfo=dt.UTC)
        assert (n.escalated_at is not None) == (due <= cut), n.id


def test_a_department_acknowledges_its_own_notice_once(session: Session) -> None:
    actor = _department(session, "交通管理部门")
    mine = notices.notices(session, actor, LJ)
    assert mine and {n.department for n in mine} == {"交通管理部门"}
    now = dt.datetime(2024, 9, 1, tzinfo=dt.UTC)
    done = notices.acknowledge(session, actor, mine[0].id, now)
    assert done.acknowledged_by == actor.user_id
    with pytest.raises(ConflictError) as caught:
        notices.acknowledge(session, actor, mine[0].id, now)
    assert (
        "department" in caught.value.message.en
        and "2024-09-01 00:00 UTC" in caught.value.message.en
    )
    other = notices.notices(session, OFFICE, LJ)
    foreign = next(n for n in other if n.department != "交通管理部门")
    with pytest.raises(PermissionDeniedError):
        notices.acknowledge(session, actor, foreign.id, now)
    with pytest.raises(PermissionDeniedError):
        notices.acknowledge(session, OFFICE, foreign.id, now)  # the office does not answer for one
    with pytest.raises(PermissionDeniedError):
        notices.notices(session, Actor(None, "x", "enterprise"), LJ)


def test_escalation_takes_what_is_overdue_at_the_time_given_once(session: Session) -> None:
    pending = [n for n in notices.notices(session, OFFICE, LJ, pending_only=True)
               if n.escalated_at is None]  # fmt: skip
    assert pending, "the demo leaves August's notices unescalated"
    first_due = min(n.due_at for n in pending)
    first_due = first_due if first_due.tzinfo else first_due.replace(tzinfo=dt.UTC)
    assert notices.escalate(session, OFFICE, LJ, first_due - dt.timedelta(seconds=1)) == []
    escalated = notices.escalate(session, OFFICE, LJ, first_due)
    assert escalated and all(
        (n.due_at if n.due_at.tzinfo else n.due_at.replace(tzinfo=dt.UTC)) <= first_due
        for n in escalated
    )
    assert notices.escalate(session, OFFICE, LJ, first_due) == []  # nothing twice
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "escalate").order_by(AuditEntry.id.desc())
    ).first()
    assert entry is not None and entry.entity == "adaptation_notices"


def test_a_re_evaluation_keeps_acknowledgements(session: Session) -> None:
    actor = _department(session, "社会发展部门")
    first = notices.notices(session, actor, LJ)[0]
    notices.acknowledge(session, actor, first.id, dt.datetime(2024, 9, 1, tzinfo=dt.UTC))
    before = len(notices.notices(session, OFFICE, LJ))
    warnings.evaluate(session, OFFICE, LJ)
    again = session.get(AdaptationNotice, first.id)
    assert again is not None and again.acknowledged_at is not None and not again.withdrawn
    assert len(notices.notices(session, OFFICE, LJ)) == before  # nothing sent twice


def test_a_forecast_after_the_observations_raises_a_forecast_warning(session: Session) -> None:
    # The demo's S-YL observations end on 31 August 23:00 (CST); 3 hours of forecast rain
    # of 40 mm each reach the red rule (100 mm in 3 h).
    issued = dt.datetime(2024, 8, 31, 23, tzinfo=CST)
    rain = [
        Forecast(Observation("S-YL", issued + dt.timedelta(hours=h), "precipitation", 40.0), issued)
        for h in (1, 2, 3)
    ]
    warnings.import_forecast(session, OFFICE, LJ, rain, where="forecast.csv")
    events = warnings.evaluate(session, OFFICE, LJ)
    red = [
        e for e in events if e.site == "S-YL" and e.hazard == "rainstorm" and e.level.value == "red"
    ]
    assert red and red[-1].forecast and red[-1].time > issued
    assert not any(e.forecast for e in events if e.time <= issued)
    stored = [e for e in warnings.warning_events(session, LJ) if e.forecast]
    assert [e.sequence for e in stored if e.level.value == "red"] == [red[-1].sequence]
    cap = warnings.cap_alerts(session, LJ)[red[-1].sequence - 1]
    assert cap.infos[0].certainty == "Likely" and cap.infos[0].urgency == "Expected"


def test_the_census_replaces_whole_and_a_bad_file_changes_nothing(session: Session) -> None:
    assert len(census.census(session, LJ)) == 10  # demo census.csv
    rows = [{"record_id": "X1", "hazard_type": "landslide", "name": "新坡", "sub_area": "",
             "longitude": "106.6", "latitude": "29.7", "source": ""}]  # fmt: skip
    with pytest.raises(DataValidationError):
        uploads.import_rows(session, OFFICE, LJ, "census", [{**rows[0], "latitude": "95"}],
                            where="bad.csv")  # fmt: skip
    assert len(census.census(session, LJ)) == 10
    census.import_census(session, OFFICE, LJ, parse_census(rows, "new.csv"), where="new.csv")
    (only,) = census.census(session, LJ)
    assert only.source == "new.csv"  # no source column value: the file stands in
