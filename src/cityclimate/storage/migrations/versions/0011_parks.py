"""parks: zero-carbon parks and low-carbon pilots (issue 18)

Revision ID: 0011_parks
Revises: 0001
Create Date: 2026-12-04 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_parks"
down_revision = "0001"
branch_labels = ("parks",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parks",
        sa.Column("park_id", sa.String(length=64), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("indicator_set", sa.String(length=64), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("electricity_method", sa.String(length=32), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_parks_territory_code_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_parks_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("park_id", name=op.f("pk_parks")),
    )
    op.create_table(
        "sector_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("park_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_sector_values_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sector_values")),
        sa.UniqueConstraint(
            "measure", "year", "site", "park_id", name=op.f("uq_sector_values_measure")
        ),
    )
    op.create_table(
        "park_boundaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Integer(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("assets", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_park_boundaries_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["park_id"],
            ["parks.park_id"],
            name=op.f("fk_park_boundaries_park_id_parks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_park_boundaries")),
        sa.UniqueConstraint("park_id", "version", name=op.f("uq_park_boundaries_park_id")),
        sa.UniqueConstraint("valid_from", "park_id", name=op.f("uq_park_boundaries_valid_from")),
    )
    op.create_index(
        op.f("ix_park_boundaries_park_id"), "park_boundaries", ["park_id"], unique=False
    )
    op.create_table(
        "park_data",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["park_id"],
            ["parks.park_id"],
            name=op.f("fk_park_data_park_id_parks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_park_data_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_park_data")),
        sa.UniqueConstraint("park_id", "kind", name=op.f("uq_park_data_park_id")),
    )
    op.create_index(op.f("ix_park_data_park_id"), "park_data", ["park_id"], unique=False)
    op.create_table(
        "park_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("electricity_method", sa.String(length=32), nullable=False),
        sa.Column("boundary_version", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["park_id"],
            ["parks.park_id"],
            name=op.f("fk_park_evaluations_park_id_parks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by"], ["users.id"], name=op.f("fk_park_evaluations_published_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_park_evaluations")),
        sa.UniqueConstraint("park_id", "year", name=op.f("uq_park_evaluations_park_id")),
    )
    op.create_index(
        op.f("ix_park_evaluations_park_id"), "park_evaluations", ["park_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_park_evaluations_park_id"), table_name="park_evaluations")
    op.drop_table("park_evaluations")
    op.drop_index(op.f("ix_park_data_park_id"), table_name="park_data")
    op.drop_table("park_data")
    op.drop_index(op.f("ix_park_boundaries_park_id"), table_name="park_boundaries")
    op.drop_table("park_boundaries")
    op.drop_table("sector_values")
    op.drop_table("parks")
