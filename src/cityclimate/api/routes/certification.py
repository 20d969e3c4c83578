"""Green enterprise and green project certification (issue 14): the criteria with their sources,
applications by enterprises, the office's review steps and decisions, the public register."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from cityclimate.api.deps import ANYONE, DB, INVENTORY_WRITERS, allow
from cityclimate.api.schemas import Problem
from cityclimate.finance.certification import Answer, shipped_criteria
from cityclimate.services.actors import Actor
from cityclimate.services.finance import certification

router = APIRouter(prefix="/finance/certification", tags=["finance"])
Anyone = Annotated[Actor, Depends(allow(ANYONE))]
Applicant = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS, "enterprise"))]
Office = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Lang = Annotated[str, Query(pattern="^(zh|en)$", description="zh 或 en · language of names")]
CertificationId = Annotated[int, Path(ge=1, le=2**31 - 1)]
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": Problem, "description": "not your enterprise or project"},
    404: {"model": Problem, "description": "no such enterprise, project or application"},
    409: {"model": Problem, "description": "the step does not apply (status, criteria, reason)"},
}


class CriterionOut(BaseModel):
    scheme: str
    criterion: str
    kind: str = Field(description="catalogue, computed, registration, attest or threshold")
    name_zh: str
    name_en: str
    threshold: float | None
    unit: str
    validity_years: int
    confidence: str = Field(description="H, M or L (L: not from an official text)")
    source: str


class AnswerIn(BaseModel):
    value: str = Field(max_length=200, description="yes/no, or a number for a threshold")
    evidence: str = Field(default="", max_length=2000, description="the document that shows it")


class ApplicationIn(BaseModel):
    scheme: Literal["green_enterprise", "green_project"]
    enterprise_id: str = Field(min_length=1, max_length=64)
    project_id: str | None = Field(default=None, max_length=64)
    answers: dict[str, AnswerIn] = Field(default_factory=dict, max_length=50)


class DecisionIn(BaseModel):
    reason: str = Field(default="", max_length=2000)
    on: dt.date | None = Field(default=None, description="the decision's date (default today)")


class CertificationOut(BaseModel):
    id: int
    scheme: str
    scheme_name: str
    territory: str
    enterprise_id: str
    enterprise_name: str
    project_id: str | None
    status: str = Field(description="submitted, checked, approved, rejected, revoked or expired")
    status_name: str
    decided_on: str | None
    valid_to: str | None
    reason: str
    illustrative: bool
    judgements: list[dict[str, Any]]
    steps: list[dict[str, Any]]


@router.get("/criteria", response_model=list[CriterionOut])
def criteria(_: Anyone) -> list[dict[str, Any]]:
    """认定指标（含来源与可信度）· The certification criteria, with sources and confidence."""
    return [{**c.__dict__, "name_zh": c.name.zh, "name_en": c.name.en} for c in shipped_criteria()]


@router.get("/applications", response_model=list[CertificationOut])
def applications(
    db: DB,
    actor: Anyone,
    lang: Lang = "zh",
    territory: Annotated[str | None, Query(max_length=32)] = None,
) -> list[dict[str, Any]]:
    """认定申请与名录（气候办全部，企业本企业，其他角色仅有效认定）· Applications and the register."""
    today = dt.date.today()
    with db.read() as session:
        return [certification.view(session, actor, r, today, lang)
                for r in certification.listed(session, actor, today, territory)]  # fmt: skip


@router.post("/applications", response_model=CertificationOut, status_code=201, responses=_ERRORS)
def apply(body: ApplicationIn, db: DB, actor: Applicant, lang: Lang = "zh") -> dict[str, Any]:
    """申请绿色企业或绿色项目认定 · Apply for certification (own enterprise or its project)."""
    answers = {k: Answer(v.value, v.evidence) for k, v in body.answers.items()}
    with db.write() as session:
        row = certification.apply(session, actor, body.scheme, body.enterprise_id, answers,
                                  project_id=body.project_id)  # fmt: skip
        return certification.view(session, actor, row, dt.date.today(), lang)


@router.get("/applications/{certification_id}", response_model=CertificationOut,
            responses={404: _ERRORS[404]})  # fmt: skip
def one(
    certification_id: CertificationId, db: DB, actor: Anyone, lang: Lang = "zh"
) -> dict[str, Any]:
    """一项认定：逐项判定、有效期与审查步骤 · One certification with its judgements and steps."""
    today = dt.date.today()
    with db.read() as session:
        return certification.view(
            session, actor, certification.get(session, actor, certification_id, today), today, lang
        )


@router.post(
    "/applications/{certification_id}/{action}", response_model=CertificationOut, responses=_ERRORS
)
def decide(
    certification_id: CertificationId,
    action: Annotated[str, Path(pattern="^(check|approve|reject|revoke)$")],
    body: DecisionIn,
    db: DB,
    actor: Office,
    lang: Lang = "zh",
) -> dict[str, Any]:
    """形式审查、认定、不予认定或撤销（须写明理由的步骤）· A review step or decision."""
    on = body.on or dt.date.today()
    with db.write() as session:
        row = certification.decide(session, actor, certification_id, action, on, body.reason)
        return certification.view(session, actor, row, dt.date.today(), lang)
