"""Tables of territories as stored data (issue 12): grid-region membership by table edition,
boundary mappings between boundary versions, and the local factors of a factor set.

A territory's own columns (kind, province, area, validity, climate zone) and its socio-economic
inputs are in :mod:`cityclimate.storage.models`.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base


class TerritoryGridRegion(Base):
    """The grid region a territory (usually a province) belongs to in one table edition."""

    __tablename__ = "territory_grid_regions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(
        ForeignKey("territories.code", ondelete="CASCADE"), index=True
    )
    edition: Mapped[str] = mapped_column(String(50))
    grid_region: Mapped[str] = mapped_column(String(32))
    valid_from: Mapped[int] = mapped_column(Integer)
    valid_to: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("territory_code", "edition"),)


class BoundaryMapping(Base):
    """One line of a stated mapping between two boundary versions of a place.

    ``share`` of the emissions (or any additive quantity) of ``from_code`` (a sub-area, or the
    old territory itself) belongs to ``to_code`` (the new territory or one of its sub-areas).
    """

    __tablename__ = "boundary_mappings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_territory: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    to_territory: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    from_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    to_code: Mapped[str] = mapped_column(ForeignKey("territories.code"))
    share: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text, default="")
    __table_args__ = (UniqueConstraint("from_code", "to_code"),)


class FactorSetFactor(Base):
    """A local, measured or regional factor of a factor set (per unit of activity)."""

    __tablename__ = "factor_set_factors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    factor_set_id: Mapped[int] = mapped_column(
        ForeignKey("factor_sets.id", ondelete="CASCADE"), index=True
    )
    region: Mapped[str] = mapped_column(String(32))
    calculator: Mapped[str] = mapped_column(String(20))
    material: Mapped[str] = mapped_column(String(100))
    sector: Mapped[str] = mapped_column(String(50), default="*")
    gas: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(50))
    valid_from: Mapped[int] = mapped_column(Integer)
    valid_to: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str] = mapped_column(String(1), default="M")
    __table_args__ = (
        UniqueConstraint(
            "factor_set_id", "region", "calculator", "material", "sector", "gas", "valid_from"
        ),
    )
