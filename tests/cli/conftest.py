"""A migrated SQLite copy with the demo (``database``) for the commands that read the platform's
stored data."""

from tests.api.conftest import database, template

__all__ = ["database", "template"]
