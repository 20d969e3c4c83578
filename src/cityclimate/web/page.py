"""What every page shares: the templates, the page context (language, signed-in actor, CSRF
token) with its role rules, and the answers that are not a page of their own (errors, files).

The actor comes from the session cookie through :func:`cityclimate.requests.caller`, the same
function the API uses; the language from the language cookie (:func:`~cityclimate.requests.page_language`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from cityclimate.errors import CityClimateError, DataValidationError, Problem
from cityclimate.io.limits import FileTooLargeError
from cityclimate.requests import Database, caller, get_db, page_language
from cityclimate.services import territories
from cityclimate.services.actors import (
    ADMIN,
    ALL_ROLES,
    DATA_PROVIDERS,
    INVENTORY_WRITERS,
    STAFF,
)
from cityclimate.services.errors import NotFoundError, PermissionDeniedError
from cityclimate.text import Text
from cityclimate.units import to_wan
from cityclimate.web import bilingual, i18n
from cityclimate.web.i18n import N_

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Names of the confidence grades of reference data (H/M/L in the shipped CSVs' ``confidence``).
CONFIDENCE = {
    "H": Text("高", "high"),
    "M": Text("中", "medium"),
    "L": Text("低（待核实）", "low (to confirm)"),
}


#: Notices after a save (POST-redirect-GET: ``?done=<key>``); only these texts are shown.
SAVED = {
    "registered": N_("Enterprise registered"),
    "member": N_("User bound to the enterprise"),
    "verifier": N_("Verifier engaged"),
    "allocation": N_("ETS allocation inputs saved"),
    "surrender": N_("Surrender and offsets saved"),
    "findings": N_("Verification findings saved"),
    "correction": N_("Correction started: a new draft version"),
    "department": N_("Department saved"),
    "prepared": N_("Report prepared from the filed ledgers"),
    "submit": N_("Report submitted"),
    "verify": N_("Report verified"),
    "accept": N_("Report accepted"),
    "return": N_("Report returned with your comment"),
    "assigned": N_("Task assignment and deadline saved"),
    "weights": N_("Assessment weights saved"),
    "plan_department": N_("Department added to the plan"),
    "closed": N_("Rectification item closed with its evidence"),
    "deadline": N_("Deadline saved"),
    "acknowledged": N_("Warning notice acknowledged"),
    "escalated": N_("Overdue warning notices escalated"),
    "adaptation_settings": N_("Warning settings saved"),
    "adaptation_table": N_("Table imported"),
    "adaptation_shapes": N_("Map shapes saved"),
    "certification_applied": N_("Application for certification submitted"),
    "certification_step": N_("Certification step saved"),
}


def problems_of(exc: CityClimateError, where: str) -> list[Problem]:
    """The located problems of a refused step (one, naming ``where``, when the error has none),
    for the shared ``_problems.html``."""
    if isinstance(exc, DataValidationError):
        return list(exc.problems)
    return [Problem(where, None, None, "", exc.message_zh, exc.message_en)]


def refused_status(exc: CityClimateError) -> int:
    """The HTTP status of a page shown again with a refused step's problems (as the API's)."""
    for kind, status in (
        (FileTooLargeError, 413),
        (DataValidationError, 422),
        (NotFoundError, 404),
        (PermissionDeniedError, 403),
    ):
        if isinstance(exc, kind):
            return status
    return 409


def _done(request: Request) -> str:
    """The notice confirming the save the page was redirected from (``?done=<key>``), or ""."""
    key = request.query_params.get("done", "")
    return i18n.gettext(SAVED[key]) if key in SAVED else ""


class SignInRequiredError(Exception):
    """The page needs a signed-in user: go to the sign-in page."""


class PageForbiddenError(Exception):
    """The signed-in user's role may not open this page."""


def _wan(value: float | None) -> str:
    return "—" if value is None else f"{to_wan(value):,.2f}"


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:,.1f}%"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cityclimate.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(wan=_wan, num=_num, pct=_pct)
    bilingual.install(env)
    return env


TEMPLATES = _environment()


class Page:
    """The request's page context: language, actor, CSRF token; renders templates."""

    def __init__(self, request: Request, db: Database, roles: tuple[str, ...]) -> None:
        lang = page_language(request)
        i18n.current.set(lang)
        found = caller(request, db, bearer=False)
        if found is None or not found.kind:
            raise SignInRequiredError
        self.actor, self.csrf = found.actor, found.csrf
        self._caller = found
        if self.actor.role not in roles:
            raise PageForbiddenError
        self.request, self.db, self.lang = request, db, lang

    def check_csrf(self, token: str) -> None:
        if not self._caller.csrf_matches(token):
            raise PageForbiddenError

    def render(self, name: str, **context: Any) -> HTMLResponse:
        # Dependencies and the endpoint may run in different threads: set the language here.
        i18n.current.set(self.lang)
        with self.db.read() as session:
            bilingual.stored_territories.set(territories.territory_names(session))
        html = TEMPLATES.get_template(name).render(
            actor=self.actor,
            csrf=self.csrf,
            lang=self.lang,
            languages=i18n.LANGUAGES,
            path=self.request.url.path,
            query=str(self.request.url.query),
            done=_done(self.request),
            roles={
                "staff": self.actor.role in STAFF,
                "providers": self.actor.role in DATA_PROVIDERS,
                "writers": self.actor.role in INVENTORY_WRITERS,
                "admin": self.actor.role in ADMIN,
            },
            **context,
        )
        return HTMLResponse(html)


def page(*roles: str):  # type: ignore[no-untyped-def]
    def dependency(request: Request, db: Annotated[Database, Depends(get_db)]) -> Page:
        return Page(request, db, roles)

    return dependency


Reader = Annotated[Page, Depends(page(*ALL_ROLES))]
Provider = Annotated[Page, Depends(page(*DATA_PROVIDERS))]
Staff = Annotated[Page, Depends(page(*STAFF))]
Writer = Annotated[Page, Depends(page(*INVENTORY_WRITERS))]
Admin = Annotated[Page, Depends(page(*ADMIN))]


def bare(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    """A page for nobody in particular (sign-in, errors): no actor, no CSRF token."""
    lang = page_language(request)
    i18n.current.set(lang)
    html = TEMPLATES.get_template(name).render(
        actor=None, lang=lang, languages=i18n.LANGUAGES, path=request.url.path, query="", **context
    )
    return HTMLResponse(html, status_code=code)


async def set_language(request: Request) -> None:
    """Every page route's first dependency: the page's language for the whole request.

    An async dependency runs in the request's own context, so what it sets reaches the threaded
    endpoint; names picked in a route (not only in templates) are then in the page's language.
    """
    i18n.current.set(page_language(request))


def render_error(request: Request, status: int, detail: Text) -> HTMLResponse:
    """Errors on pages as a page (the API answers problem+json), in the page's language."""
    return bare(
        request, "error.html", status, status=status, detail=detail.pick(page_language(request))
    )


def script_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: user text cannot close the tag."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def xlsx_response(name: str, data: bytes) -> Response:
    """An XLSX file to download as ``name``."""
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
