"""The regional comparison page (R7): territories side by side from their stored data, with a
visible warning where their methods differ and "not reported" for every missing figure."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from cityclimate.names import name
from cityclimate.services import compare as comparison
from cityclimate.web.page import Page, Reader

router = APIRouter(include_in_schema=False)


def _method_rows(p: Page, territories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per compared method: its name and each territory's choice (a name, not a code)."""
    rows = []
    for key, label in comparison.METHODS.items():
        cells = []
        for t in territories:
            value = (t["methods"] or {}).get(key)
            cells.append(None if value is None else name("method", str(value)).pick(p.lang))
        rows.append({"key": key, "name": label.pick(p.lang), "cells": cells})
    return rows


@router.get("/compare", response_class=HTMLResponse)
def compare(
    p: Reader,
    territories: Annotated[str, Query(max_length=400)] = "",
    year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
) -> HTMLResponse:
    with p.db.read() as session:
        available = comparison.territories_with_data(session)
        codes = comparison.parse_codes(territories) if territories.strip() else available
        data = comparison.compare(session, codes, year) if codes else None
    columns = data["territories"] if data else []
    return p.render(
        "compare/regions.html",
        data=data,
        columns=columns,
        chosen=codes,
        available=available,
        method_rows=_method_rows(p, columns),
        warnings=[
            w["message_zh"] if p.lang != "en" else w["message_en"]
            for w in (data["method_warnings"] if data else [])
        ],
    )
