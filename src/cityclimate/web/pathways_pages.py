"""Carbon-peak pathway pages: scenario comparison (sector areas, peak, targets, wedges, fan chart,
LMDI waterfall), the lever editor with immediate recomputation (HTMX), saving user scenarios
(TOML validated by the core), and the XLSX export of every table. Each page is for one territory
(``?territory=CODE``, default the first stored plan) calibrated to one of its published years
(``?base_year=``), with the published years drawn as the actual series."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate.errors import CityClimateError, DataValidationError
from cityclimate.indicators.progress import cumulative_reduction_pct
from cityclimate.io.pathways_export import pathways_xlsx
from cityclimate.pathways import Scenario
from cityclimate.pathways.decomposition import EFFECT_NAMES
from cityclimate.pathways.engine import INTENSITY_COLUMNS
from cityclimate.services import pathways, plans
from cityclimate.services.actors import INVENTORY_WRITERS
from cityclimate.text import Text
from cityclimate.units import to_wan
from cityclimate.web import i18n
from cityclimate.web.bilingual import pick
from cityclimate.web.i18n import N_
from cityclimate.web.page import Page, Reader, Writer, script_json

router = APIRouter(include_in_schema=False)

#: Names of the model's sectors (the core keys them in English).
SECTOR_NAMES = {
    "industry": ("工业", "Industry"),
    "energy": ("能源供应", "Energy supply"),
    "buildings": ("建筑", "Buildings"),
    "transport": ("交通", "Transport"),
    "new_infrastructure": ("新型基础设施", "New infrastructure"),
    "waste": ("废弃物", "Waste"),
    "sinks": ("碳汇", "Sinks"),
}
OTHER_ASSUMPTIONS = (
    "其他假设（驱动因素、强度趋势、电网）",
    "Other assumptions (drivers, trends, grid)",
)
Name = Annotated[str, Query(max_length=60)]
Code = Annotated[str | None, Query(min_length=1, max_length=32)]
Year = Annotated[int | None, Query(ge=1949, le=2100)]
ACTUAL = Text("实际（已发布清单）", "Actual (published inventories)")


def _sector(p: Page, key: str) -> str:
    names = SECTOR_NAMES.get(key)
    return key if names is None else pick(names)


def _title(p: Page, item: Any) -> str:
    return pick(item, "title")


def _lever_name(p: Page, ctx: pathways.Context, lever_id: str) -> str:
    if lever_id == "other_assumptions":
        return pick(OTHER_ASSUMPTIONS)
    lever = ctx.levers.get(lever_id)
    if lever is None:
        return lever_id
    return pick(Text(lever.name_zh, lever.name_en))


def _wan(values: list[float]) -> list[float | None]:
    return [None if v is None or not math.isfinite(v) else round(to_wan(v), 2) for v in values]


def _notice(p: Page, ctx: pathways.Context) -> str:
    return pick(ctx.notice)


#: The lever editor's columns, by the scenario file's key (to name a problem as the page does).
LEVER_FIELDS = {
    "strength": N_("Strength"),
    "start_year": N_("Start year"),
    "ramp_years": N_("Ramp (years)"),
}


def _label(p: Page, ctx: pathways.Context, key: str) -> str:
    """``levers.<id>.<field>`` as the editor names it (the lever's name · the column), else ""."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "levers" and parts[2] in LEVER_FIELDS:
        return f"{_lever_name(p, ctx, parts[1])} · {i18n.gettext(LEVER_FIELDS[parts[2]])}"
    return ""


def _problems(p: Page, ctx: pathways.Context, exc: CityClimateError) -> list[dict[str, str]]:
    if isinstance(exc, DataValidationError):
        return [
            {
                "key": q.field or "",
                "label": _label(p, ctx, q.field or ""),
                "value": q.value,
                "message": pick(q.message),
            }
            for q in exc.problems
        ]
    return [{"key": "", "value": "", "message": pick(exc.message)}]


def _stack_chart(
    p: Page, view: dict[str, Any], compare: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Stacked sector areas, the peak marked; optionally another scenario's gross line."""
    chart: dict[str, Any] = {
        "kind": "stack",
        "x": [str(y) for y in view["years"]],
        "series": [{"name": _sector(p, s), "data": _wan(v)} for s, v in view["by_sector"].items()],
        "peak": {"x": str(view["peak"]["year"]), "y": round(to_wan(view["peak"]["co2e_t"]), 2)},
        "unit": "万t CO2e",
    }
    if compare is not None:
        chart["line"] = {
            "name": _title(p, compare),
            "data": _wan([t["gross_co2e_t"] for t in compare["totals"]]),
        }
    return chart


# ---------------------------------------------------------------- list and comparison


def _default_scenario(ctx: pathways.Context) -> str:
    """The plan's first scenario after the baseline (the baseline when it is alone)."""
    names = list(ctx.scenarios)
    return names[1] if len(names) > 1 else names[0]


def _actual_series(p: Page, ctx: pathways.Context, x: list[int]) -> dict[str, Any]:
    """The published years as a series over ``x`` (gaps where a year is not published)."""
    by_year = {a.year: a.gross_co2e_t for a in ctx.actual}
    return {
        "name": pick(ACTUAL),
        "actual": True,
        "data": _wan([by_year.get(y, math.nan) for y in x]),
    }


@router.get("/pathways", response_class=HTMLResponse)
def compare(
    p: Reader,
    scenario: Name = "",
    territory: Code = None,
    base_year: Year = None,
    start: Year = None,
    end: Year = None,
) -> HTMLResponse:
    with p.db.read() as session:
        ctx = pathways.context(session, territory, base_year)
        plan_territories = [p["territory"] for p in plans.list_plans(session)]
        items = pathways.list_scenarios(session, ctx)
        names = [i["name"] for i in items]
        if scenario not in names:
            scenario = _default_scenario(ctx)
        views = {
            i["name"]: pathways.result_view(
                ctx,
                pathways.get_scenario(session, i["name"], ctx),
                with_wedges=i["name"] == scenario,
            )
            for i in items
        }
    selected = views[scenario]
    for item in items:
        mc = views[item["name"]]["monte_carlo"] or {}
        item["p2025"] = mc.get("probability_peak_by", {}).get("2025")
        item["p2030"] = mc.get("probability_peak_by", {}).get("2030")
        item["targets"] = views[item["name"]]["targets"]
        item["title"] = _title(p, item)
    # The gross chart runs over the modelled years and every published year (the actual series).
    gross_x = sorted(set(selected["years"]) | set(ctx.actual_years))
    actual_line = _actual_series(p, ctx, gross_x)
    charts: dict[str, Any] = {
        "sectors": _stack_chart(p, selected),
        "gross": {
            "kind": "lines",
            "x": [str(y) for y in gross_x],
            "series": [
                {
                    "name": _title(p, v),
                    "data": _wan(
                        [
                            {t["year"]: t["gross_co2e_t"] for t in v["totals"]}.get(y, math.nan)
                            for y in gross_x
                        ]
                    ),
                    "peak": {
                        "x": str(v["peak"]["year"]),
                        "y": round(to_wan(v["peak"]["co2e_t"]), 2),
                    },
                }
                for v in views.values()
            ]
            + [actual_line],
            "unit": "万t CO2e",
        },
    }
    for target in selected["targets"]:
        column = INTENSITY_COLUMNS.get(target["indicator_id"])
        if column is None:
            continue
        series = []
        for v in views.values():
            intensity = {t["year"]: t[column] for t in v["totals"]}
            reduction = cumulative_reduction_pct(intensity, target["base_year"])
            if reduction:
                data = [round(reduction[y], 2) for y in v["years"] if y in reduction]
                series.append({"name": _title(p, v), "data": data})
        charts[f"target-{target['indicator_id']}"] = {
            "kind": "target",
            "x": [str(y) for y in selected["years"] if y >= target["base_year"]],
            "series": series,
            "target": {"x": str(target["target_year"]), "y": target["target_pct"]},
            "unit": "%",
        }
    wedges = selected["wedges"]
    if wedges:
        charts["wedges"] = {
            "kind": "wedges",
            "x": [str(y) for y in wedges["years"]],
            "series": [
                {"name": _lever_name(p, ctx, k), "data": _wan(v)}
                for k, v in wedges["by_lever"].items()
                if any(abs(x) > 1e-6 for x in v)
            ],
            "unit": "万t CO2e",
        }
    mc = selected["monte_carlo"]
    if mc:
        fan = mc["fan"]
        charts["fan"] = {
            "kind": "fan",
            "x": [str(r["year"]) for r in fan],
            "bands": {
                k: _wan([r[f"{k}_t"] for r in fan]) for k in ("p5", "p25", "p50", "p75", "p95")
            },
            "line": {
                "name": _title(p, selected),
                "data": _wan([t["gross_co2e_t"] for t in selected["totals"]]),
            },
            "unit": "万t CO2e",
        }
    decomposition = pathways.decomposition_view(ctx, start, end)
    for problem in decomposition.get("problems", []):
        problem["message"] = pick(problem, "message")
    if decomposition["available"]:
        for effect in decomposition["effects"]:
            label = EFFECT_NAMES.get(effect["effect"], Text(effect["effect"], effect["effect"]))
            effect["name"] = pick(label)
        charts["waterfall"] = {
            "kind": "waterfall",
            "start": {
                "name": str(decomposition["start_year"]),
                "value": round(to_wan(decomposition["start_co2e_t"]), 2),
            },
            "end": {
                "name": str(decomposition["end_year"]),
                "value": round(to_wan(decomposition["end_co2e_t"]), 2),
            },
            "steps": [
                {"name": e["name"], "value": round(to_wan(e["co2e_t"]), 2)}
                for e in decomposition["effects"]
            ],
            "unit": "万t CO2e",
        }
    return p.render(
        "pathways/compare.html",
        items=items,
        selected=selected,
        selected_title=_title(p, selected),
        decomposition=decomposition,
        wedge_rows=[
            {"name": _lever_name(p, ctx, k), "values": v}
            for k, v in (wedges["by_lever"].items() if wedges else [])
        ],
        charts_json=script_json(charts),
        notice=_notice(p, ctx),
        illustrative=ctx.illustrative,
        runs=pathways.RUNS,
        ctx=ctx,
        territory_name=pick(ctx.territory_name),
        plan_territories=plan_territories,
        actual=pathways.actual_view(ctx),
        lever_actuals=list(ctx.lever_actuals),
        context_query=f"territory={ctx.territory}&base_year={ctx.base_year}",
    )


@router.get("/pathways/export.xlsx")
def export(p: Reader, territory: Code = None, base_year: Year = None) -> Response:
    with p.db.read() as session:
        ctx = pathways.context(session, territory, base_year)
        names = [i["name"] for i in pathways.list_scenarios(session, ctx)]
        export = pathways.export_study(session, ctx, names)
    filename = f"pathways-{ctx.territory}-{ctx.base_year}.xlsx"
    return Response(
        pathways_xlsx(export.study, export.notice, export.actual),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ---------------------------------------------------------------- lever editor


def _lever_rows(p: Page, ctx: pathways.Context, scenario: Scenario) -> list[dict[str, Any]]:
    rows = []
    for lever in ctx.levers.values():
        setting = scenario.levers.get(lever.id)
        rows.append(
            {
                "id": lever.id,
                "name": pick(Text(lever.name_zh, lever.name_en)),
                "sector": _sector(p, lever.sector),
                "strength": setting.strength if setting else 0.0,
                "start_year": setting.start_year if setting else lever.start_year,
                "ramp_years": setting.ramp_years if setting else lever.ramp_years,
                "max_strength": round(lever.max_strength, 3),
                "amount": lever.amount,
                "amount_unit": Text(lever.amount_unit_zh, lever.amount_unit),
                "first_year": scenario.base_year + 1,
                "last_year": scenario.end_year,
            }
        )
    return rows


def _settings_from_query(
    p: Page, ctx: pathways.Context, scenario: Scenario
) -> dict[str, tuple[float, float, float]]:
    query = p.request.query_params
    out: dict[str, tuple[float, float, float]] = {}
    for row in _lever_rows(p, ctx, scenario):
        lever_id = row["id"]
        values = []
        for prefix, default in (
            ("s", row["strength"]),
            ("y", row["start_year"]),
            ("r", row["ramp_years"]),
        ):
            text = query.get(f"{prefix}.{lever_id}", "")
            try:
                values.append(float(text) if text.strip() else float(default))
            except ValueError:
                values.append(math.nan)
        out[lever_id] = (values[0], values[1], values[2])
    return out


def _preview(p: Page, ctx: pathways.Context, base: str, text: str) -> dict[str, Any]:
    """Run a text; the context of the preview fragment (chart, peak, targets, odds)."""
    with p.db.read() as session:
        base_scenario = pathways.get_scenario(session, base, ctx)
        base_view = pathways.result_view(
            ctx, base_scenario, with_wedges=False, with_uncertainty=False
        )
        try:
            scenario = pathways.parse_text(session, text, ctx=ctx)
        except CityClimateError as exc:
            return {
                "problems": _problems(p, ctx, exc),
                "text": text,
                "base_title": _title(p, base_scenario),
            }
    view = pathways.result_view(ctx, scenario, with_wedges=False)
    chart = {"preview": _stack_chart(p, view, compare=base_view)}
    return {
        "problems": [],
        "text": text,
        "view": view,
        "base_view": base_view,
        "base_title": _title(p, base_view),
        "charts_json": script_json(chart),
    }


@router.get("/pathways/edit", response_class=HTMLResponse)
def edit(p: Reader, base: Name = "plan", territory: Code = None) -> HTMLResponse:
    with p.db.read() as session:
        ctx = pathways.context(session, territory)
        scenario = pathways.get_scenario(session, base, ctx)
        text = pathways.scenario_text(session, base, ctx)
        kind = "shipped" if pathways.is_shipped(ctx, base) else "user"
    if kind == "shipped":
        text = pathways.levers_text(ctx, scenario, {}, kind)
    return _edit_page(p, ctx, scenario, kind, text, save_name="" if kind == "shipped" else base)


def _edit_page(
    p: Page,
    ctx: pathways.Context,
    scenario: Scenario,
    kind: str,
    text: str,
    *,
    save_name: str,
    problems: list[dict[str, str]] | None = None,
) -> HTMLResponse:
    preview = _preview(p, ctx, scenario.name, text)
    return p.render(
        "pathways/edit.html",
        base=scenario.name,
        kind=kind,
        levers=_lever_rows(p, ctx, scenario),
        save_name=save_name,
        save_problems=problems or [],
        notice=_notice(p, ctx),
        territory=ctx.territory,
        **preview,
    )


@router.get("/pathways/preview", response_class=HTMLResponse)
def preview(p: Reader, base: Name = "plan", territory: Code = None) -> HTMLResponse:
    with p.db.read() as session:
        ctx = pathways.context(session, territory)
        scenario = pathways.get_scenario(session, base, ctx)
        kind = "shipped" if pathways.is_shipped(ctx, base) else "user"
        own = pathways.scenario_text(session, base, ctx)
    settings = _settings_from_query(p, ctx, scenario)
    bad = [k for k, v in settings.items() if any(math.isnan(x) for x in v)]
    if bad:
        problems = [
            {
                "key": f"levers.{k}",
                "label": _lever_name(p, ctx, k),
                "value": "",
                "message": pick(Text("须为数值", "must be a number")),
            }
            for k in bad
        ]
        return p.render("pathways/_preview.html", problems=problems, text="", oob=False)
    text = pathways.levers_text(ctx, scenario, settings, kind, own)
    # The TOML text box (saving) is on the page only for those who may save.
    writer = p.actor.role in INVENTORY_WRITERS
    return p.render("pathways/_preview.html", oob=writer, **_preview(p, ctx, base, text))


@router.post("/pathways/scenarios", response_class=HTMLResponse)
def save(
    p: Writer,
    csrf_token: Annotated[str, Form(max_length=100)],
    name: Annotated[str, Form(max_length=60)],
    toml: Annotated[str, Form(max_length=pathways.MAX_TOML_CHARS)],
    base: Annotated[str, Form(max_length=60)] = "plan",
    territory: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            ctx = pathways.context(session, territory or None)
            pathways.save_scenario(session, p.actor, name.strip(), toml, ctx)
    except CityClimateError as exc:
        with p.db.read() as session:
            ctx = pathways.context(session, territory or None)
            scenario = pathways.get_scenario(session, base, ctx)
        kind = "shipped" if pathways.is_shipped(ctx, base) else "user"
        response = _edit_page(
            p, ctx, scenario, kind, toml, save_name=name, problems=_problems(p, ctx, exc)
        )
        response.status_code = 422
        return response
    target = f"/pathways?scenario={quote(name.strip())}&territory={quote(ctx.territory)}"
    return RedirectResponse(target, status_code=303)
