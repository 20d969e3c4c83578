"""finance: the project library, stage events, financiers' interest, the reduction-claims
register, and the financier role

Revision ID: 0009_finance
Revises: 0001
Create Date: 2026-12-04 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_finance"
down_revision = "0001"
branch_labels = ("finance",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finance_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("sub_area", sa.String(length=32), nullable=True),
        sa.Column("name_zh", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("owner_uscc", sa.String(length=32), nullable=False),
        sa.Column("owner_name", sa.String(length=300), nullable=False),
        sa.Column("owner_contact", sa.String(length=300), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("project_type", sa.String(length=50), nullable=False),
        sa.Column("climate_type", sa.String(length=20), nullable=False),
        sa.Column("catalogue_codes", sa.JSON(), nullable=False),
        sa.Column("investment_wan_yuan", sa.Float(), nullable=False),
        sa.Column("phasing", sa.JSON(), nullable=False),
        sa.Column("financing_need_wan_yuan", sa.Float(), nullable=False),
        sa.Column("financing_secured_wan_yuan", sa.Float(), nullable=False),
        sa.Column("instruments", sa.JSON(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("operation_year", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("monitored", sa.JSON(), nullable=True),
        sa.Column("lever", sa.String(length=100), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_finance_projects_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_projects")),
        sa.UniqueConstraint("project_id", name=op.f("uq_finance_projects_project_id")),
    )
    op.create_index(
        op.f("ix_finance_projects_territory_code"),
        "finance_projects",
        ["territory_code"],
        unique=False,
    )
    op.create_table(
        "finance_stage_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_pk", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=True),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_pk"],
            ["finance_projects.id"],
            name=op.f("fk_finance_stage_events_project_pk_finance_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_stage_events")),
    )
    op.create_index(
        op.f("ix_finance_stage_events_project_pk"),
        "finance_stage_events",
        ["project_pk"],
        unique=False,
    )
    op.create_table(
        "finance_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_pk", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=50), nullable=False),
        sa.Column("amount_wan_yuan", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_pk"],
            ["finance_projects.id"],
            name=op.f("fk_finance_interests_project_pk_finance_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_finance_interests_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_interests")),
        sa.UniqueConstraint("project_pk", "user_id", name=op.f("uq_finance_interests_project_pk")),
    )
    op.create_index(
        op.f("ix_finance_interests_project_pk"),
        "finance_interests",
        ["project_pk"],
        unique=False,
    )
    op.create_table(
        "reduction_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("claimant", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("quantity_co2e_t", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_reduction_claims_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reduction_claims")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_reduction_claims_claim_id")),
        sa.UniqueConstraint("source", "period_start", name=op.f("uq_reduction_claims_source")),
    )
    op.create_index(
        op.f("ix_reduction_claims_source"), "reduction_claims", ["source"], unique=False
    )
    roles = sa.table(
        "roles",
        sa.column("name", sa.String),
        sa.column("description_zh", sa.String),
        sa.column("description_en", sa.String),
    )
    op.bulk_insert(
        roles,
        [
            {
                "name": "financier",
                "description_zh": "金融机构（查看推介项目、表达意向）",
                "description_en": "financier (published projects, expressions of interest)",
            }
        ],
    )


def downgrade() -> None:
    op.execute("DELETE FROM roles WHERE name = 'financier'")
    op.drop_index(op.f("ix_reduction_claims_source"), table_name="reduction_claims")
    op.drop_table("reduction_claims")
    op.drop_index(op.f("ix_finance_interests_project_pk"), table_name="finance_interests")
    op.drop_table("finance_interests")
    op.drop_index(op.f("ix_finance_stage_events_project_pk"), table_name="finance_stage_events")
    op.drop_table("finance_stage_events")
    op.drop_index(op.f("ix_finance_projects_territory_code"), table_name="finance_projects")
    op.drop_table("finance_projects")
