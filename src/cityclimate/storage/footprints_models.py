"""Tables of product carbon footprints (issue 16).

- ``footprint_datasets``: emission-factor datasets (kg CO2e per unit of a product or service),
  each with its source, region, year, version and licence. ``kind`` says where it came from:
  ``secondary`` (imported from a database's CSV/XLSX), ``inventory`` (the inventory's own
  factors offered as datasets: electricity by province and year, fuels), ``user`` (an
  enterprise's own). ``enterprise_id`` is null for datasets every enterprise may use, else the
  enterprise's own.
- ``footprint_products``: products per enterprise (declared unit, mass per unit, the pilot
  catalogue tags, the standard, the verifier and whether the declaration is published).
- ``footprint_systems``: versions of a product's system (processes and their exchanges as JSON,
  boundary, allocation, cut-off rule); the last one is the current one.
- ``footprint_results``: each computed footprint with its inputs (the system version, the datasets
  and supplier answers used, with their values) and its result, so that a result is never
  recomputed from data that has changed since.
- ``footprint_requests``: an enterprise asks a supplier enterprise for the footprint of a product
  that fills one input of its own system; the supplier answers with a PACT v3 ProductFootprint
  (kept as sent, after validation) or with one of its own products' computed footprint.
- ``pact_footprints``: the ProductFootprints the platform publishes on ``/3/footprints``
  (immutable documents; a new calculation deprecates the previous one).
- ``pact_events``: the PACT CloudEvents received on ``/3/events``.
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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow

DATASET_KINDS = ("secondary", "inventory", "user")
REQUEST_STATUSES = ("open", "answered", "declined")
_ENTERPRISE_FK = "enterprises.enterprise_id"
_PRODUCT_FK = "footprint_products.id"


class FootprintDataset(Base):
    __tablename__ = "footprint_datasets"
    __table_args__ = (UniqueConstraint("owner", "code", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: ``""`` for datasets shared with every enterprise, else the owning enterprise's id.
    owner: Mapped[str] = mapped_column(String(64), default="", index=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(32))
    co2e_kg_per_unit: Mapped[float] = mapped_column(Float)
    biogenic_kg_per_unit: Mapped[float] = mapped_column(Float, default=0.0)
    region: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300))
    version: Mapped[str] = mapped_column(String(32))
    licence: Mapped[str] = mapped_column(String(200))
    #: PACT data quality ratings (1 best … 5 worst): technological, geographical, temporal.
    dqr: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FootprintProduct(Base):
    __tablename__ = "footprint_products"
    __table_args__ = (UniqueConstraint("enterprise_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey(_ENTERPRISE_FK), index=True)
    code: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: PACT's declared unit: ``piece``, ``kilogram``, ``kilowatt hour`` …
    declared_unit: Mapped[str] = mapped_column(String(32))
    mass_per_unit_kg: Mapped[float] = mapped_column(Float, default=0.0)
    classification: Mapped[str] = mapped_column(String(100), default="")
    #: Pilot catalogue tags (e.g. ``lithium_battery``, ``portable_computer``).
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    standard: Mapped[str] = mapped_column(String(100), default="GB/T 24067-2024")
    verifier: Mapped[str] = mapped_column(String(200), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FootprintSystem(Base):
    __tablename__ = "footprint_systems"
    __table_args__ = (UniqueConstraint("product_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey(_PRODUCT_FK, ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    boundary: Mapped[str] = mapped_column(String(32))
    allocation: Mapped[str] = mapped_column(String(32), default="physical")
    cut_off: Mapped[str] = mapped_column(String(300), default="")
    reference_year: Mapped[int] = mapped_column(Integer)
    #: The processes and their exchanges (``services.footprints.systems`` reads and writes it).
    processes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ComputedFootprint(Base):
    __tablename__ = "footprint_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey(_PRODUCT_FK, ondelete="CASCADE"), index=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("footprint_systems.id", ondelete="CASCADE"))
    co2e_kg_per_unit: Mapped[float] = mapped_column(Float)
    #: What went in: datasets and supplier answers used, each with the value used.
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: What came out: totals, fossil/biogenic, contributions by process, DQR, primary share.
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    by: Mapped[str] = mapped_column(String(100))
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FootprintRequest(Base):
    __tablename__ = "footprint_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester_id: Mapped[str] = mapped_column(ForeignKey(_ENTERPRISE_FK), index=True)
    supplier_id: Mapped[str] = mapped_column(ForeignKey(_ENTERPRISE_FK), index=True)
    #: The requester's product and the input of its system the answer is to fill.
    product_id: Mapped[int] = mapped_column(ForeignKey(_PRODUCT_FK, ondelete="CASCADE"))
    input_code: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    #: ``pact`` (a ProductFootprint document) or ``product`` (the supplier's own product).
    answer_kind: Mapped[str] = mapped_column(String(16), default="")
    answer: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    answer_product_id: Mapped[int | None] = mapped_column(
        ForeignKey(_PRODUCT_FK, ondelete="SET NULL"), default=None
    )
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_by: Mapped[str] = mapped_column(String(100), default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class PactFootprint(Base):
    __tablename__ = "pact_footprints"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey(_PRODUCT_FK, ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey(_ENTERPRISE_FK), index=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("footprint_results.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="Active")
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PactEvent(Base):
    __tablename__ = "pact_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_by: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
