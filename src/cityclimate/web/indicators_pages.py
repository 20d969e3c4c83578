"""Pages of indicators and plan tracking (issue 6): the indicator board (traffic lights, small
multiples of actual vs target path), indicator detail with sources, history and data entry,
the task board by department, the assessment, the rectification list and the XLSX export.
Thin: parse, call :mod:`cityclimate.services.indicators`, render."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.model import ProgressMethod
from cityclimate.io.evaluation_export import annual_evaluation_xlsx
from cityclimate.services import indicators, plans
from cityclimate.text import Text
from cityclimate.web.bilingual import error_lines
from cityclimate.web.i18n import N_
from cityclimate.web.page import Page, Reader, Staff, Writer, script_json

router = APIRouter(include_in_schema=False)

#: Traffic-light colour of each progress status (CSS class ``light-<colour>``).
LIGHTS = {
    "target_met": "green",
    "on_track": "green",
    "needs_acceleration": "amber",
    "limited_progress": "red",
    "moving_away": "red",
    "not_assessable": "grey",
}
TASK_STATUSES = (
    N_("not_started"),
    N_("in_progress"),
    N_("done"),
    N_("delayed"),
    N_("cancelled"),
)


def _notice(p: Page, notice: dict[str, str], illustrative: bool) -> str:
    if not illustrative:
        return ""
    return Text(**notice).pick(p.lang)


def _name(p: Page, row: dict[str, Any], key: str = "name") -> str:
    return Text.of(row, key).pick(p.lang)


#: The territory whose plan a page shows (the first stored plan's when none is named).
TerritoryQuery = Annotated[str, Query(max_length=32)]


def _territory(p: Page, territory: str) -> str:
    with p.db.read() as session:
        return indicators.territory_or_default(session, territory or None)


def _year(p: Page, territory: str, year: int | None) -> int | None:
    if year is not None:
        return year
    with p.db.read() as session:
        return indicators.default_year(session, p.actor, territory)


def _with_plans(p: Page, data: dict[str, Any]) -> dict[str, Any]:
    """The territories with a stored plan, for the territory choice of the pages."""
    with p.db.read() as session:
        data["territories"] = [row["territory"] for row in plans.list_plans(session)]
    return data


def _series(row: dict[str, Any]) -> dict[str, Any]:
    history = row["history"]
    return {
        "x": [str(h["year"]) for h in history],
        "actual": [h["actual"] for h in history],
        "path": [h["path_value"] for h in history],
        "unit": row["unit"],
    }


def _messages(p: Page, exc: DataValidationError) -> list[str]:
    return [line.pick(p.lang) for line in error_lines(exc)]


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        raise DataValidationError(
            [Problem("form", 1, "value", text, "数值应为数字", "the value must be a number")]
        ) from None


# ---------------------------------------------------------------- indicator board and detail


@router.get("/indicators", response_class=HTMLResponse)
def board(
    p: Reader,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    territory: TerritoryQuery = "",
    progress_method: Annotated[ProgressMethod | None, Query()] = None,
) -> HTMLResponse:
    code = _territory(p, territory)
    chosen = _year(p, code, year)
    if chosen is None:
        return p.render("indicators/board.html", data=None, charts_json="{}", lights=LIGHTS)
    with p.db.read() as session:
        data = indicators.board(session, p.actor, code, chosen, progress_method)
        data = _with_plans(p, data)
    for row in data["indicators"]:
        row["name"] = _name(p, row)
        row["status_text"] = _name(p, row, "status")
        row["light"] = LIGHTS.get(row["status"] or "not_assessable", "grey")
    charts = {row["indicator_id"]: _series(row) for row in data["indicators"]}
    return p.render(
        "indicators/board.html",
        data=data,
        charts_json=script_json(charts),
        notice=_notice(p, data["notice"], data["illustrative"]),
    )


def _detail_page(
    p: Page,
    indicator_id: str,
    year: int | None,
    territory: str = "",
    *,
    problems: list[str] | None = None,
) -> HTMLResponse:
    code = _territory(p, territory)
    chosen = _year(p, code, year)
    if chosen is None:
        return p.render("indicators/board.html", data=None, charts_json="{}", lights=LIGHTS)
    with p.db.read() as session:
        data = _with_plans(
            p, indicators.indicator_detail(session, p.actor, code, indicator_id, chosen)
        )
    row = data["evaluation"]
    row["light"] = LIGHTS.get(row["status"] or "not_assessable", "grey")
    row["status_text"] = _name(p, row, "status")
    chart = {
        indicator_id: {
            "x": [str(h["year"]) for h in data["history"]],
            "actual": [h["actual"] for h in data["history"]],
            "path": [h["path_value"] for h in data["history"]],
            "unit": data["definition"]["unit"],
        }
    }
    return p.render(
        "indicators/detail.html",
        data=data,
        d=data["definition"],
        row=row,
        title=_name(p, data["definition"]),
        charts_json=script_json(chart),
        problems=problems or [],
        notice=_notice(p, data["notice"], data["illustrative"]),
    )


@router.get("/indicators/{indicator_id}", response_class=HTMLResponse)
def detail(
    p: Reader,
    indicator_id: str,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    territory: TerritoryQuery = "",
) -> HTMLResponse:
    return _detail_page(p, indicator_id, year, territory)


@router.post("/indicators/{indicator_id}/values", response_model=None)
def enter_value(
    p: Writer,
    indicator_id: str,
    csrf_token: Annotated[str, Form(max_length=100)],
    year: Annotated[int, Form(ge=1900, le=2200)],
    value: Annotated[str, Form(max_length=50)],
    unit: Annotated[str, Form(min_length=1, max_length=50)],
    source: Annotated[str, Form(max_length=2000)] = "",
    kind: Annotated[str, Form(max_length=16)] = "actual",
    territory: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    code = _territory(p, territory)
    try:
        number = _number(value)
        with p.db.write() as session:
            indicators.add_entry(
                session,
                p.actor,
                territory=code,
                indicator_id=indicator_id,
                year=year,
                value=number,
                unit=unit,
                source=source,
                kind=kind,
            )
    except DataValidationError as exc:
        response = _detail_page(p, indicator_id, None, code, problems=_messages(p, exc))
        response.status_code = 422
        return response
    query = urlencode({"territory": code, "saved": 1})
    return RedirectResponse(f"/indicators/{indicator_id}?{query}", status_code=303)


# ---------------------------------------------------------------- tasks


def _task_page(
    p: Page,
    department: str,
    status: str,
    overdue: bool,
    territory: str = "",
    *,
    problems: list[str] | None = None,
) -> HTMLResponse:
    code = _territory(p, territory)
    with p.db.read() as session:
        data = indicators.task_board(
            session,
            p.actor,
            code,
            department=department or None,
            status=status or None,
            overdue_only=overdue,
        )
    for row in data["tasks"]:
        row["title"] = _name(p, row, "title")
        row["branch_text"] = " › ".join(f"{b['id']} {_name(p, b, 'title')}" for b in row["branch"])
    filters = {
        "territory": territory,
        "department": department,
        "status": status,
        "overdue": overdue,
    }
    return p.render(
        "indicators/tasks.html",
        data=data,
        filters=filters,
        back=urlencode({k: ("1" if v is True else v) for k, v in filters.items() if v}),
        problems=problems or [],
        notice=_notice(p, data["notice"], data["illustrative"]),
    )


@router.get("/plan/tasks", response_class=HTMLResponse)
def tasks(
    p: Staff,
    department: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=16)] = "",
    overdue: bool = False,
    territory: TerritoryQuery = "",
) -> HTMLResponse:
    return _task_page(p, department, status, overdue, territory)


@router.post("/plan/tasks/{task_id}/events", response_model=None)
def task_event(
    p: Staff,
    task_id: str,
    csrf_token: Annotated[str, Form(max_length=100)],
    status: Annotated[str, Form(max_length=16)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    evidence_description: Annotated[str, Form(max_length=2000)] = "",
    evidence_reference: Annotated[str, Form(max_length=1000)] = "",
    back: Annotated[str, Form(max_length=1000)] = "",
    territory: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    code = _territory(p, territory)
    try:
        with p.db.write() as session:
            indicators.add_task_event(
                session,
                p.actor,
                code,
                task_id,
                status=status,
                reason=reason,
                evidence_description=evidence_description,
                evidence_reference=evidence_reference,
            )
    except DataValidationError as exc:
        response = _task_page(
            p, "", "", False, code, problems=[f"{task_id} " + m for m in _messages(p, exc)]
        )
        response.status_code = 422
        return response
    query = back if back and "\n" not in back and "/" not in back else ""
    return RedirectResponse(
        f"/plan/tasks?{query}#task-{task_id}" if query else f"/plan/tasks#task-{task_id}",
        status_code=303,
    )


# ---------------------------------------------------------------- assessment, rectification, XLSX


def _assessment(
    p: Page, year: int | None, territory: str, method: ProgressMethod | None = None
) -> dict[str, Any] | None:
    code = _territory(p, territory)
    chosen = year
    if chosen is None:
        with p.db.read() as session:
            chosen = indicators.default_assessment_year(session, p.actor, code)
    if chosen is None:
        return None
    with p.db.read() as session:
        data = _with_plans(p, indicators.assessment(session, p.actor, code, chosen, method))
    for row in data["grades"]:
        row["grade_text"] = _name(p, row, "grade")
    for row in data["rectification"]:
        row["reason"] = _name(p, row, "reason")
    for row in data["overdue"]:
        row["title"] = _name(p, row, "title")
    return data


@router.get("/plan/assessment", response_class=HTMLResponse)
def assessment(
    p: Reader,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    territory: TerritoryQuery = "",
    progress_method: Annotated[ProgressMethod | None, Query()] = None,
) -> HTMLResponse:
    data = _assessment(p, year, territory, progress_method)
    return p.render(
        "indicators/assessment.html",
        data=data,
        statuses=TASK_STATUSES,
        notice=_notice(p, data["notice"], data["illustrative"]) if data else "",
    )


@router.get("/plan/rectification", response_class=HTMLResponse)
def rectification(
    p: Reader,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    territory: TerritoryQuery = "",
    progress_method: Annotated[ProgressMethod | None, Query()] = None,
) -> HTMLResponse:
    data = _assessment(p, year, territory, progress_method)
    return p.render(
        "indicators/rectification.html",
        data=data,
        notice=_notice(p, data["notice"], data["illustrative"]) if data else "",
    )


@router.get("/plan/evaluation.xlsx")
def evaluation_xlsx(
    p: Reader,
    year: Annotated[int, Query(ge=1900, le=2200)],
    territory: TerritoryQuery = "",
    progress_method: Annotated[ProgressMethod | None, Query()] = None,
) -> Response:
    code = _territory(p, territory)
    with p.db.read() as session:
        evaluation = indicators.evaluation(session, p.actor, code, year, progress_method)
    return Response(
        annual_evaluation_xlsx(evaluation),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="annual-evaluation-{year}.xlsx"'},
    )


@router.post("/plan/evaluation/publish")
def publish(
    p: Writer,
    csrf_token: Annotated[str, Form(max_length=100)],
    year: Annotated[int, Form(ge=1900, le=2200)],
    territory: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    code = _territory(p, territory)
    with p.db.write() as session:
        indicators.publish_evaluation(session, p.actor, code, year)
    query = urlencode({"territory": code, "year": year})
    return RedirectResponse(f"/plan/assessment?{query}", status_code=303)
