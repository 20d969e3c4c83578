"""Tables of carbon inclusion (issue 15).

- ``inclusion_sources``: trusted senders (transit operators, bike-share, community stations)
  with their Ed25519 public key.
- ``inclusion_accounts``: pseudonymous residents (no name, no phone); ``user_id`` links a
  resident's sign-in when they have one. ``inclusion_consents``: given and withdrawn consents,
  the location consent separate from taking part.
- ``inclusion_batches``: each signed batch received (its hash, signature, counts and the
  reasons of the events refused at the door).
- ``inclusion_events``: one row per accepted event, only what a method needs (mode, distance,
  duration, date, source); unique per source and event id, so ingestion is idempotent. Its
  ``status`` and result columns are written by the crediting run. In production on PostgreSQL
  this table is partitioned by month (docs/decisions.md).
- ``inclusion_runs``: crediting runs. ``inclusion_ledger``: the append-only hash chain, one per
  territory (``number`` unique per territory). ``inclusion_seals``: the head after each write.
- ``inclusion_appeals``: a resident's appeal of a rejected or held event and its decision.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow

_ACCOUNT_FK = "inclusion_accounts.pseudonym"


class InclusionSource(Base):
    __tablename__ = "inclusion_sources"
    source_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32))
    behaviours: Mapped[list[str]] = mapped_column(JSON, default=list)
    public_key: Mapped[str] = mapped_column(String(64))
    trusted: Mapped[bool] = mapped_column(Boolean, default=True)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InclusionAccount(Base):
    __tablename__ = "inclusion_accounts"
    pseudonym: Mapped[str] = mapped_column(String(32), primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None, unique=True)
    sub_area: Mapped[str] = mapped_column(String(32), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InclusionConsent(Base):
    __tablename__ = "inclusion_consents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym: Mapped[str] = mapped_column(ForeignKey(_ACCOUNT_FK, ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    given_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, default=None)


class InclusionBatch(Base):
    __tablename__ = "inclusion_batches"
    __table_args__ = (UniqueConstraint("source_id", "batch_ref"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("inclusion_sources.source_id"))
    batch_ref: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))
    events_total: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer)
    refused: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InclusionEvent(Base):
    __tablename__ = "inclusion_events"
    __table_args__ = (
        UniqueConstraint("source_id", "event_id"),
        Index("ix_inclusion_events_occurred_on_status", "occurred_on", "status"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("inclusion_sources.source_id"))
    event_id: Mapped[str] = mapped_column(String(100))
    batch_id: Mapped[int] = mapped_column(ForeignKey("inclusion_batches.id"), index=True)
    pseudonym: Mapped[str] = mapped_column(ForeignKey(_ACCOUNT_FK, ondelete="CASCADE"), index=True)
    behaviour: Mapped[str] = mapped_column(String(32))
    occurred_on: Mapped[date] = mapped_column(Date)
    duration_s: Mapped[int | None] = mapped_column(Integer, default=None)
    distance_km: Mapped[float | None] = mapped_column(Float, default=None)
    quantity: Mapped[float] = mapped_column(Float, default=1.0)
    status: Mapped[str] = mapped_column(String(16), default="received")
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    method_id: Mapped[str | None] = mapped_column(String(64), default=None)
    method_version: Mapped[int | None] = mapped_column(Integer, default=None)
    points: Mapped[int] = mapped_column(Integer, default=0)
    reduction_g: Mapped[int] = mapped_column(BigInteger, default=0)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("inclusion_runs.id"), default=None)
    converted: Mapped[bool] = mapped_column(Boolean, default=False)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class InclusionRun(Base):
    __tablename__ = "inclusion_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    period: Mapped[str] = mapped_column(String(7))
    as_of: Mapped[date] = mapped_column(Date)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    reduction_g: Mapped[int] = mapped_column(BigInteger, default=0)
    by: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InclusionLedgerEntry(Base):
    __tablename__ = "inclusion_ledger"
    __table_args__ = (UniqueConstraint("territory_code", "number"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    number: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    account: Mapped[str] = mapped_column(String(100), index=True)
    period: Mapped[str] = mapped_column(String(7))
    method: Mapped[str] = mapped_column(String(80), default="")
    events: Mapped[int] = mapped_column(Integer, default=0)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    reduction_g: Mapped[int] = mapped_column(BigInteger, default=0)
    reference: Mapped[str] = mapped_column(String(100), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InclusionSeal(Base):
    __tablename__ = "inclusion_seals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    number: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InclusionAppeal(Base):
    __tablename__ = "inclusion_appeals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_pk: Mapped[int] = mapped_column(
        ForeignKey("inclusion_events.id", ondelete="CASCADE"), index=True
    )
    pseudonym: Mapped[str] = mapped_column(ForeignKey(_ACCOUNT_FK, ondelete="CASCADE"))
    statement: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
