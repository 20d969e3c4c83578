"""The climate office's enterprise pages (issue 20): register an enterprise; on one
enterprise's office page bind its users, engage a verifier, enter the year's ETS allocation
inputs, surrender, offsets and verification findings, and start a correction of an accepted
report. Thin: parse the form, call the enterprises service (the same use cases as the API, so
the role checks and the audit are the API's), then POST-redirect-GET with a saved notice, or the
page again with the bilingual problem list (file, row, field) and nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from cityclimate.errors import CityClimateError, DataValidationError, Problem
from cityclimate.services import enterprises, territories
from cityclimate.services.actors import ADMIN, INVENTORY_WRITERS
from cityclimate.services.enterprises.cycles import ALLOCATION_FIELDS, RECORD_FIELDS
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.web.page import Page, page, problems_of

router = APIRouter(include_in_schema=False)
Office = Annotated[Page, Depends(page(*INVENTORY_WRITERS))]
AdminPage = Annotated[Page, Depends(page(*ADMIN))]
Year = Annotated[int, Query(ge=2000, le=2100)]
FLAGS = ("ets_controlled", "key_energy_user", "data_centre", "mandatory_disclosure")


def _redirect(url: str, saved: str) -> Response:
    joiner = "&" if "?" in url else "?"
    return RedirectResponse(f"{url}{joiner}done={saved}", status_code=303)


# ---------------------------------------------------------------- registration


@router.get("/enterprises/new", response_class=HTMLResponse)
def new_enterprise(p: Office) -> HTMLResponse:
    return _register_page(p, {})


def _register_page(
    p: Page, form: dict[str, Any], problems: list[Problem] | None = None
) -> HTMLResponse:
    with p.db.read() as session:
        options, _ = territories.list_territories(session, limit=1000)
    response = p.render(
        "enterprises/new.html",
        form=form,
        territories=[t.code for t in options],
        problems=problems or [],
    )
    response.status_code = 422 if problems else 200
    return response


@router.post("/enterprises/new", response_class=HTMLResponse)
async def register(p: Office, csrf_token: Annotated[str, Form(max_length=100)]) -> Response:
    p.check_csrf(csrf_token)
    form = await p.request.form()  # the fields beyond the token (read once, cached)
    record = _enterprise_record(form)
    try:
        with p.db.write() as session:
            row = enterprises.register_enterprise(session, p.actor, record)
            target = row.enterprise_id
    except CityClimateError as exc:
        return _register_page(p, record, problems_of(exc, "enterprise"))
    return _redirect(f"/enterprises/{target}/office", "registered")


def _enterprise_record(form: FormData) -> dict[str, Any]:
    def text(name: str, limit: int = 200) -> str:
        return str(form.get(name, "")).strip()[:limit]

    record: dict[str, Any] = {
        name: text(name)
        for name in ("enterprise_id", "uscc", "name_zh", "name_en", "industry", "territory")
    }
    record["sub_area"] = text("sub_area") or None
    record["ets_sector"] = text("ets_sector") or None
    record.update({flag: form.get(flag) == "true" for flag in FLAGS})
    return record


# ---------------------------------------------------------------- one enterprise: the office page


@router.get("/enterprises/{enterprise_id}/office", response_class=HTMLResponse)
def office(p: Office, enterprise_id: str, year: Year | None = None) -> HTMLResponse:
    return _office_page(p, enterprise_id, year)


def _office_page(
    p: Page,
    enterprise_id: str,
    year: int | None,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    with p.db.read() as session:
        record = enterprises.get_enterprise(session, p.actor, enterprise_id)
        view = enterprises.enterprise_view(record)
        filings = enterprises.list_filings(session, p.actor, enterprise_id)
        chosen = year or max((f.year for f in filings), default=date.today().year - 1)
        cycle = enterprises.cycle_view(session, p.actor, enterprise_id, chosen)
        people = enterprises.bindings(session, p.actor, enterprise_id)
        accepted = [f.year for f in filings if f.status == "accepted"]
    response = p.render(
        "enterprises/office.html",
        e=view,
        year=chosen,
        cycle=cycle,
        people=people,
        fields=ALLOCATION_FIELDS,
        correctable=sorted(set(accepted)),
        problems=problems or [],
    )
    response.status_code = status
    return response


def _save(
    p: Page,
    enterprise_id: str,
    year: int,
    where: str,
    saved: str,
    action: Callable[[Session], object],
) -> Response:
    """Run one use case in a write transaction: the page again with the problems, or redirect."""
    try:
        with p.db.write() as session:
            action(session)
    except (DataValidationError, ConflictError) as exc:
        status = 409 if isinstance(exc, ConflictError) else 422
        return _office_page(p, enterprise_id, year, problems_of(exc, where), status)
    return _redirect(f"/enterprises/{enterprise_id}/office?year={year}", saved)


UserId = Annotated[int, Form(ge=1, le=2**31 - 1)]
FormYear = Annotated[int, Form(ge=2000, le=2100)]
Csrf = Annotated[str, Form(max_length=100)]


@router.post("/enterprises/{enterprise_id}/office/members")
def bind_member(
    p: AdminPage, enterprise_id: str, csrf_token: Csrf, user_id: UserId, year: FormYear
) -> Response:
    p.check_csrf(csrf_token)
    bind = enterprises.bind_member
    return _save(
        p, enterprise_id, year, "user", "member", lambda s: bind(s, p.actor, user_id, enterprise_id)
    )


@router.post("/enterprises/{enterprise_id}/office/verifiers")
def engage_verifier(
    p: Office, enterprise_id: str, csrf_token: Csrf, user_id: UserId, year: FormYear
) -> Response:
    p.check_csrf(csrf_token)
    engage = enterprises.engage_verifier
    return _save(
        p,
        enterprise_id,
        year,
        "user",
        "verifier",
        lambda s: engage(s, p.actor, user_id, enterprise_id),
    )


@router.post("/enterprises/{enterprise_id}/office/allocation")
async def allocation(
    p: Office, enterprise_id: str, year: Year, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    p.check_csrf(csrf_token)
    form = await p.request.form()  # the fields beyond the token (read once, cached)
    rows: list[dict[str, Any]] = []
    for index in range(100):
        row = {f: str(form.get(f"{f}.{index}", "")).strip()[:500] for f in ALLOCATION_FIELDS}
        if any(row.values()):
            rows.append(row)
    return _save(
        p,
        enterprise_id,
        year,
        "allocation",
        "allocation",
        lambda s: enterprises.set_allocation_inputs(s, p.actor, enterprise_id, year, rows),
    )


@router.post("/enterprises/{enterprise_id}/office/record")
async def compliance_record(
    p: Office, enterprise_id: str, year: Year, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    p.check_csrf(csrf_token)
    form = await p.request.form()  # the fields beyond the token (read once, cached)
    values = {k: str(form.get(k, ""))[:2000] for k in RECORD_FIELDS if k in form}
    saved = "findings" if "major_findings" in values else "surrender"
    return _save(
        p,
        enterprise_id,
        year,
        "record",
        saved,
        lambda s: enterprises.update_compliance_record(s, p.actor, enterprise_id, year, values),
    )


@router.post("/enterprises/{enterprise_id}/office/correction")
def correction(
    p: Office,
    enterprise_id: str,
    csrf_token: Annotated[str, Form(max_length=100)],
    year: Annotated[int, Form(ge=2000, le=2100)],
    reason: Annotated[str, Form(max_length=2000)],
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            row = enterprises.correct_report(session, p.actor, enterprise_id, year, reason)
            target = row.id
    except (DataValidationError, ConflictError, NotFoundError) as exc:
        status = 422 if isinstance(exc, DataValidationError) else 409
        return _office_page(p, enterprise_id, year, problems_of(exc, "correction"), status)
    return _redirect(f"/enterprises/reports/{target}", "correction")
