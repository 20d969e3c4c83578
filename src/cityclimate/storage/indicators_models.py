"""The tables of indicators and plan tracking (issue 6).

Indicator values and targets entered by hand (the rows of the core's indicator-values table),
task events (status changes and evidence, replayed through the core's workflow), which
department a user acts for, and which annual evaluations are published (the public sees only
those). Assignments and assessment weights stay the office's shipped tables for now.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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


class IndicatorEntry(Base):
    """One row of the indicator-values table: a value, a base value or a city target."""

    __tablename__ = "indicator_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    indicator_id: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # value, base, target
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(50))
    provenance: Mapped[str] = mapped_column(String(32), default="entered_by_hand")
    source: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PlanTaskEvent(Base):
    """A status change or a piece of evidence of a plan task, on a date."""

    __tablename__ = "plan_task_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    task_id: Mapped[str] = mapped_column(String(50), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    event: Mapped[str] = mapped_column(String(16))  # status, evidence
    status: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence_description: Mapped[str] = mapped_column(Text, default="")
    evidence_reference: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DepartmentMember(Base):
    """The department a user of role ``department`` acts for (the lead department of tasks)."""

    __tablename__ = "department_members"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    department: Mapped[str] = mapped_column(String(200))


class EvaluationPublication(Base):
    """An annual evaluation the office has published (the public role sees only these)."""

    __tablename__ = "evaluation_publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    year: Mapped[int] = mapped_column(Integer)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("territory_code", "year"),)
