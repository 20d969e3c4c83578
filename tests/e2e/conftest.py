"""The API fixtures (a migrated SQLite copy with the demo, one token per role) for the walks."""

from tests.api.conftest import auth, client, database, template, tokens

__all__ = ["auth", "client", "database", "template", "tokens"]
