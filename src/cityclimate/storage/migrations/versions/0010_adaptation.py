"""adaptation: warning settings, sites, observations, warnings, risk layers, drainage zones, green years, shapes (issue 17)

Revision ID: 0010_adaptation
Revises: 0001
Create Date: 2026-12-04 21:44:41.007477
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_adaptation"
down_revision = "0001"
branch_labels = ("adaptation",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "adaptation_green_years",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("built_up_km2", sa.Float(), nullable=False),
        sa.Column("green_covered_km2", sa.Float(), nullable=False),
        sa.Column("park_green_space_m2", sa.Float(), nullable=False),
        sa.Column("population", sa.Float(), nullable=False),
        sa.Column("new_parks_cumulative", sa.Integer(), nullable=False),
        sa.Column("greenway_km_cumulative", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_green_years_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_green_years")),
        sa.UniqueConstraint(
            "territory_code", "year", name=op.f("uq_adaptation_green_years_territory_code")
        ),
    )
    with op.batch_alter_table("adaptation_green_years", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_green_years_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "adaptation_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("variable", sa.String(length=32), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_observations_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_observations")),
        sa.UniqueConstraint(
            "territory_code",
            "site",
            "variable",
            "time",
            name=op.f("uq_adaptation_observations_territory_code"),
        ),
    )
    with op.batch_alter_table("adaptation_observations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_adaptation_observations_territory_time", ["territory_code", "time"], unique=False
        )

    op.create_table(
        "adaptation_risk_layers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("sub_area", sa.String(length=64), nullable=False),
        sa.Column("component", sa.String(length=16), nullable=False),
        sa.Column("indicator", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("lower", sa.Float(), nullable=True),
        sa.Column("upper", sa.Float(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_risk_layers_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_risk_layers")),
        sa.UniqueConstraint(
            "territory_code",
            "sub_area",
            "indicator",
            name=op.f("uq_adaptation_risk_layers_territory_code"),
        ),
    )
    with op.batch_alter_table("adaptation_risk_layers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_risk_layers_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "adaptation_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("sender", sa.String(length=200), nullable=False),
        sa.Column("sender_name_zh", sa.String(length=200), nullable=False),
        sa.Column("sender_name_en", sa.String(length=200), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_settings_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_settings")),
        sa.UniqueConstraint("territory_code", name=op.f("uq_adaptation_settings_territory_code")),
    )
    op.create_table(
        "adaptation_shapes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("geojson", sa.Text(), nullable=False),
        sa.Column("schematic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_shapes_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_shapes")),
        sa.UniqueConstraint(
            "territory_code", "kind", name=op.f("uq_adaptation_shapes_territory_code")
        ),
    )
    with op.batch_alter_table("adaptation_shapes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_shapes_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "adaptation_sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("sub_area", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_sites_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_sites")),
        sa.UniqueConstraint(
            "territory_code", "site", name=op.f("uq_adaptation_sites_territory_code")
        ),
    )
    with op.batch_alter_table("adaptation_sites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_sites_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "adaptation_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("hazard", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("previous", sa.String(length=16), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("hazard_zh", sa.String(length=100), nullable=False),
        sa.Column("hazard_en", sa.String(length=100), nullable=False),
        sa.Column("criterion_zh", sa.String(length=300), nullable=False),
        sa.Column("criterion_en", sa.String(length=300), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_warnings_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_warnings")),
        sa.UniqueConstraint(
            "territory_code", "sequence", name=op.f("uq_adaptation_warnings_territory_code")
        ),
    )
    with op.batch_alter_table("adaptation_warnings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_warnings_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "adaptation_zone_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("measured", sa.Float(), nullable=True),
        sa.Column("passed", sa.String(length=3), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_zone_items_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_zone_items")),
        sa.UniqueConstraint(
            "territory_code",
            "year",
            "zone",
            "item",
            name=op.f("uq_adaptation_zone_items_territory_code"),
        ),
    )
    with op.batch_alter_table("adaptation_zone_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_zone_items_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "adaptation_zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("area_km2", sa.Float(), nullable=False),
        sa.Column("built_up_km2", sa.Float(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_zones_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_zones")),
        sa.UniqueConstraint(
            "territory_code", "year", "zone", name=op.f("uq_adaptation_zones_territory_code")
        ),
    )
    with op.batch_alter_table("adaptation_zones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_zones_territory_code"), ["territory_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("adaptation_zones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_zones_territory_code"))

    op.drop_table("adaptation_zones")
    with op.batch_alter_table("adaptation_zone_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_zone_items_territory_code"))

    op.drop_table("adaptation_zone_items")
    with op.batch_alter_table("adaptation_warnings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_warnings_territory_code"))

    op.drop_table("adaptation_warnings")
    with op.batch_alter_table("adaptation_sites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_sites_territory_code"))

    op.drop_table("adaptation_sites")
    with op.batch_alter_table("adaptation_shapes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_shapes_territory_code"))

    op.drop_table("adaptation_shapes")
    op.drop_table("adaptation_settings")
    with op.batch_alter_table("adaptation_risk_layers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_risk_layers_territory_code"))

    op.drop_table("adaptation_risk_layers")
    with op.batch_alter_table("adaptation_observations", schema=None) as batch_op:
        batch_op.drop_index("ix_adaptation_observations_territory_time")

    op.drop_table("adaptation_observations")
    with op.batch_alter_table("adaptation_green_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_green_years_territory_code"))

    op.drop_table("adaptation_green_years")
