"""Carbon inclusion pages (issue 15): public statistics and methodologies for anyone, a resident's
own account (enrol with a card, consents, trips, points, reductions, export), and the climate
office's totals by behaviour and sub-area, the anti-fraud picture and the sources.

Names, never codes: behaviours, statuses, reasons, units and baselines come as bilingual names
from the core; reductions are shown in kg or t CO2e from whole grams.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import CityClimateError
from cityclimate.inclusion.model import ACTIVITY_UNITS, BASELINES, BEHAVIOURS, REASONS, STATUSES
from cityclimate.inclusion.privacy import CONSENTS, PROCESSING_RECORD
from cityclimate.requests import DB, page_language, settings_of
from cityclimate.services.actors import ALL_ROLES
from cityclimate.services.inclusion import ingest, reports, residents
from cityclimate.text import Text
from cityclimate.web.page import CONFIDENCE, Page, Reader, SignInRequiredError, Writer, bare

router = APIRouter(include_in_schema=False)
#: The territory a page shows (the first with sources, else the first stored plan's, if none
#: is named).
TerritoryQuery = Annotated[str, Query(max_length=32)]
NOTICE = Text("示例数据（模拟）：碳普惠居民、出行和数据来源均为模拟，不代表真实个人或运营商数据",
              "ILLUSTRATIVE (simulated): the residents, trips and sources of carbon inclusion are simulated")  # fmt: skip
SOURCE_KINDS = {
    "transit": Text("公共交通运营商", "transit operator"),
    "bike_share": Text("共享单车", "bike share"),
    "community_station": Text("社区服务站", "community station"),
    "meter": Text("计量表", "meter"),
    "app": Text("应用程序", "app"),
}


def _name(table: dict[str, Text], code: str | None, lang: str) -> str:
    if code is None:
        return ""
    return table[code].pick(lang) if code in table else code


def _names(lang: str) -> dict[str, Any]:
    """Pickers the templates use to show names (never codes)."""
    return {
        "behaviour": lambda c: _name(BEHAVIOURS, c, lang),
        "status": lambda c: _name(STATUSES, c, lang),
        "reason": lambda c: _name(REASONS, c, lang),
        "unit": lambda c: _name(ACTIVITY_UNITS, c, lang),
        "baseline": lambda c: _name(BASELINES, c, lang),
        "confidence": lambda c: _name(CONFIDENCE, c, lang),
        "consent": lambda c: _name(CONSENTS, c, lang),
        "source_kind": lambda c: _name(SOURCE_KINDS, c, lang),
    }


@router.get("/inclusion", response_class=HTMLResponse)
def public(request: Request, db: DB, territory: TerritoryQuery = "") -> HTMLResponse:
    """Public: aggregates only (small groups left out), the ledger head, the methodologies."""
    lang = page_language(request)
    with db.read() as session:
        code = reports.territory_or_default(session, territory)
        stats = reports.public_statistics(session, code or "")
        choices = reports.territories(session)
    context: dict[str, Any] = {
        "stats": stats, "methods": reports.methodology_rows(), "names": _names(lang),
        "notice": NOTICE.pick(lang) if stats["illustrative"] else "",
        "min_group": reports.MIN_GROUP, "territory": code, "territories": choices,
    }  # fmt: skip
    try:  # signed in: the page with the menu; anyone else: the page alone
        return Page(request, db, ALL_ROLES).render("inclusion/public.html", **context)
    except SignInRequiredError:
        return bare(request, "inclusion/public.html", **context)


def _me_page(p: Reader, error: str = "", status: int = 200) -> HTMLResponse:
    with p.db.write() as session:  # a look at personal data is audited (a write)
        name = residents.account_of_user(session, p.actor.user_id)
        mine = residents.my_data(session, p.actor, name) if name else None
        choices = [] if mine else reports.territories(session)
    response = p.render(
        "inclusion/me.html", mine=mine, names=_names(p.lang), consents=CONSENTS,
        territories=choices,
        record=PROCESSING_RECORD, error=error,
        notice=NOTICE.pick(p.lang) if mine and mine["illustrative"] else "",
    )  # fmt: skip
    response.status_code = status
    return response


@router.get("/inclusion/me", response_class=HTMLResponse)
def me(p: Reader) -> HTMLResponse:
    return _me_page(p)


@router.post("/inclusion/me", response_class=HTMLResponse)
def enrol(
    request: Request,
    p: Reader,
    card_number: Annotated[str, Form(min_length=4, max_length=64)],
    csrf_token: Annotated[str, Form()] = "",
    location_consent: Annotated[bool, Form()] = False,
    territory: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    from datetime import date

    key = settings_of(request).inclusion_pseudonym_key.encode()
    try:
        with p.db.write() as session:
            code = reports.territory_or_default(session, territory) or ""
            residents.enrol(session, p.actor, code, card_number, key, on=date.today(),
                            location_consent=location_consent, user_id=p.actor.user_id)  # fmt: skip
    except CityClimateError as exc:
        return _me_page(p, exc.message.pick(p.lang), 409)
    return RedirectResponse("/inclusion/me", status_code=303)


@router.post("/inclusion/me/consent", response_class=HTMLResponse)
def consent(
    p: Reader,
    kind: Annotated[str, Form(max_length=32)],
    given: Annotated[bool, Form()] = False,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    p.check_csrf(csrf_token)
    from datetime import date

    try:
        with p.db.write() as session:
            name = residents.account_of_user(session, p.actor.user_id)
            if name is None:
                return RedirectResponse("/inclusion/me", status_code=303)
            residents.set_consent(session, p.actor, name, kind, given=given, on=date.today())
    except CityClimateError as exc:
        return _me_page(p, exc.message.pick(p.lang), 409)
    return RedirectResponse("/inclusion/me", status_code=303)


@router.get("/inclusion/office", response_class=HTMLResponse)
def office(p: Writer, territory: TerritoryQuery = "") -> HTMLResponse:
    with p.db.read() as session:
        code = reports.territory_or_default(session, territory) or ""
        data: dict[str, Any] = {
            "territory": code,
            "territories": reports.territories(session),
            "by_behaviour": reports.by_behaviour(session, code),
            "by_sub_area": reports.by_sub_area(session, code),
            "by_status": reports.by_status(session, code),
            "held": reports.held_events(session, code),
            "sources": {s["source_id"]: s for s in ingest.list_sources(session, code)},
        }
    illustrative = any(s["illustrative"] for s in data["sources"].values())
    return p.render("inclusion/office.html", names=_names(p.lang), record=PROCESSING_RECORD,
                    notice=NOTICE.pick(p.lang) if illustrative else "", **data)  # fmt: skip
