"""Closing rectification items with evidence: who may, what is stored, what is refused.

The demo's 2023 evaluation lists five items (worked out from its task states and weights):
4.1.1.2 and 6.3.3 of the climate department, 8.2.1 of the economy department,
green_building_share_of_new_buildings of construction, 4.3.3.6 of transport.
"""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.errors import DataValidationError
from cityclimate.io.evidence_files import read_evidence
from cityclimate.services import accounts, rectification
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.services.indicators import set_department
from cityclimate.services.indicators.evaluation import evaluation
from cityclimate.storage import transaction
from cityclimate.storage.models import AuditEntry
from cityclimate.storage.rectification_models import EvidenceFile, RectificationClosure
from tests import evidence_samples as samples

OFFICE = Actor(None, "office", "climate_office")
LJ = "LJ-2016"
TRANSPORT = "交通管理部门"
CONSTRUCTION = "建设管理部门"


def _department_user(session: Session, name: str, department: str) -> Actor:
    user = accounts.create_user(
        session, SYSTEM, username=name, password="correct-horse-battery", role="department"
    )
    set_department(session, SYSTEM, user.id, department, territory=LJ)
    return Actor(user.id, user.username, user.role)


def _close(session: Session, actor: Actor, department: str, kind: str, subject: str, **kw):  # type: ignore[no-untyped-def]
    files = kw.pop("files", [read_evidence("整改报告.pdf", samples.pdf())])
    return rectification.close_item(
        session,
        actor,
        LJ,
        2023,
        department=department,
        subject_kind=kind,
        subject_id=subject,
        note=kw.pop("note", "已完成整改并通过验收"),
        files=files,
    )


def test_a_department_closes_its_own_item_with_evidence_on_both_backends(
    demo_sessions: sessionmaker[Session],
) -> None:
    png, pdf = samples.png(), samples.pdf()
    with transaction(demo_sessions, write=True) as s:
        transport = _department_user(s, "transport", TRANSPORT)
    with transaction(demo_sessions, write=True) as s:
        listed = rectification.items(s, transport, LJ, 2023)
        assert [i.subject_id for i in listed if i.closure is None] == [
            "4.1.1.2",
            "6.3.3",
            "8.2.1",
            "green_building_share_of_new_buildings",
            "4.3.3.6",
        ]
        closure = _close(
            s,
            transport,
            TRANSPORT,
            "task",
            "4.3.3.6",
            files=[read_evidence("现场照片.png", png), read_evidence("验收单.pdf", pdf)],
        )
    with transaction(demo_sessions) as s:
        item = next(
            i for i in rectification.items(s, OFFICE, LJ, 2023) if i.subject_id == "4.3.3.6"
        )
        assert item.closure is not None and item.closure.closed_by == "transport"
        assert item.closure.note == "已完成整改并通过验收"
        assert [(f.name, f.media_type, f.size) for f in item.closure.files] == [
            ("现场照片.png", "image/png", len(png)),
            ("验收单.pdf", "application/pdf", len(pdf)),
        ]
        info, content = rectification.evidence_file(s, transport, LJ, closure.files[0].id)
        assert content == png and info.sha256 == hashlib.sha256(png).hexdigest()
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "close_rectification")
        ).one()
        assert entry.entity_id == f"{LJ}/2023/{TRANSPORT}/task/4.3.3.6"
        assert entry.username == "transport"
        assert entry.before == {"follow_up": "open"}
        assert entry.after is not None and entry.after["follow_up"] == "closed"
        assert [f["sha256"] for f in entry.after["files"]] == [
            hashlib.sha256(png).hexdigest(),
            hashlib.sha256(pdf).hexdigest(),
        ]
    # The database itself refuses a second closure of the same item (two clicks at once).
    with pytest.raises(IntegrityError), transaction(demo_sessions, write=True) as s:
        s.add(
            RectificationClosure(
                territory_code=LJ,
                year=2023,
                department=TRANSPORT,
                subject_kind="task",
                subject_id="4.3.3.6",
                note="again",
            )
        )
    with transaction(demo_sessions) as s:
        assert s.scalar(select(func.count()).select_from(EvidenceFile)) == 2


def test_who_may_close_what(session: Session) -> None:
    transport = _department_user(session, "transport", TRANSPORT)
    with pytest.raises(PermissionDeniedError):
        _close(
            session, transport, CONSTRUCTION, "indicator", "green_building_share_of_new_buildings"
        )
    unbound = Actor(
        accounts.find_user(session, "department").id,  # type: ignore[union-attr]
        "department",
        "department",
    )
    public = Actor(accounts.find_user(session, "public").id, "public", "public")  # type: ignore[union-attr]
    enterprise = Actor(None, "enterprise", "enterprise")
    for actor in (unbound, public, enterprise):
        with pytest.raises(PermissionDeniedError):
            _close(session, actor, TRANSPORT, "task", "4.3.3.6")
    # The office closes any item.
    _close(session, OFFICE, CONSTRUCTION, "indicator", "green_building_share_of_new_buildings")
    assert session.scalar(select(func.count()).select_from(RectificationClosure)) == 1
    # Evidence is for the office and the departments only.
    file_id = session.scalar(select(EvidenceFile.id))
    assert file_id is not None
    with pytest.raises(PermissionDeniedError):
        rectification.evidence_file(session, public, LJ, file_id)
    with pytest.raises(NotFoundError):
        rectification.evidence_file(session, OFFICE, "500112", file_id)


def _problem(call) -> tuple[str | None, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(DataValidationError) as caught:
        call()
    problem = caught.value.problems[0]
    assert problem.message_zh and problem.message_en
    return problem.field, problem.value


def test_refused_closures_store_nothing(session: Session) -> None:
    pdf = read_evidence("a.pdf", samples.pdf())
    assert _problem(lambda: _close(session, OFFICE, TRANSPORT, "task", "4.3.3.6", note=" ")) == (
        "note",
        "",
    )
    assert _problem(lambda: _close(session, OFFICE, TRANSPORT, "task", "4.3.3.6", files=[])) == (
        "files",
        "0",
    )
    assert _problem(
        lambda: _close(session, OFFICE, TRANSPORT, "task", "4.3.3.6", files=[pdf] * 11)
    ) == ("files", "11")
    # 4.3.3.4 is done on time: the evaluation lists nothing to put right.
    assert _problem(lambda: _close(session, OFFICE, TRANSPORT, "task", "4.3.3.4")) == (
        "subject_id",
        f"{TRANSPORT} / task / 4.3.3.4",
    )
    assert session.scalar(select(func.count()).select_from(RectificationClosure)) == 0
    assert session.scalar(select(func.count()).select_from(EvidenceFile)) == 0
    _close(session, OFFICE, TRANSPORT, "task", "4.3.3.6")
    with pytest.raises(ConflictError):
        _close(session, OFFICE, TRANSPORT, "task", "4.3.3.6")
    assert session.scalar(select(func.count()).select_from(EvidenceFile)) == 1


def test_closures_are_kept_per_year_and_territory(session: Session) -> None:
    _close(session, OFFICE, TRANSPORT, "task", "4.3.3.6")
    assert [c.subject_id for c in rectification.closures(session, LJ, 2023)] == ["4.3.3.6"]
    assert rectification.closures(session, LJ, 2022) == []
    assert rectification.closures(session, "500112") == []


def test_the_evaluation_calls_a_closed_item_closed(session: Session) -> None:
    """The annual evaluation (its API, XLSX and pages read it) says "closed" for the item closed
    with evidence and "open" for the others, also when the evaluation comes from its cache."""
    before = evaluation(session, OFFICE, LJ, 2023).rectification  # fills the cache
    assert set(before["follow_up"]) == {"open"}
    _close(session, OFFICE, TRANSPORT, "task", "4.3.3.6")
    after = evaluation(session, OFFICE, LJ, 2023).rectification
    status = dict(zip(after["subject_id"], after["follow_up"], strict=True))
    assert status.pop("4.3.3.6") == "closed"
    assert set(status.values()) == {"open"} and len(status) == 4
    assert after.columns == before.columns and after.height == before.height
