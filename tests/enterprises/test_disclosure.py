"""The disclosure form: only after acceptance, plain JSON-ready content, completeness."""

from __future__ import annotations

import json
from dataclasses import replace

import polars as pl
import pytest

from cityclimate.enterprises import (
    Actor,
    FilingStatus,
    Role,
    WorkflowError,
    disclosure_form,
    missing_fields,
    new_filing,
)
from cityclimate.enterprises.disclosure import missing_share, required_fields

from .conftest import AT, enterprise

ROWS = pl.DataFrame(
    {
        "category": ["energy.manufacturing.combustion"] * 2,
        "gas": ["CO2", "CH4"],
        "emission_t": [100.0, 0.1],
        "co2e_t": [100.0, 2.8],
        "energy_tce": [40.0, None],
    }
)
OWNER = Actor("user-a", Role.ENTERPRISE, frozenset({"E-A"}))


def test_nothing_is_disclosed_before_acceptance() -> None:
    draft, _ = new_filing(OWNER, "E-A", 2020, ROWS, AT)
    with pytest.raises(WorkflowError):
        disclosure_form(enterprise(), draft)


def test_form_content_and_completeness() -> None:
    draft, _ = new_filing(OWNER, "E-A", 2020, ROWS, AT)
    accepted = replace(draft, status=FilingStatus.ACCEPTED, verifier="verifier-1")
    plant = enterprise(mandatory_disclosure=True)
    form = disclosure_form(plant, accepted, measures="余热回收")
    assert form.total_co2e_t == pytest.approx(102.8)
    assert form.co2e_by_gas == {"CH4": pytest.approx(2.8), "CO2": 100.0}
    assert form.energy_tce == 40.0
    assert missing_fields(form, plant) == []
    json.dumps(form.as_dict())  # JSON-ready
    bare = disclosure_form(plant, replace(accepted, verifier=None))
    assert set(missing_fields(bare, plant)) == {"verifier", "emission_reduction_measures"}
    assert missing_share(bare, plant) == pytest.approx(2 / len(required_fields(plant)))


def test_ets_and_data_centre_fields_are_required_only_of_them() -> None:
    ets = enterprise(
        ets_controlled=True, ets_sector="electronics", data_centre=True, data_centre_class="new"
    )
    assert {"ets_allocation_t", "ets_surrendered_t", "pue"} <= set(required_fields(ets))
    assert "pue" not in required_fields(enterprise())
