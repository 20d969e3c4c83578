"""Editing a stored plan: assignments, deadlines, weights, departments.

Every edit is stored whole or not at all, audited with the edited part before and after, read
by the annual evaluation and carried by the plan's export. The expected scores are worked by
hand from the demo's task states and ``plan/data/task_status_scores.csv``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.errors import DataValidationError
from cityclimate.services import plan_edits, plans
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError
from cityclimate.services.indicators import evaluation
from cityclimate.storage import transaction
from cityclimate.storage.models import AuditEntry

OFFICE = Actor(None, "office", "climate_office")
LJ = "LJ-2016"
CLIMATE = "两江新区应对气候变化主管部门"
ECONOMY = "经济运行部门"
TRANSPORT = "交通管理部门"
ESTATES = "机关事务管理部门"


def _grade(session: Session, department: str) -> tuple[float, str]:
    grades = evaluation(session, OFFICE, LJ, 2023).grades.iter_rows(named=True)
    row = next(r for r in grades if r["department"] == department)
    return row["score"], row["grade_zh"]


def _audit(session: Session) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "plan").order_by(AuditEntry.id)
        )
    )


def test_every_edit_is_stored_audited_evaluated_and_exported(
    demo_sessions: sessionmaker[Session],
) -> None:
    with transaction(demo_sessions) as s:
        # 6.3.3 (not started) was due 2023-06-30: 0 points; the climate department scores
        # (30·100 + 10·(100 + 20 + 80 + 0 + 80 + 100 + 80)) / 100 = 76.
        assert _grade(s, CLIMATE) == (76.0, "合格")
        revision = plans.get_plan(s, LJ).revision
    with transaction(demo_sessions, write=True) as s:
        plan_edits.set_deadline(s, OFFICE, LJ, "6.3.3", dt.date(2024, 6, 30))
        plan_edits.assign_task(s, OFFICE, LJ, "4.1.1.2", lead=ECONOMY, supporting=[TRANSPORT])
        plan_edits.add_department(s, OFFICE, LJ, name_zh="两江新区数据局", name_en="Data bureau")
        plan_edits.set_weights(
            s, OFFICE, LJ, ESTATES, indicator_weights={}, task_weights={"4.3.2.6": 1.0}
        )
    with transaction(demo_sessions) as s:
        # Not started, deadline ahead on 31 Dec 2023: 50 points → (3000 + 10·510) / 100 = 81.
        assert _grade(s, CLIMATE) == (81.0, "良好")
        # Assessed on one task in progress (80 points) and nothing else: 80 exactly, 良好.
        assert _grade(s, ESTATES) == (80.0, "良好")
        result = evaluation(s, OFFICE, LJ, 2023)
        tasks = {r["task_id"]: r for r in result.tasks.iter_rows(named=True)}
        assert tasks["4.1.1.2"]["lead_department"] == ECONOMY
        assert TRANSPORT in tasks["4.1.1.2"]["cooperating_departments"]
        assert tasks["6.3.3"]["deadline"] == dt.date(2024, 6, 30)
        assert "6.3.3" not in result.rectification["subject_id"].to_list()
        stored = plans.get_plan(s, LJ)
        assert stored.revision == revision + 4
        assert "两江新区数据局" in {d.name_zh for d in stored.pack.departments}
        # The export is the edited plan, in the pack's own files.
        exported = plans.export_plan(s, LJ)
        assignment = next(
            line for line in exported["assignments.csv"].splitlines() if line.startswith("6.3.3,")
        )
        assert "2024-06-30" in assignment
        assert "两江新区数据局" in exported["departments.csv"]
        assert [line for line in exported["weights.csv"].splitlines() if ESTATES in line] == [
            line
            for line in exported["weights.csv"].splitlines()
            if ESTATES in line and "4.3.2.6" in line
        ]
        entries = _audit(s)[-4:]
        assert [e.action for e in entries] == [
            "set_task_deadline",
            "assign_task",
            "add_department",
            "set_weights",
        ]
        deadline = entries[0]
        assert deadline.username == "office"
        assert deadline.before is not None and deadline.after is not None
        assert deadline.before["edit"]["deadline"] == "2023-06-30"
        assert deadline.after["edit"]["deadline"] == "2024-06-30"
        assert deadline.after["revision"] == deadline.before["revision"] + 1
        assigned = entries[1]
        assert assigned.before is not None and assigned.after is not None
        assert (assigned.before["edit"]["lead"], assigned.after["edit"]["lead"]) == (
            CLIMATE,
            ECONOMY,
        )
        assert assigned.after["edit"]["supporting"] == [TRANSPORT]
        assert entries[2].before is not None and entries[2].before["edit"] is None
        weights = entries[3]
        assert weights.before is not None and weights.after is not None
        assert weights.before["edit"]["tasks"] == {"4.3.2.6": 40.0}
        assert weights.after["edit"] == {
            "department": ESTATES,
            "indicators": {},
            "tasks": {"4.3.2.6": 1.0},
        }


def _refused(call) -> DataValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(DataValidationError) as caught:
        call()
    return caught.value


def test_refused_edits_name_the_field_and_store_nothing(session: Session) -> None:
    before = plans.get_plan(session, LJ)
    audits = len(_audit(session))
    cases = [
        (
            lambda: plan_edits.assign_task(session, OFFICE, LJ, "9.9.9", lead=ECONOMY),
            "task_id",
            "9.9.9",
        ),
        (
            lambda: plan_edits.assign_task(session, OFFICE, LJ, "4.1.1.2", lead="无此部门"),
            "lead_department",
            "无此部门",
        ),
        (
            lambda: plan_edits.assign_task(
                session, OFFICE, LJ, "4.1.1.2", lead=ECONOMY, supporting=["无此部门"]
            ),
            "cooperating_departments",
            "无此部门",
        ),
        (
            lambda: plan_edits.set_weights(
                session, OFFICE, LJ, ESTATES, indicator_weights={}, task_weights={"4.3.2.6": 0}
            ),
            "4.3.2.6",
            "0",
        ),
        (
            lambda: plan_edits.set_weights(
                session,
                OFFICE,
                LJ,
                ESTATES,
                indicator_weights={"no_such": 1.0},
                task_weights={},
            ),
            "indicator",
            "no_such",
        ),
        (
            lambda: plan_edits.set_weights(
                session, OFFICE, LJ, ESTATES, indicator_weights={}, task_weights={"4.1": 1.0}
            ),
            "task_id",
            "4.1",
        ),
        (
            lambda: plan_edits.add_department(session, OFFICE, LJ, name_zh=ECONOMY, name_en="x"),
            "name_zh",
            ECONOMY,
        ),
        (
            lambda: plan_edits.add_department(session, OFFICE, LJ, name_zh="  ", name_en="x"),
            "name_zh",
            "",
        ),
        (
            lambda: plan_edits.add_department(session, OFFICE, LJ, name_zh="新部门", name_en=" "),
            "name_en",
            "",
        ),
        (
            lambda: plan_edits.add_department(
                session, OFFICE, LJ, name_zh="新部门", name_en="New", kind="bureau"
            ),
            "kind",
            "bureau",
        ),
    ]
    for call, field, value in cases:
        problem = _refused(call).problems[0]
        assert (problem.field, problem.value) == (field, value)
        assert problem.message_zh and problem.message_en
    after = plans.get_plan(session, LJ)
    assert (after.revision, after.digest) == (before.revision, before.digest)
    assert len(_audit(session)) == audits


def test_a_deadline_needs_a_lead_and_none_restores_the_plan_s_own(session: Session) -> None:
    pack = plans.get_plan(session, LJ).pack
    assigned = {a.task_id for a in pack.assignments}
    unassigned = next(i.id for i in pack.items if i.level.value == "task" and i.id not in assigned)
    problem = _refused(
        lambda: plan_edits.set_deadline(session, OFFICE, LJ, unassigned, dt.date(2024, 1, 1))
    ).problems[0]
    assert problem.field == "deadline" and "lead department" in problem.message_en
    plan_edits.set_deadline(session, OFFICE, LJ, "6.3.3", None)
    tasks = {
        r["task_id"]: r for r in evaluation(session, OFFICE, LJ, 2023).tasks.iter_rows(named=True)
    }
    # The plan's own deadline for 6.3.3 is its period's end (2025-12-31).
    assert tasks["6.3.3"]["deadline"] == dt.date(2025, 12, 31)
    assert tasks["6.3.3"]["deadline_basis"] == "plan_period_end"


def test_assigning_keeps_the_deadline_and_drops_the_lead_from_its_supporters(
    session: Session,
) -> None:
    stored = plan_edits.assign_task(
        session, OFFICE, LJ, "6.3.3", lead=TRANSPORT, supporting=[TRANSPORT, " 经济运行部门 ", ""]
    )
    assignment = next(a for a in stored.pack.assignments if a.task_id == "6.3.3")
    assert assignment.lead_department == TRANSPORT
    assert assignment.cooperating_departments == (ECONOMY,)
    assert assignment.deadline == dt.date(2023, 6, 30)


def test_weights_emptied_take_the_department_out_of_the_assessment(session: Session) -> None:
    plan_edits.set_weights(session, OFFICE, LJ, ESTATES, indicator_weights={}, task_weights={})
    departments = evaluation(session, OFFICE, LJ, 2023).grades["department"].to_list()
    assert ESTATES not in departments and CLIMATE in departments


def test_a_new_department_can_lead_a_task_at_once(session: Session) -> None:
    plan_edits.add_department(
        session,
        OFFICE,
        LJ,
        name_zh="两江新区数据局",
        name_en="Data bureau",
        kind="platform_company",
    )
    stored = plan_edits.assign_task(session, OFFICE, LJ, "6.3.3", lead="两江新区数据局")
    department = next(d for d in stored.pack.departments if d.name_zh == "两江新区数据局")
    assert department.kind.value == "platform_company"


def test_a_territory_without_a_plan_cannot_be_edited(session: Session) -> None:
    with pytest.raises(NotFoundError):
        plan_edits.add_department(session, OFFICE, "500112", name_zh="新部门", name_en="New")
