"""Closing rectification items with evidence files (issue 12).

The annual evaluation lists what each department must put right (责令限期整改,
:func:`cityclimate.services.indicators.evaluation`). An item is closed, when it has been put
right, with a note saying what was done and 1–10 evidence files; the closure and its files are
stored together (one transaction, bytes in the database) and audited. The climate office (and
an admin) closes any item; a department user closes only the items of the department it acts
for (the department did the work and holds the evidence; the office sees every closure in the
list and the audit). The faces type each file by its content and hold it to the upload limit
before it reaches here (:mod:`cityclimate.io.evidence_files`); this module refuses a closure
of an item the evaluation does not list, or one closed already.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.services.indicators import department_of, evaluation
from cityclimate.storage.models import User
from cityclimate.storage.rectification_models import EvidenceFile, RectificationClosure

#: Most evidence files one closure may carry.
MAX_FILES = 10


class Evidence(Protocol):
    """An evidence file as the faces hand it over: stored name, media type (from its content),
    bytes."""

    @property
    def name(self) -> str: ...
    @property
    def media_type(self) -> str: ...
    @property
    def content(self) -> bytes: ...


@dataclass(frozen=True)
class FileInfo:
    """An evidence file without its bytes."""

    id: int
    name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Closure:
    """A closed rectification item and its files."""

    id: int
    year: int
    department: str
    subject_kind: str
    subject_id: str
    note: str
    closed_by: str
    closed_at: datetime
    files: tuple[FileInfo, ...]


@dataclass(frozen=True)
class Item:
    """A rectification item of one year's evaluation and, once closed, its closure."""

    department: str
    subject_kind: str
    subject_id: str
    reason_zh: str
    reason_en: str
    deadline: date
    closure: Closure | None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.department, self.subject_kind, self.subject_id)


def _closer(session: Session, actor: Actor) -> str | None:
    """``None`` for the office (any item), else the department the actor may close for."""
    if actor.role in OFFICE:
        return None
    own = department_of(session, actor) if actor.role == "department" else None
    if not own:
        raise PermissionDeniedError(
            "只有气候办或负责整改的部门可以关闭整改事项",
            "only the climate office or the department responsible may close a rectification item",
        )
    return own


def items(session: Session, actor: Actor, territory: str, year: int) -> list[Item]:
    """The rectification items of ``territory``'s ``year`` evaluation, each with its closure
    (``None`` while open), in the evaluation's order.

    Raises
    ------
    NotFoundError
        No stored plan, or a year the actor may not see.
    """
    frame = evaluation(session, actor, territory, year).rectification
    closed = {
        (c.department, c.subject_kind, c.subject_id): c for c in closures(session, territory, year)
    }
    return [
        Item(
            r["department"],
            r["subject_kind"],
            r["subject_id"],
            r["reason_zh"],
            r["reason_en"],
            r["deadline"],
            closed.get((r["department"], r["subject_kind"], r["subject_id"])),
        )
        for r in frame.iter_rows(named=True)
    ]


def _problem(field: str, value: str, zh: str, en: str) -> DataValidationError:
    return DataValidationError([Problem("rectification", None, field, value, zh, en)])


def close_item(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    *,
    department: str,
    subject_kind: str,
    subject_id: str,
    note: str,
    files: Sequence[Evidence],
) -> Closure:
    """Close one rectification item of ``year``'s evaluation with ``files`` as evidence
    (all or nothing, audited).

    Raises
    ------
    PermissionDeniedError
        Neither the office nor a user of the item's department.
    DataValidationError
        No note, no file or too many files, an empty file, or an item the year's evaluation
        does not list.
    ConflictError
        The item is closed already.
    """
    own = _closer(session, actor)
    if own is not None and own != department:
        raise PermissionDeniedError(
            "此整改事项不属于本部门", "this rectification item is not your department's"
        )
    key = (department, subject_kind, subject_id)
    if not note.strip():
        raise _problem(
            "note",
            "",
            "请说明整改情况（做了什么、何时完成）",
            "say how the item was put right (what was done, when)",
        )
    if not files or len(files) > MAX_FILES:
        raise _problem(
            "files",
            str(len(files)),
            f"请附上 1 至 {MAX_FILES} 份佐证材料",
            f"attach 1 to {MAX_FILES} evidence files",
        )
    for f in files:
        if not f.content or not f.media_type:
            raise _problem(
                "files",
                f.name,
                "佐证材料为空或类型不明；请重新上传",
                "the evidence file is empty or of no known type; upload it again",
            )
    if not any(i.key == key for i in items(session, actor, territory, year)):
        raise _problem(
            "subject_id",
            f"{department} / {subject_kind} / {subject_id}",
            f"{year} 年评估的整改事项中没有此项；请从整改清单中选择",
            f"the {year} evaluation lists no such rectification item; pick one from the "
            "rectification list",
        )
    if _find(session, territory, year, key) is not None:
        raise ConflictError("此整改事项已关闭", "this rectification item is closed already")
    row = RectificationClosure(
        territory_code=territory,
        year=year,
        department=department,
        subject_kind=subject_kind,
        subject_id=subject_id,
        note=note.strip(),
        closed_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    session.add_all(
        EvidenceFile(
            closure_id=row.id,
            filename=f.name,
            media_type=f.media_type,
            size=len(f.content),
            sha256=hashlib.sha256(f.content).hexdigest(),
            content=f.content,
        )
        for f in files
    )
    session.flush()
    closure = _closure(session, row)
    audit.record(
        session,
        actor,
        "close_rectification",
        "rectification",
        f"{territory}/{year}/{department}/{subject_kind}/{subject_id}",
        before={"follow_up": "open"},
        after={
            "follow_up": "closed",
            "note": row.note,
            "files": [
                {"name": f.name, "media_type": f.media_type, "size": f.size, "sha256": f.sha256}
                for f in closure.files
            ],
        },
    )
    return closure


def _find(
    session: Session, territory: str, year: int, key: tuple[str, str, str]
) -> RectificationClosure | None:
    department, kind, subject = key
    return session.scalar(
        select(RectificationClosure).where(
            RectificationClosure.territory_code == territory,
            RectificationClosure.year == year,
            RectificationClosure.department == department,
            RectificationClosure.subject_kind == kind,
            RectificationClosure.subject_id == subject,
        )
    )


def _username(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.username if user is not None else "system"


def _closure(session: Session, row: RectificationClosure) -> Closure:
    files = session.execute(
        select(
            EvidenceFile.id,
            EvidenceFile.filename,
            EvidenceFile.media_type,
            EvidenceFile.size,
            EvidenceFile.sha256,
        )
        .where(EvidenceFile.closure_id == row.id)
        .order_by(EvidenceFile.id)
    ).all()
    return Closure(
        row.id,
        row.year,
        row.department,
        row.subject_kind,
        row.subject_id,
        row.note,
        _username(session, row.closed_by),
        row.closed_at,
        tuple(FileInfo(*f) for f in files),
    )


def closures(session: Session, territory: str, year: int | None = None) -> list[Closure]:
    """The closed rectification items of ``territory`` (of one year, or all), oldest first."""
    query = select(RectificationClosure).where(RectificationClosure.territory_code == territory)
    if year is not None:
        query = query.where(RectificationClosure.year == year)
    rows = session.scalars(query.order_by(RectificationClosure.id))
    return [_closure(session, r) for r in rows]


def evidence_file(
    session: Session, actor: Actor, territory: str, file_id: int
) -> tuple[FileInfo, bytes]:
    """One evidence file of ``territory`` and its bytes (for the office and departments:
    evidence may hold internal documents).

    Raises
    ------
    PermissionDeniedError
        The actor is not staff.
    NotFoundError
        No such file in this territory.
    """
    if not actor.sees_drafts:
        raise PermissionDeniedError(
            "您的角色无权查看佐证材料", "your role may not see evidence files"
        )
    found = session.execute(
        select(EvidenceFile)
        .join(RectificationClosure, RectificationClosure.id == EvidenceFile.closure_id)
        .where(EvidenceFile.id == file_id, RectificationClosure.territory_code == territory)
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("没有此佐证材料", "no such evidence file")
    info = FileInfo(found.id, found.filename, found.media_type, found.size, found.sha256)
    return info, found.content
