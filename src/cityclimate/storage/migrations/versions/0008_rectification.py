"""rectification closures and their evidence files

Revision ID: 0008_rectification
Revises: 0001
Create Date: 2026-12-04 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_rectification"
down_revision = "0001"
branch_labels = ("rectification",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rectification_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_rectification_closures_territory_code_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_rectification_closures_closed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_closures")),
        sa.UniqueConstraint(
            "territory_code",
            "year",
            "department",
            "subject_kind",
            "subject_id",
            name=op.f("uq_rectification_closures_territory_code"),
        ),
    )
    op.create_index(
        op.f("ix_rectification_closures_territory_code"),
        "rectification_closures",
        ["territory_code"],
        unique=False,
    )
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("closure_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closure_id"],
            ["rectification_closures.id"],
            name=op.f("fk_evidence_files_closure_id_rectification_closures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_files")),
    )
    op.create_index(
        op.f("ix_evidence_files_closure_id"), "evidence_files", ["closure_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_files_closure_id"), table_name="evidence_files")
    op.drop_table("evidence_files")
    op.drop_index(
        op.f("ix_rectification_closures_territory_code"), table_name="rectification_closures"
    )
    op.drop_table("rectification_closures")
