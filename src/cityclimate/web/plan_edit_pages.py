"""Editing the plan in pages (issue 12): a task's lead and supporting departments and deadline,
a department's assessment weights, a new department (the office and admin); a year's
rectification items, closed with evidence files by the office or the item's own department,
and the evidence downloaded back.

Thin: parse the form, call one use case of :mod:`cityclimate.services.plan_edits` or
:mod:`cityclimate.services.rectification` (the API's, so the role checks and the audit are the
same), then POST-redirect-GET with a saved notice, or the same page again with the bilingual
problem list (``_problems.html``; 422, or the status the API gives) and nothing saved. Evidence files are typed by content
and held to their size limit by :mod:`cityclimate.io.evidence_files`, as in the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from cityclimate.errors import CityClimateError, Problem
from cityclimate.io.evidence_files import KIND_NAMES, download_headers, read_evidence_files
from cityclimate.plan.model import ItemLevel
from cityclimate.services import indicators, plan_edits, plans, rectification
from cityclimate.services.actors import OFFICE
from cityclimate.text import Text
from cityclimate.web.page import Page, Staff, Writer, problems_of, refused_status
from cityclimate.web.plan_pages import plan_with_problems

router = APIRouter(include_in_schema=False)
Territory = Annotated[str, Path(min_length=1, max_length=32)]
TaskId = Annotated[str, Path(min_length=1, max_length=32)]
Csrf = Annotated[str, Form(max_length=100)]


def _saved(url: str, key: str) -> Response:
    """POST-redirect-GET to ``url`` (a ``#fragment`` kept last) with the saved notice."""
    path, hash_, fragment = url.partition("#")
    joiner = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{joiner}done={key}{hash_}{fragment}", status_code=303)


def _render(
    p: Page, name: str, problems: list[Problem] | None, status: int, **context: Any
) -> HTMLResponse:
    response = p.render(name, problems=problems or [], **context)
    response.status_code = status if problems else 200
    return response


def _plan(p: Page, territory: str) -> plans.StoredPlan:
    with p.db.read() as session:
        return plans.get_plan(session, territory)


# ---------------------------------------------------------------- a task


def _task_page(
    p: Page,
    territory: str,
    task_id: str,
    form: dict[str, Any] | None,
    problems: list[Problem],
    status: int = 422,
) -> HTMLResponse:
    stored = _plan(p, territory)
    pack = stored.pack
    task = next((i for i in pack.items if i.id == task_id and i.level is ItemLevel.TASK), None)
    if task is None:
        problems = problems or [
            Problem("assignments.csv", None, "task_id", task_id, "规划中没有此任务", "no such task")
        ]
    assigned = next((a for a in pack.assignments if a.task_id == task_id), None)
    if form is None:
        form = {
            "lead": assigned.lead_department
            if assigned
            else (task.lead_department if task else ""),
            "supporting": list(
                assigned.cooperating_departments
                if assigned
                else (task.cooperating_departments if task else ())
            ),
            "deadline": assigned.deadline.isoformat() if assigned and assigned.deadline else "",
        }
    return _render(
        p,
        "plans/task_edit.html",
        problems,
        status,
        territory=territory,
        task=task,
        task_id=task_id,
        plan_deadline=task.deadline if task else None,
        departments=pack.departments,
        form=form,
    )


@router.get("/plans/{territory}/tasks/{task_id}", response_class=HTMLResponse)
def task_page(p: Writer, territory: Territory, task_id: TaskId) -> HTMLResponse:
    return _task_page(p, territory, task_id, None, [])


@router.post("/plans/{territory}/tasks/{task_id}", response_class=HTMLResponse)
def edit_task(
    p: Writer,
    territory: Territory,
    task_id: TaskId,
    csrf_token: Csrf,
    lead: Annotated[str, Form(max_length=200)] = "",
    supporting: Annotated[list[str] | None, Form()] = None,
    deadline: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Assign the task and set its deadline (empty: the plan's own) in one revision."""
    p.check_csrf(csrf_token)
    form = {"lead": lead, "supporting": supporting or [], "deadline": deadline}
    try:
        day = dt.date.fromisoformat(deadline) if deadline.strip() else None
    except ValueError:
        problem = Problem(
            "assignments.csv",
            None,
            "deadline",
            deadline,
            "日期格式应为 YYYY-MM-DD",
            "the date is written YYYY-MM-DD",
        )
        return _task_page(p, territory, task_id, form, [problem])
    try:
        with p.db.write() as session:
            plan_edits.assign_task(
                session,
                p.actor,
                territory,
                task_id,
                lead=lead,
                supporting=supporting or [],
                deadline=day,
            )
    except CityClimateError as exc:
        problems = problems_of(exc, "assignments.csv")
        return _task_page(p, territory, task_id, form, problems, refused_status(exc))
    return _saved(f"/plans/{territory}#task-{task_id}", "assigned")


# ---------------------------------------------------------------- weights


def _weights_page(
    p: Page,
    territory: str,
    department: str,
    values: dict[str, str] | None,
    problems: list[Problem],
    status: int = 422,
) -> HTMLResponse:
    pack = _plan(p, territory).pack
    current = next((w for w in pack.weights if w.department == department), None)
    if values is None:
        values = {}
        if current is not None:
            values |= {f"i:{k}": f"{v:g}" for k, v in current.indicator_weights.items()}
            values |= {f"t:{k}": f"{v:g}" for k, v in current.task_weights.items()}
    return _render(
        p,
        "plans/weights_edit.html",
        problems,
        status,
        territory=territory,
        department=department,
        names={d.name_zh: Text(d.name_zh, d.name_en) for d in pack.departments},
        departments=pack.departments,
        indicators=pack.indicators,
        tasks=[i for i in pack.items if i.level is ItemLevel.TASK],
        values=values,
    )


@router.get("/plans/{territory}/weights", response_class=HTMLResponse)
def weights_page(
    p: Writer, territory: Territory, department: Annotated[str, Query(max_length=200)] = ""
) -> HTMLResponse:
    return _weights_page(p, territory, department, None, [])


def _parse_weights(
    form: FormData,
) -> tuple[dict[str, str], dict[str, float], dict[str, float], list[Problem]]:
    values: dict[str, str] = {}
    by_kind: dict[str, dict[str, float]] = {"i": {}, "t": {}}
    problems: list[Problem] = []
    for key, raw in form.multi_items():
        if not isinstance(raw, str) or key[:2] not in ("i:", "t:") or not raw.strip():
            continue
        values[key] = raw
        try:
            by_kind[key[0]][key[2:]] = float(raw)
        except ValueError:
            problems.append(
                Problem(
                    "weights.csv",
                    None,
                    key[2:],
                    raw,
                    "权重应为大于 0 的数（不考核的项目留空）",
                    "a weight is a number above 0 (leave the items not assessed empty)",
                )
            )
    return values, by_kind["i"], by_kind["t"], problems


@router.post("/plans/{territory}/weights", response_class=HTMLResponse)
async def set_weights(p: Writer, territory: Territory, csrf_token: Csrf) -> Response:
    """Replace what one department is assessed on (empty fields: not assessed)."""
    p.check_csrf(csrf_token)
    form = await p.request.form()
    department = str(form.get("department", ""))[:200]
    values, on_indicators, on_tasks, problems = _parse_weights(form)
    if problems:
        return _weights_page(p, territory, department, values, problems)
    try:
        with p.db.write() as session:
            plan_edits.set_weights(
                session,
                p.actor,
                territory,
                department,
                indicator_weights=on_indicators,
                task_weights=on_tasks,
            )
    except CityClimateError as exc:
        problems = problems_of(exc, "weights.csv")
        return _weights_page(p, territory, department, values, problems, refused_status(exc))
    return _saved(f"/plans/{territory}?department={quote(department)}#weights", "weights")


# ---------------------------------------------------------------- departments


@router.post("/plans/{territory}/departments", response_class=HTMLResponse)
def add_department(
    p: Writer,
    territory: Territory,
    csrf_token: Csrf,
    name_zh: Annotated[str, Form(max_length=200)] = "",
    name_en: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[str, Form(max_length=32)] = "department",
) -> Response:
    """Add a department or platform company; refused: the plan page with the problems."""
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            plan_edits.add_department(
                session, p.actor, territory, name_zh=name_zh, name_en=name_en, kind=kind
            )
    except CityClimateError as exc:
        form = {"name_zh": name_zh, "name_en": name_en, "kind": kind}
        problems = problems_of(exc, "departments.csv")
        return plan_with_problems(p, territory, problems, form, refused_status(exc))
    return _saved(f"/plans/{territory}#departments", "plan_department")


# ---------------------------------------------------------------- rectification


def _rectification_page(
    p: Page,
    territory: str,
    year: int | None,
    problems: list[Problem],
    form: dict[str, str] | None = None,
    status: int = 422,
) -> HTMLResponse:
    with p.db.read() as session:
        chosen = year or indicators.default_assessment_year(session, p.actor, territory)
        years = indicators.years(session, p.actor, territory)
        found = rectification.items(session, p.actor, territory, chosen) if chosen else []
        own = None if p.actor.role in OFFICE else indicators.department_of(session, p.actor)
        pack = plans.get_plan(session, territory).pack
    names = {d.name_zh: Text(d.name_zh, d.name_en) for d in pack.departments}
    subjects = {i.id: Text(i.name_zh, i.name_en) for i in pack.indicators} | {
        i.id: Text(i.title_zh, i.title_en) for i in pack.items
    }
    return _render(
        p,
        "plans/rectification.html",
        problems,
        status,
        territory=territory,
        year=chosen,
        years=years,
        items=found,
        names=names,
        subjects=subjects,
        may_close=lambda item: p.actor.role in OFFICE or item.department == own,
        form=form or {},
        max_files=rectification.MAX_FILES,
        kinds=KIND_NAMES,
    )


@router.get("/plans/{territory}/rectification", response_class=HTMLResponse)
def rectification_page(
    p: Staff, territory: Territory, year: Annotated[int | None, Query(ge=1900, le=2200)] = None
) -> HTMLResponse:
    return _rectification_page(p, territory, year, [])


@router.post("/plans/{territory}/rectification/{year}", response_class=HTMLResponse)
def close_item(
    p: Staff,
    territory: Territory,
    year: Annotated[int, Path(ge=1900, le=2200)],
    csrf_token: Csrf,
    department: Annotated[str, Form(max_length=200)],
    subject_kind: Annotated[str, Form(max_length=16)],
    subject_id: Annotated[str, Form(max_length=100)],
    note: Annotated[str, Form(max_length=4000)] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """Close one item with a note and evidence files (the office, or its own department)."""
    p.check_csrf(csrf_token)
    uploads = [f for f in files or [] if f.filename]
    form = {"key": f"{department}|{subject_kind}|{subject_id}", "note": note}
    try:
        parts = ((f.filename, f.file) for f in uploads)
        evidence = read_evidence_files(parts, rectification.MAX_FILES)
        with p.db.write() as session:
            rectification.close_item(
                session,
                p.actor,
                territory,
                year,
                department=department,
                subject_kind=subject_kind,
                subject_id=subject_id,
                note=note,
                files=evidence,
            )
    except CityClimateError as exc:
        problems = problems_of(exc, "rectification")
        return _rectification_page(p, territory, year, problems, form, refused_status(exc))
    return _saved(f"/plans/{territory}/rectification?year={year}", "closed")


@router.get("/plans/{territory}/evidence/{file_id}")
def evidence(
    p: Staff, territory: Territory, file_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> Response:
    """An evidence file, as a download (the API's bytes and headers)."""
    with p.db.read() as session:
        info, content = rectification.evidence_file(session, p.actor, territory, file_id)
    return Response(content, media_type=info.media_type, headers=download_headers(info.name))
