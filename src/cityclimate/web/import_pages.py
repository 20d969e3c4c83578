"""The data import page: upload an activity file, see its problems or a preview of what was
staged, and confirm a staged import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import DataValidationError, Problem
from cityclimate.requests import get_settings
from cityclimate.services import imports, territories
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
        codes = [t.code for t in options]
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
    settings = get_settings(p.request)
    content = file.file.read(settings.max_upload_bytes + 1)
    try:
        if len(content) > settings.max_upload_bytes:
            raise DataValidationError(
                [
                    Problem(
                        file.filename or "upload",
                        None,
                        None,
                        "",
                        "文件过大",
                        "the file is too large",
                    )
                ]
            )
        with p.db.write() as session:
            item = imports.stage_upload(
                session,
                p.actor,
                territory_code=territory_code,
                filename=file.filename or "upload",
                content=content,
            )
            staged = imports.import_view(item)
            rows, _ = imports.list_records(session, p.actor, item.id, limit=20)
            preview = [imports.record_view(r) for r in rows]
    except DataValidationError as exc:
        response = _import_page(p, problems=exc.problems, filename=file.filename or "")
        response.status_code = 422
        return response
    return _import_page(p, staged=staged, preview=preview)


@router.post("/imports/{import_id}/confirm")
def confirm(p: Staff, import_id: int, csrf_token: Annotated[str, Form(max_length=100)]) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        imports.confirm_import(session, p.actor, import_id)
    return RedirectResponse(f"/inventories?import={import_id}", status_code=303)
