"""Tables of enterprise reporting (issue 8): the registry, who is bound to which enterprise,
monthly ledgers, annual emission reports with their workflow, and per-year compliance inputs.

- ``enterprises``: one registry record each (the core's :class:`~cityclimate.enterprises.Enterprise`
  as JSON, with the searchable fields as columns).
- ``enterprise_members``: an ``enterprise`` user is bound to exactly ONE enterprise (the user id is
  the primary key, so a second binding is impossible in the database itself).
- ``verifier_engagements``: a third-party verifier (a ``public`` user, least privilege on the
  platform) is engaged to verify given enterprises; the engagement is its only way in.
- ``enterprise_ledgers``: one filed ledger per enterprise, year and kind (rows as JSON, typed by
  the core on read); a new upload replaces it, audited.
- ``enterprise_filings``: versions of the annual emission report; ``accepted`` ones never change
  (a correction is the next version with ``supersedes``).
- ``enterprise_cycles``: per enterprise and year, the ETS allocation inputs and the compliance
  record (surrender, verification findings, measures) the office keeps.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow

FILING_STATUSES = ("draft", "submitted", "verified", "accepted", "returned")
LEDGER_KINDS = ("energy", "materials", "production", "data_centre")


class EnterpriseRecord(Base):
    __tablename__ = "enterprises"
    enterprise_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    territory: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    sub_area: Mapped[str | None] = mapped_column(String(32), default=None)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EnterpriseMember(Base):
    __tablename__ = "enterprise_members"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class VerifierEngagement(Base):
    __tablename__ = "verifier_engagements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("user_id", "enterprise_id"),)


class EnterpriseLedger(Base):
    __tablename__ = "enterprise_ledgers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("enterprise_id", "year", "kind"),)


class EnterpriseFiling(Base):
    __tablename__ = "enterprise_filings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[str] = mapped_column(String(100), unique=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    emissions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    totals: Mapped[dict[str, Any]] = mapped_column(JSON)
    comments: Mapped[list[str]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    verifier: Mapped[str | None] = mapped_column(String(100), default=None)
    supersedes: Mapped[str | None] = mapped_column(String(100), default=None)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("enterprise_id", "year", "version"),)


class EnterpriseCycle(Base):
    __tablename__ = "enterprise_cycles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"))
    year: Mapped[int] = mapped_column(Integer)
    allocation_inputs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("enterprise_id", "year"),)


class EnterpriseLedgerVersion(Base):
    """A ledger set that was replaced: kept, with who filed and who replaced it and when, so a
    report accepted on the earlier set can always be traced back to it."""

    __tablename__ = "enterprise_ledger_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.enterprise_id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("enterprise_id", "year", "kind", "version"),)
