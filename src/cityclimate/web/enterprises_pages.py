"""Pages of key enterprises (issue 8): the registry, one enterprise (ledgers filed from the Excel
template, its reports and their workflow), a report, the office's compliance overview and the
public disclosure forms. Thin: parse, call the enterprises service, render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import CityClimateError, DataValidationError, Problem
from cityclimate.io.enterprise_templates import ledger_template_xlsx, read_ledger_upload
from cityclimate.io.limits import FileTooLargeError, UploadLimits, stored_name
from cityclimate.requests import DB, page_language, settings_of
from cityclimate.services import enterprises
from cityclimate.services.actors import ENTERPRISE_MEMBERS, INVENTORY_WRITERS
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.text import Text
from cityclimate.web.page import XLSX, Page, bare, page, problems_of, refused_status

router = APIRouter(include_in_schema=False)

Member = Annotated[Page, Depends(page(*ENTERPRISE_MEMBERS))]
Office = Annotated[Page, Depends(page(*INVENTORY_WRITERS))]


def _notice(lang: str, illustrative: bool) -> str:
    if not illustrative:
        return ""
    return Text(**enterprises.NOTICE).pick(lang)


@router.get("/enterprises", response_class=HTMLResponse)
def registry(p: Member) -> HTMLResponse:
    return _registry_page(p)


def _registry_page(
    p: Page, status: int = 200, problems: list[Problem] | None = None
) -> HTMLResponse:
    with p.db.read() as session:
        items = [
            enterprises.enterprise_view(r) for r in enterprises.list_enterprises(session, p.actor)
        ]
    response = p.render(
        "enterprises/list.html",
        enterprises=items,
        office=p.actor.role in INVENTORY_WRITERS,
        notice=_notice(p.lang, any(e["illustrative"] for e in items)),
        problems=problems or [],
    )
    response.status_code = status
    return response


@router.get("/enterprises/ledger-template")
def ledger_template(p: Member) -> Response:
    return Response(
        ledger_template_xlsx(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="enterprise-ledgers.xlsx"'},
    )


@router.get("/enterprises/compliance", response_class=HTMLResponse)
def compliance(
    p: Office,
    year: Annotated[int, Query(ge=2000, le=2100)] = 2020,
    territory: Annotated[str | None, Query(max_length=32)] = None,
) -> HTMLResponse:
    with p.db.read() as session:
        data = enterprises.compliance(session, p.actor, year, territory=territory or None)
    return p.render(
        "enterprises/compliance.html",
        data=data,
        o=data["overview"],
        year=year,
        notice=_notice(p.lang, data["illustrative"]),
    )


@router.get("/enterprises/{enterprise_id}", response_class=HTMLResponse)
def enterprise(p: Member, enterprise_id: str) -> HTMLResponse:
    return _enterprise_page(p, enterprise_id)


def _enterprise_page(
    p: Page, enterprise_id: str, status: int = 200, **context: Any
) -> HTMLResponse:
    with p.db.read() as session:
        record = enterprises.get_enterprise(session, p.actor, enterprise_id)
        view = enterprises.enterprise_view(record)
        ledgers = [
            enterprises.ledger_view(i)
            for i in enterprises.list_ledgers(session, p.actor, enterprise_id)
        ]
        filings = enterprises.list_filings(session, p.actor, enterprise_id)
        reports = [
            enterprises.filing_view(f)
            | {"actions": enterprises.allowed_actions(session, p.actor, f)}
            for f in filings
        ]
        years = sorted({r["year"] for r in reports} | {ledger["year"] for ledger in ledgers})
        due = [
            o for y in years[-1:] for o in enterprises.deadlines(session, p.actor, enterprise_id, y)
        ]
        writer = enterprises.core_actor(session, p.actor).role.value in (
            "admin",
            "climate_office",
            "enterprise",
        )
    context.setdefault("problems", [])
    context.setdefault("refused", [])
    context.setdefault("filed", [])
    response = p.render(
        "enterprises/detail.html",
        e=view,
        ledgers=ledgers,
        reports=reports,
        deadlines=due,
        writer=writer,
        notice=_notice(p.lang, view["illustrative"]),
        **context,
    )
    response.status_code = status
    return response


@router.post("/enterprises/{enterprise_id}/ledgers", response_class=HTMLResponse)
def file_ledgers(
    p: Member,
    enterprise_id: str,
    file: UploadFile,
    csrf_token: Annotated[str, Form(max_length=100)],
    year: Annotated[int, Form(ge=2000, le=2100)],
    replace: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    p.check_csrf(csrf_token)
    limits = UploadLimits(max_bytes=settings_of(p.request).max_upload_bytes)
    name = stored_name(file.filename or "ledgers.xlsx")
    try:
        read = read_ledger_upload(
            name,
            file.file.read(limits.max_bytes + 1),
            enterprise_id=enterprise_id,
            year=year,
            limits=limits,
        )
        with p.db.write() as session:
            stored = enterprises.file_ledgers(
                session,
                p.actor,
                enterprise_id,
                year,
                read.ledgers,
                filename=read.name,
                sha256=read.sha256,
                replace=replace,
            )
            filed = [enterprises.ledger_view(i) for i in stored]
    except DataValidationError as exc:
        status = 413 if isinstance(exc, FileTooLargeError) else 422
        return _enterprise_page(p, enterprise_id, status, problems=exc.problems, filename=name)
    except ConflictError as exc:  # frozen ledgers, or a replacement not confirmed: say so here
        conflict = Problem(name, None, "replace", "", exc.message_zh, exc.message_en)
        return _enterprise_page(p, enterprise_id, 409, problems=[conflict], filename=name)
    return _enterprise_page(p, enterprise_id, filed=filed)


@router.post("/enterprises/{enterprise_id}/reports")
def prepare_report(
    p: Member,
    enterprise_id: str,
    csrf_token: Annotated[str, Form(max_length=100)],
    year: Annotated[int, Form(ge=2000, le=2100)],
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            row = enterprises.prepare_report(session, p.actor, enterprise_id, year)
            target = row.id
    except CityClimateError as exc:  # no ledgers, or a report waiting for its outcome
        problems = problems_of(exc, f"{enterprise_id} {year}")
        return _enterprise_page(p, enterprise_id, refused_status(exc), refused=problems)
    return RedirectResponse(f"/enterprises/reports/{target}?done=prepared", status_code=303)


@router.get("/enterprises/reports/{filing_id}", response_class=HTMLResponse)
def report(p: Member, filing_id: int) -> HTMLResponse:
    return _report_page(p, filing_id)


def _report_page(p: Page, filing_id: int, status: int = 200, **context: Any) -> HTMLResponse:
    with p.db.read() as session:
        row = enterprises.get_filing(session, p.actor, filing_id)
        view = enterprises.filing_view(row, with_rows=True)
        actions = enterprises.allowed_actions(session, p.actor, row)
        name = enterprises.get_enterprise(session, p.actor, row.enterprise_id)
        e = enterprises.enterprise_view(name)
    context.setdefault("problems", [])
    response = p.render(
        "enterprises/report.html",
        r=view,
        e=e,
        actions=actions,
        notice=_notice(p.lang, view["illustrative"]),
        **context,
    )
    response.status_code = status
    return response


@router.post("/enterprises/reports/{filing_id}/steps")
def step(
    p: Member,
    filing_id: int,
    csrf_token: Annotated[str, Form(max_length=100)],
    action: Annotated[str, Form(max_length=16)],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """One workflow step; a refused step shows the report again with the reason (the comment
    kept), or, when the report cannot be read any more, the registry with the reason."""
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            enterprises.step_report(session, p.actor, filing_id, action, comment)
    except CityClimateError as exc:
        problems, status = problems_of(exc, f"{action} #{filing_id}"), refused_status(exc)
        try:
            return _report_page(p, filing_id, status, problems=problems, comment=comment)
        except NotFoundError:
            return _registry_page(p, status, problems=problems)
    return RedirectResponse(f"/enterprises/reports/{filing_id}?done={action}", status_code=303)


@router.get("/disclosures", response_class=HTMLResponse)
def disclosures(
    request: Request, db: DB, year: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> HTMLResponse:
    """Public: no sign-in needed; only accepted reports appear."""
    with db.read() as session:
        forms = enterprises.disclosures(session, year)
    lang = page_language(request)
    return bare(
        request,
        "enterprises/disclosures.html",
        forms=forms,
        year=year,
        notice=_notice(lang, any(f["illustrative"] for f in forms)),
    )
