"""The regional comparison page (R7): territories side by side from their stored data, with a
visible warning where their methods differ and "not reported" for every missing figure."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from cityclimate.names import name
from cityclimate.services import compare as comparison
from cityclimate.text import Text
from cityclimate.web.page import Page, Reader

router = APIRouter(include_in_schema=False)


#: Methods whose value is a name a user gave (a stored factor set), shown as data, untranslated.
USER_NAMED = {"factor_set"}


def _shown(p: Page, key: str, value: object) -> str:
    """A territory's choice of a method as a person reads it (a name, not a code)."""
    return str(value) if key in USER_NAMED else name("method", str(value)).pick(p.lang)


def _method_rows(p: Page, territories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per compared method: its name and each territory's choice."""
    rows = []
    for key, label in comparison.METHODS.items():
        values = [(t["methods"] or {}).get(key) for t in territories]
        cells = [None if v is None else _shown(p, key, v) for v in values]
        rows.append(
            {"key": key, "name": label.pick(p.lang), "cells": cells, "data": key in USER_NAMED}
        )
    return rows


def _warnings(p: Page, data: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each method that differs: its name and every territory's choice, named."""
    return [
        {
            "name": Text.of(w, "name").pick(p.lang),
            "data": w["method"] in USER_NAMED,
            "values": [(code, _shown(p, w["method"], v)) for code, v in w["values"].items()],
        }
        for w in (data["method_warnings"] if data else [])
    ]


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
        warnings=_warnings(p, data),
    )
