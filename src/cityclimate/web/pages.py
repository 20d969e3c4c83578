"""The pages: sign-in, overview, inventory explorer with lineage, data import, versions and diffs,
users, audit log. Each handler parses, calls services, renders one template."""

from __future__ import annotations

import hmac
import io
import json
import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from cityclimate.api.deps import (
    ADMIN,
    ALL_ROLES,
    DATA_PROVIDERS,
    DB,
    INVENTORY_WRITERS,
    SESSION_COOKIE,
    STAFF,
    Database,
    client_of,
    get_db,
)
from cityclimate.errors import CityClimateError, DataValidationError, Problem
from cityclimate.io.exports import workbook
from cityclimate.services import accounts, audit, imports, inventories, territories
from cityclimate.services.actors import Actor
from cityclimate.services.demo import NOTICE
from cityclimate.services.errors import AuthenticationError
from cityclimate.settings import Settings
from cityclimate.web import i18n

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "cityclimate_login_csrf"
DEFAULT_TERRITORY = "LJ-2016"


class SignInRequiredError(Exception):
    """The page needs a signed-in user: go to the sign-in page."""


class PageForbiddenError(Exception):
    """The signed-in user's role may not open this page."""


def _wan(value: float | None) -> str:
    return "—" if value is None else f"{value / 1e4:,.2f}"


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
    return env


TEMPLATES = _environment()


def _session_row(request: Request, db: Database) -> tuple[Actor, str] | None:
    secret = request.cookies.get(SESSION_COOKIE, "")
    if not secret:
        return None
    with db.read() as session:
        row = accounts.resolve_token(session, secret, "session")
        if row is None:
            return None
        user = row.user
        return Actor(user.id, user.username, user.role, client_of(request)), row.csrf_token


class Page:
    """The request's page context: language, actor, CSRF token; renders templates."""

    def __init__(self, request: Request, db: Database, roles: tuple[str, ...]) -> None:
        lang = i18n.pick(request.cookies.get(i18n.LANG_COOKIE))
        i18n.current.set(lang)
        found = _session_row(request, db)
        if found is None:
            raise SignInRequiredError
        self.actor, self.csrf = found
        if self.actor.role not in roles:
            raise PageForbiddenError
        self.request, self.db, self.lang = request, db, lang

    def check_csrf(self, token: str) -> None:
        if not hmac.compare_digest(token, self.csrf):
            raise PageForbiddenError

    def render(self, name: str, **context: Any) -> HTMLResponse:
        # Dependencies and the endpoint may run in different threads: set the language here.
        i18n.current.set(self.lang)
        html = TEMPLATES.get_template(name).render(
            actor=self.actor,
            csrf=self.csrf,
            lang=self.lang,
            languages=i18n.LANGUAGES,
            path=self.request.url.path,
            query=str(self.request.url.query),
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


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _bare(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    lang = i18n.pick(request.cookies.get(i18n.LANG_COOKIE))
    i18n.current.set(lang)
    html = TEMPLATES.get_template(name).render(
        actor=None, lang=lang, languages=i18n.LANGUAGES, path=request.url.path, query="", **context
    )
    return HTMLResponse(html, status_code=code)


def render_error(request: Request, status: int, detail_zh: str, detail_en: str) -> HTMLResponse:
    """Errors on pages as a page (the API answers problem+json)."""
    lang = i18n.pick(request.cookies.get(i18n.LANG_COOKIE))
    return _bare(
        request,
        "error.html",
        status,
        status=status,
        detail=detail_en if lang == "en" else detail_zh,
    )


# ---------------------------------------------------------------- sign-in, language


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = _bare(request, "login.html", csrf=token, next=_safe_next(next), error="")
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=_settings(request).secure_cookies,
        samesite="strict",
        path="/",
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DB,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    settings = _settings(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        return _bare(request, "login.html", 403, csrf=expected, next=_safe_next(next), error="csrf")
    client = client_of(request)
    try:
        with db.write() as session:
            user = accounts.authenticate(
                session,
                username,
                password,
                client=client,
                max_failures=settings.login_attempts,
                window_s=settings.login_window_seconds,
            )
            secret, _ = accounts.issue_token(
                session, user, kind="session", hours=settings.token_hours, client=client
            )
    except AuthenticationError:
        with db.write() as session:
            accounts.record_failure(session, username, client)
        return _bare(
            request, "login.html", 401, csrf=expected, next=_safe_next(next), error="wrong"
        )
    except CityClimateError:
        return _bare(
            request, "login.html", 429, csrf=expected, next=_safe_next(next), error="throttled"
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_cookie(request, response, SESSION_COOKIE, secret, max_age=int(settings.token_hours * 3600))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(p: Reader, csrf_token: Annotated[str, Form(max_length=100)]) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        accounts.revoke_token(session, p.actor, p.request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/") -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        i18n.LANG_COOKIE,
        i18n.pick(code),
        max_age=365 * 24 * 3600,
        samesite="lax",
        secure=_settings(request).secure_cookies,
        httponly=True,
        path="/",
    )
    return response


# ---------------------------------------------------------------- overview


@router.get("/", response_class=HTMLResponse)
def overview(
    p: Reader, territory: Annotated[str, Query(max_length=32)] = DEFAULT_TERRITORY
) -> HTMLResponse:
    with p.db.read() as session:
        data = inventories.dashboard(session, p.actor, territory)
        options, _ = territories.list_territories(session, limit=1000)
        codes = [
            (t.code, t.name_zh if p.lang == "zh_CN" else t.name_en or t.name_zh) for t in options
        ]
    latest = data["latest"]
    report = latest["report"] if latest else None
    charts: dict[str, Any] = {}
    if report:
        charts = {
            "trend": {
                "x": [str(t["year"]) for t in data["trend"]],
                "y": [round(t["gross_co2e_t"] / 1e4, 2) for t in data["trend"]],
                "unit": "万t CO2e",
            },
            "sector": _bars(report["breakdowns"]["sector"], p.lang),
            "sub_area": _bars(report["breakdowns"]["sub_area"], p.lang),
            "gas": _bars(report["breakdowns"]["gas"], p.lang),
        }
    return p.render(
        "overview.html",
        territory=territory,
        territories=codes,
        data=data,
        report=report,
        latest=latest,
        charts_json=script_json(charts),
        notice=_notice(p, data["illustrative"]),
    )


def script_json(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: user text cannot close the tag."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _bars(rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    # Reports stored before names were added carry only the key.
    name = "name_en" if lang == "en" else "name_zh"
    return {
        "x": [str(r.get(name) or r["key"]) for r in rows],
        "y": [round((r["co2e_t"] or 0.0) / 1e4, 2) for r in rows],
        "unit": "万t CO2e",
    }


def _notice(p: Page, illustrative: bool) -> str:
    if not illustrative:
        return ""
    return NOTICE["en"] if p.lang == "en" else NOTICE["zh"]


# ---------------------------------------------------------------- explorer and lineage


@router.get("/inventories", response_class=HTMLResponse)
def versions(
    p: Reader,
    territory: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    status: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    with p.db.read() as session:
        rows, total = inventories.list_versions(
            session,
            p.actor,
            territory=territory or None,
            year=year,
            status=status or None,
            limit=500,
        )
        items = [inventories.version_view(v) for v in rows]
        confirmed, _ = (
            imports.list_imports(session, p.actor, status="confirmed", limit=200)
            if p.actor.sees_drafts
            else ([], 0)
        )
        import_options = [imports.import_view(i) for i in confirmed]
    return p.render(
        "versions.html",
        versions=items,
        total=total,
        imports=import_options,
        filters={"territory": territory or "", "year": year or "", "status": status or ""},
        notice=_notice(p, any(v["illustrative"] for v in items)),
    )


@router.get("/inventories/{version_id}", response_class=HTMLResponse)
def explorer(p: Reader, version_id: int) -> HTMLResponse:
    with p.db.read() as session:
        version = inventories.version_view(
            inventories.get_version(session, p.actor, version_id), with_report=True
        )
    report = version["report"]
    return p.render(
        "explorer.html",
        version=version,
        report=report,
        categories=report["breakdowns"]["category"],
        notice=_notice(p, version["illustrative"]),
    )


@router.get("/inventories/{version_id}/rows", response_class=HTMLResponse)
def explorer_rows(
    p: Reader,
    version_id: int,
    category: Annotated[str, Query(max_length=100)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    with p.db.read() as session:
        rows, total = inventories.list_results(
            session, p.actor, version_id, category=category or None, limit=200, offset=offset
        )
        items = [inventories.result_view(r) for r in rows]
    return p.render("_rows.html", rows=items, total=total, category=category, version_id=version_id)


@router.get("/inventories/{version_id}/lineage/{result_id}", response_class=HTMLResponse)
def explorer_lineage(p: Reader, version_id: int, result_id: int) -> HTMLResponse:
    with p.db.read() as session:
        data = inventories.lineage(session, p.actor, version_id, result_id)
    return p.render("_lineage.html", lineage=data)


@router.get("/inventories/{version_id}/diff", response_class=HTMLResponse)
def diff_page(p: Reader, version_id: int, against: int | None = None) -> HTMLResponse:
    with p.db.read() as session:
        data = inventories.diff(session, p.actor, version_id, against)
    return p.render("diff.html", diff=data, notice=_notice(p, data["version"]["illustrative"]))


@router.get("/inventories/{version_id}/diff.xlsx")
def diff_xlsx(p: Reader, version_id: int, against: int | None = None) -> Response:
    with p.db.read() as session:
        data = inventories.diff(session, p.actor, version_id, against)
    header = ["category", "before_co2e_t", "after_co2e_t", "change_co2e_t", "change_share"]
    rows = [[r[h] for h in header] for r in data["categories"]]
    notice = _notice(p, data["version"]["illustrative"])
    return _xlsx(
        f"diff-{version_id}.xlsx", header, rows, notice, extra=[["reason", data["reason"]]]
    )


# ---------------------------------------------------------------- versions: compute, publish, recalculate


@router.post("/inventories/compute")
def compute(
    p: Writer,
    csrf_token: Annotated[str, Form(max_length=100)],
    territory_code: Annotated[str, Form(max_length=32)],
    year: Annotated[int, Form(ge=1900, le=2200)],
    import_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        version = inventories.compute(
            session,
            p.actor,
            territory_code=territory_code,
            year=year,
            import_id=int(import_id) if import_id.isdigit() else None,
        )
    return RedirectResponse(f"/inventories/{version.id}", status_code=303)


@router.post("/inventories/{version_id}/publish")
def publish(
    p: Writer, version_id: int, csrf_token: Annotated[str, Form(max_length=100)]
) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        inventories.publish(session, p.actor, version_id)
    return RedirectResponse(f"/inventories/{version_id}", status_code=303)


@router.post("/inventories/{version_id}/recalculate")
def recalculate(
    p: Writer,
    version_id: int,
    csrf_token: Annotated[str, Form(max_length=100)],
    reason: Annotated[str, Form(max_length=2000)],
    import_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        version = inventories.recalculate(
            session,
            p.actor,
            version_id,
            reason=reason,
            import_id=int(import_id) if import_id.isdigit() else None,
        )
    return RedirectResponse(f"/inventories/{version.id}/diff", status_code=303)


# ---------------------------------------------------------------- data import


@router.get("/imports", response_class=HTMLResponse)
def import_page(p: Provider) -> HTMLResponse:
    return _import_page(p)


def _import_page(p: Page, **context: Any) -> HTMLResponse:
    with p.db.read() as session:
        recent, _ = imports.list_imports(session, p.actor, limit=20)
        items = [imports.import_view(i) for i in recent]
        options, _ = territories.list_territories(session, limit=1000)
        codes = [t.code for t in options]
    context.setdefault("problems", [])
    context.setdefault("staged", None)
    context.setdefault("preview", [])
    return p.render(
        "imports.html", imports=items, territories=codes, default=DEFAULT_TERRITORY, **context
    )


@router.post("/imports", response_class=HTMLResponse)
def upload(
    p: Provider,
    file: UploadFile,
    csrf_token: Annotated[str, Form(max_length=100)],
    territory_code: Annotated[str, Form(max_length=32)],
) -> HTMLResponse:
    p.check_csrf(csrf_token)
    settings = _settings(p.request)
    content = file.file.read(settings.max_upload_bytes + 1)
    try:
        if len(content) > settings.max_upload_bytes:
            raise DataValidationError(
                [
                    Problem(
                        file.filename or "upload",
                        None,
                        None,
                        "",
                        "文件过大",
                        "the file is too large",
                    )
                ]
            )
        with p.db.write() as session:
            item = imports.stage_upload(
                session,
                p.actor,
                territory_code=territory_code,
                filename=file.filename or "upload",
                content=content,
            )
            staged = imports.import_view(item)
            rows, _ = imports.list_records(session, p.actor, item.id, limit=20)
            preview = [imports.record_view(r) for r in rows]
    except DataValidationError as exc:
        response = _import_page(p, problems=exc.problems, filename=file.filename or "")
        response.status_code = 422
        return response
    return _import_page(p, staged=staged, preview=preview)


@router.post("/imports/{import_id}/confirm")
def confirm(p: Staff, import_id: int, csrf_token: Annotated[str, Form(max_length=100)]) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        imports.confirm_import(session, p.actor, import_id)
    return RedirectResponse(f"/inventories?import={import_id}", status_code=303)


# ---------------------------------------------------------------- users, audit


@router.get("/users", response_class=HTMLResponse)
def users(p: Admin, created: str = "") -> HTMLResponse:
    with p.db.read() as session:
        rows, _ = accounts.list_users(session, limit=1000)
        items = [accounts.user_view(u) for u in rows]
    return p.render("users.html", users=items, created=created, error="")


@router.post("/users", response_class=HTMLResponse)
def create_user(
    p: Admin,
    csrf_token: Annotated[str, Form(max_length=100)],
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            accounts.create_user(session, p.actor, username=username, password=password, role=role)
    except CityClimateError as exc:
        with p.db.read() as session:
            rows, _ = accounts.list_users(session, limit=1000)
            items = [accounts.user_view(u) for u in rows]
        message = exc.message_en if p.lang == "en" else exc.message_zh
        if isinstance(exc, DataValidationError):
            message = "; ".join(
                (q.message_en if p.lang == "en" else q.message_zh) for q in exc.problems
            )
        response = p.render("users.html", users=items, created="", error=message)
        response.status_code = 422
        return response
    return RedirectResponse(f"/users?created={quote(username)}", status_code=303)


@router.post("/users/{user_id}/active")
def set_active(
    p: Admin,
    user_id: int,
    csrf_token: Annotated[str, Form(max_length=100)],
    active: Annotated[str, Form(max_length=5)],
) -> Response:
    p.check_csrf(csrf_token)
    with p.db.write() as session:
        accounts.update_user(session, p.actor, user_id, active=active == "true")
    return RedirectResponse("/users", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    p: Admin,
    entity: Annotated[str | None, Query(max_length=50)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    with p.db.read() as session:
        rows, total = audit.list_entries(session, entity=entity or None, limit=100, offset=offset)
        items = [_audit_view(e) for e in rows]
    return p.render("audit.html", entries=items, total=total, entity=entity or "", offset=offset)


@router.get("/audit.xlsx")
def audit_xlsx(p: Admin, entity: Annotated[str | None, Query(max_length=50)] = None) -> Response:
    with p.db.read() as session:
        rows, _ = audit.list_entries(session, entity=entity or None, limit=100_000)
        items = [_audit_view(e) for e in rows]
    header = ["id", "at", "username", "action", "entity", "entity_id", "before", "after", "client"]
    return _xlsx("audit.xlsx", header, [[str(e[h]) for h in header] for e in items])


def _audit_view(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.strftime("%Y-%m-%d %H:%M:%S"),
        "username": entry.username or "system",
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "before": json.dumps(entry.before, ensure_ascii=False) if entry.before else "",
        "after": json.dumps(entry.after, ensure_ascii=False) if entry.after else "",
        "client": entry.client,
    }


def _xlsx(
    name: str,
    header: list[str],
    rows: list[list[Any]],
    notice: str = "",
    extra: list[list[Any]] | None = None,
) -> Response:
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        sheet = book.add_worksheet()
        bold = book.add_format({"bold": True})
        line = 0
        if notice:
            sheet.write(line, 0, notice, book.add_format({"bold": True, "font_color": "#b00020"}))
            line += 2
        for row in extra or []:
            sheet.write_row(line, 0, row)
            line += 1
        sheet.write_row(line, 0, header, bold)
        for row in rows:
            line += 1
            sheet.write_row(line, 0, ["" if v is None else v for v in row])
        sheet.set_column(0, len(header), 18)
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
