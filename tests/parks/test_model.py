"""A park's definition: checks and boundary versions."""

from __future__ import annotations

from dataclasses import replace

from cityclimate.parks import Member, ParkBoundary, SharedAsset, boundary_for, check_park
from tests.parks.conftest import park


def test_a_good_park_has_no_problems_and_versions_apply_from_their_year() -> None:
    p = park()
    assert check_park(p) == []
    assert boundary_for(p, 2020).version == 1
    assert boundary_for(p, 2021).version == 1
    assert boundary_for(p, 2035).version == 2


def test_every_problem_of_a_park_is_listed() -> None:
    bad = replace(
        park(),
        target_year=2020,
        boundaries=(
            ParkBoundary(1, 2020, (Member("A"), Member("A"))),
            ParkBoundary(1, 2020, (), (SharedAsset("X", "windmill", "风车", "mill"),)),
        ),
    )
    fields = sorted(p.field for p in check_park(bad))  # type: ignore[type-var]
    assert fields == ["assets.kind", "members", "target_year", "valid_from", "version"]
