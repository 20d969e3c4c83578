"""Trusted sources and their signed batches: ingestion is idempotent by event id, and every event
refused at the door has a reason (bad field, behaviour the source may not send, unknown account,
duplicate)."""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.inclusion.batches import parse_batch
from cityclimate.inclusion.model import InclusionError
from cityclimate.inclusion.signing import check_signature
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.territories import get_territory
from cityclimate.storage.bulk import insert_rows
from cityclimate.storage.inclusion_models import (
    InclusionAccount,
    InclusionBatch,
    InclusionEvent,
    InclusionSource,
)

SOURCE_KINDS = ("transit", "bike_share", "community_station", "meter", "app")


def register_source(
    session: Session,
    actor: Actor,
    *,
    source_id: str,
    territory_code: str,
    name_zh: str,
    name_en: str,
    kind: str,
    behaviours: list[str],
    public_key: str,
    illustrative: bool = False,
) -> None:
    """Register (or update the key of) a trusted source."""
    if kind not in SOURCE_KINDS:
        raise ConflictError(
            f"未知的来源类型 {kind}", f"unknown source kind '{kind}'; use {', '.join(SOURCE_KINDS)}"
        )
    get_territory(session, territory_code)  # 404 for an unknown territory
    row = session.get(InclusionSource, source_id)
    before = None if row is None else {"public_key": row.public_key, "behaviours": row.behaviours}
    if row is None:
        row = InclusionSource(source_id=source_id, territory_code=territory_code)
        session.add(row)
    row.name_zh, row.name_en, row.kind = name_zh, name_en, kind
    row.behaviours, row.public_key, row.illustrative = list(behaviours), public_key, illustrative
    audit.record(session, actor, "register_source", "inclusion_source", source_id, before=before,
                 after={"public_key": public_key, "behaviours": behaviours})  # fmt: skip


def list_sources(session: Session, territory_code: str) -> list[dict[str, Any]]:
    rows = session.scalars(select(InclusionSource).where(InclusionSource.territory_code == territory_code)
                           .order_by(InclusionSource.source_id))  # fmt: skip
    return [
        {"source_id": s.source_id, "name_zh": s.name_zh, "name_en": s.name_en, "kind": s.kind,
         "behaviours": list(s.behaviours), "public_key": s.public_key, "trusted": s.trusted,
         "illustrative": s.illustrative}
        for s in rows
    ]  # fmt: skip


def _batch_view(batch: InclusionBatch, duplicate_batch: bool = False) -> dict[str, Any]:
    return {
        "batch_id": batch.id, "source_id": batch.source_id, "batch_ref": batch.batch_ref,
        "sha256": batch.sha256, "events_total": batch.events_total, "accepted": batch.accepted,
        "refused": list(batch.refused), "already_received": duplicate_batch,
    }  # fmt: skip


def ingest_batch(
    session: Session,
    actor: Actor,
    *,
    source_id: str,
    batch_ref: str,
    payload: bytes,
    signature: str,
    illustrative: bool = False,
) -> dict[str, Any]:
    """Check a batch's signature, refuse its bad events with reasons, store the rest once.

    Sending the same batch again changes nothing (and says so); an event already received from
    the source (same event id) is refused as ``duplicate``.

    Raises
    ------
    NotFoundError
        Unknown source.
    ConflictError
        The signature does not verify under the source's key, the source is not trusted, the
        batch is not a CSV of the expected columns, or it carries location columns.
    """
    source = session.get(InclusionSource, source_id)
    if source is None:
        raise NotFoundError(f"没有登记的来源 {source_id}", f"no registered source '{source_id}'")
    earlier = session.scalar(select(InclusionBatch).where(InclusionBatch.source_id == source_id,
                                                         InclusionBatch.batch_ref == batch_ref))  # fmt: skip
    if earlier is not None:
        return _batch_view(earlier, duplicate_batch=True)
    if not source.trusted:
        raise ConflictError(
            f"来源 {source_id} 已被停用", f"source '{source_id}' is not trusted any more"
        )
    try:
        check_signature(source.public_key, payload, signature)
        frame, refused = parse_batch(payload)
    except InclusionError as exc:
        raise ConflictError(exc.message.zh, exc.message.en) from exc
    frame = frame.with_row_index("_line", offset=2)
    accounts = set(session.scalars(select(InclusionAccount.pseudonym).where(
        InclusionAccount.pseudonym.in_(frame["account"].unique().to_list()))))  # fmt: skip
    known_ids = set(session.scalars(select(InclusionEvent.event_id).where(
        InclusionEvent.source_id == source_id,
        InclusionEvent.event_id.in_(frame["event_id"].unique().to_list()))))  # fmt: skip
    reason = (
        pl.when(~pl.col("behaviour").is_in(list(source.behaviours))).then(pl.lit("not_from_source"))
        .when(~pl.col("account").is_in(list(accounts))).then(pl.lit("unknown_account"))
        .when(pl.col("event_id").is_in(list(known_ids)) | ~pl.col("event_id").is_first_distinct())
        .then(pl.lit("duplicate"))
    )  # fmt: skip
    judged = frame.with_columns(reason.alias("_reason"))
    refused += [
        {"row": str(r), "event_id": e, "field": "", "reason": why}
        for r, e, why in judged.filter(pl.col("_reason").is_not_null())
        .select("_line", "event_id", "_reason").iter_rows()
    ]  # fmt: skip
    accepted = judged.filter(pl.col("_reason").is_null())
    batch = InclusionBatch(
        source_id=source_id, batch_ref=batch_ref, sha256=hashlib.sha256(payload).hexdigest(),
        signature=signature.strip(), events_total=accepted.height + len(refused),
        accepted=accepted.height, refused=sorted(refused, key=lambda r: int(r["row"])),
        illustrative=illustrative,
    )  # fmt: skip
    session.add(batch)
    session.flush()
    columns = ("source_id", "event_id", "batch_id", "pseudonym", "behaviour", "occurred_on",
               "duration_s", "distance_km", "quantity", "status", "flagged", "points",
               "reduction_g", "converted", "illustrative")  # fmt: skip
    rows = (
        (source_id, e, batch.id, a, b, d, s, k, q, "received", False, 0, 0, False, illustrative)
        for e, a, b, d, s, k, q in accepted.select(
            "event_id",
            "account",
            "behaviour",
            "occurred_on",
            "duration_s",
            "distance_km",
            "quantity",
        ).iter_rows()
    )
    insert_rows(session, InclusionEvent.__table__, columns, rows)  # type: ignore[arg-type]
    audit.record(session, actor, "ingest", "inclusion_batch", f"{source_id}/{batch_ref}",
                 after={"accepted": accepted.height, "refused": len(batch.refused)})  # fmt: skip
    return _batch_view(batch)
