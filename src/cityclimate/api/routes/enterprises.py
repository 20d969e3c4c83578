"""Key enterprises (issue 8): registry, bindings, ledgers, the report workflow, the office's
compliance overview and the public disclosure forms. Thin: parse, call one service, answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from cityclimate.api.deps import ADMIN, ALL_ROLES, DB, INVENTORY_WRITERS, Id, allow, get_settings
from cityclimate.api.schemas import Problem, Timestamp
from cityclimate.io.enterprise_templates import ledger_template_xlsx, read_ledger_upload
from cityclimate.io.limits import UploadLimits
from cityclimate.services import enterprises
from cityclimate.services.actors import ENTERPRISE_MEMBERS, Actor
from cityclimate.settings import Settings

router = APIRouter(prefix="/enterprises", tags=["enterprises"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Who may call the enterprise routes at all; the service then narrows to the bound enterprise
#: (``enterprise``) or the engaged enterprises (a verifier is a ``public`` user).
MEMBERS = ENTERPRISE_MEMBERS
EnterpriseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Year = Annotated[int, Query(ge=2000, le=2100)]
YearPath = Annotated[int, Path(ge=2000, le=2100)]


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
    ets_controlled: StrictBool = False
    key_energy_user: StrictBool = False
    data_centre: StrictBool = False
    mandatory_disclosure: StrictBool = False
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


Tonnes = Annotated[float | None, Field(default=None, ge=0, le=1e12, allow_inf_nan=False)]
Count = Annotated[int | None, Field(default=None, ge=0, le=100_000)]


class AllocationRowIn(BaseModel):
    """One product's ETS allocation input (output in the product's unit of ets_sectors.csv)."""

    product: str = Field(min_length=1, max_length=100)
    prior_output: float = Field(ge=0, le=1e15, allow_inf_nan=False)
    adjustment_factor: float | None = Field(default=None, ge=0, le=10, allow_inf_nan=False)
    adjustment_note: str = Field(default="", max_length=500)
    historical_intensity: float | None = Field(default=None, ge=0, le=1e6, allow_inf_nan=False)
    source: str = Field(default="", max_length=300)


class AllocationIn(BaseModel):
    rows: list[AllocationRowIn] = Field(max_length=100)


class ComplianceRecordIn(BaseModel):
    """Surrender (t) and verification findings of a year; only the fields sent change."""

    surrendered_t: Tonnes = None
    offsets_surrendered_t: Tonnes = None
    net_purchased_t: Tonnes = None
    major_findings: Count = None
    minor_findings: Count = None
    measures: str | None = Field(default=None, max_length=2000)
    comment: str | None = Field(default=None, max_length=2000)
    offsets_source: str | None = Field(
        default=None,
        max_length=300,
        description="ccer:<block>-<first>~<last> (CCER serials, e.g. "
        "ccer:CCER-LJ-0001-000001~000800) or project:<finance project id>; claimed in the "
        "shared reduction-claims register (serials overlapping a claimed run are refused)",
    )
    offsets_period_start: date | None = None
    offsets_period_end: date | None = None


# ---------------------------------------------------------------- answers (the contract)


class SourceOut(BaseModel):
    source_id: str
    category: str
    fuel: str
    description: str


class FacilityOut(BaseModel):
    facility_id: str
    name: str
    sub_area: str | None
    sources: list[SourceOut]


class EnterpriseOut(BaseModel):
    """A registered enterprise; ``uscc_valid`` says whether its code passes GB 32100."""

    enterprise_id: str
    uscc: str
    uscc_valid: bool
    name_zh: str
    name_en: str
    industry: str
    territory: str
    sub_area: str | None
    ets_controlled: bool
    key_energy_user: bool
    data_centre: bool
    mandatory_disclosure: bool
    ets_sector: str | None
    data_centre_class: str | None
    facilities: list[FacilityOut]
    illustrative: bool


class LedgerOut(BaseModel):
    """One filed ledger (one kind of the year's template) of an enterprise."""

    id: int
    enterprise_id: str
    year: int
    kind: str
    row_count: int
    filename: str | None
    illustrative: bool
    filed_at: Timestamp


class LedgerWithRows(LedgerOut):
    rows: list[dict[str, Any]] = Field(description="the ledger's rows, by template field")


class ReportOut(BaseModel):
    """One version of an enterprise's annual emission report (t CO2e, tce)."""

    id: int
    filing_id: str
    enterprise_id: str
    year: int
    version: int
    status: str
    total_co2e_t: float | None
    co2_t: float | None
    energy_tce: float | None
    comments: list[str]
    submitted_at: Timestamp | None
    accepted_at: Timestamp | None
    verifier: str | None
    supersedes: str | None
    illustrative: bool


class ReportRow(BaseModel):
    record_id: str | None
    category: str | None
    fuel: str | None
    gas: str | None
    activity_value: float | None
    activity_unit: str | None
    factor_level: str | None
    ncv_basis: str | None
    carbon_content_basis: str | None
    co2e_t: float | None


class ReportDetail(ReportOut):
    rows: list[ReportRow]


class CycleOut(BaseModel):
    """What the office entered for an enterprise's compliance year."""

    enterprise_id: str
    year: int
    allocation_inputs: list[dict[str, Any]]
    record: dict[str, Any]


class ComplianceOut(BaseModel):
    """The office's view of a year; ``overview`` is None when no enterprise is registered."""

    territory: str | None = None
    year: int
    enterprises: int
    illustrative: bool
    overview: dict[str, Any] | None


class DisclosureOut(BaseModel):
    """A disclosure form of an accepted report: the fields of ``disclosure_fields.csv``."""

    model_config = ConfigDict(extra="allow")

    enterprise_name_en: str
    illustrative: bool
    accepted_at: Timestamp | None


@router.get("", response_model=list[EnterpriseOut])
def list_enterprises(
    db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> list[EnterpriseOut]:
    """重点企业 · Key enterprises the caller may see (an enterprise user: its own only)."""
    with db.read() as session:
        return [
            EnterpriseOut.model_validate(enterprises.enterprise_view(r))
            for r in enterprises.list_enterprises(session, actor)
        ]


@router.post("", response_model=EnterpriseOut, status_code=201)
def register(
    body: EnterpriseCreate, db: DB, actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
) -> EnterpriseOut:
    """登记企业 · Register an enterprise (USCC checked, GB/T 4754 industry, sub-area)."""
    with db.write() as session:
        data = body.model_dump()
        reason = data.pop("code_override_reason")
        row = enterprises.register_enterprise(session, actor, data, code_override_reason=reason)
        return EnterpriseOut.model_validate(enterprises.enterprise_view(row))


@router.get("/compliance", response_model=ComplianceOut)
def compliance(
    db: DB,
    actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))],
    year: Year = 2020,
    territory: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
) -> ComplianceOut:
    """合规总览 · Compliance, ETS balance, credit grades, reconciliation of one territory
    (climate office; the plan territory when none is named)."""
    with db.read() as session:
        data = enterprises.compliance(session, actor, year, territory=territory)
        return ComplianceOut.model_validate(data)


@router.get("/disclosures", response_model=list[DisclosureOut])
def disclosures(
    db: DB,
    _: Annotated[Actor, Depends(allow(*ALL_ROLES))],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[DisclosureOut]:
    """信息披露 · Disclosure forms of accepted reports (public)."""
    with db.read() as session:
        return [DisclosureOut.model_validate(d) for d in enterprises.disclosures(session, year)]


@router.get(
    "/ledger-template",
    response_class=Response,
    responses={200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}},
)
def ledger_template(_: Annotated[Actor, Depends(allow(*MEMBERS))]) -> Response:
    """台账模板 · The Excel ledger template."""
    return Response(
        ledger_template_xlsx(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="enterprise-ledgers.xlsx"'},
    )


@router.get("/{enterprise_id}", response_model=EnterpriseOut)
def get_enterprise(
    enterprise_id: EnterpriseId, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> EnterpriseOut:
    """一家企业 · One enterprise (404 for an enterprise the caller may not see)."""
    with db.read() as session:
        record = enterprises.get_enterprise(session, actor, enterprise_id)
        return EnterpriseOut.model_validate(enterprises.enterprise_view(record))


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


@router.get("/{enterprise_id}/ledgers", response_model=list[LedgerWithRows])
def list_ledgers(
    enterprise_id: EnterpriseId,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> list[LedgerWithRows]:
    """台账 · The enterprise's filed ledgers, with their rows."""
    with db.read() as session:
        return [
            LedgerWithRows.model_validate(enterprises.ledger_view(item, with_rows=True))
            for item in enterprises.list_ledgers(session, actor, enterprise_id, year)
        ]


@router.post(
    "/{enterprise_id}/ledgers",
    response_model=list[LedgerOut],
    status_code=201,
)
def file_ledgers(
    enterprise_id: EnterpriseId,
    file: UploadFile,
    year: Annotated[int, Form(ge=2000, le=2100)],
    db: DB,
    settings: Annotated[Settings, Depends(get_settings)],
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    replace: Annotated[bool, Query()] = False,
) -> list[LedgerOut]:
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
        return [LedgerOut.model_validate(enterprises.ledger_view(item)) for item in stored]


@router.get("/{enterprise_id}/reports", response_model=list[ReportOut])
def list_reports(
    enterprise_id: EnterpriseId, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> list[ReportOut]:
    """排放报告 · The enterprise's annual emission reports (every version)."""
    with db.read() as session:
        return [
            ReportOut.model_validate(enterprises.filing_view(r))
            for r in enterprises.list_filings(session, actor, enterprise_id)
        ]


@router.post(
    "/{enterprise_id}/reports",
    response_model=ReportOut,
    status_code=201,
)
def prepare_report(
    enterprise_id: EnterpriseId,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    year: Year,
) -> ReportOut:
    """编制报告 · Compute the year's report from the ledgers (new draft, or the open one)."""
    with db.write() as session:
        row = enterprises.prepare_report(session, actor, enterprise_id, year)
        return ReportOut.model_validate(enterprises.filing_view(row))


@router.post("/{enterprise_id}/reports/correct", response_model=ReportOut, status_code=201)
def correct_report(
    enterprise_id: EnterpriseId,
    body: CorrectionIn,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*MEMBERS))],
    year: Year,
) -> ReportOut:
    """更正已审定报告 · Start a corrected version of an accepted report (with a reason)."""
    with db.write() as session:
        row = enterprises.correct_report(session, actor, enterprise_id, year, body.reason)
        return ReportOut.model_validate(enterprises.filing_view(row))


@router.get("/reports/{filing_id}", response_model=ReportDetail)
def get_report(
    filing_id: Id, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> ReportDetail:
    """一份报告 · One report with its emission rows (measured or default parameters shown)."""
    with db.read() as session:
        filing = enterprises.get_filing(session, actor, filing_id)
        return ReportDetail.model_validate(enterprises.filing_view(filing, with_rows=True))


@router.post("/reports/{filing_id}/steps", response_model=ReportOut)
def step(
    filing_id: Id, body: StepIn, db: DB, actor: Annotated[Actor, Depends(allow(*MEMBERS))]
) -> ReportOut:
    """流转 · A workflow step: submit (enterprise), verify (verifier), accept (office),
    return (verifier or office, with a comment)."""
    with db.write() as session:
        row = enterprises.step_report(session, actor, filing_id, body.action, body.comment)
        return ReportOut.model_validate(enterprises.filing_view(row))


@router.get("/{enterprise_id}/cycles/{year}", response_model=CycleOut)
def get_cycle(
    enterprise_id: EnterpriseId,
    year: YearPath,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))],
) -> CycleOut:
    """履约年度数据 · The year's ETS allocation inputs, surrender and findings (office)."""
    with db.read() as session:
        return CycleOut.model_validate(enterprises.cycle_view(session, actor, enterprise_id, year))


@router.put("/{enterprise_id}/cycles/{year}/allocation", response_model=CycleOut)
def put_allocation(
    enterprise_id: EnterpriseId,
    year: YearPath,
    body: AllocationIn,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))],
) -> CycleOut:
    """配额分配输入 · Replace the year's ETS allocation inputs (all rows or none; office)."""
    with db.write() as session:
        rows = [r.model_dump() for r in body.rows]
        enterprises.set_allocation_inputs(session, actor, enterprise_id, year, rows)
        return CycleOut.model_validate(enterprises.cycle_view(session, actor, enterprise_id, year))


@router.patch(
    "/{enterprise_id}/cycles/{year}/record",
    response_model=CycleOut,
    responses={
        409: {
            "model": Problem,
            "description": "the offsets' source and period are claimed already",
        },
        422: {"model": Problem, "description": "every mistake, located"},
    },
)
def patch_record(
    enterprise_id: EnterpriseId,
    year: YearPath,
    body: ComplianceRecordIn,
    db: DB,
    actor: Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))],
) -> CycleOut:
    """清缴与核查发现 · Set the year's surrender, offsets and verification findings (office)."""
    with db.write() as session:
        values = body.model_dump(exclude_unset=True)
        enterprises.update_compliance_record(session, actor, enterprise_id, year, values)
        return CycleOut.model_validate(enterprises.cycle_view(session, actor, enterprise_id, year))
