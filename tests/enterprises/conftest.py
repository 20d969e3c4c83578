"""Fixtures of the enterprise tests: a small registry, actors and ledgers in the tests' words."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from cityclimate.enterprises import Actor, Enterprise, Role
from cityclimate.enterprises.codes import organisation_check_character, uscc_check_character

AT = datetime(2021, 3, 20, 9, tzinfo=UTC)


def make_code(body8: str) -> str:
    """A valid USCC 91500000 + organisation code ``body8`` + checks."""
    body = "91500000" + body8 + organisation_check_character(body8)
    return body + uscc_check_character(body)


def enterprise(enterprise_id: str = "E-A", **overrides: object) -> Enterprise:
    fields: dict[str, object] = {
        "enterprise_id": enterprise_id,
        "uscc": make_code("MA5U" + enterprise_id[-1] * 4),
        "name_zh": "测试企业",
        "name_en": "test enterprise",
        "industry": "3974",
        "territory": "LJ-2016",
        "sub_area": "LJ-2016-ST",
    }
    fields.update(overrides)
    return Enterprise(**fields)  # type: ignore[arg-type]


def energy_rows(*rows: dict[str, object]) -> pl.DataFrame:
    """An energy ledger; each row defaults to E-A, 2020, January, natural gas in industry."""
    base: dict[str, object] = {
        "enterprise_id": "E-A",
        "facility_id": None,
        "year": "2020",
        "month": "1",
        "category": "energy.manufacturing.combustion",
        "fuel": "natural_gas",
        "quantity": "100",
        "unit": "10⁴Nm³",
        "measured_ncv": None,
        "measured_ncv_unit": None,
        "measured_carbon_content": None,
        "measured_carbon_content_unit": None,
    }
    return pl.DataFrame(
        [{**base, **r} for r in rows], schema=dict.fromkeys(base, pl.String), orient="row"
    )


@pytest.fixture
def office() -> Actor:
    return Actor("office-1", Role.CLIMATE_OFFICE)


@pytest.fixture
def owner_a() -> Actor:
    return Actor("user-a", Role.ENTERPRISE, frozenset({"E-A"}))


@pytest.fixture
def owner_b() -> Actor:
    return Actor("user-b", Role.ENTERPRISE, frozenset({"E-B"}))


@pytest.fixture
def verifier_a() -> Actor:
    return Actor("verifier-1", Role.VERIFIER, frozenset({"E-A"}))
