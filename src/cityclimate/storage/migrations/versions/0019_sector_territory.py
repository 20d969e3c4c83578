"""sector pilot figures belong to a territory (issue 18: they feed that territory's indicators
and pathways)

Revision ID: 0019_sector_territory
Revises: 0011_parks
Create Date: 2026-12-05 01:45:00

0011 stored sector figures without a territory, so a second district would have shown the
first one's NEVs and PV. Existing rows are assigned here: a park's row to the park's territory;
a district row (no park) to the only stored territory, or, when there are several, to the
territory of the first stored park (the data this version can have come from `demo load` or
the office of that territory). A database holding district rows and no territory cannot
exist (rows were stored by a signed-in office with a territory); the upgrade refuses it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_sector_territory"
down_revision = "0011_parks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("sector_values", schema=None) as batch_op:
        batch_op.add_column(sa.Column("territory_code", sa.String(length=32), nullable=True))
    bind.execute(
        sa.text(
            "UPDATE sector_values SET territory_code = (SELECT p.territory_code FROM parks p"
            " WHERE p.park_id = sector_values.park_id) WHERE park_id <> ''"
        )
    )
    codes = [r[0] for r in bind.execute(sa.text("SELECT code FROM territories ORDER BY code"))]
    first_park = bind.execute(
        sa.text("SELECT territory_code FROM parks ORDER BY park_id LIMIT 1")
    ).scalar()
    fallback = codes[0] if len(codes) == 1 else first_park or (codes[0] if codes else None)
    orphans = bind.execute(
        sa.text("SELECT count(*) FROM sector_values WHERE territory_code IS NULL")
    ).scalar()
    if orphans and fallback is None:
        raise RuntimeError("sector_values holds district rows but no territory is stored")
    if orphans:
        bind.execute(
            sa.text("UPDATE sector_values SET territory_code = :t WHERE territory_code IS NULL"),
            {"t": fallback},
        )
    with op.batch_alter_table("sector_values", schema=None) as batch_op:
        batch_op.alter_column("territory_code", existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_constraint("uq_sector_values_measure", type_="unique")
        batch_op.create_unique_constraint(
            "uq_sector_values_territory_code",
            ["territory_code", "measure", "year", "site", "park_id"],
        )
        batch_op.create_foreign_key(
            "fk_sector_values_territory_code_territories",
            "territories",
            ["territory_code"],
            ["code"],
        )


def downgrade() -> None:
    with op.batch_alter_table("sector_values", schema=None) as batch_op:
        batch_op.drop_constraint("fk_sector_values_territory_code_territories", type_="foreignkey")
        batch_op.drop_constraint("uq_sector_values_territory_code", type_="unique")
        batch_op.create_unique_constraint(
            "uq_sector_values_measure", ["measure", "year", "site", "park_id"]
        )
        batch_op.drop_column("territory_code")
