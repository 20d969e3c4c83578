"""The targets of a territory come from its stored plan, and only from there."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session

from cityclimate.services import plans
from cityclimate.services.actors import SYSTEM
from cityclimate.services.errors import NotFoundError


def test_the_demo_targets_are_the_stored_plan_s(session: Session) -> None:
    targets = plans.targets(session, "LJ-2016")
    # The city targets of the shipped pack (targets.csv): 15 % energy, 19.5 % CO2 per GDP.
    assert targets.target("energy_intensity_reduction")[0] == 15
    assert targets.target("co2_intensity_reduction")[0] == 19.5
    # A target the plan sets itself: Table 1 row 3, 57.4 → 70 %.
    value, source = targets.target("strategic_emerging_industry_share")
    assert value == 70 and "Table 1 row 3" in source
    with pytest.raises(NotFoundError):
        targets.target("no_such_indicator")


def test_a_changed_plan_changes_the_targets(session: Session) -> None:
    pack = plans.get_plan(session, "LJ-2016").pack
    changed = [t for t in pack.city_targets if t.indicator_id != "co2_intensity_reduction"]
    plans.save_pack(
        session,
        SYSTEM,
        dataclasses.replace(pack, city_targets=tuple(changed)),
        action="import",
    )
    value, source = plans.targets(session, "LJ-2016").target("co2_intensity_reduction")
    assert value is None and "由市级下达" in source  # not assigned yet: the plan's own words


def test_a_territory_without_a_plan_has_no_targets(session: Session) -> None:
    with pytest.raises(NotFoundError):
        plans.targets(session, "500112")
