"""finance: green enterprise and green project certification, applications and their steps
(issue 14)

Revision ID: 0017_certification
Revises: 0009_finance
Create Date: 2026-12-05 12:37:06.159959
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_certification"
down_revision = "0009_finance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finance_certifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("judgements", sa.JSON(), nullable=False),
        sa.Column("applied_by", sa.String(length=100), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_finance_certifications_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_certifications")),
    )
    with op.batch_alter_table("finance_certifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_certifications_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_finance_certifications_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "finance_cert_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certification_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["certification_id"],
            ["finance_certifications.id"],
            name=op.f("fk_finance_cert_steps_certification_id_finance_certifications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_cert_steps")),
    )
    with op.batch_alter_table("finance_cert_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finance_cert_steps_certification_id"), ["certification_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("finance_cert_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_cert_steps_certification_id"))

    op.drop_table("finance_cert_steps")
    with op.batch_alter_table("finance_certifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_certifications_territory_code"))
        batch_op.drop_index(batch_op.f("ix_finance_certifications_enterprise_id"))

    op.drop_table("finance_certifications")
