"""Key enterprises (issue 8): registry, bindings, ledgers, the report workflow, the office's
compliance overview and the public disclosure forms. Thin: parse, call one service, answer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cityclimate.api.deps import ADMIN, ALL_ROLES, DB, INVENTORY_WRITERS, Id, allow, get_settings
from cityclimate.api.schemas import Problem
from cityclimate.io.enterprise_templates import ledger_template_xlsx, read_ledger_upload
from cityclimate.io.limits import UploadLimits
from cityclimate.services import enterprises
from cityclimate.services.actors import ENTERPRISE_MEMBERS, Actor
from cityclimate.settings import Settings

router = APIRouter(prefix="/enterprises", tags=["enterprises"])

#: Who may call the enterprise routes at all; the service then narrows to the bound enterprise
#: (``enterprise``) or the engaged enterprises (a verifier is a ``public`` user).
MEMBERS = ENTERPRISE_MEMBERS
EnterpriseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Year = Annotated[int, Query(ge=2000, le=2100)]
ACCEPTED_422: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem, "description": "every mistake, located"}
}


class SourceIn(BaseModel):
    source_id: str = Field(min_length=1, max_length=64)
    category: str = Field(min_length=1, max_length=100)
    fuel: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=500)


class FacilityIn(BaseModel):
    facility_id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    sub_area: str | None = Field(default=None, max_length=32)
    sources: list[SourceIn] = Field(default_factory=list, max_length=200)


class ContactIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    role: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=200)


class EnterpriseCreate(BaseModel):
    enterprise_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    uscc: str = Field(min_length=18, max_length=18)
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    industry: str = Field(min_length=1, max_length=8)
    territory: str = Field(min_length=1, max_length=32)
    sub_area: str | None = Field(default=None, max_length=32)
    ets_controlled: bool = False
    key_energy_user: bool = False
    data_centre: bool = False
    mandatory_disclosure: bool = False
    ets_sector: str | None = Field(default=None, max_length=50)
    data_centre_class: str | None = Field(default=None, max_length=20)
    facilities: list[FacilityIn] = Field(default_factory=list, max_length=100)
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)
    code_override_reason: str = Field(
        default="",
        max_length=500,
        description="admin only: accept a code failing the GB 32100 check, with the reason",
    )


class Binding(BaseModel):
    user_id: int = Field(ge=1, le=2**31 - 1)


class StepIn(BaseModel):
    action: Literal["submit", "verify", "accept", "return"]
    comment: str = Field(default="", max_length=2000)


class CorrectionIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


@router.get("", response_model=list[dict[str, Any]])
def list_enterprises(
    db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> list[dict[str, Any]]:
    """重点企业 · Key enterprises the caller may see (an enterprise user: its own only)."""
    with db.read() as session:
        return [
            enterprises.enterprise_view(r) for r in enterprises.list_enterprises(session, actor)
        ]


@router.post("", response_model=dict[str, Any], status_code=201, responses=ACCEPTED_422)
def register(
    body: EnterpriseCreate, db: DB, actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
) -> dict[str, Any]:
    """登记企业 · Register an enterprise (USCC checked, GB/T 4754 industry, sub-area)."""
    with db.write() as session:
        data = body.model_dump()
        reason = data.pop("code_override_reason")
        row = enterprises.register_enterprise(session, actor, data, code_override_reason=reason)
        return enterprises.enterprise_view(row)


@router.get("/compliance", response_model=dict[str, Any])
def compliance(
    db: DB, actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))], year: Year = 2020
) -> dict[str, Any]:
    """合规总览 · Compliance, ETS balance, credit grades, reconciliation (climate office)."""
    with db.read() as session:
        return enterprises.compliance(session, actor, year)


@router.get("/disclosures", response_model=list[dict[str, Any]])
def disclosures(
    db: DB,
    _: Annotated[Actor, Depends(allow(*ALL_ROLES))],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[dict[str, Any]]:
    """信息披露 · Disclosure forms of accepted reports (public)."""
    with db.read() as session:
        return enterprises.disclosures(session, year)


@router.get("/ledger-template")
def ledger_template(_: Annotated[Actor, Depends(allow(*MEMBERS))]) -> Response:
    """台账模板 · The Excel ledger template."""
    return Response(
        ledger_template_xlsx(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="enterprise-ledgers.xlsx"'},
    )


@router.get("/{enterprise_id}", response_model=dict[str, Any])
def get_enterprise(
    enterprise_id: EnterpriseId, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> dict[str, Any]:
    """一家企业 · One enterprise (404 for an enterprise the caller may not see)."""
    with db.read() as session:
        return enterprises.enterprise_view(
            enterprises.get_enterprise(session, actor, enterprise_id)
        )


@router.post("/{enterprise_id}/members", status_code=204)
def bind_member(
    enterprise_id: EnterpriseId,
    body: Binding,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*ADMIN))],
) -> Response:
    """绑定企业用户 · Bind an enterprise user to this (its one) enterprise (admin)."""
    with db.write() as session:
        enterprises.bind_member(session, actor, body.user_id, enterprise_id)
    return Response(status_code=204)


@router.post("/{enterprise_id}/verifiers", status_code=204)
def engage_verifier(
    enterprise_id: EnterpriseId,
    body: Binding,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))],
) -> Response:
    """委托核查机构 · Engage a third-party verifier (a public user) for this enterprise."""
    with db.write() as session:
        enterprises.engage_verifier(session, actor, body.user_id, enterprise_id)
    return Response(status_code=204)


@router.get("/{enterprise_id}/ledgers", response_model=list[dict[str, Any]])
def list_ledgers(
    enterprise_id: EnterpriseId,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[dict[str, Any]]:
    """台账 · The enterprise's filed ledgers, with their rows."""
    with db.read() as session:
        return [
            enterprises.ledger_view(item, with_rows=True)
            for item in enterprises.list_ledgers(session, actor, enterprise_id, year)
        ]


@router.post(
    "/{enterprise_id}/ledgers",
    response_model=list[dict[str, Any]],
    status_code=201,
    responses={
        **ACCEPTED_422,
        413: {"model": Problem, "description": "the file is beyond the upload limits"},
    },
)
def file_ledgers(
    enterprise_id: EnterpriseId,
    file: UploadFile,
    year: Annotated[int, Form(ge=2000, le=2100)],
    db: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    replace: Annotated[bool, Query()] = False,
) -> list[dict[str, Any]]:
    """上传台账（Excel 模板）· File ledgers from the Excel template: all rows or none.

    Replacing stored ledgers needs ``replace=true`` (the stored set is kept as a version);
    ledgers of an accepted report are frozen (409: start a correction).

    A file beyond the upload limits is refused with 413 before it is parsed; the unfilled
    template (no rows) with 422: it never empties the stored ledgers.
    """
    limits = UploadLimits(max_bytes=settings.max_upload_bytes)
    read = read_ledger_upload(
        file.filename,
        file.file.read(limits.max_bytes + 1),
        enterprise_id=enterprise_id,
        year=year,
        limits=limits,
    )
    with db.write() as session:
        stored = enterprises.file_ledgers(
            session,
            actor,
            enterprise_id,
            year,
            read.ledgers,
            filename=read.name,
            sha256=read.sha256,
            replace=replace,
        )
        return [enterprises.ledger_view(item) for item in stored]


@router.get("/{enterprise_id}/reports", response_model=list[dict[str, Any]])
def list_reports(
    enterprise_id: EnterpriseId, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> list[dict[str, Any]]:
    """排放报告 · The enterprise's annual emission reports (every version)."""
    with db.read() as session:
        return [
            enterprises.filing_view(r)
            for r in enterprises.list_filings(session, actor, enterprise_id)
        ]


@router.post(
    "/{enterprise_id}/reports",
    response_model=dict[str, Any],
    status_code=201,
    responses=ACCEPTED_422,
)
def prepare_report(
    enterprise_id: EnterpriseId,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    year: Year,
) -> dict[str, Any]:
    """编制报告 · Compute the year's report from the ledgers (new draft, or the open one)."""
    with db.write() as session:
        row = enterprises.prepare_report(session, actor, enterprise_id, year)
        return enterprises.filing_view(row)


@router.post("/{enterprise_id}/reports/correct", response_model=dict[str, Any], status_code=201)
def correct_report(
    enterprise_id: EnterpriseId,
    body: CorrectionIn,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    year: Year,
) -> dict[str, Any]:
    """更正已审定报告 · Start a corrected version of an accepted report (with a reason)."""
    with db.write() as session:
        row = enterprises.correct_report(session, actor, enterprise_id, year, body.reason)
        return enterprises.filing_view(row)


@router.get("/reports/{filing_id}", response_model=dict[str, Any])
def get_report(
    filing_id: Id, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> dict[str, Any]:
    """一份报告 · One report with its emission rows (measured or default parameters shown)."""
    with db.read() as session:
        return enterprises.filing_view(
            enterprises.get_filing(session, actor, filing_id), with_rows=True
        )


@router.post("/reports/{filing_id}/steps", response_model=dict[str, Any])
def step(
    filing_id: Id, body: StepIn, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> dict[str, Any]:
    """流转 · A workflow step: submit (enterprise), verify (verifier), accept (office),
    return (verifier or office, with a comment)."""
    with db.write() as session:
        row = enterprises.step_report(session, actor, filing_id, body.action, body.comment)
        return enterprises.filing_view(row)
