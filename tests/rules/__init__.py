"""Authorisation rules of each module's routes, merged into the platform's matrix tests.

A module (indicators, enterprises, pathways …) puts ``tests/rules/<module>.py`` here with
``API_RULES`` and/or ``PAGES_RULES``: ``{(method, path): set_of_roles}``, where a role set may use
the names ``ANYONE``, ``SIGNED_IN``, ``STAFF``, ``PROVIDERS``, ``WRITERS``, ``ADMIN`` below. The
matrix tests in tests/api and tests/web still fail for any route without a rule.
"""

from __future__ import annotations

import importlib
import pkgutil

from cityclimate.storage.models import ROLES

ANYONE = {"anonymous", *ROLES}
SIGNED_IN = set(ROLES)
STAFF = {"admin", "climate_office", "department"}
PROVIDERS = STAFF | {"enterprise"}
WRITERS = {"admin", "climate_office"}
ADMIN = {"admin"}


def module_rules(name: str) -> dict[tuple[str, str], set[str]]:
    """Every module's table called ``name`` (``API_RULES`` or ``PAGES_RULES``), merged."""
    merged: dict[tuple[str, str], set[str]] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        merged.update(getattr(module, name, {}))
    return merged
