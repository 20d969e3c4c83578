"""Green enterprise and green project certification pages (issue 14): the register of
approvals in force, an enterprise's applications and the form to apply, the office's review
queue with its steps and decisions. Thin: :mod:`cityclimate.services.finance.certification`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from cityclimate.errors import CityClimateError
from cityclimate.finance.certification import SCHEMES, Answer, shipped_criteria
from cityclimate.services.actors import OFFICE
from cityclimate.services.finance import certification
from cityclimate.storage.enterprises_models import EnterpriseMember, EnterpriseRecord
from cityclimate.storage.finance_models import FinanceProject
from cityclimate.web.page import CONFIDENCE, Page, Reader, Writer, page, problems_of, refused_status

router = APIRouter(include_in_schema=False)


def _render(p: Page, problems: list[Any] | None = None, status: int = 200) -> HTMLResponse:
    today = dt.date.today()
    with p.db.read() as session:
        rows = [certification.view(session, p.actor, r, today, p.lang)
                for r in certification.listed(session, p.actor, today)]  # fmt: skip
        member = session.get(EnterpriseMember, p.actor.user_id) if p.actor.user_id else None
        query = select(EnterpriseRecord).order_by(EnterpriseRecord.enterprise_id)
        if p.actor.role not in OFFICE:
            query = query.where(
                EnterpriseRecord.enterprise_id == (member.enterprise_id if member else "")
            )
        mine = {e.enterprise_id: (e.name_en or e.name_zh) if p.lang == "en" else e.name_zh
                for e in session.scalars(query)}  # fmt: skip
        usccs = set(
            session.scalars(
                select(EnterpriseRecord.uscc).where(EnterpriseRecord.enterprise_id.in_(mine))
            )
        )
        projects = {f.project_id: (f.name_en or f.name_zh) if p.lang == "en" else f.name_zh
                    for f in session.scalars(select(FinanceProject).where(FinanceProject.owner_uscc.in_(usccs))
                                             .order_by(FinanceProject.project_id))}  # fmt: skip
    criteria = [
        {
            **c.__dict__,
            "name": c.name.pick(p.lang),
            "confidence": CONFIDENCE[c.confidence].pick(p.lang),
        }
        for c in shipped_criteria()
    ]
    response = p.render(
        "finance/certification.html", rows=rows, criteria=criteria,
        schemes={k: v.pick(p.lang) for k, v in SCHEMES.items()}, enterprises=mine,
        projects=projects, problems=problems or [], today=today.isoformat(),
    )  # fmt: skip
    response.status_code = status
    return response


@router.get("/finance/certification", response_class=HTMLResponse)
def certification_page(p: Reader) -> HTMLResponse:
    return _render(p)


Applicant = Annotated[Page, Depends(page(*OFFICE, "enterprise"))]


@router.post("/finance/certification/apply", response_class=HTMLResponse, response_model=None)
async def apply(
    request: Request, p: Applicant, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    """Answers come as ``answer:<criterion>`` and ``evidence:<criterion>`` form fields."""
    p.check_csrf(csrf_token)
    form = await request.form()
    answers = {
        key.removeprefix("answer:"): Answer(str(value)[:200], str(form.get(f"evidence:{key.removeprefix('answer:')}", ""))[:2000])
        for key, value in form.items() if key.startswith("answer:") and str(value).strip()
    }  # fmt: skip
    try:
        with p.db.write() as session:
            certification.apply(session, p.actor, str(form.get("scheme", ""))[:32],
                                str(form.get("enterprise_id", ""))[:64], answers,
                                project_id=str(form.get("project_id", ""))[:64] or None)  # fmt: skip
    except CityClimateError as exc:
        return _render(p, problems_of(exc, "certification"), refused_status(exc))
    return RedirectResponse("/finance/certification?done=certification_applied", status_code=303)


@router.post(
    "/finance/certification/{certification_id}/{action}",
    response_class=HTMLResponse,
    response_model=None,
)
def decide(
    p: Writer,
    certification_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)],
    action: Annotated[str, PathParam(pattern="^(check|approve|reject|revoke)$")],
    csrf_token: Annotated[str, Form(max_length=100)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            certification.decide(
                session, p.actor, certification_id, action, dt.date.today(), reason
            )
    except CityClimateError as exc:
        return _render(p, problems_of(exc, f"#{certification_id}"), refused_status(exc))
    return RedirectResponse("/finance/certification?done=certification_step", status_code=303)
