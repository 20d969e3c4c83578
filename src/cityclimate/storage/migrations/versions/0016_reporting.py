"""reporting: the reporting calendar's office-set deadlines (issue 19)

Revision ID: 0016_reporting
Revises: 0001
Create Date: 2026-12-05 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_reporting"
down_revision = "0001"
branch_labels = ("reporting",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reporting_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("year_offset", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_reporting_deadlines_territory_code_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_reporting_deadlines_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_deadlines")),
        sa.UniqueConstraint(
            "territory_code", "kind", name=op.f("uq_reporting_deadlines_territory_code")
        ),
    )
    op.create_index(
        op.f("ix_reporting_deadlines_territory_code"),
        "reporting_deadlines",
        ["territory_code"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reporting_deadlines_territory_code"), table_name="reporting_deadlines")
    op.drop_table("reporting_deadlines")
