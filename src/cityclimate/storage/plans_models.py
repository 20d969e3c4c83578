"""Tables of stored plans (issue 12): one plan pack per territory.

A plan is stored as the files of its pack in their canonical form (what
:func:`cityclimate.planpack.write.write_plan_pack` writes), validated whole by the core before
they are saved; ``plans`` holds what lists and checks need without reading the files.
``revision`` grows with every change, so a reader can cache the parsed plan per revision.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow


class Plan(Base):
    """The stored plan of one territory (its pack's ``pack.toml`` in columns)."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), unique=True)
    name_zh: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    document_zh: Mapped[str] = mapped_column(String(500), default="")
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    base_year: Mapped[int] = mapped_column(Integer)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PlanFile(Base):
    """One file of a stored plan's pack (path inside the pack, UTF-8 text)."""

    __tablename__ = "plan_files"
    __table_args__ = (UniqueConstraint("plan_id", "path"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
