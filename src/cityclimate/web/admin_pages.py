"""Administration pages: users (create, activate, deactivate) and the audit log with its XLSX
export."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from cityclimate.errors import CityClimateError
from cityclimate.io.tables_export import table_xlsx
from cityclimate.services import accounts, audit, indicators
from cityclimate.services.actors import Actor
from cityclimate.web.bilingual import error_lines
from cityclimate.web.page import Admin, xlsx_response

router = APIRouter(include_in_schema=False)


@router.get("/users", response_class=HTMLResponse)
def users(p: Admin, created: str = "") -> HTMLResponse:
    return _users_page(p, created=created)


def _users_page(p: Admin, *, created: str = "", error: str = "") -> HTMLResponse:
    """The users page, also when a new user was refused (the same list, with the error)."""
    with p.db.read() as session:
        rows, _ = accounts.list_users(session, limit=1000)
        items = [_with_department(session, u) for u in rows]
        code = indicators.territory_or_default(session, None)
        departments = indicators.departments(session, code)
    return p.render(
        "users.html", users=items, created=created, error=error, departments=departments
    )


def _with_department(session: Session, user: Any) -> dict[str, Any]:
    view = accounts.user_view(user)
    actor = Actor(user.id, user.username, user.role)
    return view | {"department": indicators.department_of(session, actor) or ""}


@router.post("/users/{user_id}/department")
def set_department(
    p: Admin,
    user_id: int,
    csrf_token: Annotated[str, Form(max_length=100)],
    department: Annotated[str, Form(max_length=200)],
) -> Response:
    """Bind a department user to the department it acts for (the API's use case, audited)."""
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        code = indicators.territory_or_default(session, None)
        indicators.set_department(session, p.actor, user_id, department, territory=code)
    return RedirectResponse("/users?done=department", status_code=303)


@router.post("/users", response_class=HTMLResponse)
def create_user(
    p: Admin,
    csrf_token: Annotated[str, Form(max_length=100)],
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            accounts.create_user(session, p.actor, username=username, password=password, role=role)
    except CityClimateError as exc:
        message = "; ".join(line.pick(p.lang) for line in error_lines(exc))
        response = _users_page(p, error=message)
        response.status_code = 422
        return response
    return RedirectResponse(f"/users?created={quote(username)}", status_code=303)


@router.post("/users/{user_id}/active")
def set_active(
    p: Admin,
    user_id: int,
    csrf_token: Annotated[str, Form(max_length=100)],
    active: Annotated[str, Form(max_length=5)],
) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        accounts.update_user(session, p.actor, user_id, active=active == "true")
    return RedirectResponse("/users", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    p: Admin,
    entity: Annotated[str | None, Query(max_length=50)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    with p.db.read() as session:
        rows, total = audit.list_entries(session, entity=entity or None, limit=100, offset=offset)
        items = [_audit_view(e) for e in rows]
    return p.render("audit.html", entries=items, total=total, entity=entity or "", offset=offset)


@router.get("/audit.xlsx")
def audit_xlsx(p: Admin, entity: Annotated[str | None, Query(max_length=50)] = None) -> Response:
    with p.db.read() as session:
        rows, _ = audit.list_entries(session, entity=entity or None, limit=100_000)
        items = [_audit_view(e) for e in rows]
    header = ["id", "at", "username", "action", "entity", "entity_id", "before", "after", "client"]
    return xlsx_response(
        "audit.xlsx", table_xlsx(header, [[str(e[h]) for h in header] for e in items])
    )


def _audit_view(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.strftime("%Y-%m-%d %H:%M:%S"),
        "username": entry.username or "system",
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "before": json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
        "after": json.dumps(entry.after, ensure_ascii=False) if entry.after else "",
        "client": entry.client,
    }
