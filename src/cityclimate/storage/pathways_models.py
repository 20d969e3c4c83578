"""Tables of the carbon-peak pathways (issue 7): scenarios saved by users.

A saved scenario is its TOML text as the user wrote it (usually ``inherits`` a shipped scenario
or another saved one, and changes some levers); it is validated by the core before it is saved.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow


class PathwayScenario(Base):
    """A user scenario: a name, its TOML text and who saved it when."""

    __tablename__ = "pathway_scenarios"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    inherits: Mapped[str] = mapped_column(String(60), default="")
    toml: Mapped[str] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
