"""Tables of closed rectification items and their evidence files (issue 12).

A rectification item (责令限期整改) is computed by the annual evaluation from the stored plan and
data; when the department has put it right, the climate office closes it with a note and
evidence files. ``rectification_closures`` holds the closure (one per item and year);
``evidence_files`` the files themselves (bytes in the database, so a backup of the database is
a backup of the evidence), typed by their content, not their name.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cityclimate.storage.models import Base, utcnow


class RectificationClosure(Base):
    """A rectification item of one year's evaluation, closed by the office with evidence."""

    __tablename__ = "rectification_closures"
    __table_args__ = (
        UniqueConstraint("territory_code", "year", "department", "subject_kind", "subject_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_code: Mapped[str] = mapped_column(ForeignKey("territories.code"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    department: Mapped[str] = mapped_column(String(200))
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvidenceFile(Base):
    """One evidence file of a closed rectification item."""

    __tablename__ = "evidence_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    closure_id: Mapped[int] = mapped_column(
        ForeignKey("rectification_closures.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
