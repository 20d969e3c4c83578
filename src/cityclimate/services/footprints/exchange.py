"""The PACT v3 exchange: the published ProductFootprints (ListFootprints with the spec's
filters and pagination, GetFootprint) and the CloudEvents received on ``/3/events``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.footprints import pact
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.storage.footprints_models import PactEvent, PactFootprint

_GEOGRAPHY = ("geographyCountry", "geographyCountrySubdivision", "geographyRegionOrSubregion")


def _matches(document: Mapping[str, Any], filters: Mapping[str, Sequence[str]]) -> bool:
    """The spec's filtering: each given criterion must match (any of its values)."""
    checks = {
        "productId": set(document.get("productIds", [])),
        "companyId": set(document.get("companyIds", [])),
        "classification": set(document.get("productClassifications", [])),
        "geography": {str(document.get("pcf", {}).get(k)) for k in _GEOGRAPHY}
        | {str(document.get("pcf", {}).get("geographyCountrySubdivision", ""))[:2]},
        "status": {str(document.get("status", ""))},
    }
    return all(
        not wanted or bool(set(wanted) & checks[name])
        for name, wanted in filters.items()
        if name in checks
    )


def list_footprints(
    session: Session, filters: Mapping[str, Sequence[str]], *, limit: int | None, offset: int
) -> tuple[list[dict[str, Any]], bool]:
    """The published footprints matching ``filters`` (newest first), one page of them, and
    whether more follow."""
    rows = session.scalars(
        select(PactFootprint).order_by(PactFootprint.created_at.desc(), PactFootprint.id)
    )
    matching = [r.document for r in rows if _matches(r.document, filters)]
    end = len(matching) if limit is None else offset + limit
    return matching[offset:end], end < len(matching)


def get_footprint(session: Session, footprint_id: str) -> dict[str, Any] | None:
    row = session.get(PactFootprint, footprint_id)
    return None if row is None else dict(row.document)


def receive_event(
    session: Session, actor: Actor, document: object, schema: Mapping[str, Any]
) -> str:
    """Check a PACT v3 CloudEvent against the schema and keep it; returns its kind.

    Formats (uuid, date-time) are annotations in JSON Schema 2020-12 and are not asserted on
    events, so that an event naming products by other URNs is taken; footprints carried by a
    ``RequestFulfilledEvent`` are checked against ProductFootprint in full."""
    kind = pact.validate_event(document, schema, formats=False)
    assert isinstance(document, Mapping)
    if kind == "RequestFulfilledEvent":
        for index, item in enumerate(document["data"].get("pfs", [])):
            pact.validate_product_footprint(item, schema, where=f"event data.pfs[{index}]")
    row = PactEvent(
        event_id=str(document.get("id", "")), kind=kind, document=dict(document),
        received_by=actor.username,
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, "receive_event", "pact_event", row.id, after={"kind": kind})
    return kind
