"""The data import page: upload an activity file, see its problems or a preview of what was
staged, and confirm a staged import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import DataValidationError
from cityclimate.io.activities import read_upload
from cityclimate.io.activity_template import TEMPLATE_NAME, template_bytes
from cityclimate.io.limits import FileTooLargeError, UploadLimits
from cityclimate.requests import settings_of
from cityclimate.services import imports, territories
from cityclimate.text import Text
from cityclimate.web.inventory_pages import DEFAULT_TERRITORY
from cityclimate.web.page import Page, Provider, Staff

router = APIRouter(include_in_schema=False)


@router.get("/imports", response_class=HTMLResponse)
def import_page(p: Provider) -> HTMLResponse:
    return _import_page(p)


def _import_page(p: Page, **context: Any) -> HTMLResponse:
    with p.db.read() as session:
        recent, _ = imports.list_imports(session, p.actor, limit=20)
        items = [imports.import_view(i) for i in recent]
        options, _ = territories.list_territories(session, limit=1000)
        codes = [(t.code, Text(t.name_zh, t.name_en or "").pick(p.lang)) for t in options]
    context.setdefault("problems", [])
    context.setdefault("staged", None)
    context.setdefault("preview", [])
    return p.render(
        "imports.html", imports=items, territories=codes, default=DEFAULT_TERRITORY, **context
    )


@router.post("/imports", response_class=HTMLResponse)
def upload(
    p: Provider,
    file: UploadFile,
    csrf_token: Annotated[str, Form(max_length=100)],
    territory_code: Annotated[str, Form(max_length=32)],
) -> HTMLResponse:
    p.check_csrf(csrf_token)
    limits = UploadLimits(max_bytes=settings_of(p.request).max_upload_bytes)
    try:
        with p.db.read() as session:
            known = territories.territory_table(session)
        read = read_upload(file.filename, file.file.read(limits.max_bytes + 1), limits, known)
        with p.db.read() as session:  # checked before the write lock is taken
            checked = imports.check_frame(
                session,
                read.records,
                territory_code=territory_code,
                filename=read.name,
                headers=read.headers,
            )
        with p.db.write() as session:
            item = imports.stage_checked(session, p.actor, checked, sha256=read.sha256)
            staged = imports.import_view(item)
            rows, _ = imports.list_records(session, p.actor, item.id, limit=20)
            preview = [imports.record_view(r) for r in rows]
    except DataValidationError as exc:
        response = _import_page(p, problems=exc.problems, filename=file.filename or "")
        response.status_code = 413 if isinstance(exc, FileTooLargeError) else 422
        return response
    return _import_page(p, staged=staged, preview=preview)


@router.get("/imports/template")
def template(p: Provider) -> Response:
    """The empty import template, to fill in and upload on this page."""
    return Response(
        template_bytes(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_NAME}"'},
    )


@router.post("/imports/{import_id}/confirm")
def confirm(p: Staff, import_id: int, csrf_token: Annotated[str, Form(max_length=100)]) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        imports.confirm_import(session, p.actor, import_id)
    return RedirectResponse(f"/inventories?import={import_id}", status_code=303)
