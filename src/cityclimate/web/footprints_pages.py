"""Product carbon footprint pages (issue 16): products and their systems, supplier data
requests, and for every published product a public declaration page, its label (SVG, PNG,
PDF with a QR code to the declaration) and its GB/T 24067 report (PDF). Thin: parse, call the
footprint services, render."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from cityclimate.errors import CityClimateError
from cityclimate.footprints.datasets import datasets_from_table
from cityclimate.footprints.report import STAGE_NAMES
from cityclimate.io.activity_files import read_table
from cityclimate.io.footprint_label import (
    LabelContent,
    label_content,
    label_pdf,
    label_png,
    label_svg,
)
from cityclimate.io.limits import UploadLimits
from cityclimate.io.pact_schema import pact_openapi
from cityclimate.io.pdf_documents import PDF, document_pdf
from cityclimate.requests import DB
from cityclimate.services.actors import OFFICE
from cityclimate.services.errors import NotFoundError
from cityclimate.services.footprints import datasets, documents, products, requests
from cityclimate.services.footprints.access import NOTICE, enterprise_of
from cityclimate.settings import get_settings
from cityclimate.storage.enterprises_models import EnterpriseRecord
from cityclimate.text import Text
from cityclimate.web import i18n
from cityclimate.web.i18n import N_
from cityclimate.web.page import Page, Reader, bare, page, problems_of, refused_status, render_error

router = APIRouter(include_in_schema=False)
ProductId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RequestId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Writer = Annotated[Page, Depends(page(*OFFICE, "enterprise"))]
#: Dataset kinds in the users' words.
DATASET_KINDS = {
    "secondary": N_("secondary database"),
    "inventory": N_("inventory factor"),
    "user": N_("own data"),
}
#: Request statuses in the users' words.
STATUSES = {"open": N_("awaiting answer"), "answered": N_("answered"), "declined": N_("declined")}
UNITS = {
    "piece": Text("件", "piece"),
    "kilogram": Text("千克", "kg"),
    "kilowatt hour": Text("千瓦时", "kWh"),
}


def _notice(lang: str) -> str:
    return Text(NOTICE["zh"], NOTICE["en"]).pick(lang)


@router.get("/footprints", response_class=HTMLResponse)
def product_list(p: Reader) -> HTMLResponse:
    with p.db.read() as session:
        names = products.enterprise_names(session)
        rows = []
        for product in products.list_products(session, p.actor):
            result = products.latest_result(session, product.id)
            rows.append(
                {
                    **products.product_view(product),
                    "co2e": None if result is None else result.co2e_kg_per_unit,
                    "unit": UNITS.get(product.declared_unit, Text(product.declared_unit, "")),
                    "enterprise": names.get(product.enterprise_id, Text(product.enterprise_id, "")),
                }
            )
    illustrative = any(r["illustrative"] for r in rows)
    return p.render(
        "footprints/list.html", products=rows, notice=_notice(p.lang) if illustrative else ""
    )


def _process_rows(
    system: dict[str, Any] | None, result: dict[str, Any] | None
) -> list[dict[str, Any]]:
    if system is None:
        return []
    by_process = (result or {}).get("result", {}).get("by_process", {})
    return [
        {
            "name": Text(p["name"]["zh"], p["name"]["en"] or p["name"]["zh"]),
            "stage": STAGE_NAMES.get(p.get("stage", "production"), Text("", "")),
            "primary": p.get("primary", False),
            "inputs": [
                Text(i["name"]["zh"], i["name"]["en"] or i["name"]["zh"])
                for i in p.get("inputs", [])
            ],
            "co2e": by_process.get(p["code"]),
        }
        for p in system["processes"]
    ]


@router.get("/footprints/products/{product_id}", response_class=HTMLResponse)
def product_page(product_id: ProductId, p: Reader) -> HTMLResponse:
    try:
        with p.db.read() as session:
            detail = products.product_detail(session, p.actor, product_id)
            mine = (
                p.actor.role in OFFICE or enterprise_of(session, p.actor) == detail["enterprise_id"]
            )
    except NotFoundError as exc:
        return render_error(p.request, 404, exc.message)
    result = detail["result"]
    stages = [
        {"name": STAGE_NAMES.get(k, Text(k, k)), "co2e": v}
        for k, v in ((result or {}).get("result", {}).get("by_stage", {})).items()
    ]
    inputs = {
        f"{q['code']}/{i['code']}": Text(i["name"]["zh"], i["name"]["en"] or i["name"]["zh"])
        for q in (detail["system"] or {}).get("processes", [])
        for i in q.get("inputs", [])
    }
    suppliers = [
        {**s, "name": inputs.get(key, Text(key, key))}
        for key, s in ((result or {}).get("inputs", {}).get("suppliers", {})).items()
    ]
    return p.render(
        "footprints/product.html",
        suppliers=suppliers,
        product=detail,
        unit=UNITS.get(detail["declared_unit"], Text(detail["declared_unit"], "")),
        processes=_process_rows(detail["system"], result),
        stages=stages,
        result=result,
        mine=mine,
        notice=_notice(p.lang) if detail["illustrative"] else "",
    )


def _step(p: Page, product_id: int, action: str) -> HTMLResponse | RedirectResponse:
    try:
        with p.db.write() as session:
            if action == "compute":
                products.compute(session, p.actor, product_id)
            else:
                products.publish(session, p.actor, product_id, pact_openapi())
    except CityClimateError as exc:
        refused = p.render(
            "footprints/refused.html",
            back=f"/footprints/products/{product_id}",
            problems=problems_of(exc, "footprint"),
        )
        refused.status_code = refused_status(exc)
        return refused
    return RedirectResponse(f"/footprints/products/{product_id}", status_code=303)


@router.post(
    "/footprints/products/{product_id}/compute", response_class=HTMLResponse, response_model=None
)
def compute(
    product_id: ProductId, p: Writer, csrf_token: Annotated[str, Form()] = ""
) -> HTMLResponse | RedirectResponse:
    p.check_csrf(csrf_token)
    return _step(p, product_id, "compute")


@router.post(
    "/footprints/products/{product_id}/publish", response_class=HTMLResponse, response_model=None
)
def publish(
    product_id: ProductId, p: Writer, csrf_token: Annotated[str, Form()] = ""
) -> HTMLResponse | RedirectResponse:
    p.check_csrf(csrf_token)
    return _step(p, product_id, "publish")


@router.get("/footprints/requests", response_class=HTMLResponse)
def request_list(p: Reader) -> HTMLResponse:
    with p.db.read() as session:
        enterprise = enterprise_of(session, p.actor)
        rows = [requests.request_view(session, r) for r in requests.list_requests(session, p.actor)]
        mine = [
            x for x in products.list_products(session, p.actor) if x.enterprise_id == enterprise
        ]
        own = [products.product_view(x) for x in mine]
        inputs = {x.id: requests.bought_in_inputs(session, x) for x in mine}
        suppliers = {
            e.enterprise_id: Text(e.name_zh, e.name_en or e.name_zh)
            for e in session.scalars(select(EnterpriseRecord).order_by(EnterpriseRecord.name_zh))
            if e.enterprise_id != enterprise
        }
    return p.render(
        "footprints/requests.html",
        statuses=STATUSES,
        units=UNITS,
        inputs=inputs,
        suppliers=suppliers,
        incoming=[r for r in rows if r["supplier_id"] == enterprise or p.actor.role in OFFICE],
        outgoing=[r for r in rows if r["requester_id"] == enterprise],
        own_products=own,
        enterprise=enterprise,
    )


@router.post("/footprints/requests", response_class=HTMLResponse, response_model=None)
def create_request(
    p: Writer,
    product_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    input_code: Annotated[str, Form(min_length=3, max_length=100)],
    supplier_id: Annotated[str, Form(min_length=1, max_length=64)],
    message: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            requests.create_request(
                session, p.actor, product_id=product_id, input_code=input_code,
                supplier_id=supplier_id, message=message,
            )  # fmt: skip
    except CityClimateError as exc:
        refused = p.render("footprints/refused.html", back="/footprints/requests",
                           problems=problems_of(exc, "request"))  # fmt: skip
        refused.status_code = refused_status(exc)
        return refused
    return RedirectResponse("/footprints/requests", status_code=303)


@router.post(
    "/footprints/requests/{request_id}/answer", response_class=HTMLResponse, response_model=None
)
def answer(
    request_id: RequestId,
    p: Writer,
    pact_json: Annotated[str, Form(max_length=200_000)] = "",
    product_id: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            if pact_json.strip():
                try:
                    document = json.loads(pact_json)
                except json.JSONDecodeError as exc:
                    raise CityClimateError(
                        f"不是有效的 JSON：{exc.msg}（第 {exc.lineno} 行）",
                        f"not valid JSON: {exc.msg} (line {exc.lineno})",
                    ) from exc
                requests.answer_with_pact(session, p.actor, request_id, document, pact_openapi())
            else:
                requests.answer_with_product(session, p.actor, request_id, product_id or 0)
    except CityClimateError as exc:
        refused = p.render("footprints/refused.html", back="/footprints/requests",
                           problems=problems_of(exc, "ProductFootprint"))  # fmt: skip
        refused.status_code = refused_status(exc)
        return refused
    return RedirectResponse("/footprints/requests", status_code=303)


def _refused(p: Page, back: str, exc: CityClimateError, where: str) -> HTMLResponse:
    refused = p.render("footprints/refused.html", back=back, problems=problems_of(exc, where))
    refused.status_code = refused_status(exc)
    return refused


@router.post("/footprints/products", response_class=HTMLResponse, response_model=None)
def create_product(
    p: Writer,
    code: Annotated[str, Form(min_length=1, max_length=100)],
    name_zh: Annotated[str, Form(min_length=1, max_length=200)],
    name_en: Annotated[str, Form(max_length=200)] = "",
    declared_unit: Annotated[str, Form(max_length=32)] = "piece",
    mass_per_unit_kg: Annotated[float, Form(ge=0, le=1e9)] = 0.0,
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    p.check_csrf(csrf_token)
    try:
        with p.db.write() as session:
            row = products.create_product(
                session, p.actor, code=code, name_zh=name_zh, name_en=name_en,
                declared_unit=declared_unit, mass_per_unit_kg=mass_per_unit_kg,
            )  # fmt: skip
            product_id = row.id
    except CityClimateError as exc:
        return _refused(p, "/footprints", exc, "product")
    return RedirectResponse(f"/footprints/products/{product_id}", status_code=303)


@router.post(
    "/footprints/products/{product_id}/system", response_class=HTMLResponse, response_model=None
)
def save_system(
    product_id: ProductId,
    p: Writer,
    file: UploadFile,
    reference_year: Annotated[int, Form(ge=1990, le=2100)],
    boundary: Annotated[str, Form(max_length=32)] = "cradle-to-gate",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse | RedirectResponse:
    """A new version of the product's system from a JSON file (``{"processes": [...]}``)."""
    p.check_csrf(csrf_token)
    back = f"/footprints/products/{product_id}"
    limits = UploadLimits(max_bytes=get_settings().max_upload_bytes)
    try:
        try:
            document = json.loads(file.file.read(limits.max_bytes + 1))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CityClimateError(
                f"{file.filename}：不是有效的 JSON 产品系统文件",
                f"{file.filename}: not a valid JSON system file",
            ) from exc
        processes = document if isinstance(document, list) else document.get("processes")
        with p.db.write() as session:
            products.save_system(
                session, p.actor, product_id, {"processes": processes},
                boundary=boundary, reference_year=reference_year,
            )  # fmt: skip
    except CityClimateError as exc:
        return _refused(p, back, exc, file.filename or "system.json")
    return RedirectResponse(back, status_code=303)


@router.get("/footprints/datasets", response_class=HTMLResponse)
def dataset_list(p: Reader) -> HTMLResponse:
    with p.db.read() as session:
        rows = datasets.list_datasets(session, p.actor)
    return p.render("footprints/datasets.html", datasets=rows, kinds=DATASET_KINDS)


@router.post("/footprints/datasets", response_class=HTMLResponse, response_model=None)
def import_datasets(
    p: Writer, file: UploadFile, csrf_token: Annotated[str, Form(max_length=100)] = ""
) -> HTMLResponse | RedirectResponse:
    """Datasets from CSV/XLSX: all stored, or none with every problem located."""
    p.check_csrf(csrf_token)
    limits = UploadLimits(max_bytes=get_settings().max_upload_bytes)
    name = file.filename or "datasets.csv"
    try:
        rows = datasets_from_table(
            read_table(name, file.file.read(limits.max_bytes + 1), limits), name
        )
        with p.db.write() as session:
            datasets.import_datasets(session, p.actor, rows, file_name=name)
    except CityClimateError as exc:
        return _refused(p, "/footprints/datasets", exc, name)
    return RedirectResponse("/footprints/datasets", status_code=303)


# -- public: declaration, label, report ---------------------------------------------------------


def _declared(request: Request, db: DB, product_id: int) -> dict[str, Any] | HTMLResponse:
    try:
        with db.read() as session:
            return documents.declaration(session, product_id)
    except NotFoundError as exc:
        return render_error(request, 404, exc.message)


@router.get("/footprints/declarations/{product_id}", response_class=HTMLResponse)
def declaration(request: Request, db: DB, product_id: ProductId) -> HTMLResponse:
    """Public: a published product's footprint declaration."""
    shown = _declared(request, db, product_id)
    if isinstance(shown, HTMLResponse):
        return shown
    lang = i18n.current.get()
    stages = [
        {"name": STAGE_NAMES.get(k, Text(k, k)), "co2e": v}
        for k, v in shown["result"].get("by_stage", {}).items()
    ]
    return bare(
        request,
        "footprints/declaration.html",
        d=shown,
        stages=stages,
        notice=shown["notice"].pick(lang) if shown["notice"] else "",
    )


def _label(request: Request, shown: dict[str, Any]) -> LabelContent:
    product = shown["product"]
    return label_content(
        name=Text(product["name_zh"], product["name_en"]), co2e_kg=shown["co2e_kg_per_unit"],
        unit=shown["unit"], boundary=shown["boundary"], standard=str(shown["standard"]),
        verifier=shown["verifier"], illustrative=product["illustrative"],
        url=str(request.url_for("declaration", product_id=product["id"])),
        lang=i18n.current.get(),
    )  # fmt: skip


@router.get("/footprints/declarations/{product_id}/label.{kind}")
def label(
    request: Request,
    db: DB,
    product_id: ProductId,
    kind: Annotated[str, Path(pattern="^(svg|png|pdf)$")],
) -> Response:
    """Public: the label of a published product (SVG, PNG or PDF)."""
    shown = _declared(request, db, product_id)
    if isinstance(shown, HTMLResponse):
        return shown
    content = _label(request, shown)
    if kind == "svg":
        return Response(label_svg(content), media_type="image/svg+xml")
    if kind == "png":
        return Response(label_png(content), media_type="image/png")
    return Response(label_pdf(content), media_type=PDF)


@router.get("/footprints/declarations/{product_id}/report.pdf")
def report(request: Request, db: DB, product_id: ProductId) -> Response:
    """Public: the GB/T 24067 study report of a published product (PDF)."""
    try:
        with db.read() as session:
            document = documents.report(session, product_id, date.today())
    except NotFoundError as exc:
        return render_error(request, 404, exc.message)
    return Response(
        document_pdf(document, i18n.current.get()),
        media_type=PDF,
        headers={"Content-Disposition": f'inline; filename="footprint-{product_id}.pdf"'},
    )
