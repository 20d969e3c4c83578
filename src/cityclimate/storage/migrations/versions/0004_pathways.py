"""pathways: saved scenarios

Revision ID: 0004_pathways
Revises: 0001
Create Date: 2026-11-25 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_pathways"
down_revision = "0001"
branch_labels = ("pathways",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pathway_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("title_zh", sa.String(length=200), nullable=False),
        sa.Column("title_en", sa.String(length=200), nullable=False),
        sa.Column("inherits", sa.String(length=60), nullable=False),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_pathway_scenarios_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pathway_scenarios")),
        sa.UniqueConstraint("name", name=op.f("uq_pathway_scenarios_name")),
    )


def downgrade() -> None:
    op.drop_table("pathway_scenarios")
