"""indicators and plan tracking: manual indicator values, task events, department members,
published annual evaluations

Revision ID: 0002_indicators
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_indicators"
down_revision = "0001"
branch_labels = ("indicators",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department_members",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_department_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_department_members")),
    )
    op.create_table(
        "evaluation_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by"],
            ["users.id"],
            name=op.f("fk_evaluation_publications_published_by_users"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_evaluation_publications_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_publications")),
        sa.UniqueConstraint(
            "territory_code", "year", name=op.f("uq_evaluation_publications_territory_code")
        ),
    )
    op.create_table(
        "indicator_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("indicator_id", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("provenance", sa.String(length=32), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_indicator_entries_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_indicator_entries_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_entries")),
    )
    with op.batch_alter_table("indicator_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_entries_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "plan_task_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("task_id", sa.String(length=50), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence_description", sa.Text(), nullable=False),
        sa.Column("evidence_reference", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_plan_task_events_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_plan_task_events_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_task_events")),
    )
    with op.batch_alter_table("plan_task_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_task_events_task_id"), ["task_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_plan_task_events_territory_code"), ["territory_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_task_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_task_events_territory_code"))
        batch_op.drop_index(batch_op.f("ix_plan_task_events_task_id"))

    op.drop_table("plan_task_events")
    with op.batch_alter_table("indicator_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_entries_territory_code"))

    op.drop_table("indicator_entries")
    op.drop_table("evaluation_publications")
    op.drop_table("department_members")
