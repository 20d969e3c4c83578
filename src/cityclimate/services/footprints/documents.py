"""What the declaration page, the label and the GB/T 24067 report show of a published product
(the faces render them: HTML, SVG/PNG/PDF through ``cityclimate.io``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.footprints.report import BOUNDARY_NAMES, UNIT_NAMES, footprint_report
from cityclimate.reporting.model import Document
from cityclimate.services.actors import ANONYMOUS
from cityclimate.services.footprints.access import NOTICE, not_found
from cityclimate.services.footprints.datasets import dataset_view
from cityclimate.services.footprints.products import (
    active_footprint,
    get_product,
    product_view,
)
from cityclimate.storage.enterprises_models import EnterpriseRecord
from cityclimate.storage.footprints_models import (
    ComputedFootprint,
    FootprintDataset,
    FootprintSystem,
)
from cityclimate.text import Text


def declaration(session: Session, product_id: int) -> dict[str, Any]:
    """The public declaration of a published product: the product, its organisation, the
    published result and its PACT document (404 when not published)."""
    product = get_product(session, ANONYMOUS, product_id)
    active = active_footprint(session, product_id)
    if not product.published or active is None:
        raise not_found("footprint")
    result = session.get(ComputedFootprint, active.result_id)
    assert result is not None
    system = session.get(FootprintSystem, result.system_id)
    assert system is not None
    enterprise = session.get(EnterpriseRecord, product.enterprise_id)
    unit = UNIT_NAMES.get(product.declared_unit, Text(product.declared_unit, product.declared_unit))
    return {
        "product": product_view(product),
        "enterprise": Text(enterprise.name_zh, enterprise.name_en) if enterprise else Text("", ""),
        "co2e_kg_per_unit": result.co2e_kg_per_unit,
        "unit": unit,
        "boundary": BOUNDARY_NAMES.get(system.boundary, Text(system.boundary, system.boundary)),
        "standard": product.standard,
        "verifier": product.verifier,
        "result": result.result,
        "reference_year": system.reference_year,
        "pact": active.document,
        "notice": Text(NOTICE["zh"], NOTICE["en"]) if product.illustrative else None,
        "system": system,
        "inputs": result.inputs,
        "result_row": result,
    }


def report(session: Session, product_id: int, issued_on: date) -> Document:
    """The GB/T 24067 study report of a published product's declared footprint."""
    shown = declaration(session, product_id)
    codes = list(shown["inputs"].get("datasets", {}))
    rows = session.scalars(select(FootprintDataset).where(FootprintDataset.code.in_(codes)))
    datasets = {r.code: dataset_view(r) for r in rows}
    system: FootprintSystem = shown["system"]
    row: ComputedFootprint = shown["result_row"]
    return footprint_report(
        shown["product"],
        shown["enterprise"],
        {
            "boundary": system.boundary,
            "allocation": system.allocation,
            "cut_off": system.cut_off,
            "reference_year": system.reference_year,
            "processes": system.processes,
        },
        {"co2e_kg_per_unit": row.co2e_kg_per_unit, "inputs": row.inputs, "result": row.result},
        datasets,
        pact_id=str(shown["pact"]["id"]),
        issued_on=issued_on,
        notice=shown["notice"],
    )
