"""adaptation: notices to departments with acknowledgement and escalation, their
responsibilities, forecast feeds, the disaster-risk census, and whether a warning stands on
forecasts (issue 17)

Revision ID: 0018_adaptation_notices
Revises: 0010_adaptation
Create Date: 2026-12-05 11:52:48.114614
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_adaptation_notices"
down_revision = "0010_adaptation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "adaptation_census_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("hazard_type", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sub_area", sa.String(length=64), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_census_records_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_census_records")),
        sa.UniqueConstraint(
            "territory_code", "record_id", name=op.f("uq_adaptation_census_records_territory_code")
        ),
    )
    with op.batch_alter_table("adaptation_census_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_census_records_territory_code"),
            ["territory_code"],
            unique=False,
        )

    op.create_table(
        "adaptation_forecasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("variable", sa.String(length=32), nullable=False),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_forecasts_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_forecasts")),
        sa.UniqueConstraint(
            "territory_code",
            "site",
            "variable",
            "time",
            "issued_at",
            name=op.f("uq_adaptation_forecasts_territory_code"),
        ),
    )
    with op.batch_alter_table("adaptation_forecasts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_adaptation_forecasts_territory_time", ["territory_code", "time"], unique=False
        )

    op.create_table(
        "adaptation_responsibilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("hazard", sa.String(length=32), nullable=False),
        sa.Column("min_level", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("ack_minutes", sa.Integer(), nullable=False),
        sa.Column("escalate_to", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_responsibilities_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_responsibilities")),
        sa.UniqueConstraint(
            "territory_code",
            "hazard",
            "department",
            name=op.f("uq_adaptation_responsibilities_territory_code"),
        ),
    )
    with op.batch_alter_table("adaptation_responsibilities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_responsibilities_territory_code"),
            ["territory_code"],
            unique=False,
        )

    op.create_table(
        "adaptation_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("warning_key", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("hazard", sa.String(length=32), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("warning_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalate_to", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.Integer(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["users.id"],
            name=op.f("fk_adaptation_notices_acknowledged_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_adaptation_notices_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_notices")),
        sa.UniqueConstraint(
            "territory_code",
            "warning_key",
            "department",
            name=op.f("uq_adaptation_notices_territory_code"),
        ),
    )
    with op.batch_alter_table("adaptation_notices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adaptation_notices_territory_code"), ["territory_code"], unique=False
        )

    with op.batch_alter_table("adaptation_warnings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("basis", sa.String(length=16), nullable=False, server_default="observed")
        )


def downgrade() -> None:
    with op.batch_alter_table("adaptation_warnings", schema=None) as batch_op:
        batch_op.drop_column("basis")

    with op.batch_alter_table("adaptation_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_notices_territory_code"))

    op.drop_table("adaptation_notices")
    with op.batch_alter_table("adaptation_responsibilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_responsibilities_territory_code"))

    op.drop_table("adaptation_responsibilities")
    with op.batch_alter_table("adaptation_forecasts", schema=None) as batch_op:
        batch_op.drop_index("ix_adaptation_forecasts_territory_time")

    op.drop_table("adaptation_forecasts")
    with op.batch_alter_table("adaptation_census_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adaptation_census_records_territory_code"))

    op.drop_table("adaptation_census_records")
