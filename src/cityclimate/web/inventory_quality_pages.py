"""The inventory quality page (issue 13): for any stored version, the uncertainty (Monte Carlo,
seeded), the key categories with their reasons, the QA findings, and the China / IPCC / GPC
reporting tables with their reconciliation. Thin: call the service, put names on codes, render.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from cityclimate.demo.load import NOTICE
from cityclimate.names import name
from cityclimate.services import inventory_quality
from cityclimate.text import Text
from cityclimate.web.page import Reader

router = APIRouter(include_in_schema=False)

#: The three reporting frameworks, in the order the page shows them.
FRAMEWORK_TITLES = {
    "cn": Text("省级温室气体清单指南", "China's provincial GHG inventory guideline"),
    "ipcc": Text("IPCC 2006 清单类别", "IPCC 2006 categories"),
    "gpc": Text("城市温室气体核算国际标准（GPC）", "GPC (Global Protocol for Community-Scale GHG)"),
}


@router.get("/inventories/{version_id}/quality", response_class=HTMLResponse)
def quality_page(
    p: Reader,
    version_id: int,
    iterations: Annotated[
        int, Query(ge=100, le=inventory_quality.MAX_ITERATIONS)
    ] = inventory_quality.DEFAULT_ITERATIONS,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
) -> HTMLResponse:
    with p.db.read() as session:
        result = inventory_quality.version_quality(
            session, p.actor, version_id, iterations=iterations, seed=seed
        )
    lang = p.lang
    return p.render(
        "inventory/quality.html",
        q=result,
        territory=name("territory", result["territory"]).pick(lang),
        uncertainty_rows=_named(result["uncertainty"]["by_category"], lang),
        key_rows=_named(result["key_categories"], lang),
        frameworks=[
            (code, FRAMEWORK_TITLES[code].pick(lang), _picked(result["frameworks"][code], lang))
            for code in FRAMEWORK_TITLES
        ],
        reconciliation=_picked(result["reconciliation"], lang),
        findings=[_finding(f, lang) for f in result["findings"]],
        method_text=Text(**result["uncertainty"]["method"]["approach2"]).pick(lang),
        notice=Text(**NOTICE).pick(lang) if result["illustrative"] else "",
    )


def _named(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Rows of a category table with the category's name (and reason) in the page's language."""
    return [
        {
            **r,
            "name": name("category", r["category"]).pick(lang),
            "reason": Text.of(r, "reason").pick(lang),
        }
        for r in rows
    ]


def _picked(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Rows with ``name_zh``/``name_en`` reduced to the page's language."""
    return [{**r, "name": Text.of(r, "name").pick(lang)} for r in rows]


def _finding(f: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        **f,
        "message": Text.of(f, "message").pick(lang),
        "fix": Text.of(f, "fix").pick(lang),
    }
