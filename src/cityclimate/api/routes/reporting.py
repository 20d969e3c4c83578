"""Public reporting (issue 19): documents as PDF.

The inventory report of a published year is public (no sign-in): it holds what the published
version holds. Documents are ``application/pdf`` (documented in the OpenAPI responses).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from cityclimate.api.deps import ANYONE, DB, allow
from cityclimate.services import reporting
from cityclimate.services.actors import Actor

router = APIRouter(prefix="/reports", tags=["reporting"])
Public = Annotated[Actor, Depends(allow(ANYONE))]
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
