"""Editing a stored plan and closing rectification items (issue 12).

Thin routes over :mod:`cityclimate.services.plan_edits` and
:mod:`cityclimate.services.rectification`: assign a task and set its deadline, set a
department's weights, add a department (office and admin); list a year's rectification items,
close one with evidence files (the office, or the item's own department), download evidence.
Evidence is typed by its content and held to its size limit by
:mod:`cityclimate.io.evidence_files` before the service sees it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Response, UploadFile
from pydantic import BaseModel, Field

from cityclimate.api.deps import DB, INVENTORY_WRITERS, STAFF, Id, allow
from cityclimate.io.evidence_files import download_headers, read_evidence_files
from cityclimate.services import plan_edits, rectification
from cityclimate.services.actors import Actor
from cityclimate.services.plans import StoredPlan

router = APIRouter(prefix="/plans", tags=["plans"])
Editor = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Staff = Annotated[Actor, Depends(allow(*STAFF))]
TerritoryCode = Annotated[str, Path(min_length=1, max_length=32)]
TaskId = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z.\-_]+$")]
Year = Annotated[int, Query(ge=1900, le=2200)]
YearPath = Annotated[int, Path(ge=1900, le=2200)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Weight = Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)]


class TaskEdit(BaseModel):
    """Who leads a task, who supports it, and its deadline (omit ``deadline`` to keep the one
    the office set; ``null`` to go back to the plan's own)."""

    lead_department: Name
    supporting_departments: list[Name] = Field(default_factory=list, max_length=50)
    deadline: dt.date | None = None


class TaskOut(BaseModel):
    """A task's assignment after the edit, and the plan's new revision."""

    task_id: str
    lead_department: str
    supporting_departments: list[str]
    deadline: dt.date | None
    basis: str
    revision: int


class WeightsIn(BaseModel):
    """What one department is assessed on (item id → weight > 0); both empty takes the
    department out of the assessment."""

    department: Name
    indicators: dict[Annotated[str, Field(max_length=100)], Weight] = Field(
        default_factory=dict, max_length=200
    )
    tasks: dict[Annotated[str, Field(max_length=32)], Weight] = Field(
        default_factory=dict, max_length=500
    )


class WeightsOut(WeightsIn):
    revision: int


class DepartmentIn(BaseModel):
    """A department or platform company to add to the plan's list."""

    name_zh: Name
    name_en: Name
    kind: Literal["department", "platform_company"] = "department"
    source: Annotated[str, Field(max_length=500)] = ""


class DepartmentOut(DepartmentIn):
    revision: int


class EvidenceOut(BaseModel):
    """An evidence file (its bytes at ``url``)."""

    id: int
    name: str
    media_type: str
    size: int
    sha256: str
    url: str


class ClosureOut(BaseModel):
    """How and when an item was closed, by whom, with which evidence."""

    id: int
    note: str
    closed_by: str
    closed_at: dt.datetime
    files: list[EvidenceOut]


class ItemOut(BaseModel):
    """A rectification item of the year's evaluation; ``closure`` is null while it is open."""

    department: str
    subject_kind: str
    subject_id: str
    reason_zh: str
    reason_en: str
    deadline: dt.date
    status: Literal["open", "closed"]
    closure: ClosureOut | None


def _task_out(stored: StoredPlan, task_id: str) -> TaskOut:
    a = next(a for a in stored.pack.assignments if a.task_id == task_id)
    return TaskOut(
        task_id=task_id,
        lead_department=a.lead_department,
        supporting_departments=list(a.cooperating_departments),
        deadline=a.deadline,
        basis=a.basis,
        revision=stored.revision,
    )


@router.put("/{territory}/tasks/{task_id}", response_model=TaskOut)
def edit_task(
    territory: TerritoryCode, task_id: TaskId, body: TaskEdit, db: DB, actor: Editor
) -> TaskOut:
    """指定任务的牵头、配合单位与期限 · Assign a task's lead and supporting departments and set
    its deadline (office, admin; one new plan revision, audited)."""
    deadline = body.deadline if "deadline" in body.model_fields_set else plan_edits.KEEP
    with db.write() as session:
        stored = plan_edits.assign_task(
            session,
            actor,
            territory,
            task_id,
            lead=body.lead_department,
            supporting=body.supporting_departments,
            deadline=deadline,
        )
        return _task_out(stored, task_id)


@router.put("/{territory}/weights", response_model=WeightsOut)
def set_weights(territory: TerritoryCode, body: WeightsIn, db: DB, actor: Editor) -> WeightsOut:
    """设定部门考核权重 · Set what one department is assessed on, with weights (office, admin;
    audited)."""
    with db.write() as session:
        stored = plan_edits.set_weights(
            session,
            actor,
            territory,
            body.department,
            indicator_weights=body.indicators,
            task_weights=body.tasks,
        )
        return WeightsOut(**body.model_dump(), revision=stored.revision)


@router.post("/{territory}/departments", response_model=DepartmentOut, status_code=201)
def add_department(
    territory: TerritoryCode, body: DepartmentIn, db: DB, actor: Editor
) -> DepartmentOut:
    """新增部门或平台公司 · Add a department or platform company to the plan (office, admin;
    audited)."""
    with db.write() as session:
        stored = plan_edits.add_department(
            session,
            actor,
            territory,
            name_zh=body.name_zh,
            name_en=body.name_en,
            kind=body.kind,
            source=body.source,
        )
        added = next(d for d in stored.pack.departments if d.name_zh == body.name_zh.strip())
        return DepartmentOut(
            name_zh=added.name_zh,
            name_en=added.name_en,
            kind=added.kind.value,
            source=added.source,
            revision=stored.revision,
        )


def _closure_out(territory: str, c: rectification.Closure) -> ClosureOut:
    return ClosureOut(
        id=c.id,
        note=c.note,
        closed_by=c.closed_by,
        closed_at=c.closed_at,
        files=[
            EvidenceOut(
                id=f.id,
                name=f.name,
                media_type=f.media_type,
                size=f.size,
                sha256=f.sha256,
                url=f"/api/v1/plans/{territory}/evidence/{f.id}",
            )
            for f in c.files
        ],
    )


@router.get("/{territory}/rectification", response_model=list[ItemOut])
def list_items(territory: TerritoryCode, year: Year, db: DB, actor: Staff) -> list[ItemOut]:
    """整改事项及其关闭情况 · The year's rectification items, open or closed with evidence
    (office and departments)."""
    with db.read() as session:
        found = rectification.items(session, actor, territory, year)
    return [
        ItemOut(
            department=i.department,
            subject_kind=i.subject_kind,
            subject_id=i.subject_id,
            reason_zh=i.reason_zh,
            reason_en=i.reason_en,
            deadline=i.deadline,
            status="open" if i.closure is None else "closed",
            closure=None if i.closure is None else _closure_out(territory, i.closure),
        )
        for i in found
    ]


@router.post(
    "/{territory}/rectification/{year}/closures", response_model=ClosureOut, status_code=201
)
def close_item(
    territory: TerritoryCode,
    year: YearPath,
    department: Annotated[str, Form(min_length=1, max_length=200)],
    subject_kind: Annotated[Literal["indicator", "task"], Form()],
    subject_id: Annotated[str, Form(min_length=1, max_length=100)],
    note: Annotated[str, Form(min_length=1, max_length=4000)],
    files: list[UploadFile],
    db: DB,
    actor: Staff,
) -> ClosureOut:
    """关闭整改事项（附佐证材料）· Close a rectification item with 1–10 evidence files (PDF,
    images, XLSX, DOCX; typed by content, ≤ 20 MiB each): the office, or the item's own
    department; audited."""
    parts = ((f.filename, f.file) for f in files)
    evidence = read_evidence_files(parts, rectification.MAX_FILES)
    with db.write() as session:
        closure = rectification.close_item(
            session,
            actor,
            territory,
            year,
            department=department,
            subject_kind=subject_kind,
            subject_id=subject_id,
            note=note,
            files=evidence,
        )
        return _closure_out(territory, closure)


@router.get(
    "/{territory}/evidence/{file_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_evidence(territory: TerritoryCode, file_id: Id, db: DB, actor: Staff) -> Response:
    """下载佐证材料 · Download an evidence file (office and departments)."""
    with db.read() as session:
        info, content = rectification.evidence_file(session, actor, territory, file_id)
    return Response(content, media_type=info.media_type, headers=download_headers(info.name))
