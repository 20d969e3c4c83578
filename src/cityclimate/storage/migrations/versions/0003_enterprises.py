"""enterprises: registry, members, verifier engagements, ledgers, filings, cycles

Revision ID: 0003_enterprises
Revises: 0001
Create Date: 2026-11-25 15:30:00

No new role: an enterprise user is the platform's ``enterprise`` role bound to one enterprise
(``enterprise_members``); a third-party verifier is a ``public`` user engaged for enterprises
(``verifier_engagements``), so it sees nothing else on the platform than the public does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_enterprises"
down_revision = "0001"
branch_labels = ("enterprises",)
depends_on = None


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".", maxsplit=1)[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "enterprises",
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("territory", sa.String(length=32), nullable=False),
        sa.Column("sub_area", sa.String(length=32), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("enterprises", "territory", "territories.code"),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_enterprises")),
        sa.UniqueConstraint("uscc", name=op.f("uq_enterprises_uscc")),
    )
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enterprises_territory"), ["territory"], unique=False)

    op.create_table(
        "enterprise_members",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("enterprise_members", "enterprise_id", "enterprises.enterprise_id"),
        _fk("enterprise_members", "user_id", "users.id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_enterprise_members")),
    )
    with op.batch_alter_table("enterprise_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enterprise_members_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "verifier_engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("verifier_engagements", "enterprise_id", "enterprises.enterprise_id"),
        _fk("verifier_engagements", "user_id", "users.id", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifier_engagements")),
        sa.UniqueConstraint(
            "user_id", "enterprise_id", name=op.f("uq_verifier_engagements_user_id")
        ),
    )
    with op.batch_alter_table("verifier_engagements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verifier_engagements_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "enterprise_ledgers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("enterprise_ledgers", "created_by", "users.id"),
        _fk("enterprise_ledgers", "enterprise_id", "enterprises.enterprise_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_ledgers")),
        sa.UniqueConstraint(
            "enterprise_id", "year", "kind", name=op.f("uq_enterprise_ledgers_enterprise_id")
        ),
    )
    with op.batch_alter_table("enterprise_ledgers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enterprise_ledgers_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "enterprise_filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filing_id", sa.String(length=100), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("emissions", sa.JSON(), nullable=False),
        sa.Column("totals", sa.JSON(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verifier", sa.String(length=100), nullable=True),
        sa.Column("supersedes", sa.String(length=100), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("enterprise_filings", "enterprise_id", "enterprises.enterprise_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_filings")),
        sa.UniqueConstraint("filing_id", name=op.f("uq_enterprise_filings_filing_id")),
        sa.UniqueConstraint(
            "enterprise_id", "year", "version", name=op.f("uq_enterprise_filings_enterprise_id")
        ),
    )
    with op.batch_alter_table("enterprise_filings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enterprise_filings_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "enterprise_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("allocation_inputs", sa.JSON(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("enterprise_cycles", "enterprise_id", "enterprises.enterprise_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_cycles")),
        sa.UniqueConstraint(
            "enterprise_id", "year", name=op.f("uq_enterprise_cycles_enterprise_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("enterprise_cycles")
    op.drop_table("enterprise_filings")
    op.drop_table("enterprise_ledgers")
    op.drop_table("verifier_engagements")
    op.drop_table("enterprise_members")
    op.drop_table("enterprises")
