"""Products, their systems, computed footprints (stored with their inputs) and declarations."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.footprints import pact
from cityclimate.footprints.calculation import characterisation
from cityclimate.footprints.model import BOUNDARIES, FootprintResult
from cityclimate.footprints.systems import (
    Breakdown,
    SupplierValue,
    compute_footprint,
    system_from_dict,
    system_to_dict,
)
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import ConflictError
from cityclimate.services.footprints.access import (
    enterprise_of,
    may_read,
    not_found,
    own_enterprise,
    require_write,
)
from cityclimate.services.footprints.datasets import usable_datasets
from cityclimate.storage.enterprises_models import EnterpriseRecord
from cityclimate.storage.footprints_models import (
    ComputedFootprint,
    FootprintProduct,
    FootprintRequest,
    FootprintSystem,
    PactFootprint,
)
from cityclimate.storage.models import Territory
from cityclimate.text import Text

#: PACT declared units a product may have (the schema's enumeration, in the users' words).
DECLARED_UNITS = {
    "piece": Text("件", "piece"),
    "kilogram": Text("千克", "kilogram"),
    "kilowatt hour": Text("千瓦时", "kilowatt hour"),
}
GWP_SET = "AR6"


def _gwp() -> dict[str, float]:
    return characterisation(refdata.gwp(), GWP_SET)


def create_product(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name_zh: str,
    name_en: str = "",
    declared_unit: str = "piece",
    mass_per_unit_kg: float = 0.0,
    description: str = "",
    tags: list[str] | None = None,
    verifier: str = "",
    enterprise_id: str | None = None,
    illustrative: bool = False,
) -> FootprintProduct:
    """A new product of the actor's enterprise (the office names the enterprise)."""
    owner = (
        enterprise_id if actor.role in OFFICE and enterprise_id else own_enterprise(session, actor)
    )
    if session.get(EnterpriseRecord, owner) is None:
        raise not_found("product")
    if declared_unit not in DECLARED_UNITS:
        raise DataValidationError(
            [
                Problem(
                    "product",
                    field="declared_unit",
                    value=declared_unit,
                    message=Text(
                        "声明单位应为：" + "、".join(t.zh for t in DECLARED_UNITS.values()),
                        "the declared unit is one of: " + ", ".join(DECLARED_UNITS),
                    ),
                )
            ]
        )
    taken = session.scalar(
        select(FootprintProduct.id).where(
            FootprintProduct.enterprise_id == owner, FootprintProduct.code == code
        )
    )
    if taken is not None:
        raise ConflictError(f"产品编码 {code} 已存在", f"the product code {code} is taken")
    row = FootprintProduct(
        enterprise_id=owner,
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        declared_unit=declared_unit,
        mass_per_unit_kg=mass_per_unit_kg,
        description=description,
        tags=list(tags or []),
        verifier=verifier,
        illustrative=illustrative,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "footprint_product", row.id, after=product_view(row))
    return row


def product_view(row: FootprintProduct) -> dict[str, Any]:
    return {
        "id": row.id,
        "enterprise_id": row.enterprise_id,
        "code": row.code,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "description": row.description,
        "declared_unit": row.declared_unit,
        "mass_per_unit_kg": row.mass_per_unit_kg,
        "tags": list(row.tags or []),
        "standard": row.standard,
        "verifier": row.verifier,
        "published": row.published,
        "illustrative": row.illustrative,
    }


def list_products(session: Session, actor: Actor) -> list[FootprintProduct]:
    """The products the actor may see: the office all, an enterprise its own, others the
    published ones."""
    query = select(FootprintProduct).order_by(FootprintProduct.enterprise_id, FootprintProduct.code)
    if actor.role not in OFFICE:
        enterprise = enterprise_of(session, actor)
        if enterprise is None:
            query = query.where(FootprintProduct.published.is_(True))
        else:
            query = query.where(
                (FootprintProduct.enterprise_id == enterprise)
                | FootprintProduct.published.is_(True)
            )
    return list(session.scalars(query))


def get_product(session: Session, actor: Actor, product_id: int) -> FootprintProduct:
    row = session.get(FootprintProduct, product_id)
    if row is None or not (row.published or may_read(session, actor, row.enterprise_id)):
        raise not_found("product")
    return row


def _writable(session: Session, actor: Actor, product_id: int) -> FootprintProduct:
    row = session.get(FootprintProduct, product_id)
    if row is None:
        raise not_found("product")
    require_write(session, actor, row.enterprise_id, "product")
    return row


def current_system(session: Session, product_id: int) -> FootprintSystem | None:
    return session.scalars(
        select(FootprintSystem)
        .where(FootprintSystem.product_id == product_id)
        .order_by(FootprintSystem.version.desc())
        .limit(1)
    ).first()


def save_system(
    session: Session,
    actor: Actor,
    product_id: int,
    document: Mapping[str, Any],
    *,
    boundary: str = "cradle-to-gate",
    allocation: str = "physical",
    cut_off: str = "",
    reference_year: int,
) -> FootprintSystem:
    """Store a new version of the product's system after checking it (the process and
    exchange at fault are named) and that every dataset it refers to exists."""
    product = _writable(session, actor, product_id)
    system = system_from_dict(document, where=product.code)
    if boundary not in BOUNDARIES:
        raise DataValidationError(
            [
                Problem(
                    product.code,
                    field="boundary",
                    value=boundary,
                    message=Text(
                        "系统边界应为：" + "、".join(BOUNDARIES),
                        "the boundary is one of: " + ", ".join(BOUNDARIES),
                    ),
                )
            ]
        )
    known = usable_datasets(session, actor, product.enterprise_id)
    missing = [
        Problem(
            f"{product.code}: process {p.code}, input {e.code}",
            field="dataset",
            value=str(e.dataset),
            message=Text(
                "找不到该数据集：请先导入，或改用已有的数据集",
                "no such dataset: import it first or choose one that exists",
            ),
        )
        for p in system.processes
        for e in p.inputs
        if e.dataset is not None and e.dataset not in known
    ]
    if missing:
        raise DataValidationError(missing)
    previous = current_system(session, product_id)
    row = FootprintSystem(
        product_id=product_id,
        version=1 if previous is None else previous.version + 1,
        boundary=boundary,
        allocation=allocation,
        cut_off=cut_off,
        reference_year=reference_year,
        processes=system_to_dict(system)["processes"],
        by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "save_system", "footprint_system", row.id,
        after={"product_id": product_id, "version": row.version, "processes": len(system.processes)},
    )  # fmt: skip
    return row


def supplier_values(session: Session, product_id: int) -> dict[str, tuple[int, SupplierValue]]:
    """``"<process>/<input>"`` → (request id, the supplier's answer) for the product's answered
    requests (the latest answer per input wins)."""
    rows = session.scalars(
        select(FootprintRequest)
        .where(FootprintRequest.product_id == product_id, FootprintRequest.status == "answered")
        .order_by(FootprintRequest.answered_at, FootprintRequest.id)
    )
    out: dict[str, tuple[int, SupplierValue]] = {}
    for row in rows:
        answer = row.answer or {}
        out[row.input_code] = (
            row.id,
            SupplierValue(
                co2e_kg_per_unit=float(answer["co2e_kg_per_unit"]),
                biogenic_kg_per_unit=float(answer.get("biogenic_kg_per_unit", 0.0)),
                dqr=answer.get("dqr") or {},
                source=str(answer.get("source", "")),
            ),
        )
    return out


def compute(session: Session, actor: Actor, product_id: int) -> ComputedFootprint:
    """Compute the product's footprint from its current system, the datasets it may use and
    its suppliers' answers, and store the result with every input's value."""
    return compute_product(session, actor, _writable(session, actor, product_id))


def compute_product(session: Session, actor: Actor, product: FootprintProduct) -> ComputedFootprint:
    """:func:`compute` for a product the caller has already been allowed to compute (also used
    when a supplier's answer arrives: the requester's result follows it)."""
    product_id = product.id
    system_row = current_system(session, product_id)
    if system_row is None:
        raise ConflictError(
            "该产品还没有产品系统：请先录入产品系统",
            "the product has no system yet: enter its system first",
        )
    system = system_from_dict({"processes": system_row.processes}, where=product.code)
    datasets = usable_datasets(session, actor, product.enterprise_id)
    answers = supplier_values(session, product_id)
    result, parts = compute_footprint(
        system,
        datasets,
        _gwp(),
        product=product.code,
        name=product.name_zh,
        declared_unit=product.declared_unit,
        mass_per_unit_kg=product.mass_per_unit_kg,
        supplier_values={k: v for k, (_, v) in answers.items()},
        boundary=system_row.boundary,
        allocation=system_row.allocation,
        cut_off=system_row.cut_off,
        gwp_set=GWP_SET,
    )
    used_datasets = {
        e.dataset: datasets[e.dataset]
        for p in system.processes
        for e in p.inputs
        if e.dataset is not None and f"{p.code}/{e.code}" not in answers and e.dataset in datasets
    }
    inputs = {
        "system_id": system_row.id,
        "system_version": system_row.version,
        "gwp_set": GWP_SET,
        "datasets": {
            code: {
                "co2e_kg_per_unit": d.co2e_kg_per_unit,
                "version": d.version,
                "source": d.source,
                "region": d.region,
                "year": d.year,
            }
            for code, d in used_datasets.items()
        },
        "suppliers": {
            key: {
                "request_id": rid,
                "co2e_kg_per_unit": v.co2e_kg_per_unit,
                "dqr": dict(v.dqr or {}),
                "source": v.source,
            }
            for key, (rid, v) in answers.items()
        },
    }
    row = ComputedFootprint(
        product_id=product_id,
        system_id=system_row.id,
        co2e_kg_per_unit=result.total,
        inputs=inputs,
        result=result_json(result, parts),
        by=actor.username,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "compute", "footprint_product", product_id,
        after={"result_id": row.id, "co2e_kg_per_unit": result.total},
    )  # fmt: skip
    return row


def result_json(result: FootprintResult, parts: Breakdown) -> dict[str, Any]:
    """What is stored of a result (kg CO2e per declared unit)."""
    return {
        "co2e_kg": result.total,
        "fossil_kg": result.fossil,
        "biogenic_kg": result.biogenic,
        "luc_kg": result.luc,
        "by_process": dict(parts.by_process),
        "by_stage": dict(parts.by_stage),
        "by_input": dict(parts.by_input),
        "dqr": {
            k: result.quality[k]
            for k in ("technological", "geographical", "temporal")
            if k in result.quality
        },
        "quality": dict(result.quality),
        "primary_data_share": result.primary_share,
        "boundary": result.boundary,
        "allocation": result.allocation,
        "cut_off": result.cut_off,
        "standard": result.standard,
        "gwp_set": result.gwp_set,
    }


def latest_result(session: Session, product_id: int) -> ComputedFootprint | None:
    return session.scalars(
        select(ComputedFootprint)
        .where(ComputedFootprint.product_id == product_id)
        .order_by(ComputedFootprint.id.desc())
        .limit(1)
    ).first()


def result_view(row: ComputedFootprint) -> dict[str, Any]:
    return {
        "id": row.id,
        "product_id": row.product_id,
        "system_id": row.system_id,
        "co2e_kg_per_unit": row.co2e_kg_per_unit,
        "inputs": row.inputs,
        "result": row.result,
        "computed_at": row.computed_at.isoformat(),
        "by": row.by,
    }


def _province(session: Session, territory_code: str) -> str:
    territory = session.get(Territory, territory_code)
    return territory.province if territory is not None and territory.province else territory_code


def _declaration(
    session: Session, product: FootprintProduct, result: ComputedFootprint, system: FootprintSystem
) -> pact.Declaration:
    enterprise = session.get(EnterpriseRecord, product.enterprise_id)
    assert enterprise is not None
    preceding = tuple(
        session.scalars(
            select(PactFootprint.id)
            .where(PactFootprint.product_id == product.id)
            .order_by(PactFootprint.created_at)
        )
    )
    share = result.result.get("primary_data_share")
    dqr = result.result.get("dqr") or None
    return pact.Declaration(
        id=str(uuid.uuid4()),
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        company_name=enterprise.name_zh,
        company_ids=(f"urn:uscc:{enterprise.uscc}",),
        product_name=product.name_zh,
        product_description=product.description or product.name_en or product.name_zh,
        product_ids=(f"urn:cityclimate:product:{product.enterprise_id}:{product.code}",),
        declared_unit=product.declared_unit,
        mass_per_declared_unit_kg=product.mass_per_unit_kg,
        reference_period_start=f"{system.reference_year}-01-01T00:00:00Z",
        reference_period_end=f"{system.reference_year + 1}-01-01T00:00:00Z",
        co2e_kg=result.co2e_kg_per_unit,
        fossil_kg=float(result.result.get("fossil_kg", result.co2e_kg_per_unit)),
        biogenic_kg=float(result.result.get("biogenic_kg", 0.0)),
        boundary_description=system.boundary,
        geography_subdivision=pact.subdivision_of(_province(session, enterprise.territory)),
        gwp_set=str(result.inputs.get("gwp_set", GWP_SET)),
        standards=("ISO14067", "PACT-3.0"),
        primary_data_share_percent=None if share is None else 100 * float(share),
        dqr=dqr,
        verifier=product.verifier,
        preceding_ids=preceding,
        comment=("ILLUSTRATIVE (demo data). " if product.illustrative else "")
        + "Computed per GB/T 24067-2024 by cityclimate.",
    )


def publish(
    session: Session, actor: Actor, product_id: int, schema: Mapping[str, Any]
) -> PactFootprint:
    """Publish the product's latest result: a new PACT v3 ProductFootprint (validated against
    ``schema``, the PACT OpenAPI document), the previous ones deprecated; the declaration page
    becomes public."""
    product = _writable(session, actor, product_id)
    result = latest_result(session, product_id)
    if result is None:
        raise ConflictError("请先计算该产品的碳足迹", "compute the product's footprint first")
    system = session.get(FootprintSystem, result.system_id)
    assert system is not None
    document = pact.footprint_document(_declaration(session, product, result, system))
    pact.validate_product_footprint(document, schema, where=product.code)
    for old in session.scalars(
        select(PactFootprint).where(
            PactFootprint.product_id == product_id, PactFootprint.status == "Active"
        )
    ):
        old.status = "Deprecated"
        old.document = {**old.document, "status": "Deprecated"}
    row = PactFootprint(
        id=document["id"],
        product_id=product_id,
        enterprise_id=product.enterprise_id,
        result_id=result.id,
        status="Active",
        document=document,
    )
    session.add(row)
    product.published = True
    session.flush()
    audit.record(
        session, actor, "publish", "footprint_product", product_id,
        after={"pact_id": row.id, "result_id": result.id},
    )  # fmt: skip
    return row


def active_footprint(session: Session, product_id: int) -> PactFootprint | None:
    return session.scalars(
        select(PactFootprint).where(
            PactFootprint.product_id == product_id, PactFootprint.status == "Active"
        )
    ).first()


def product_detail(session: Session, actor: Actor, product_id: int) -> dict[str, Any]:
    """A product with its current system and latest result (only published ones for those
    who are not the enterprise or the office)."""
    product = get_product(session, actor, product_id)
    system = current_system(session, product_id)
    result = latest_result(session, product_id)
    active = active_footprint(session, product_id)
    return {
        **product_view(product),
        "system": None
        if system is None
        else {
            "id": system.id,
            "version": system.version,
            "boundary": system.boundary,
            "allocation": system.allocation,
            "cut_off": system.cut_off,
            "reference_year": system.reference_year,
            "processes": system.processes,
        },
        "result": None if result is None else result_view(result),
        "pact_id": None if active is None else active.id,
    }


def published_document(session: Session, actor: Actor, product_id: int) -> dict[str, Any]:
    """The product's active PACT v3 ProductFootprint."""
    get_product(session, actor, product_id)
    active = active_footprint(session, product_id)
    if active is None:
        raise not_found("footprint")
    return dict(active.document)


def enterprise_names(session: Session) -> dict[str, Text]:
    """Enterprise id → its name (for lists of products and requests)."""
    return {
        e.enterprise_id: Text(e.name_zh, e.name_en)
        for e in session.scalars(select(EnterpriseRecord))
    }
