"""Rules of the inventory quality result's routes (issue 13)."""

from __future__ import annotations

from tests.rules import SIGNED_IN

API_RULES = {("GET", "/api/v1/inventories/{version_id}/quality"): SIGNED_IN}
PAGES_RULES = {("GET", "/inventories/{version_id}/quality"): SIGNED_IN}
