"""create everything

Revision ID: 0001
Revises:
Create Date: 2026-11-25 14:16:34.810473
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "factor_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("method", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_factor_sets")),
        sa.UniqueConstraint("name", name=op.f("uq_factor_sets_name")),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index("ix_login_failures_username_at", ["username", "at"], unique=False)

    op.create_table(
        "roles",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("description_zh", sa.String(length=200), nullable=False),
        sa.Column("description_en", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_roles")),
    )
    op.create_table(
        "territories",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=True),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["territories.code"],
            name=op.f("fk_territories_parent_code_territories"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_territories")),
    )
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_territories_parent_code"), ["parent_code"], unique=False
        )

    op.create_table(
        "socioeconomic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("gdp_10k_yuan", sa.Float(), nullable=True),
        sa.Column("gdp_price_base_year", sa.Integer(), nullable=True),
        sa.Column("population", sa.Float(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_socioeconomic_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_socioeconomic")),
        sa.UniqueConstraint("territory_code", "year", name=op.f("uq_socioeconomic_territory_code")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["role"], ["roles.name"], name=op.f("fk_users_role_roles")),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_users_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "access_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_access_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_access_tokens_token_hash")),
    )
    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "activity_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("years", sa.JSON(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_activity_imports_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_activity_imports_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_imports")),
    )
    with op.batch_alter_table("activity_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_imports_territory_code"), ["territory_code"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "activity_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=100), nullable=False),
        sa.Column("territory", sa.String(length=32), nullable=False),
        sa.Column("sub_area", sa.String(length=32), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("fuel", sa.String(length=100), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("data_source", sa.Text(), nullable=True),
        sa.Column("quality_tier", sa.String(length=50), nullable=True),
        sa.Column("enterprise_id", sa.String(length=100), nullable=True),
        sa.Column("measured_factor", sa.Float(), nullable=True),
        sa.Column("measured_factor_unit", sa.String(length=50), nullable=True),
        sa.Column("abatement_fraction", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["activity_imports.id"],
            name=op.f("fk_activity_records_import_id_activity_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_records")),
        sa.UniqueConstraint("import_id", "record_id", name=op.f("uq_activity_records_import_id")),
    )
    with op.batch_alter_table("activity_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_records_import_id"), ["import_id"], unique=False
        )

    op.create_table(
        "inventory_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("factor_set_id", sa.Integer(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("gross_co2e_t", sa.Float(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_inventory_versions_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["factor_set_id"],
            ["factor_sets.id"],
            name=op.f("fk_inventory_versions_factor_set_id_factor_sets"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["activity_imports.id"],
            name=op.f("fk_inventory_versions_import_id_activity_imports"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["inventory_versions.id"],
            name=op.f("fk_inventory_versions_parent_id_inventory_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_code"],
            ["territories.code"],
            name=op.f("fk_inventory_versions_territory_code_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_versions")),
        sa.UniqueConstraint(
            "territory_code", "year", "number", name=op.f("uq_inventory_versions_territory_code")
        ),
    )
    with op.batch_alter_table("inventory_versions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inventory_versions_territory_year", ["territory_code", "year"], unique=False
        )

    op.create_table(
        "inventory_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=100), nullable=False),
        sa.Column("territory", sa.String(length=32), nullable=False),
        sa.Column("sub_area", sa.String(length=32), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("sector", sa.String(length=50), nullable=True),
        sa.Column("scope", sa.Integer(), nullable=True),
        sa.Column("fuel", sa.String(length=100), nullable=True),
        sa.Column("gas", sa.String(length=20), nullable=False),
        sa.Column("activity_value", sa.Float(), nullable=True),
        sa.Column("activity_unit", sa.String(length=50), nullable=True),
        sa.Column("factor_value", sa.Float(), nullable=True),
        sa.Column("factor_id", sa.String(length=200), nullable=True),
        sa.Column("factor_level", sa.String(length=30), nullable=True),
        sa.Column("factor_source", sa.Text(), nullable=True),
        sa.Column("selection_reason", sa.Text(), nullable=True),
        sa.Column("gwp", sa.Float(), nullable=True),
        sa.Column("emission_t", sa.Float(), nullable=True),
        sa.Column("co2e_t", sa.Float(), nullable=True),
        sa.Column("energy_tce", sa.Float(), nullable=True),
        sa.Column("quality_tier", sa.String(length=50), nullable=True),
        sa.Column("enterprise_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["inventory_versions.id"],
            name=op.f("fk_inventory_results_version_id_inventory_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_results")),
    )
    with op.batch_alter_table("inventory_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inventory_results_version_id"), ["version_id"], unique=False
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
            {"name": "admin", "description_zh": "系统管理员", "description_en": "administrator"},
            {
                "name": "climate_office",
                "description_zh": "应对气候变化主管部门",
                "description_en": "climate office",
            },
            {"name": "department", "description_zh": "责任部门", "description_en": "department"},
            {"name": "enterprise", "description_zh": "重点企业", "description_en": "enterprise"},
            {
                "name": "public",
                "description_zh": "公众（只读已发布数据）",
                "description_en": "public (published figures, read only)",
            },
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("inventory_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inventory_results_version_id"))

    op.drop_table("inventory_results")
    with op.batch_alter_table("inventory_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_inventory_versions_territory_year")

    op.drop_table("inventory_versions")
    with op.batch_alter_table("activity_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_records_import_id"))

    op.drop_table("activity_records")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("activity_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_imports_territory_code"))

    op.drop_table("activity_imports")
    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_tokens_user_id"))

    op.drop_table("access_tokens")
    op.drop_table("users")
    op.drop_table("socioeconomic")
    with op.batch_alter_table("territories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_territories_parent_code"))

    op.drop_table("territories")
    op.drop_table("roles")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failures_username_at")

    op.drop_table("login_failures")
    op.drop_table("factor_sets")
