"""where each staged activity record came from: its sheet, and the import's column headers

Revision ID: 0013_record_locations
Revises: 0001
Create Date: 2026-12-04 22:30:00

The import tables come from 0001 and no other migration changes them, so this is a branch of
its own from 0001 (issue 13: problems found when a stored version is computed name the file,
sheet, row and column as the user sees them). Existing rows keep null: their problems name the
file and row as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_record_locations"
down_revision = "0001"
branch_labels = ("record_locations",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sheet", sa.String(length=100), nullable=True))
    with op.batch_alter_table("activity_imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity_imports", schema=None) as batch_op:
        batch_op.drop_column("headers")
    with op.batch_alter_table("activity_records", schema=None) as batch_op:
        batch_op.drop_column("sheet")
