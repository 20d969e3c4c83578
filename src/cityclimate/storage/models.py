"""The tables of the platform (SQLAlchemy 2 declarative ORM).

Territories, socio-economic inputs, factor sets (a calculation method), activity imports and their
records, inventory versions (the life cycle of :mod:`cityclimate.inventory.versions`: draft →
published → recalculated; the database refuses a second published version of a territory and
year), results with their lineage
(``record_id`` and ``factor_id``), users with roles, access tokens, failed sign-ins and the audit log.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from cityclimate.inventory.model import ACTIVITY_TEXT_MAX_CHARS as _MAX

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("admin", "climate_office", "department", "enterprise", "public", "financier")
VERSION_STATUSES = ("draft", "published", "recalculated")
#: At most one row per territory and year may match this (a partial unique index).
ONE_PUBLISHED = "status = 'published'"
IMPORT_STATUSES = ("staged", "confirmed", "discarded")
#: The longest sheet name a record may come from (Excel allows 31 characters; room for others).
SHEET_NAME_MAX = 100


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Territory(Base):
    __tablename__ = "territories"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("territories.code"), default=None, index=True
    )
    level: Mapped[str] = mapped_column(String(32), default="")  # the kind: province, district …
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    province: Mapped[str] = mapped_column(String(32), default="")
    area_km2: Mapped[float | None] = mapped_column(Float, default=None)
    valid_from: Mapped[date | None] = mapped_column(Date, default=None)
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)
    #: IPCC 2006 Vol.5 Ch.3 Table 3.3 climate zone (landfill decay), and where it came from.
    climate_zone: Mapped[str] = mapped_column(String(32), default="")
    climate_zone_source: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")


class Socioeconomic(Base):
    __tablename__ = "socioeconomic"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    year: Mapped[int] = mapped_column(Integer)
    gdp_10k_yuan: Mapped[float | None] = mapped_column(Float)
    gdp_price_base_year: Mapped[int | None] = mapped_column(Integer)
    population: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    # Value added by sector, at the constant prices of ``gdp_price_base_year`` (万元).
    value_added_primary_10k_yuan: Mapped[float | None] = mapped_column(Float, default=None)
    value_added_secondary_10k_yuan: Mapped[float | None] = mapped_column(Float, default=None)
    value_added_tertiary_10k_yuan: Mapped[float | None] = mapped_column(Float, default=None)
    industrial_value_added_10k_yuan: Mapped[float | None] = mapped_column(Float, default=None)
    floor_area_10k_m2: Mapped[float | None] = mapped_column(Float, default=None)
    vehicles: Mapped[float | None] = mapped_column(Float, default=None)
    __table_args__ = (UniqueConstraint("territory_code", "year"),)


class FactorSet(Base):
    """A calculation method (:class:`cityclimate.inventory.Method`) stored by name."""

    __tablename__ = "factor_sets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    method: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Role(Base):
    __tablename__ = "roles"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    description_zh: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(ForeignKey("roles.name"))
    territory_code: Mapped[str | None] = mapped_column(ForeignKey("territories.code"), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AccessToken(Base):
    """A bearer token (API) or a session (pages); only the SHA-256 of the secret is kept."""

    __tablename__ = "access_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "api" or "session"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship(lazy="joined")


class LoginFailure(Base):
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    client: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (Index("ix_login_failures_username_at", "username", "at"),)


class ActivityImport(Base):
    """One uploaded file of activity data: staged after validation, then confirmed."""

    __tablename__ = "activity_imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="staged")
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    years: Mapped[list[int]] = mapped_column(JSON, default=list)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    #: Each column's header as the file shows it, by field (``{"unit": "单位"}``; for the
    #: template letter and both headers): problems found at compute name the column by it.
    #: Null for imports staged before migration 0013 and for frames staged without a file.
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)


class ActivityRecord(Base):
    """One staged activity record, with where it came from: the import's file, ``sheet`` (the
    template's sheet as the user sees it; null for a flat table) and ``row`` (the row in that
    sheet or file, as the user sees it)."""

    __tablename__ = "activity_records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("activity_imports.id", ondelete="CASCADE"), index=True
    )
    row: Mapped[int] = mapped_column(Integer)
    sheet: Mapped[str | None] = mapped_column(String(SHEET_NAME_MAX), default=None)
    record_id: Mapped[str] = mapped_column(String(_MAX["record_id"]))
    territory: Mapped[str] = mapped_column(String(_MAX["territory"]))
    sub_area: Mapped[str | None] = mapped_column(String(_MAX["sub_area"]))
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(_MAX["category"]))
    fuel: Mapped[str] = mapped_column(String(_MAX["fuel"]))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(_MAX["unit"]))
    data_source: Mapped[str | None] = mapped_column(Text)
    quality_tier: Mapped[str | None] = mapped_column(String(_MAX["quality_tier"]))
    enterprise_id: Mapped[str | None] = mapped_column(String(_MAX["enterprise_id"]))
    measured_factor: Mapped[float | None] = mapped_column(Float)
    measured_factor_unit: Mapped[str | None] = mapped_column(String(_MAX["measured_factor_unit"]))
    abatement_fraction: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (UniqueConstraint("import_id", "record_id"),)


class InventoryVersion(Base):
    __tablename__ = "inventory_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    reason: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("inventory_versions.id"), default=None)
    import_id: Mapped[int] = mapped_column(ForeignKey("activity_imports.id"))
    factor_set_id: Mapped[int] = mapped_column(ForeignKey("factor_sets.id"))
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    gross_co2e_t: Mapped[float] = mapped_column(Float, default=0.0)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    __table_args__ = (
        UniqueConstraint("territory_code", "year", "number"),
        Index("ix_inventory_versions_territory_year", "territory_code", "year"),
        Index(
            "uq_inventory_versions_one_published",
            "territory_code",
            "year",
            unique=True,
            sqlite_where=text(ONE_PUBLISHED),
            postgresql_where=text(ONE_PUBLISHED),
        ),
    )


class InventoryResult(Base):
    """One result row: an activity record × gas, with the factor it used (lineage)."""

    __tablename__ = "inventory_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("inventory_versions.id", ondelete="CASCADE"), index=True
    )
    record_id: Mapped[str] = mapped_column(String(100))
    territory: Mapped[str] = mapped_column(String(32))
    sub_area: Mapped[str | None] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(100))
    sector: Mapped[str | None] = mapped_column(String(50))
    scope: Mapped[int | None] = mapped_column(Integer)
    fuel: Mapped[str | None] = mapped_column(String(100))
    gas: Mapped[str] = mapped_column(String(20))
    activity_value: Mapped[float | None] = mapped_column(Float)
    activity_unit: Mapped[str | None] = mapped_column(String(50))
    factor_value: Mapped[float | None] = mapped_column(Float)
    factor_id: Mapped[str | None] = mapped_column(String(200))
    factor_level: Mapped[str | None] = mapped_column(String(30))
    factor_source: Mapped[str | None] = mapped_column(Text)
    selection_reason: Mapped[str | None] = mapped_column(Text)
    gwp: Mapped[float | None] = mapped_column(Float)
    emission_t: Mapped[float | None] = mapped_column(Float)
    co2e_t: Mapped[float | None] = mapped_column(Float)
    energy_tce: Mapped[float | None] = mapped_column(Float)
    quality_tier: Mapped[str | None] = mapped_column(String(50))
    enterprise_id: Mapped[str | None] = mapped_column(String(100))


class AuditEntry(Base):
    """Every write: who, when, what, the state before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    username: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(100), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    client: Mapped[str] = mapped_column(String(100), default="")


from cityclimate.storage import pathways_models  # noqa: E402, F401  (pathways tables)

from cityclimate.storage import indicators_models  # noqa: E402, F401  # isort: skip (indicators, plan)
from cityclimate.storage import enterprises_models  # noqa: E402, F401  (enterprise tables)

from cityclimate.storage import territories_models  # noqa: E402, F401  # isort: skip (grid, boundaries, factors)
from cityclimate.storage import plans_models  # noqa: E402, F401  # isort: skip (stored plans)
from cityclimate.storage import rectification_models  # noqa: E402, F401  # isort: skip (rectification closures)
from cityclimate.storage import finance_models  # noqa: E402, F401  # isort: skip (finance library, claims)
from cityclimate.storage import adaptation_models  # noqa: E402, F401  # isort: skip (adaptation)
from cityclimate.storage import parks_models  # noqa: E402, F401  # isort: skip (parks and pilots)
from cityclimate.storage import inclusion_models  # noqa: E402, F401  # isort: skip (carbon inclusion)
from cityclimate.storage import reporting_models  # noqa: E402, F401  # isort: skip (reporting calendar)
from cityclimate.storage import footprints_models  # noqa: E402, F401  # isort: skip (product footprints)
