"""Public reporting (issue 19): documents as PDF.

The inventory report and the plan's evaluation report of a published year are public (no
sign-in): they hold what the published results hold. An assessment notice and a park's
self-assessment are for the office and departments; an enterprise's report for those who may
see the enterprise. Documents are ``application/pdf`` (documented in the OpenAPI responses).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from cityclimate.api.deps import ANYONE, DB, STAFF, allow
from cityclimate.services import reporting
from cityclimate.services.actors import ENTERPRISE_MEMBERS, Actor

router = APIRouter(prefix="/reports", tags=["reporting"])
Public = Annotated[Actor, Depends(allow(ANYONE))]
Members = Annotated[Actor, Depends(allow(*ENTERPRISE_MEMBERS))]
Staff = Annotated[Actor, Depends(allow(*STAFF))]
EntityId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
TerritoryCode = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
Year = Annotated[int, Path(ge=1990, le=2100)]
Lang = Annotated[Literal["zh", "en"], Query(description="语言 · language of the document")]
PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
}


def _pdf(body: bytes, name: str) -> Response:
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


@router.get("/inventory/{territory}/{year}.pdf", response_class=Response, responses=PDF_RESPONSE)
def inventory_pdf(
    territory: TerritoryCode, year: Year, db: DB, actor: Public, lang: Lang = "zh"
) -> Response:
    """温室气体清单报告（PDF）· The inventory report of a published year as PDF."""
    from cityclimate.io.pdf_documents import document_pdf

    with db.read() as session:
        document = reporting.inventory_document(session, actor, territory, year)
    return _pdf(document_pdf(document, lang), f"inventory-{territory}-{year}-{lang}")


@router.get("/evaluation/{territory}/{year}.pdf", response_class=Response, responses=PDF_RESPONSE)
def evaluation_pdf(
    territory: TerritoryCode, year: Year, db: DB, actor: Public, lang: Lang = "zh"
) -> Response:
    """规划实施年度评估报告（PDF）· The plan's annual evaluation report (the public: published
    years only)."""
    from cityclimate.io.pdf_documents import document_pdf

    with db.read() as session:
        document = reporting.evaluation_document(session, actor, territory, year)
    return _pdf(document_pdf(document, lang), f"evaluation-{territory}-{year}-{lang}")


@router.get("/assessment/{territory}/{year}.pdf", response_class=Response, responses=PDF_RESPONSE)
def assessment_pdf(
    territory: TerritoryCode,
    year: Year,
    db: DB,
    actor: Staff,
    department: Annotated[
        str, Query(min_length=1, max_length=200, description="受考核单位 · the department")
    ],
    lang: Lang = "zh",
) -> Response:
    """目标责任考核结果通知（PDF）· A department's assessment notice with its rectification
    items and deadlines."""
    from cityclimate.io.pdf_documents import document_pdf

    with db.read() as session:
        document = reporting.assessment_notice(session, actor, territory, year, department)
    return _pdf(document_pdf(document, lang), f"assessment-{territory}-{year}-{lang}")


@router.get(
    "/enterprise/{enterprise_id}/{year}.pdf", response_class=Response, responses=PDF_RESPONSE
)
def enterprise_pdf(
    enterprise_id: EntityId, year: Year, db: DB, actor: Members, lang: Lang = "zh"
) -> Response:
    """企业年度排放报告与信息披露（PDF）· An enterprise's annual emission report and its
    disclosure form (the office, the enterprise's members and its verifier)."""
    from cityclimate.io.pdf_documents import document_pdf

    with db.read() as session:
        document = reporting.enterprise_document(session, actor, enterprise_id, year)
    return _pdf(document_pdf(document, lang), f"enterprise-{enterprise_id}-{year}-{lang}")


@router.get("/park/{park_id}.pdf", response_class=Response, responses=PDF_RESPONSE)
def park_pdf(park_id: EntityId, db: DB, _: Staff, lang: Lang = "zh") -> Response:
    """园区自评估报告（PDF）· A park's self-assessment report."""
    from cityclimate.io.pdf_documents import document_pdf

    with db.read() as session:
        document = reporting.park_document(session, park_id)
    return _pdf(document_pdf(document, lang), f"park-{park_id}-{lang}")
