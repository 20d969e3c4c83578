"""Shared fixtures: small activity tables built in the tests' own words."""

from __future__ import annotations

import os

import polars as pl
import pytest
from hypothesis import settings

# CI runs on shared 2-core machines: no per-example deadline, and the same examples every run
# (derandomised), so a failure there is reproducible and never a matter of luck or load.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def activity(**overrides: object) -> dict[str, object]:
    """One activity record with sensible defaults (Chongqing, 2022, natural gas in industry)."""
    row: dict[str, object] = {
        "territory": "500000",
        "sub_area": None,
        "year": 2022,
        "category": "energy.manufacturing.combustion",
        "fuel": "natural_gas",
        "quantity": 1.0,
        "unit": "10⁴Nm³",
    }
    row.update(overrides)
    return row


def frame(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(
        list(rows),
        schema_overrides={"year": pl.Int32, "quantity": pl.Float64, "sub_area": pl.String},
    )


@pytest.fixture
def make_frame():  # type: ignore[no-untyped-def]
    return frame
