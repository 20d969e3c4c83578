"""Territory pages (issue 12): the list with a form for a new territory; one territory with its
sub-areas, grid regions and boundary mappings, an edit form, its socio-economic inputs by year
(a form per year and a sheet upload); the factor sets with a form for a new one.

Everyone signed in reads; the climate office and the admin write (every write audited by the
services). A refused write shows its located problems on the page (HTTP 422).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cityclimate import refdata
from cityclimate.errors import CityClimateError, DataValidationError, Problem
from cityclimate.io.socioeconomic_files import read_socioeconomic
from cityclimate.names import name
from cityclimate.services import boundaries, factor_sets, socioeconomic, territories
from cityclimate.text import Text as BiText
from cityclimate.web.bilingual import error_lines
from cityclimate.web.page import Page, Reader, Writer

router = APIRouter(include_in_schema=False)

MAX_SHEET_BYTES = 2 * 2**20
Text = Annotated[str, Form(max_length=200)]
Token = Annotated[str, Form(max_length=100)]


def _messages(p: Page, exc: CityClimateError) -> list[str]:
    """The error's problems (or message) in the page's language."""
    return [line.pick(p.lang) for line in error_lines(exc)]


def _number(value: str, name: str) -> float | None:
    text = value.replace(",", "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise DataValidationError(
            [Problem("form", None, name, value, "应为数字", "must be a number")]
        ) from None


def _day(value: str, name: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        raise DataValidationError(
            [Problem("form", None, name, value, "日期格式为 YYYY-MM-DD", "dates are YYYY-MM-DD")]
        ) from None


def _refused(response: HTMLResponse) -> HTMLResponse:
    response.status_code = 422
    return response


# ---------------------------------------------------------------- the list


@router.get("/territories", response_class=HTMLResponse)
def territory_list(p: Reader) -> HTMLResponse:
    return _list_page(p)


def _list_page(p: Page, errors: list[str] | None = None) -> HTMLResponse:
    with p.db.read() as session:
        rows, _ = territories.list_territories(session, limit=1000)
        items = [territories.territory_view(t) for t in rows]
    return p.render(
        "territories/list.html",
        territories=items,
        names=_names(rows),
        errors=errors or [],
        **_choices(p),
    )


def _names(rows: Any) -> dict[str, BiText]:
    """Each stored territory's name by code (the template picks the language)."""
    return {x.code: BiText(x.name_zh, x.name_en or "") for x in rows}


def _choices(p: Page) -> dict[str, Any]:
    """Kinds and climate zones with their names in the page's language (labels.csv)."""
    zones = sorted(refdata.CLIMATE_ZONES)
    return {
        "kinds": territories.KINDS,
        "zones": zones,
        "kind_names": {k: name("territory_kind", k).pick(p.lang) for k in territories.KINDS},
        "zone_names": {z: name("climate_zone", z).pick(p.lang) for z in zones},
    }


@router.post("/territories", response_class=HTMLResponse)
def territory_save(
    p: Writer,
    csrf_token: Token,
    code: Annotated[str, Form(max_length=32)],
    name_zh: Text,
    name_en: Text = "",
    kind: Annotated[str, Form(max_length=32)] = "district",
    parent_code: Annotated[str, Form(max_length=32)] = "",
    area_km2: Annotated[str, Form(max_length=30)] = "",
    valid_from: Annotated[str, Form(max_length=10)] = "",
    valid_to: Annotated[str, Form(max_length=10)] = "",
    climate_zone: Annotated[str, Form(max_length=32)] = "",
    sub_code: Annotated[str, Form(max_length=32)] = "",
    sub_name: Text = "",
    edit: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """The new-territory form (list page) and the edit form (territory page) post here."""
    p.check_csrf(csrf_token)
    try:
        data = territories.TerritoryInput(
            name_zh=name_zh,
            name_en=name_en,
            kind=kind,
            parent_code=parent_code or None,
            area_km2=_number(area_km2, "area_km2"),
            valid_from=_day(valid_from, "valid_from"),
            valid_to=_day(valid_to, "valid_to"),
            climate_zone=climate_zone or None,
            sub_areas=(territories.SubArea(sub_code.strip(), sub_name),)
            if sub_code.strip()
            else None,
        )
        with p.db.write() as session:
            if edit:
                territories.update_territory(session, p.actor, code, data)
            else:
                territories.create_territory(
                    session, p.actor, code=code, name_zh=name_zh, data=data
                )
    except CityClimateError as exc:
        errors = _messages(p, exc)
        return _refused(_detail_page(p, code, errors=errors) if edit else _list_page(p, errors))
    return RedirectResponse(f"/territories/{quote(code)}?saved=1", status_code=303)


# ---------------------------------------------------------------- one territory


@router.get("/territories/{code}", response_class=HTMLResponse)
def territory_detail(p: Reader, code: str, saved: str = "") -> HTMLResponse:
    return _detail_page(p, code, saved=bool(saved))


def _detail_page(
    p: Page, code: str, *, saved: bool = False, errors: list[str] | None = None
) -> HTMLResponse:
    with p.db.read() as session:
        t = territories.get_territory(session, code)
        detail = territories.territory_detail(session, t)
        years = [
            socioeconomic.socioeconomic_view(r) for r in socioeconomic.list_years(session, code)
        ]
        mappings = [m for m in boundaries.list_mappings(session) if code in m.values()]
        names = _names(territories.list_territories(session, limit=1000)[0])
    return p.render(
        "territories/detail.html",
        t=detail,
        years=years,
        fields=socioeconomic.FIELDS,
        mappings=mappings,
        names=names,
        saved=saved,
        errors=errors or [],
        **_choices(p),
    )


@router.post("/territories/{code}/socioeconomic", response_class=HTMLResponse)
async def socioeconomic_year(
    p: Writer, code: str, csrf_token: Token, year: Annotated[str, Form(max_length=10)]
) -> Response:
    p.check_csrf(csrf_token)
    form = await p.request.form()
    try:
        number = int(year.strip() or 0)
        values: dict[str, Any] = {
            f.name: _number(str(form.get(f.name, ""))[:30], f.name) for f in socioeconomic.FIELDS
        }
        base = _number(str(form.get("gdp_price_base_year", ""))[:10], "gdp_price_base_year")
        values["gdp_price_base_year"] = int(base) if base is not None else None
        with p.db.write() as session:
            socioeconomic.put_year(
                session,
                p.actor,
                code,
                number,
                values,
                source=str(form.get("source", ""))[:2000],
            )
    except ValueError:
        return _refused(_detail_page(p, code, errors=["year: 年份应为整数 / the year is a number"]))
    except CityClimateError as exc:
        return _refused(_detail_page(p, code, errors=_messages(p, exc)))
    return RedirectResponse(f"/territories/{quote(code)}?saved=1", status_code=303)


@router.post("/territories/{code}/socioeconomic/import", response_class=HTMLResponse)
def socioeconomic_import(p: Writer, code: str, csrf_token: Token, file: UploadFile) -> Response:
    p.check_csrf(csrf_token)
    name = (file.filename or "socioeconomic.xlsx")[-200:]
    try:
        frame = read_socioeconomic(name, file.file.read(MAX_SHEET_BYTES + 1))
        with p.db.write() as session:
            socioeconomic.import_table(session, p.actor, code, frame, where=name)
    except CityClimateError as exc:
        return _refused(_detail_page(p, code, errors=_messages(p, exc)))
    return RedirectResponse(f"/territories/{quote(code)}?saved=1", status_code=303)


# ---------------------------------------------------------------- factor sets


@router.get("/factor-sets", response_class=HTMLResponse)
def factor_set_list(p: Reader) -> HTMLResponse:
    return _factor_sets_page(p)


def _factor_sets_page(p: Page, errors: list[str] | None = None) -> HTMLResponse:
    with p.db.read() as session:
        items = [
            factor_sets.factor_set_view(f, factor_sets.local_rows(session, f.id))
            for f in factor_sets.list_factor_sets(session)
        ]
    return p.render(
        "territories/factor_sets.html",
        sets=items,
        gwp_sets=sorted(refdata.GWP_SETS),
        editions=factor_sets.known_editions(),
        errors=errors or [],
    )


@router.post("/factor-sets", response_class=HTMLResponse)
def factor_set_create(
    p: Writer,
    csrf_token: Token,
    name: Annotated[str, Form(max_length=100)],
    gwp_set: Annotated[str, Form(max_length=10)] = "AR5",
    combustion_co2: Annotated[str, Form(max_length=50)] = "cn_gbt32151_2024",
    electricity: Annotated[str, Form(max_length=50)] = "cn_grid_average",
    nearest_year: Annotated[str, Form(max_length=5)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    local: Annotated[str, Form(max_length=100_000)] = "",
) -> Response:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            factor_sets.save_factor_set(
                session,
                p.actor,
                name=name,
                method={
                    "gwp_set": gwp_set,
                    "combustion_co2": combustion_co2,
                    "electricity": [electricity],
                    "nearest_year": nearest_year == "on",
                },
                note=note,
                local=factor_sets.parse_local_lines(local),
            )
    except CityClimateError as exc:
        return _refused(_factor_sets_page(p, _messages(p, exc)))
    return RedirectResponse("/factor-sets", status_code=303)
