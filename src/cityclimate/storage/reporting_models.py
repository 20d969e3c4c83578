"""The reporting calendar's office-set deadlines (issue 19): one row per territory and kind,
replacing the shipped default of that kind (``reporting/data/calendar.csv``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow


class ReportingDeadline(Base):
    """A deadline the office set for its territory: ``month``/``day`` of the year after the
    reporting year plus ``year_offset - 1``, for ``audience`` (office, department, enterprise,
    public)."""

    __tablename__ = "reporting_deadlines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    audience: Mapped[str] = mapped_column(String(16))
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    year_offset: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("territory_code", "kind"),)
