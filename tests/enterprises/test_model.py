"""Types: a filing's total, frozen values, roles."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest

from cityclimate.enterprises import Filing, FilingStatus, Role


def test_filing_total_is_the_sum_of_its_rows_and_filings_are_frozen() -> None:
    filing = Filing(
        "E-A-2020-v1", "E-A", 2020, 1, FilingStatus.DRAFT, pl.DataFrame({"co2e_t": [1.5, 2.5]})
    )
    assert filing.co2e_t == 4.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        filing.status = FilingStatus.ACCEPTED  # type: ignore[misc]


def test_empty_filing_totals_zero() -> None:
    empty = Filing("x", "E-A", 2020, 1, FilingStatus.DRAFT, pl.DataFrame({"co2e_t": []}))
    assert empty.co2e_t == 0.0


def test_roles_are_the_platform_roles_plus_verifier() -> None:
    assert {r.value for r in Role} == {
        "admin",
        "climate_office",
        "enterprise",
        "verifier",
        "public",
    }
