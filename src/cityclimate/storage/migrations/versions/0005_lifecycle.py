"""inventory versions: one published version per territory and year

Before this, publishing a new version of a year left the old one published. This migration
marks every published version but the newest (highest number) of its territory and year
``recalculated`` (superseded, still readable), then adds a partial unique index so the database
refuses a second published version (issues 11 and 20).

Revision ID: 0005_lifecycle
Revises: 0001
Create Date: 2026-12-04 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_lifecycle"
down_revision = "0001"
branch_labels = ("lifecycle",)
depends_on = None

ONE_PUBLISHED = "status = 'published'"


def upgrade() -> None:
    op.execute(
        """
        UPDATE inventory_versions SET status = 'recalculated'
        WHERE status = 'published' AND EXISTS (
            SELECT 1 FROM inventory_versions AS newer
            WHERE newer.territory_code = inventory_versions.territory_code
              AND newer.year = inventory_versions.year
              AND newer.status = 'published'
              AND newer.number > inventory_versions.number
        )
        """
    )
    op.create_index(
        "uq_inventory_versions_one_published",
        "inventory_versions",
        ["territory_code", "year"],
        unique=True,
        sqlite_where=sa.text(ONE_PUBLISHED),
        postgresql_where=sa.text(ONE_PUBLISHED),
    )


def downgrade() -> None:
    op.drop_index("uq_inventory_versions_one_published", table_name="inventory_versions")
