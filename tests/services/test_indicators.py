"""The indicators and plan-tracking use cases on the demo database: board, detail, manual values
validated by the core, the task board by department, task events through the workflow, the
assessment, publication and the XLSX export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.services import indicators
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError, PermissionDeniedError
from cityclimate.storage.models import AuditEntry, User

OFFICE = Actor(None, "office", "climate_office")
PUBLIC = Actor(None, "citizen", "public")
DEPARTMENT = "经济运行部门"
LJ = "LJ-2016"


def department_actor(session: Session, department: str = DEPARTMENT) -> Actor:
    user = session.scalars(select(User).where(User.username == "department")).one()
    indicators.set_department(session, OFFICE, user.id, department, territory=LJ)
    return Actor(user.id, user.username, "department")


def test_the_board_shows_all_13_indicators_for_every_demo_year(session: Session) -> None:
    assert indicators.years(session, OFFICE, LJ) == [2021, 2022, 2023]
    for year in (2021, 2022, 2023):
        board = indicators.board(session, OFFICE, LJ, year)
        assert {r["number"] for r in board["indicators"]} == set(range(1, 14))
        assert all(r["status"] for r in board["indicators"])
        assert board["illustrative"] and "ILLUSTRATIVE" in board["notice"]["en"]
    rows = {r["indicator_id"]: r for r in indicators.board(session, OFFICE, LJ, 2022)["indicators"]}
    co2 = rows["co2_intensity_reduction"]
    assert co2["provenance"] == "derived_from_data"  # computed from the demo inventory
    assert co2["status"] == "needs_acceleration" and co2["veto"]
    assert co2["history"][0]["year"] == 2020


def test_the_public_sees_published_years_only(session: Session) -> None:
    assert indicators.years(session, PUBLIC, LJ) == [2021, 2022]
    with pytest.raises(NotFoundError):
        indicators.board(session, PUBLIC, LJ, 2023)
    indicators.publish_evaluation(session, OFFICE, LJ, 2023)
    assert indicators.board(session, PUBLIC, LJ, 2023)["published"]


def test_detail_has_sources_history_and_findings(session: Session) -> None:
    detail = indicators.indicator_detail(session, OFFICE, LJ, "datacentre_pue_new", 2022)
    assert detail["definition"]["unit"] == "dimensionless"
    assert all(v["source"] for v in detail["values"])
    assert any("1.25" in f["message_en"] for f in detail["findings"])  # Table 1 vs text
    with pytest.raises(NotFoundError):
        indicators.indicator_detail(session, OFFICE, LJ, "no_such_indicator", 2022)


@pytest.mark.parametrize(
    ("year", "value", "unit", "field"),
    [
        (2023, 80.0, "t", "unit"),  # a unit that does not convert to %
        (2023, 180.0, "%", "value"),  # a share above 100 %
        (2030, 80.0, "%", "year"),  # outside the plan period
        (2023, float("nan"), "%", "value"),
    ],
)
def test_bad_manual_values_are_refused_with_their_field(
    session: Session, year: int, value: float, unit: str, field: str
) -> None:
    with pytest.raises(DataValidationError) as caught:
        indicators.add_entry(
            session,
            OFFICE,
            territory=LJ,
            indicator_id="green_building_share_of_new_buildings",
            year=year,
            value=value,
            unit=unit,
            source="统计局",
        )
    assert caught.value.problems[0].field == field


def test_a_manual_value_replaces_the_earlier_one_and_is_audited(session: Session) -> None:
    kwargs = {"indicator_id": "green_building_share_of_new_buildings", "year": 2023}
    indicators.add_entry(session, OFFICE, territory=LJ, **kwargs, value=81, unit="%", source="a")
    indicators.add_entry(session, OFFICE, territory=LJ, **kwargs, value=82, unit="%", source="b")
    detail = indicators.indicator_detail(session, OFFICE, LJ, kwargs["indicator_id"], 2023)
    mine = [e for e in detail["entries"] if e["year"] == "2023" and not e["illustrative"]]
    assert len(mine) == 1 and mine[0]["source"] == "b"
    assert detail["evaluation"]["actual"] == pytest.approx(82.0)
    query = select(AuditEntry).where(AuditEntry.entity == "indicator_value")
    entries = list(session.scalars(query.order_by(AuditEntry.id)))
    assert len(entries) == 2  # the second replaced the first (which replaced the demo's row)
    assert entries[1].before is not None and float(entries[1].before["value"]) == 81


def test_a_department_sees_and_updates_its_own_tasks_only(session: Session) -> None:
    actor = department_actor(session)
    board = indicators.task_board(session, actor, LJ)
    assert board["tasks"] and {t["lead_department"] for t in board["tasks"]} == {DEPARTMENT}
    # A fixed "today" after the plan period, so the overdue count does not depend on the clock.
    everything = indicators.task_board(session, OFFICE, LJ, today=dt.date(2026, 6, 30))
    assert len(everything["tasks"]) > len(board["tasks"])
    first = everything["tasks"][0]
    assert first["task_id"] == "4.1.1.1" and first["branch"][0]["id"] == "4"  # the chapter
    assert all(t["deadline"] and t["lead_department"] for t in everything["tasks"])
    assert everything["overdue"] > 0
    own = next(t for t in board["tasks"] if t["status"] == "not_started")
    indicators.add_task_event(session, actor, LJ, own["task_id"], status="in_progress")
    after = indicators.task_board(session, actor, LJ, status="in_progress")
    assert own["task_id"] in {t["task_id"] for t in after["tasks"]}
    other = next(t for t in everything["tasks"] if t["lead_department"] != DEPARTMENT)
    with pytest.raises(PermissionDeniedError):
        indicators.add_task_event(session, actor, LJ, other["task_id"], status="in_progress")


def test_an_unlinked_department_sees_no_task(session: Session) -> None:
    user = session.scalars(select(User).where(User.username == "department")).one()
    assert (
        indicators.task_board(session, Actor(user.id, "department", "department"), LJ)["tasks"]
        == []
    )
    with pytest.raises(PermissionDeniedError):
        indicators.task_board(session, PUBLIC, LJ)


def test_the_workflow_refuses_done_without_evidence_and_accepts_it_with(session: Session) -> None:
    task = next(
        t
        for t in indicators.task_board(session, OFFICE, LJ)["tasks"]
        if t["status"] == "in_progress"
    )
    with pytest.raises(DataValidationError) as caught:
        indicators.add_task_event(session, OFFICE, LJ, task["task_id"], status="done")
    assert "evidence" in caught.value.problems[0].message_en
    assert caught.value.problems[0].where == "form"
    indicators.add_task_event(
        session,
        OFFICE,
        LJ,
        task["task_id"],
        status="done",
        evidence_description="acceptance report",
        evidence_reference="doc://2026/1",
    )
    done = indicators.task_board(session, OFFICE, LJ, status="done")["tasks"]
    assert task["task_id"] in {t["task_id"] for t in done}


def test_assessment_grades_rectification_and_xlsx(session: Session) -> None:
    data = indicators.assessment(session, OFFICE, LJ, 2022)
    grades = {g["department"]: g for g in data["grades"]}
    assert grades["两江新区应对气候变化主管部门"]["grade"] == "fail"  # vetoed
    assert data["rectification"] and data["rectification"][0]["deadline"] == "2023-03-31"
    from cityclimate.io.evaluation_export import annual_evaluation_xlsx

    workbook = annual_evaluation_xlsx(indicators.evaluation(session, OFFICE, LJ, 2022))
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    assert "ILLUSTRATIVE" in str(book.worksheets[0].cell(2, 1).value)
    assert len(book.sheetnames) == 10


def test_the_demo_loads_once(session: Session) -> None:
    from cityclimate.demo.load import load_demo

    before = indicators.board(session, OFFICE, LJ, 2022)
    assert load_demo(session, OFFICE)["loaded"] is False
    assert indicators.board(session, OFFICE, LJ, 2022) == before
