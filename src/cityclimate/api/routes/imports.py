"""Activity-data imports: upload a CSV or Excel file, see its rows, confirm or discard it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Response, UploadFile

from cityclimate.api.deps import DATA_PROVIDERS, DB, STAFF, Id, allow, get_settings
from cityclimate.api.schemas import ActivityRecordOut, ImportOut, Page, Problem
from cityclimate.io.activities import read_upload
from cityclimate.io.activity_template import TEMPLATE_NAME, template_bytes
from cityclimate.io.limits import UploadLimits
from cityclimate.services import imports, territories
from cityclimate.services.actors import Actor
from cityclimate.settings import Settings

router = APIRouter(prefix="/imports", tags=["imports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post(
    "",
    response_model=ImportOut,
    status_code=201,
    responses={
        413: {"model": Problem, "description": "the file is beyond the upload limits"},
        422: {"model": Problem, "description": "every mistake in the file, located"},
    },
)
def upload(
    file: UploadFile,
    territory_code: Annotated[str, Form(min_length=1, max_length=32)],
    db: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    actor: Annotated[Actor, Depends(allow(*DATA_PROVIDERS))],
) -> ImportOut:
    """上传活动水平数据（CSV、.xlsx、.xls 或导入模板），校验后暂存 · Upload activity data
    (CSV in UTF-8 or GBK, .xlsx, .xls or the filled import template); validated, then staged.

    A file with mistakes is refused whole (422, every mistake listed); a file beyond the upload
    limits (size, inflation, rows) is refused with 413 before it is parsed; nothing is stored.
    """
    limits = UploadLimits(max_bytes=settings.max_upload_bytes)
    with db.read() as session:
        known = territories.territory_table(session)
    read = read_upload(file.filename, file.file.read(limits.max_bytes + 1), limits, known)
    with db.read() as session:  # checked before the write lock is taken
        checked = imports.check_frame(
            session,
            read.records,
            territory_code=territory_code,
            filename=read.name,
            headers=read.headers,
        )
    with db.write() as session:
        item = imports.stage_checked(session, actor, checked, sha256=read.sha256)
        return ImportOut(**imports.import_view(item))


@router.get(
    "/template",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "the empty import template"}},
)
def template(actor: Annotated[Actor, Depends(allow(*DATA_PROVIDERS))]) -> Response:
    """导入模板（.xlsx）· The activity-data import template, to fill in and upload."""
    return Response(
        template_bytes(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_NAME}"'},
    )


@router.get("", response_model=Page[ImportOut])
def list_imports(
    db: DB,
    actor: Annotated[Actor, Depends(allow(*DATA_PROVIDERS))],
    territory: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[ImportOut]:
    """导入列表 · Imports (enterprises see their own)."""
    with db.read() as session:
        rows, total = imports.list_imports(
            session, actor, territory=territory, status=status, limit=limit, offset=offset
        )
        items = [ImportOut(**imports.import_view(i)) for i in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{import_id}", response_model=ImportOut)
def get_import(
    import_id: Id, db: DB, actor: Annotated[Actor, Depends(allow(*DATA_PROVIDERS))]
) -> ImportOut:
    """一次导入 · One import."""
    with db.read() as session:
        return ImportOut(**imports.import_view(imports.visible_import(session, actor, import_id)))


@router.get("/{import_id}/records", response_model=Page[ActivityRecordOut])
def list_records(
    import_id: Id,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*DATA_PROVIDERS))],
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    category: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Page[ActivityRecordOut]:
    """导入的活动水平记录 · The activity records of an import (filter by year, category)."""
    with db.read() as session:
        rows, total = imports.list_records(
            session, actor, import_id, year=year, category=category, limit=limit, offset=offset
        )
        items = [ActivityRecordOut(**imports.record_view(r)) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/{import_id}/confirm", response_model=ImportOut)
def confirm(import_id: Id, db: DB, actor: Annotated[Actor, Depends(allow(*STAFF))]) -> ImportOut:
    """确认导入 · Confirm a staged import so inventories may use it."""
    with db.write() as session:
        return ImportOut(**imports.import_view(imports.confirm_import(session, actor, import_id)))


@router.post("/{import_id}/discard", response_model=ImportOut)
def discard(import_id: Id, db: DB, actor: Annotated[Actor, Depends(allow(*STAFF))]) -> ImportOut:
    """放弃导入 · Discard a staged import."""
    with db.write() as session:
        return ImportOut(**imports.import_view(imports.discard_import(session, actor, import_id)))
