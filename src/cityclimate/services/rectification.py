"""Closing rectification items with evidence files (issue 12).

The annual evaluation lists what each department must put right (责令限期整改,
:func:`cityclimate.services.indicators.evaluation`). The climate office closes an item when it
has been put right, with a note and at least one evidence file; the closure and its files are
stored together (one transaction) and audited. The faces type each file by its content and
hold it to the upload limit before it reaches here (:mod:`cityclimate.io.evidence_files`);
this module refuses a closure of an item the evaluation does not list, or one closed already.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.indicators import evaluation
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
    closed_at: datetime
    files: tuple[FileInfo, ...]


def _item_listed(
    session: Session, actor: Actor, territory: str, year: int, key: tuple[str, str, str]
) -> bool:
    frame = evaluation(session, actor, territory, year).rectification
    return any(
        (r["department"], r["subject_kind"], r["subject_id"]) == key
        for r in frame.iter_rows(named=True)
    )


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
    """Close one rectification item of ``year``'s evaluation with ``files`` as evidence.

    Raises
    ------
    DataValidationError
        No file, too many files, or an item the year's evaluation does not list.
    ConflictError
        The item is closed already.
    """
    key = (department, subject_kind, subject_id)
    if not files or len(files) > MAX_FILES:
        raise DataValidationError(
            [
                Problem(
                    "evidence",
                    None,
                    "files",
                    str(len(files)),
                    f"请附上 1 至 {MAX_FILES} 份佐证材料",
                    f"attach 1 to {MAX_FILES} evidence files",
                )
            ]
        )
    if not _item_listed(session, actor, territory, year, key):
        raise DataValidationError(
            [
                Problem(
                    "rectification",
                    None,
                    "subject_id",
                    f"{department} / {subject_kind} / {subject_id}",
                    f"{year} 年评估的整改事项中没有此项；请从整改清单中选择",
                    f"the {year} evaluation lists no such rectification item; pick one from "
                    "the rectification list",
                )
            ]
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
    stored = [
        EvidenceFile(
            closure_id=row.id,
            filename=f.name,
            media_type=f.media_type,
            size=len(f.content),
            sha256=hashlib.sha256(f.content).hexdigest(),
            content=f.content,
        )
        for f in files
    ]
    session.add_all(stored)
    session.flush()
    closure = _closure(session, row)
    audit.record(
        session,
        actor,
        "close_rectification",
        "rectification",
        f"{territory}/{year}/{department}/{subject_kind}/{subject_id}",
        after={
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


def evidence_file(session: Session, territory: str, file_id: int) -> tuple[FileInfo, bytes]:
    """One evidence file of ``territory`` and its bytes.

    Raises
    ------
    NotFoundError
        No such file in this territory.
    """
    found = session.execute(
        select(EvidenceFile)
        .join(RectificationClosure, RectificationClosure.id == EvidenceFile.closure_id)
        .where(EvidenceFile.id == file_id, RectificationClosure.territory_code == territory)
    ).scalar_one_or_none()
    if found is None:
        raise NotFoundError("没有此佐证材料", "no such evidence file")
    info = FileInfo(found.id, found.filename, found.media_type, found.size, found.sha256)
    return info, found.content
