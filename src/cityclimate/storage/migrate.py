"""Apply the Alembic migrations shipped in ``cityclimate.storage.migrations``."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("cityclimate.storage").joinpath("migrations"))
    )
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the database of ``engine`` to ``revision`` (default: the latest of every branch).

    Each module's tables (indicators, enterprises, pathways …) come in a migration branch of its
    own from ``0001``, so modules can be added independently; ``heads`` applies them all.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
