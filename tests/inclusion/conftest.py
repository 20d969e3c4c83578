"""Events for the carbon-inclusion tests, built row by row so every expected figure is by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from cityclimate.inclusion.model import EVENT_SCHEMA


def events(*rows: dict[str, Any]) -> pl.DataFrame:
    """Event rows with defaults (a 10-minute, 5 km metro trip of resident r1 on 2025-03-03)."""
    defaults: dict[str, Any] = {
        "source": "metro", "account": "r1", "behaviour": "metro", "occurred_on": date(2025, 3, 3),
        "duration_s": 600, "distance_km": 5.0, "quantity": 1.0, "location_consent": True,
        "held": False,
    }  # fmt: skip
    full = [
        {"event_id": f"e{i}", "received_seq": i, **defaults, **row} for i, row in enumerate(rows, 1)
    ]
    return pl.DataFrame(
        full, schema={**EVENT_SCHEMA, "location_consent": pl.Boolean, "held": pl.Boolean}
    )
