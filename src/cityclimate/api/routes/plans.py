"""Stored plans (issue 12): import a territory's plan pack (zip), read it, export it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, allow
from cityclimate.api.schemas import Problem
from cityclimate.io.plan_pack_files import MAX_ZIP_BYTES, pack_zip, read_pack_zip
from cityclimate.services import plans
from cityclimate.services.actors import Actor

router = APIRouter(prefix="/plans", tags=["plans"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
TerritoryCode = Annotated[str, Path(min_length=1, max_length=32)]


class PlanOut(BaseModel):
    """A stored plan: its ``pack.toml`` and what it holds, in numbers."""

    territory: str
    name_zh: str
    name_en: str
    document_zh: str
    document_en: str
    period_start: int
    period_end: int
    base_year: int
    pathway_base_year: int
    illustrative: bool
    notice_zh: str
    notice_en: str
    indicators: int
    city_targets: int
    tasks: int
    departments: int
    assignments: int
    assessed_departments: int
    scenarios: list[str]
    revision: int
    sha256: str
    updated_at: datetime


def _out(stored: plans.StoredPlan) -> PlanOut:
    return PlanOut(
        **plans.summary(stored.pack),
        revision=stored.revision,
        sha256=stored.digest,
        updated_at=stored.row.updated_at,
    )


@router.post(
    "",
    response_model=PlanOut,
    status_code=201,
    responses={422: {"model": Problem, "description": "every mistake in the pack, located"}},
)
def import_plan(file: UploadFile, db: DB, actor: Writer) -> PlanOut:
    """导入规划包（zip，全部校验通过才保存）· Import a plan pack (zip; all or nothing, audited).

    The pack replaces the territory's stored plan; a pack with mistakes is refused whole (422,
    every mistake listed with file, row, field and the fix) and nothing changes.
    """
    files = read_pack_zip(file.file.read(MAX_ZIP_BYTES + 1), file.filename or "plan.zip")
    with db.write() as session:
        return _out(plans.import_plan(session, actor, files))


@router.get("/{territory}", response_model=PlanOut)
def get_plan(territory: TerritoryCode, db: DB, _: Reader) -> PlanOut:
    """地区的规划 · A territory's stored plan (what it holds; the files via ``pack.zip``)."""
    with db.read() as session:
        return _out(plans.get_plan(session, territory))


@router.get(
    "/{territory}/pack.zip",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
def export_plan(territory: TerritoryCode, db: DB, _: Reader) -> Response:
    """导出规划包（zip）· Export a territory's plan pack as a zip archive."""
    with db.read() as session:
        files = plans.export_plan(session, territory)
    return Response(
        pack_zip(files, folder=f"plan-{territory}"),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="plan-{territory}.zip"'},
    )
