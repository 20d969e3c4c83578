"""The rectification tables are their own migration branch from 0001 (issue 12)."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from cityclimate.storage.migrate import alembic_config


def test_the_rectification_branch_has_its_own_head(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    revision = script.get_revision("rectification")
    assert revision is not None and revision.revision == "0008_rectification"
    assert revision.down_revision == "0001"
