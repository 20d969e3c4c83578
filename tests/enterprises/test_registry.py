"""Registry checks, the administrator's code override, and role isolation at the core level."""

from __future__ import annotations

import dataclasses

import pytest

from cityclimate.enterprises import (
    Actor,
    EnterpriseAccessError,
    Role,
    accept_failing_code,
    register,
    require_access,
    visible_enterprises,
)
from cityclimate.enterprises.model import EmissionSource, Facility
from cityclimate.enterprises.registry import enterprise_problems, enterprises_from_records
from cityclimate.errors import DataValidationError

from .conftest import AT, enterprise


def test_a_good_record_has_no_problems() -> None:
    assert enterprise_problems(enterprise()) == []


def test_failing_code_is_refused_until_an_administrator_accepts_it_with_a_reason() -> None:
    historic = enterprise(uscc="91500000MA5U000112")
    with pytest.raises(DataValidationError) as info:
        register([historic])
    assert info.value.problems[0].field == "uscc"
    admin = Actor("admin-1", Role.ADMIN)
    with pytest.raises(DataValidationError):
        accept_failing_code(historic, admin, "  ", AT)
    with pytest.raises(EnterpriseAccessError):
        accept_failing_code(historic, Actor("o", Role.CLIMATE_OFFICE), "historic code", AT)
    accepted, audit = accept_failing_code(historic, admin, "历史代码 historic code", AT)
    assert register([accepted])["E-A"].code_override is not None
    assert (audit.who, audit.action, audit.entity_id) == ("admin-1", "override_code", "E-A")
    assert "historic" in audit.comment


def test_industry_sub_area_flags_and_sources_are_checked() -> None:
    bad = enterprise(
        industry="9999",
        sub_area="LJ-2016-XX",
        ets_controlled=True,
        data_centre=True,
        facilities=(Facility("F1", "f", None, (EmissionSource("S1", "no.such", "x"),)),),
    )
    fields = {p.field for p in enterprise_problems(bad)}
    assert {"industry", "sub_area", "ets_sector", "data_centre_class"} <= fields
    assert "facilities.F1.S1.category" in fields


def test_duplicate_ids_and_codes_are_refused() -> None:
    a = enterprise("E-A")
    with pytest.raises(DataValidationError) as info:
        register([a, dataclasses.replace(a, enterprise_id="E-B"), a])
    messages = " ".join(p.message_en for p in info.value.problems)
    assert "duplicate enterprise id" in messages and "same code" in messages


def test_records_from_json_and_malformed_records() -> None:
    built = enterprises_from_records(
        [
            {
                "enterprise_id": "E-A",
                "uscc": enterprise().uscc,
                "name_zh": "甲",
                "name_en": "A",
                "industry": "3974",
                "territory": "LJ-2016",
                "sub_area": "LJ-2016-ST",
                "facilities": [{"facility_id": "F1", "name": "fab", "sources": []}],
                "contacts": [{"name": "王", "role": "manager"}],
                "code_override": {"reason": "r", "by": "admin", "at": "2021-01-01T00:00:00+08:00"},
            }
        ]
    )
    assert built[0].facilities[0].facility_id == "F1" and built[0].code_override is not None
    with pytest.raises(DataValidationError) as info:
        enterprises_from_records([{"enterprise_id": "E-X", "colour": "red"}])
    assert info.value.problems[0].row == 1


def test_enterprise_users_see_and_write_only_their_own_enterprise(
    owner_a: Actor, verifier_a: Actor, office: Actor
) -> None:
    registry = [enterprise("E-A"), enterprise("E-B")]
    assert [e.enterprise_id for e in visible_enterprises(owner_a, registry)] == ["E-A"]
    assert [e.enterprise_id for e in visible_enterprises(verifier_a, registry)] == ["E-A"]
    assert len(visible_enterprises(office, registry)) == 2
    assert visible_enterprises(Actor("p", Role.PUBLIC), registry) == []
    require_access(owner_a, "E-A", write=True)
    with pytest.raises(EnterpriseAccessError) as info:
        require_access(owner_a, "E-B")
    assert "E-B" in info.value.message_en and "user-a" in info.value.message_en
    with pytest.raises(EnterpriseAccessError):
        require_access(verifier_a, "E-A", write=True)
