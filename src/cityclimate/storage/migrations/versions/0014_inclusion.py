"""carbon inclusion: sources, pseudonymous accounts, consents, batches, events, runs, the hash-chained ledger, seals, appeals (issue 15)

Revision ID: 0014_inclusion
Revises: 0001
Create Date: 2026-12-05 00:45:00

A branch of its own from 0001 (the module's tables only refer to territories and users).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_inclusion"
down_revision = "0001"
branch_labels = ("inclusion",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inclusion_ledger",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=100), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("method", sa.String(length=80), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("reduction_g", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_inclusion_ledger_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_ledger")),
        sa.UniqueConstraint(
            "territory_code", "number", name=op.f("uq_inclusion_ledger_territory_code")
        ),
    )
    op.create_index(
        op.f("ix_inclusion_ledger_account"), "inclusion_ledger", ["account"], unique=False
    )
    op.create_table(
        "inclusion_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("reduction_g", sa.BigInteger(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_inclusion_runs_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_runs")),
    )
    op.create_index(
        op.f("ix_inclusion_runs_territory_code"), "inclusion_runs", ["territory_code"], unique=False
    )
    op.create_table(
        "inclusion_seals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_inclusion_seals_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_seals")),
    )
    op.create_index(
        op.f("ix_inclusion_seals_territory_code"),
        "inclusion_seals",
        ["territory_code"],
        unique=False,
    )
    op.create_table(
        "inclusion_sources",
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("behaviours", sa.JSON(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_inclusion_sources_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_inclusion_sources")),
    )
    op.create_index(
        op.f("ix_inclusion_sources_territory_code"),
        "inclusion_sources",
        ["territory_code"],
        unique=False,
    )
    op.create_table(
        "inclusion_accounts",
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("sub_area", sa.String(length=32), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_inclusion_accounts_territory_code_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inclusion_accounts_user_id_users")
        ),
        sa.PrimaryKeyConstraint("pseudonym", name=op.f("pk_inclusion_accounts")),
        sa.UniqueConstraint("user_id", name=op.f("uq_inclusion_accounts_user_id")),
    )
    op.create_index(
        op.f("ix_inclusion_accounts_territory_code"),
        "inclusion_accounts",
        ["territory_code"],
        unique=False,
    )
    op.create_table(
        "inclusion_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("batch_ref", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("events_total", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("refused", sa.JSON(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["inclusion_sources.source_id"],
            name=op.f("fk_inclusion_batches_source_id_inclusion_sources"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_batches")),
        sa.UniqueConstraint("source_id", "batch_ref", name=op.f("uq_inclusion_batches_source_id")),
    )
    op.create_table(
        "inclusion_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pseudonym"],
            ["inclusion_accounts.pseudonym"],
            name=op.f("fk_inclusion_consents_pseudonym_inclusion_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_consents")),
    )
    op.create_index(
        op.f("ix_inclusion_consents_pseudonym"), "inclusion_consents", ["pseudonym"], unique=False
    )
    op.create_table(
        "inclusion_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.Column("behaviour", sa.String(length=32), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("distance_km", sa.Float(), nullable=True),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("method_id", sa.String(length=64), nullable=True),
        sa.Column("method_version", sa.Integer(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reduction_g", sa.BigInteger(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("converted", sa.Boolean(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["inclusion_batches.id"],
            name=op.f("fk_inclusion_events_batch_id_inclusion_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym"],
            ["inclusion_accounts.pseudonym"],
            name=op.f("fk_inclusion_events_pseudonym_inclusion_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["inclusion_runs.id"],
            name=op.f("fk_inclusion_events_run_id_inclusion_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["inclusion_sources.source_id"],
            name=op.f("fk_inclusion_events_source_id_inclusion_sources"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_events")),
        sa.UniqueConstraint("source_id", "event_id", name=op.f("uq_inclusion_events_source_id")),
    )
    op.create_index(
        op.f("ix_inclusion_events_batch_id"), "inclusion_events", ["batch_id"], unique=False
    )
    op.create_index(
        "ix_inclusion_events_occurred_on_status",
        "inclusion_events",
        ["occurred_on", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_inclusion_events_pseudonym"), "inclusion_events", ["pseudonym"], unique=False
    )
    op.create_table(
        "inclusion_appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_pk"],
            ["inclusion_events.id"],
            name=op.f("fk_inclusion_appeals_event_pk_inclusion_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym"],
            ["inclusion_accounts.pseudonym"],
            name=op.f("fk_inclusion_appeals_pseudonym_inclusion_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_appeals")),
    )
    op.create_index(
        op.f("ix_inclusion_appeals_event_pk"), "inclusion_appeals", ["event_pk"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_inclusion_appeals_event_pk"), table_name="inclusion_appeals")
    op.drop_table("inclusion_appeals")
    op.drop_index(op.f("ix_inclusion_events_pseudonym"), table_name="inclusion_events")
    op.drop_index("ix_inclusion_events_occurred_on_status", table_name="inclusion_events")
    op.drop_index(op.f("ix_inclusion_events_batch_id"), table_name="inclusion_events")
    op.drop_table("inclusion_events")
    op.drop_index(op.f("ix_inclusion_consents_pseudonym"), table_name="inclusion_consents")
    op.drop_table("inclusion_consents")
    op.drop_table("inclusion_batches")
    op.drop_index(op.f("ix_inclusion_accounts_territory_code"), table_name="inclusion_accounts")
    op.drop_table("inclusion_accounts")
    op.drop_index(op.f("ix_inclusion_sources_territory_code"), table_name="inclusion_sources")
    op.drop_table("inclusion_sources")
    op.drop_index(op.f("ix_inclusion_seals_territory_code"), table_name="inclusion_seals")
    op.drop_table("inclusion_seals")
    op.drop_index(op.f("ix_inclusion_runs_territory_code"), table_name="inclusion_runs")
    op.drop_table("inclusion_runs")
    op.drop_index(op.f("ix_inclusion_ledger_account"), table_name="inclusion_ledger")
    op.drop_table("inclusion_ledger")
