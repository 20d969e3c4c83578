"""Tables of zero-carbon parks and low-carbon pilots (issue 18).

- ``parks``: one row per park or pilot (its definition: kind, indicator set, base and target
  year, the stated electricity method).
- ``park_boundaries``: the boundary versions (members and shared assets as JSON), one per
  version and per first year; a stored version is never changed, a new one is added.
- ``park_data``: the park's own data by kind (``activities``, ``attributes``, ``indicators``),
  all years, rows as JSON (validated by the core before they are stored).
- ``sector_values``: sector pilot data by measure, year, site and park (``""`` for none).
- ``park_evaluations``: the published evaluation of a park and year, frozen (the public
  disclosure of the core indicator reads these).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow

_PARK_FK = "parks.park_id"


class ParkRecord(Base):
    """A park or pilot (the core's :class:`~cityclimate.parks.Park` without its boundaries)."""

    __tablename__ = "parks"
    park_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    name_zh: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(32))
    indicator_set: Mapped[str] = mapped_column(String(64))
    base_year: Mapped[int] = mapped_column(Integer)
    target_year: Mapped[int] = mapped_column(Integer)
    electricity_method: Mapped[str] = mapped_column(String(32))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ParkBoundaryRecord(Base):
    """One boundary version of a park."""

    __tablename__ = "park_boundaries"
    __table_args__ = (
        UniqueConstraint("park_id", "version"),
        UniqueConstraint("valid_from", "park_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    park_id: Mapped[str] = mapped_column(ForeignKey(_PARK_FK, ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[int] = mapped_column(Integer)
    members: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    assets: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ParkData(Base):
    """The park's own data of one kind (all years)."""

    __tablename__ = "park_data"
    __table_args__ = (UniqueConstraint("park_id", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    park_id: Mapped[str] = mapped_column(ForeignKey(_PARK_FK, ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(300), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SectorValue(Base):
    """One sector pilot figure: a measure's value in a year at a site (of a park)."""

    __tablename__ = "sector_values"
    __table_args__ = (UniqueConstraint("territory_code", "measure", "year", "site", "park_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The territory whose figure this is (a park's rows: the park's territory).
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    measure: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    site: Mapped[str] = mapped_column(String(100), default="")
    park_id: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(50))
    source: Mapped[str] = mapped_column(String(500), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ParkEvaluationRecord(Base):
    """The published evaluation of a park and year (frozen: what was disclosed)."""

    __tablename__ = "park_evaluations"
    __table_args__ = (UniqueConstraint("park_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    park_id: Mapped[str] = mapped_column(ForeignKey(_PARK_FK, ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    electricity_method: Mapped[str] = mapped_column(String(32))
    boundary_version: Mapped[int] = mapped_column(Integer)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    totals: Mapped[dict[str, Any]] = mapped_column(JSON)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
