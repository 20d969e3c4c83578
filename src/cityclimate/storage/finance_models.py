"""Tables of the climate investment and financing library (issue 14) and the claims register.

``finance_projects`` holds one row per library project (the core's
:class:`~cityclimate.finance.model.Project` in columns; catalogue tags, phasing, instruments and
the estimate's inputs as JSON), ``finance_stage_events`` every change of stage with its date and
reason, ``finance_interests`` a financier's interest in a project (one per financier and
project). ``reduction_claims`` is the register shared by every scheme that claims reductions;
the database refuses two claims on the same source starting on the same day, the service the
overlapping periods (:func:`cityclimate.claims.check_claim`) under a lock.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow


class FinanceProject(Base):
    """One project of a territory's library."""

    __tablename__ = "finance_projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), unique=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    sub_area: Mapped[str | None] = mapped_column(String(32), default=None)
    name_zh: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    owner_uscc: Mapped[str] = mapped_column(String(32))
    owner_name: Mapped[str] = mapped_column(String(300))
    owner_contact: Mapped[str] = mapped_column(String(300), default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    project_type: Mapped[str] = mapped_column(String(50))
    climate_type: Mapped[str] = mapped_column(String(20))
    catalogue_codes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    investment_wan_yuan: Mapped[float] = mapped_column(Float)
    phasing: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    financing_need_wan_yuan: Mapped[float] = mapped_column(Float)
    financing_secured_wan_yuan: Mapped[float] = mapped_column(Float, default=0.0)
    instruments: Mapped[list[str]] = mapped_column(JSON, default=list)
    stage: Mapped[str] = mapped_column(String(20))
    operation_year: Mapped[int] = mapped_column(Integer)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    monitored: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    lever: Mapped[str | None] = mapped_column(String(100), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FinanceStageEvent(Base):
    """One change of a project's stage: from, to, the date it took effect, why, who."""

    __tablename__ = "finance_stage_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_pk: Mapped[int] = mapped_column(
        ForeignKey("finance_projects.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(20), default=None)
    to_stage: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FinanceInterest(Base):
    """A financier's interest in a project (the office sees the matches)."""

    __tablename__ = "finance_interests"
    __table_args__ = (UniqueConstraint("project_pk", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_pk: Mapped[int] = mapped_column(
        ForeignKey("finance_projects.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    instrument: Mapped[str] = mapped_column(String(50), default="")
    amount_wan_yuan: Mapped[float | None] = mapped_column(Float, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReductionClaim(Base):
    """One claim on a reduction (see :mod:`cityclimate.claims`)."""

    __tablename__ = "reduction_claims"
    __table_args__ = (UniqueConstraint("source", "period_start"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(200), index=True)
    scheme: Mapped[str] = mapped_column(String(32))
    claimant: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    quantity_co2e_t: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FinanceCertification(Base):
    """An application for green enterprise or green project certification, and its decision."""

    __tablename__ = "finance_certifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scheme: Mapped[str] = mapped_column(String(32))
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    enterprise_id: Mapped[str] = mapped_column(String(64), index=True)
    project_id: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    judgements: Mapped[list[Any]] = mapped_column(JSON, default=list)
    applied_by: Mapped[str] = mapped_column(String(100))
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_on: Mapped[date | None] = mapped_column(Date, default=None)
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class FinanceCertificationStep(Base):
    """One step of a certification: who did what, when, from which status, and why."""

    __tablename__ = "finance_cert_steps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certification_id: Mapped[int] = mapped_column(
        ForeignKey("finance_certifications.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16), default=None)
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
