"""enterprises: replaced ledger sets are kept as versions

Revision ID: 0006_ledger_versions
Revises: 0005_lifecycle
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_ledger_versions"
down_revision = "0005_lifecycle"
branch_labels = None
depends_on = "0003_enterprises"


def upgrade() -> None:
    op.create_table(
        "enterprise_ledger_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("filed_by", sa.Integer(), nullable=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.enterprise_id"],
            name=op.f("fk_enterprise_ledger_versions_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["filed_by"], ["users.id"], name=op.f("fk_enterprise_ledger_versions_filed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["replaced_by"],
            ["users.id"],
            name=op.f("fk_enterprise_ledger_versions_replaced_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_ledger_versions")),
        sa.UniqueConstraint(
            "enterprise_id",
            "year",
            "kind",
            "version",
            name=op.f("uq_enterprise_ledger_versions_enterprise_id"),
        ),
    )
    op.create_index(
        op.f("ix_enterprise_ledger_versions_enterprise_id"),
        "enterprise_ledger_versions",
        ["enterprise_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_enterprise_ledger_versions_enterprise_id"), table_name="enterprise_ledger_versions"
    )
    op.drop_table("enterprise_ledger_versions")
