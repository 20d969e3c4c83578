"""Tables of the adaptation and early-warning module (issue 17).

Per territory: its warning settings (jurisdiction, GB/T 2260 region code, time zone, CAP
sender), observation sites and their observations (UTC), the warnings last evaluated from them,
risk layers by sub-area, drainage zones and their GB/T 51345-2018 item evaluations by year,
yearly green-space records, and map shapes (GeoJSON; the demo's are schematic).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
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


class AdaptationSettings(Base):
    """How a territory's warnings are evaluated and sent."""

    __tablename__ = "adaptation_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), unique=True)
    jurisdiction: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(6))
    timezone: Mapped[str] = mapped_column(String(64))
    sender: Mapped[str] = mapped_column(String(200))
    sender_name_zh: Mapped[str] = mapped_column(String(200))
    sender_name_en: Mapped[str] = mapped_column(String(200), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class AdaptationSite(Base):
    """A station or grid cell of a territory's feeds."""

    __tablename__ = "adaptation_sites"
    __table_args__ = (UniqueConstraint("territory_code", "site"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    site: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="station")
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    sub_area: Mapped[str] = mapped_column(String(64), default="")


class AdaptationObservation(Base):
    """One observed value (precipitation mm in the period ending ``time``, or °C)."""

    __tablename__ = "adaptation_observations"
    __table_args__ = (
        UniqueConstraint("territory_code", "site", "variable", "time"),
        Index("ix_adaptation_observations_territory_time", "territory_code", "time"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    site: Mapped[str] = mapped_column(String(64))
    variable: Mapped[str] = mapped_column(String(32))
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    value: Mapped[float] = mapped_column(Float)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class AdaptationWarning(Base):
    """A warning event of the last evaluation (issue, upgrade, downgrade, cancel)."""

    __tablename__ = "adaptation_warnings"
    __table_args__ = (UniqueConstraint("territory_code", "sequence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    site: Mapped[str] = mapped_column(String(64))
    hazard: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    previous: Mapped[str] = mapped_column(String(16), default="")
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rule_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16))
    hazard_zh: Mapped[str] = mapped_column(String(100), default="")
    hazard_en: Mapped[str] = mapped_column(String(100), default="")
    criterion_zh: Mapped[str] = mapped_column(String(300), default="")
    criterion_en: Mapped[str] = mapped_column(String(300), default="")
    #: "observed", or "forecast" when the warning stands on forecast values only.
    basis: Mapped[str] = mapped_column(String(16), default="observed")
    evaluated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AdaptationRiskLayer(Base):
    """One input value of the risk assessment (hazard, exposure or vulnerability)."""

    __tablename__ = "adaptation_risk_layers"
    __table_args__ = (UniqueConstraint("territory_code", "sub_area", "indicator"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    sub_area: Mapped[str] = mapped_column(String(64))
    component: Mapped[str] = mapped_column(String(16))
    indicator: Mapped[str] = mapped_column(String(100))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(16))
    lower: Mapped[float | None] = mapped_column(Float, default=None)
    upper: Mapped[float | None] = mapped_column(Float, default=None)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    source: Mapped[str] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class AdaptationZone(Base):
    """A drainage zone (排水分区) in one evaluation year."""

    __tablename__ = "adaptation_zones"
    __table_args__ = (UniqueConstraint("territory_code", "year", "zone"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    zone: Mapped[str] = mapped_column(String(64))
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    area_km2: Mapped[float] = mapped_column(Float)
    built_up_km2: Mapped[float] = mapped_column(Float)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class AdaptationZoneItem(Base):
    """One GB/T 51345-2018 item evaluated for a drainage zone in a year."""

    __tablename__ = "adaptation_zone_items"
    __table_args__ = (UniqueConstraint("territory_code", "year", "zone", "item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    zone: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    target: Mapped[float | None] = mapped_column(Float, default=None)
    measured: Mapped[float | None] = mapped_column(Float, default=None)
    passed: Mapped[str] = mapped_column(String(3), default="")
    source: Mapped[str] = mapped_column(Text, default="")


class AdaptationGreenYear(Base):
    """A territory's green-space record of one year (indicators 11 and 12, parks, greenways)."""

    __tablename__ = "adaptation_green_years"
    __table_args__ = (UniqueConstraint("territory_code", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    built_up_km2: Mapped[float] = mapped_column(Float)
    green_covered_km2: Mapped[float] = mapped_column(Float)
    park_green_space_m2: Mapped[float] = mapped_column(Float)
    population: Mapped[float] = mapped_column(Float)
    new_parks_cumulative: Mapped[int] = mapped_column(Integer, default=0)
    greenway_km_cumulative: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class AdaptationShape(Base):
    """A territory's map shapes of one kind (sub-areas or drainage zones) as GeoJSON."""

    __tablename__ = "adaptation_shapes"
    __table_args__ = (UniqueConstraint("territory_code", "kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # sub_area, drainage_zone
    geojson: Mapped[str] = mapped_column(Text)
    schematic: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text, default="")


class AdaptationForecast(Base):
    """One forecast value (issued at ``issued_at`` for ``time``), in the observations' units."""

    __tablename__ = "adaptation_forecasts"
    __table_args__ = (
        UniqueConstraint("territory_code", "site", "variable", "time", "issued_at"),
        Index("ix_adaptation_forecasts_territory_time", "territory_code", "time"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    site: Mapped[str] = mapped_column(String(64))
    variable: Mapped[str] = mapped_column(String(32))
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    value: Mapped[float] = mapped_column(Float)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class AdaptationResponsibility(Base):
    """A department answers for warnings of a hazard from a colour up (notified, must
    acknowledge within ``ack_minutes``, else escalated to ``escalate_to``; empty: the office)."""

    __tablename__ = "adaptation_responsibilities"
    __table_args__ = (UniqueConstraint("territory_code", "hazard", "department"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    hazard: Mapped[str] = mapped_column(String(32))
    min_level: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(200))
    ack_minutes: Mapped[int] = mapped_column(Integer)
    escalate_to: Mapped[str] = mapped_column(String(200), default="")


class AdaptationNotice(Base):
    """A warning sent to a department: its deadline, acknowledgement and escalation."""

    __tablename__ = "adaptation_notices"
    __table_args__ = (UniqueConstraint("territory_code", "warning_key", "department"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    warning_key: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(200))
    site: Mapped[str] = mapped_column(String(64))
    hazard: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    warning_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    escalate_to: Mapped[str] = mapped_column(String(200), default="")
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    #: The warning is gone from the last evaluation (its observations were corrected).
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class AdaptationCensusRecord(Base):
    """A record of the disaster-risk census (综合风险普查): a hazard site with its location."""

    __tablename__ = "adaptation_census_records"
    __table_args__ = (UniqueConstraint("territory_code", "record_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    record_id: Mapped[str] = mapped_column(String(64))
    hazard_type: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    sub_area: Mapped[str] = mapped_column(String(64), default="")
    longitude: Mapped[float] = mapped_column(Float)
    latitude: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
