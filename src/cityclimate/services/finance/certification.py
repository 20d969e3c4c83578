"""Green enterprise and green project certification on stored data (issue 14).

An enterprise user applies for its own enterprise, or for a library project it owns (the
project's owner USCC is its enterprise's); the office may apply on an enterprise's behalf. The
platform judges what it knows (catalogue tags, computed reductions, the enterprise register)
and the applicant's answers (:func:`cityclimate.finance.certification.judge`); the office
checks, approves or rejects with a reason, and may revoke. Every step is stored with who, when
and why, and audited. The public register lists approvals in force only, without answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.finance.certification import (
    ACTIONS,
    SCHEMES,
    STATUSES,
    Answer,
    Criterion,
    Facts,
    Judgement,
    judge,
    of_scheme,
    shipped_criteria,
    status_on,
    step,
    valid_until,
)
from cityclimate.finance.model import FinanceError
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.services.finance.library import estimates, to_project
from cityclimate.storage.enterprises_models import EnterpriseMember, EnterpriseRecord
from cityclimate.storage.finance_models import (
    FinanceCertification,
    FinanceCertificationStep,
    FinanceProject,
)
from cityclimate.text import Text

ENTITY = "finance_certification"


def _own_enterprise(session: Session, actor: Actor) -> str | None:
    if actor.user_id is None:
        return None
    member = session.get(EnterpriseMember, actor.user_id)
    return member.enterprise_id if member else None


def _facts(session: Session, enterprise: EnterpriseRecord, project: FinanceProject | None) -> Facts:
    if project is None:
        return Facts(registered=len(enterprise.uscc) == 18)
    core = to_project(project)
    estimate = estimates(session, [core]).get(core.project_id)
    reduction = estimate.reduction_co2e_t if estimate else None
    indicators = len(estimate.benefit_indicators) if estimate else 0
    codes = sum(len(v) for v in core.catalogue_codes.values())
    return Facts(catalogue_codes=codes, reduction_t=reduction, adaptation_indicators=indicators,
                 registered=len(enterprise.uscc) == 18)  # fmt: skip


def _judgements(stored: list[Any]) -> list[Judgement]:
    return [
        Judgement(j["criterion"], j["passed"], Text(j["basis_zh"], j["basis_en"])) for j in stored
    ]


def _store_judgements(found: list[Judgement]) -> list[dict[str, Any]]:
    return [{"criterion": j.criterion, "passed": j.passed, "basis_zh": j.basis.zh,
             "basis_en": j.basis.en} for j in found]  # fmt: skip


def apply(
    session: Session,
    actor: Actor,
    scheme: str,
    enterprise_id: str,
    answers: Mapping[str, Answer],
    *,
    project_id: str | None = None,
    illustrative: bool = False,
) -> FinanceCertification:
    """Apply for ``scheme`` for an enterprise (or one of its library projects)."""
    if actor.role not in OFFICE and _own_enterprise(session, actor) != enterprise_id:
        raise PermissionDeniedError("只能为本企业或本企业的项目申请认定",
                                    "you may apply only for your own enterprise or its projects")  # fmt: skip
    enterprise = session.get(EnterpriseRecord, enterprise_id)
    if enterprise is None:
        raise NotFoundError(f"企业 {enterprise_id} 不存在", f"no enterprise {enterprise_id}")
    try:
        criteria = of_scheme(shipped_criteria(), scheme)
    except FinanceError as exc:
        raise ConflictError(exc.message.zh, exc.message.en) from exc
    project = None
    if scheme == "green_project":
        project = session.scalar(
            select(FinanceProject).where(FinanceProject.project_id == (project_id or ""))
        )
        if project is None:
            raise NotFoundError(
                f"项目库中没有项目 {project_id}", f"no library project {project_id}"
            )
        if project.owner_uscc != enterprise.uscc:
            raise PermissionDeniedError(f"项目 {project_id} 的业主不是该企业",
                                        f"project {project_id} is not owned by this enterprise")  # fmt: skip
    unknown = sorted(set(answers) - {c.criterion for c in criteria})
    if unknown:
        raise ConflictError(f"不是该认定的指标：{', '.join(unknown)}",
                            f"not criteria of this scheme: {', '.join(unknown)}")  # fmt: skip
    found = judge(criteria, answers, _facts(session, enterprise, project))
    row = FinanceCertification(
        scheme=scheme, territory_code=enterprise.territory, enterprise_id=enterprise_id,
        project_id=project.project_id if project else None, status="submitted",
        answers={k: {"value": a.value, "evidence": a.evidence} for k, a in answers.items()},
        judgements=_store_judgements(found), applied_by=actor.username, illustrative=illustrative,
    )  # fmt: skip
    session.add(row)
    session.flush()
    session.add(FinanceCertificationStep(certification_id=row.id, action="apply", to_status="submitted",
                                         by=actor.username))  # fmt: skip
    audit.record(session, actor, "apply", ENTITY, row.id,
                 after={"scheme": scheme, "enterprise": enterprise_id, "project": row.project_id})  # fmt: skip
    return row


def decide(
    session: Session,
    actor: Actor,
    certification_id: int,
    action: str,
    on: dt.date,
    reason: str = "",
) -> FinanceCertification:
    """The office checks, approves, rejects or revokes (a reason where the step needs one).
    Facts are judged again at each step: a tag or an estimate changed since is seen."""
    if actor.role not in OFFICE:
        raise PermissionDeniedError(
            "只有气候办可以审查认定申请", "only the climate office reviews applications"
        )
    row = _row(session, certification_id)
    enterprise = session.get(EnterpriseRecord, row.enterprise_id)
    project = (session.scalar(select(FinanceProject).where(FinanceProject.project_id == row.project_id))
               if row.project_id else None)  # fmt: skip
    criteria = of_scheme(shipped_criteria(), row.scheme)
    answers = {k: Answer(v["value"], v.get("evidence", "")) for k, v in row.answers.items()}
    found = judge(criteria, answers, _facts(session, enterprise, project)) if enterprise else []
    try:
        to = step(row.status, action, found, reason)
    except FinanceError as exc:
        raise ConflictError(exc.message.zh, exc.message.en) from exc
    before = row.status
    row.status, row.judgements, row.reason = to, _store_judgements(found), reason or row.reason
    if action in ("approve", "reject"):
        row.decided_on = on
    if action == "approve":
        row.valid_to = valid_until(on, criteria)
    session.add(FinanceCertificationStep(certification_id=row.id, action=action, from_status=before,
                                         to_status=to, reason=reason, by=actor.username))  # fmt: skip
    audit.record(session, actor, action, ENTITY, row.id, before={"status": before},
                 after={"status": to, "reason": reason, "on": on.isoformat()})  # fmt: skip
    return row


def _row(session: Session, certification_id: int) -> FinanceCertification:
    row = session.get(FinanceCertification, certification_id)
    if row is None:
        raise NotFoundError(
            f"认定申请 {certification_id} 不存在", f"no certification {certification_id}"
        )
    return row


def listed(
    session: Session, actor: Actor, on: dt.date, territory: str | None = None
) -> list[FinanceCertification]:
    """The office: every application; an enterprise: its own; anyone else: approvals in force."""
    query = select(FinanceCertification).order_by(FinanceCertification.id.desc())
    if territory:
        query = query.where(FinanceCertification.territory_code == territory)
    rows = list(session.scalars(query))
    if actor.role in OFFICE:
        return rows
    own = _own_enterprise(session, actor)
    return [r for r in rows if (own is not None and r.enterprise_id == own)
            or status_on(r.status, r.valid_to, on) == "approved"]  # fmt: skip


def _judgement_view(
    j: Judgement, criterion: Criterion | None, lang: str, insider: bool
) -> dict[str, Any]:
    return {
        "criterion": j.criterion,
        "name": criterion.name.pick(lang) if criterion else j.criterion,
        "passed": j.passed,
        "basis": j.basis.pick(lang) if insider else "",
        "source": criterion.source if criterion else "",
        "confidence": criterion.confidence if criterion else "",
    }


def _step_view(s: FinanceCertificationStep, lang: str) -> dict[str, Any]:
    return {"action": s.action, "action_name": ACTIONS[s.action].pick(lang),
            "from_status": s.from_status, "to_status": s.to_status, "reason": s.reason,
            "by": s.by, "at": s.at.isoformat()}  # fmt: skip


def view(
    session: Session, actor: Actor, row: FinanceCertification, on: dt.date, lang: str
) -> dict[str, Any]:
    """An application as plain values: status as of ``on``, judgements, validity, its steps;
    answers, reasons and steps only for the office and the applicant's enterprise."""
    enterprise = session.get(EnterpriseRecord, row.enterprise_id)
    status = status_on(row.status, row.valid_to, on)
    insider = actor.role in OFFICE or _own_enterprise(session, actor) == row.enterprise_id
    criteria = {c.criterion: c for c in shipped_criteria() if c.scheme == row.scheme}
    steps: list[FinanceCertificationStep] = []
    if insider:
        query = select(FinanceCertificationStep).where(
            FinanceCertificationStep.certification_id == row.id
        )
        steps = list(session.scalars(query.order_by(FinanceCertificationStep.id)))
    name = (
        Text(enterprise.name_zh, enterprise.name_en or enterprise.name_zh) if enterprise else None
    )
    return {
        "id": row.id,
        "scheme": row.scheme,
        "scheme_name": SCHEMES[row.scheme].pick(lang),
        "territory": row.territory_code,
        "enterprise_id": row.enterprise_id,
        "enterprise_name": name.pick(lang) if name else row.enterprise_id,
        "project_id": row.project_id,
        "status": status,
        "status_name": STATUSES[status].pick(lang),
        "decided_on": row.decided_on.isoformat() if row.decided_on else None,
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "reason": row.reason if insider else "",
        "illustrative": row.illustrative,
        "judgements": [
            _judgement_view(j, criteria.get(j.criterion), lang, insider)
            for j in _judgements(row.judgements)
        ],
        "steps": [_step_view(s, lang) for s in steps],
    }


def get(session: Session, actor: Actor, certification_id: int, on: dt.date) -> FinanceCertification:
    row = _row(session, certification_id)
    if row not in listed(session, actor, on):
        raise NotFoundError(
            f"认定申请 {certification_id} 不存在", f"no certification {certification_id}"
        )
    return row
