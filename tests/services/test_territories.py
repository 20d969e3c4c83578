"""The territory use cases (services/territories.py) on a real database: stored territories are
what every validation reads, named in both languages, edited with an audit of before and after."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.services import audit, territories
from cityclimate.services.actors import SYSTEM
from cityclimate.services.errors import ConflictError
from cityclimate.text import Text

# Codes of districts that are not shipped (the shipped table seeds every Chongqing district).
NEW = territories.TerritoryInput(
    name_zh="新区甲",
    name_en="New District A",
    parent_code="500000",
    sub_areas=(
        territories.SubArea("SVC-A-1", "甲一板块", "A one"),
        territories.SubArea("SVC-A-2", "甲二板块", "A two"),
    ),
)


def test_a_new_district_with_sub_areas_is_stored_named_and_read_by_the_core(
    session: Session,
) -> None:
    territories.create_territory(session, SYSTEM, code="SVC-A", name_zh="新区甲", data=NEW)
    names = territories.territory_names(session)
    assert names["SVC-A"] == Text("新区甲", "New District A")
    assert names["SVC-A-2"] == Text("甲二板块", "A two")
    table = territories.territory_table(session)
    row = table.filter(code="SVC-A").to_dicts()[0]
    assert (row["parent"], row["province"]) == ("500000", "500000")
    subs = table.filter(parent="SVC-A")["code"].sort().to_list()
    assert subs == ["SVC-A-1", "SVC-A-2"]
    detail = territories.territory_detail(session, territories.get_territory(session, "SVC-A"))
    # Chongqing's climate zone is inherited from the province and says where it came from.
    assert detail["climate_zone"] == "boreal_temperate_wet"
    assert "500000" in detail["climate_zone_source"]


def test_the_same_code_twice_and_an_empty_code_are_refused(session: Session) -> None:
    territories.create_territory(
        session, SYSTEM, code="SVC-C", name_zh="新区丙", parent_code="500000"
    )
    with pytest.raises(ConflictError):
        territories.create_territory(
            session, SYSTEM, code="SVC-C", name_zh="新区丙", parent_code="500000"
        )
    with pytest.raises(DataValidationError) as caught:
        territories.create_territory(
            session, SYSTEM, code="  ", name_zh="无名", parent_code="500000"
        )
    assert caught.value.problems[0].field == "code"


def test_an_edit_is_audited_with_what_it_was_and_what_it_became(session: Session) -> None:
    territories.create_territory(
        session, SYSTEM, code="SVC-B", name_zh="新区乙", parent_code="500000"
    )
    edited = territories.TerritoryInput(
        name_zh="新区乙", name_en="New District B", parent_code="500000", area_km2=2402.0
    )
    territories.update_territory(session, SYSTEM, "SVC-B", edited)
    entries, _ = audit.list_entries(session, entity="territory", action="update")
    entry = next(e for e in entries if e.entity_id == "SVC-B")
    assert entry.before["area_km2"] is None and entry.before["name_en"] == ""
    assert entry.after["area_km2"] == 2402.0 and entry.after["name_en"] == "New District B"
