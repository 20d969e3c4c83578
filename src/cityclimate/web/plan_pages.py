"""The plan page (issue 12): a territory's stored plan as a person reads it (indicators and
their targets, the task tree with who does what by when, departments, weights and grade bands),
importing a plan pack as a zip (all or nothing, every mistake located) and exporting it.

The zip is read and written by the same :mod:`cityclimate.io.plan_pack_files` functions as the
API, so the page, the API and the CLI export the same bytes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import DataValidationError, Problem
from cityclimate.io.plan_pack_files import MAX_ZIP_BYTES, pack_zip, read_pack_zip
from cityclimate.planpack.model import PlanPack
from cityclimate.services import plans
from cityclimate.text import Text
from cityclimate.web.page import Page, Reader, Writer

router = APIRouter(include_in_schema=False)


def _view(pack: PlanPack) -> dict[str, Any]:
    """What the page shows of a pack: departments, indicators and tasks named."""
    departments = {d.name_zh: Text(d.name_zh, d.name_en) for d in pack.departments}
    indicators = {i.id: Text(i.name_zh, i.name_en) for i in pack.indicators}
    tasks = {t.id: Text(t.title_zh, t.title_en) for t in pack.items}
    assignments = {a.task_id: a for a in pack.assignments}

    def dept(code: str) -> Text:
        return departments.get(code, Text(code, code))

    items = []
    for item in pack.items:
        assigned = assignments.get(item.id)
        lead = assigned.lead_department if assigned else item.lead_department
        helpers = assigned.cooperating_departments if assigned else item.cooperating_departments
        deadline = assigned.deadline if assigned and assigned.deadline else item.deadline
        items.append(
            {
                "item": item,
                "depth": item.id.count("."),
                "lead": None if lead == "unknown" else dept(lead),
                "helpers": [dept(h) for h in helpers],
                "deadline": deadline,
            }
        )
    weights = [
        {
            "name": w.department,
            "department": dept(w.department),
            "rows": [(indicators.get(k, Text(k, k)), v) for k, v in w.indicator_weights.items()]
            + [(tasks.get(k, Text(k, k)), v) for k, v in w.task_weights.items()],
        }
        for w in pack.weights
    ]
    return {"items": items, "weights": weights, "dept": dept}


def _plan_page(p: Page, territory: str | None, **context: Any) -> HTMLResponse:
    with p.db.read() as session:
        stored = plans.list_plans(session)
        chosen = territory or plans.default_territory(session)
        found = plans.find_plan(session, chosen) if chosen else None
    context.setdefault("problems", [])
    context.setdefault("edit_problems", [])
    context.setdefault("department_form", {})
    return p.render(
        "plans/plan.html",
        plans=stored,
        territory=chosen,
        stored=found,
        pack=found.pack if found else None,
        view=_view(found.pack) if found else None,
        **context,
    )


def plan_with_problems(
    p: Page,
    territory: str,
    problems: list[Problem],
    department_form: dict[str, str],
    status: int = 422,
) -> HTMLResponse:
    """The plan page again after a refused edit on it: the problems and the form."""
    response = _plan_page(p, territory, edit_problems=problems, department_form=department_form)
    response.status_code = status
    return response


@router.get("/plans", response_class=HTMLResponse)
def plan_default(p: Reader) -> HTMLResponse:
    return _plan_page(p, None)


@router.get("/plans/{territory}", response_class=HTMLResponse)
def plan_page(
    p: Reader, territory: str, imported: Annotated[int | None, Query(ge=1)] = None
) -> HTMLResponse:
    return _plan_page(p, territory, imported=imported)


@router.post("/plans", response_class=HTMLResponse)
def import_pack(
    p: Writer, file: UploadFile, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    """Import a plan pack (zip): stored whole, or refused whole with every mistake located."""
    p.check_csrf(csrf_token)
    try:
        files = read_pack_zip(file.file.read(MAX_ZIP_BYTES + 1), file.filename or "plan.zip")
        with p.db.write() as session:
            stored = plans.import_plan(session, p.actor, files)
    except DataValidationError as exc:
        response = _plan_page(p, None, problems=exc.problems, filename=file.filename or "")
        response.status_code = 422
        return response
    return RedirectResponse(
        f"/plans/{stored.pack.header.territory}?imported={stored.revision}", status_code=303
    )


@router.get("/plans/{territory}/pack.zip")
def export_pack(p: Reader, territory: str) -> Response:
    """The stored plan as a zip: the same bytes as ``GET /api/v1/plans/{territory}/pack.zip``."""
    with p.db.read() as session:
        files = plans.export_plan(session, territory)
    return Response(
        pack_zip(files, folder=f"plan-{territory}"),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="plan-{territory}.zip"'},
    )
