"""Supplier data requests: an enterprise asks a supplier enterprise for the footprint of what
fills one input of its product's system; the supplier answers with a PACT ProductFootprint
(v3, or v2.x mapped to v3; validated against the schema) or with one of its own products; the
answer replaces that input's secondary dataset, with its data quality ratings, and the
requester's footprint is recomputed at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.footprints import pact
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError
from cityclimate.services.footprints.access import enterprise_of, not_found, own_enterprise
from cityclimate.services.footprints.products import (
    compute_product,
    current_system,
    latest_result,
)
from cityclimate.storage.enterprises_models import EnterpriseRecord
from cityclimate.storage.footprints_models import FootprintProduct, FootprintRequest
from cityclimate.text import Text

#: PACT declared units → the units the platform's systems use for inputs.
PACT_UNITS = {
    "kilogram": "kg",
    "piece": "piece",
    "kilowatt hour": "kWh",
    "liter": "L",
    "cubic meter": "m3",
    "megajoule": "MJ",
    "ton kilometer": "tkm",
    "square meter": "m2",
}


def bought_in_inputs(session: Session, product: FootprintProduct) -> dict[str, dict[str, Any]]:
    """The inputs of the product's current system that a supplier can fill (those taken from a
    dataset), by ``process/input`` code."""
    system = current_system(session, product.id)
    return {
        f"{process['code']}/{item['code']}": dict(item)
        for process in (system.processes if system is not None else [])
        for item in process.get("inputs", [])
        if "dataset" in item
    }


def _input(session: Session, product: FootprintProduct, input_code: str) -> dict[str, Any]:
    found = bought_in_inputs(session, product).get(input_code)
    if found is not None:
        return found
    raise DataValidationError(
        [
            Problem(
                product.code,
                field="input_code",
                value=input_code,
                message=Text(
                    "产品系统中没有这个外购投入（写作“过程编码/投入编码”）",
                    "the product's system has no such bought-in input (write it process/input)",
                ),
            )
        ]
    )


def create_request(
    session: Session,
    actor: Actor,
    *,
    product_id: int,
    input_code: str,
    supplier_id: str,
    message: str = "",
    on_behalf_of: str | None = None,
) -> FootprintRequest:
    """Ask ``supplier_id`` for the footprint that fills ``input_code`` of one's own product."""
    requester = own_enterprise(session, actor, on_behalf_of)
    product = session.get(FootprintProduct, product_id)
    if product is None or product.enterprise_id != requester:
        raise not_found("product")
    if session.get(EnterpriseRecord, supplier_id) is None or supplier_id == requester:
        raise DataValidationError(
            [
                Problem(
                    "request",
                    field="supplier_id",
                    value=supplier_id,
                    message=Text(
                        "供应商应为平台上的另一家企业",
                        "the supplier is another enterprise on the platform",
                    ),
                )
            ]
        )
    _input(session, product, input_code)
    row = FootprintRequest(
        requester_id=requester,
        supplier_id=supplier_id,
        product_id=product_id,
        input_code=input_code,
        message=message,
        created_by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "create", "footprint_request", row.id, after=request_view(session, row)
    )
    return row


def request_view(session: Session, row: FootprintRequest) -> dict[str, Any]:
    product = session.get(FootprintProduct, row.product_id)
    names = {
        e.enterprise_id: (e.name_zh, e.name_en)
        for e in session.scalars(
            select(EnterpriseRecord).where(
                EnterpriseRecord.enterprise_id.in_([row.requester_id, row.supplier_id])
            )
        )
    }
    answer = row.answer or {}
    item = bought_in_inputs(session, product).get(row.input_code, {}) if product else {}
    name = item.get("name") or {}
    return {
        "id": row.id,
        "requester_id": row.requester_id,
        "requester_name_zh": names.get(row.requester_id, ("", ""))[0],
        "requester_name_en": names.get(row.requester_id, ("", ""))[1],
        "supplier_id": row.supplier_id,
        "supplier_name_zh": names.get(row.supplier_id, ("", ""))[0],
        "supplier_name_en": names.get(row.supplier_id, ("", ""))[1],
        "product_id": row.product_id,
        "product_name_zh": product.name_zh if product else "",
        "product_name_en": product.name_en if product else "",
        "input_code": row.input_code,
        "input_name_zh": name.get("zh") or row.input_code,
        "input_name_en": name.get("en") or name.get("zh") or row.input_code,
        "message": row.message,
        "status": row.status,
        "answer_kind": row.answer_kind,
        "co2e_kg_per_unit": answer.get("co2e_kg_per_unit"),
        "unit": answer.get("unit"),
        "dqr": answer.get("dqr") or {},
        "pact_id": (answer.get("pact") or {}).get("id"),
        "dropped": answer.get("dropped", []),
        "created_at": row.created_at.isoformat(),
        "answered_at": row.answered_at.isoformat() if row.answered_at else None,
    }


def list_requests(session: Session, actor: Actor) -> list[FootprintRequest]:
    """The requests the actor's enterprise sent or received (the office: all)."""
    query = select(FootprintRequest).order_by(FootprintRequest.id.desc())
    if actor.role not in OFFICE:
        enterprise = enterprise_of(session, actor)
        if enterprise is None:
            return []
        query = query.where(
            or_(
                FootprintRequest.requester_id == enterprise,
                FootprintRequest.supplier_id == enterprise,
            )
        )
    return list(session.scalars(query))


def get_request(session: Session, actor: Actor, request_id: int) -> FootprintRequest:
    row = session.get(FootprintRequest, request_id)
    enterprise = enterprise_of(session, actor)
    if row is None or not (
        actor.role in OFFICE or enterprise in (row.requester_id, row.supplier_id)
    ):
        raise not_found("request")
    return row


def _open_for_supplier(session: Session, actor: Actor, request_id: int) -> FootprintRequest:
    row = get_request(session, actor, request_id)
    if actor.role not in OFFICE and enterprise_of(session, actor) != row.supplier_id:
        raise not_found("request")
    if row.status != "open":
        raise ConflictError(
            "该请求已答复或已拒绝", "the request has already been answered or declined"
        )
    return row


def _unit_problem(where: str, expected: str, given: str) -> Problem:
    return Problem(
        where,
        field="pcf.declaredUnitOfMeasurement",
        value=given,
        message=Text(
            f"声明单位与请求的投入单位 {expected} 不一致",
            f"the declared unit does not match the requested input's unit {expected}",
        ),
    )


def answer_with_pact(
    session: Session,
    actor: Actor,
    request_id: int,
    document: Mapping[str, Any],
    schema: Mapping[str, Any],
    *,
    where: str = "ProductFootprint",
) -> FootprintRequest:
    """Answer with a PACT ProductFootprint; a v2.x one is mapped to v3 first. The document must
    validate against ``schema`` (the PACT v3 OpenAPI document) and be declared in the unit of
    the requested input; every problem is named by field."""
    row = _open_for_supplier(session, actor, request_id)
    source = document.get("data", document)
    dropped: list[pact.DroppedField] = []
    version = str(source.get("specVersion", "")) if isinstance(source, Mapping) else ""
    if version.startswith("2."):
        source, dropped = pact.v3_from_v2(source)
    pact.validate_product_footprint(source, schema, where=where)
    footprint = pact.footprint_from_dict(source)
    product = session.get(FootprintProduct, row.product_id)
    assert product is not None
    wanted = _input(session, product, row.input_code)
    unit = PACT_UNITS.get(footprint.pcf.declared_unit, footprint.pcf.declared_unit)
    if unit != wanted.get("unit"):
        raise DataValidationError(
            [_unit_problem(where, str(wanted.get("unit")), footprint.pcf.declared_unit)]
        )
    amount = footprint.pcf.declared_unit_amount
    per_unit = footprint.pcf.pcf_excluding_biogenic_uptake_kg / amount
    biogenic = (
        footprint.pcf.pcf_excluding_biogenic_uptake_kg - footprint.pcf.fossil_ghg_emissions_kg
    ) / amount
    dqi = footprint.pcf.dqi
    answer = {
        "co2e_kg_per_unit": float(per_unit),
        "biogenic_kg_per_unit": float(max(biogenic, Decimal(0))),
        "unit": unit,
        "dqr": {}
        if dqi is None
        else {
            "technological": float(dqi.technological),
            "geographical": float(dqi.geographical),
            "temporal": float(dqi.temporal),
        },
        "source": f"PACT {footprint.id} ({footprint.company_name})",
        "pact": dict(source),
        "dropped": [
            {"field": d.field, "reason_zh": d.reason.zh, "reason_en": d.reason.en} for d in dropped
        ],
    }
    return _answered(session, actor, row, "pact", answer, None)


def answer_with_product(
    session: Session, actor: Actor, request_id: int, product_id: int
) -> FootprintRequest:
    """Answer with one of the supplier's own products: its latest computed footprint."""
    row = _open_for_supplier(session, actor, request_id)
    product = session.get(FootprintProduct, product_id)
    if product is None or product.enterprise_id != row.supplier_id:
        raise not_found("product")
    result = latest_result(session, product_id)
    if result is None:
        raise ConflictError("请先计算该产品的碳足迹", "compute the product's footprint first")
    requester_product = session.get(FootprintProduct, row.product_id)
    assert requester_product is not None
    wanted = _input(session, requester_product, row.input_code)
    unit = PACT_UNITS.get(product.declared_unit, product.declared_unit)
    if unit != wanted.get("unit"):
        raise DataValidationError(
            [_unit_problem(product.code, str(wanted.get("unit")), product.declared_unit)]
        )
    answer = {
        "co2e_kg_per_unit": result.co2e_kg_per_unit,
        "biogenic_kg_per_unit": float(result.result.get("biogenic_kg", 0.0)),
        "unit": unit,
        "dqr": dict(result.result.get("dqr") or {}),
        "source": f"{product.enterprise_id}:{product.code} (result {result.id})",
    }
    return _answered(session, actor, row, "product", answer, product_id)


def _answered(
    session: Session,
    actor: Actor,
    row: FootprintRequest,
    kind: str,
    answer: dict[str, Any],
    product_id: int | None,
) -> FootprintRequest:
    row.status, row.answer_kind, row.answer = "answered", kind, answer
    row.answer_product_id = product_id
    row.answered_by, row.answered_at = actor.username, datetime.now(UTC)
    session.flush()
    audit.record(
        session, actor, "answer", "footprint_request", row.id,
        after={"kind": kind, "co2e_kg_per_unit": answer["co2e_kg_per_unit"]},
    )  # fmt: skip
    requester_product = session.get(FootprintProduct, row.product_id)
    assert requester_product is not None
    if current_system(session, requester_product.id) is not None:
        compute_product(session, actor, requester_product)
    return row


def decline(session: Session, actor: Actor, request_id: int, reason: str = "") -> FootprintRequest:
    row = _open_for_supplier(session, actor, request_id)
    row.status, row.answered_by, row.answered_at = "declined", actor.username, datetime.now(UTC)
    row.answer = {"reason": reason}
    audit.record(session, actor, "decline", "footprint_request", row.id, after={"reason": reason})
    return row
