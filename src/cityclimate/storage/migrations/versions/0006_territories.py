"""territories as stored data: kind, province, area, validity, climate zone; grid-region
membership by edition; boundary mappings; socio-economic inputs by sector; local factors

Revision ID: 0006_territories
Revises: 0001
Create Date: 2026-12-04 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_territories"
down_revision = "0001"
branch_labels = ("territories",)
depends_on = None


_SOCIO = (
    "value_added_primary_10k_yuan",
    "value_added_secondary_10k_yuan",
    "value_added_tertiary_10k_yuan",
    "industrial_value_added_10k_yuan",
    "floor_area_10k_m2",
    "vehicles",
)


def upgrade() -> None:
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("province", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("area_km2", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("climate_zone", sa.String(length=32), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("climate_zone_source", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("source", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("socioeconomic", schema=None) as batch_op:
        for name in _SOCIO:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))

    op.create_table(
        "territory_grid_regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("edition", sa.String(length=50), nullable=False),
        sa.Column("grid_region", sa.String(length=32), nullable=False),
        sa.Column("valid_from", sa.Integer(), nullable=False),
        sa.Column("valid_to", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_territory_grid_regions_territory_code_territories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territory_grid_regions")),
        sa.UniqueConstraint(
            "territory_code", "edition", name=op.f("uq_territory_grid_regions_territory_code")
        ),
    )
    op.create_index(
        op.f("ix_territory_grid_regions_territory_code"),
        "territory_grid_regions",
        ["territory_code"],
        unique=False,
    )
    op.create_table(
        "boundary_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_territory", sa.String(length=32), nullable=False),
        sa.Column("to_territory", sa.String(length=32), nullable=False),
        sa.Column("from_code", sa.String(length=32), nullable=False),
        sa.Column("to_code", sa.String(length=32), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_territory"],
            ["territories.code"],
            name=op.f("fk_boundary_mappings_from_territory_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["to_territory"],
            ["territories.code"],
            name=op.f("fk_boundary_mappings_to_territory_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["from_code"],
            ["territories.code"],
            name=op.f("fk_boundary_mappings_from_code_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["to_code"], ["territories.code"], name=op.f("fk_boundary_mappings_to_code_territories")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boundary_mappings")),
        sa.UniqueConstraint("from_code", "to_code", name=op.f("uq_boundary_mappings_from_code")),
    )
    op.create_index(
        op.f("ix_boundary_mappings_from_territory"),
        "boundary_mappings",
        ["from_territory"],
        unique=False,
    )
    op.create_table(
        "factor_set_factors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("factor_set_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("calculator", sa.String(length=20), nullable=False),
        sa.Column("material", sa.String(length=100), nullable=False),
        sa.Column("sector", sa.String(length=50), nullable=False),
        sa.Column("gas", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("valid_from", sa.Integer(), nullable=False),
        sa.Column("valid_to", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("confidence", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["factor_set_id"],
            ["factor_sets.id"],
            name=op.f("fk_factor_set_factors_factor_set_id_factor_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factor_set_factors")),
        sa.UniqueConstraint(
            "factor_set_id",
            "region",
            "calculator",
            "material",
            "sector",
            "gas",
            "valid_from",
            name=op.f("uq_factor_set_factors_factor_set_id"),
        ),
    )
    op.create_index(
        op.f("ix_factor_set_factors_factor_set_id"),
        "factor_set_factors",
        ["factor_set_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_factor_set_factors_factor_set_id"), table_name="factor_set_factors")
    op.drop_table("factor_set_factors")
    op.drop_index(op.f("ix_boundary_mappings_from_territory"), table_name="boundary_mappings")
    op.drop_table("boundary_mappings")
    op.drop_index(
        op.f("ix_territory_grid_regions_territory_code"), table_name="territory_grid_regions"
    )
    op.drop_table("territory_grid_regions")
    with op.batch_alter_table("socioeconomic", schema=None) as batch_op:
        for name in reversed(_SOCIO):
            batch_op.drop_column(name)
    with op.batch_alter_table("territories", schema=None) as batch_op:
        for name in ("source", "climate_zone_source", "climate_zone", "valid_to", "valid_from"):
            batch_op.drop_column(name)
        batch_op.drop_column("area_km2")
        batch_op.drop_column("province")
