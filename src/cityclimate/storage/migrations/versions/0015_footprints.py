"""product footprints: datasets, products, systems, results, supplier requests, PACT footprints and events (issue 16)

Revision ID: 0015_footprints
Revises: 0001
Create Date: 2026-12-05 12:30:00

A branch of its own from 0001; its tables refer to enterprises, so it depends on 0003.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_footprints"
down_revision = "0001"
branch_labels = ("footprints",)
depends_on = "0003_enterprises"


def upgrade() -> None:
    op.create_table(
        "footprint_datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("co2e_kg_per_unit", sa.Float(), nullable=False),
        sa.Column("biogenic_kg_per_unit", sa.Float(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("licence", sa.String(length=200), nullable=False),
        sa.Column("dqr", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footprint_datasets")),
        sa.UniqueConstraint("owner", "code", "version", name=op.f("uq_footprint_datasets_owner")),
    )
    op.create_index(
        op.f("ix_footprint_datasets_owner"), "footprint_datasets", ["owner"], unique=False
    )
    op.create_table(
        "pact_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("received_by", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pact_events")),
    )
    op.create_table(
        "footprint_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("declared_unit", sa.String(length=32), nullable=False),
        sa.Column("mass_per_unit_kg", sa.Float(), nullable=False),
        sa.Column("classification", sa.String(length=100), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("standard", sa.String(length=100), nullable=False),
        sa.Column("verifier", sa.String(length=200), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.enterprise_id"],
            name=op.f("fk_footprint_products_enterprise_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footprint_products")),
        sa.UniqueConstraint(
            "enterprise_id", "code", name=op.f("uq_footprint_products_enterprise_id")
        ),
    )
    op.create_index(
        op.f("ix_footprint_products_enterprise_id"),
        "footprint_products",
        ["enterprise_id"],
        unique=False,
    )
    op.create_table(
        "footprint_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.String(length=64), nullable=False),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("input_code", sa.String(length=100), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer_kind", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=True),
        sa.Column("answer_product_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_by", sa.String(length=100), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_product_id"],
            ["footprint_products.id"],
            name=op.f("fk_footprint_requests_answer_product_id_footprint_products"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["footprint_products.id"],
            name=op.f("fk_footprint_requests_product_id_footprint_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["enterprises.enterprise_id"],
            name=op.f("fk_footprint_requests_requester_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["enterprises.enterprise_id"],
            name=op.f("fk_footprint_requests_supplier_id_enterprises"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footprint_requests")),
    )
    op.create_index(
        op.f("ix_footprint_requests_requester_id"),
        "footprint_requests",
        ["requester_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_footprint_requests_supplier_id"),
        "footprint_requests",
        ["supplier_id"],
        unique=False,
    )
    op.create_table(
        "footprint_systems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("boundary", sa.String(length=32), nullable=False),
        sa.Column("allocation", sa.String(length=32), nullable=False),
        sa.Column("cut_off", sa.String(length=300), nullable=False),
        sa.Column("reference_year", sa.Integer(), nullable=False),
        sa.Column("processes", sa.JSON(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["footprint_products.id"],
            name=op.f("fk_footprint_systems_product_id_footprint_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footprint_systems")),
        sa.UniqueConstraint("product_id", "version", name=op.f("uq_footprint_systems_product_id")),
    )
    op.create_index(
        op.f("ix_footprint_systems_product_id"), "footprint_systems", ["product_id"], unique=False
    )
    op.create_table(
        "footprint_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("system_id", sa.Integer(), nullable=False),
        sa.Column("co2e_kg_per_unit", sa.Float(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["footprint_products.id"],
            name=op.f("fk_footprint_results_product_id_footprint_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["system_id"],
            ["footprint_systems.id"],
            name=op.f("fk_footprint_results_system_id_footprint_systems"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footprint_results")),
    )
    op.create_index(
        op.f("ix_footprint_results_product_id"), "footprint_results", ["product_id"], unique=False
    )
    op.create_table(
        "pact_footprints",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.String(length=64), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.enterprise_id"],
            name=op.f("fk_pact_footprints_enterprise_id_enterprises"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["footprint_products.id"],
            name=op.f("fk_pact_footprints_product_id_footprint_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["footprint_results.id"],
            name=op.f("fk_pact_footprints_result_id_footprint_results"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pact_footprints")),
    )
    op.create_index(
        op.f("ix_pact_footprints_enterprise_id"), "pact_footprints", ["enterprise_id"], unique=False
    )
    op.create_index(
        op.f("ix_pact_footprints_product_id"), "pact_footprints", ["product_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_pact_footprints_product_id"), table_name="pact_footprints")
    op.drop_index(op.f("ix_pact_footprints_enterprise_id"), table_name="pact_footprints")
    op.drop_table("pact_footprints")
    op.drop_index(op.f("ix_footprint_results_product_id"), table_name="footprint_results")
    op.drop_table("footprint_results")
    op.drop_index(op.f("ix_footprint_systems_product_id"), table_name="footprint_systems")
    op.drop_table("footprint_systems")
    op.drop_index(op.f("ix_footprint_requests_supplier_id"), table_name="footprint_requests")
    op.drop_index(op.f("ix_footprint_requests_requester_id"), table_name="footprint_requests")
    op.drop_table("footprint_requests")
    op.drop_index(op.f("ix_footprint_products_enterprise_id"), table_name="footprint_products")
    op.drop_table("footprint_products")
    op.drop_table("pact_events")
    op.drop_index(op.f("ix_footprint_datasets_owner"), table_name="footprint_datasets")
    op.drop_table("footprint_datasets")
