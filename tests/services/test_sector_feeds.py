"""Issue 18: the sector pilots' figures (PV, gas energy, fleets, charging, hydrogen …) belong to
a territory and show in its indicator board and as its pathway levers' actual years, on SQLite
and PostgreSQL. Oracles: the demo's sector.csv read by hand (2020: district PV 45 MW, the
park's 8 MW inside it; 2021: 60 MW; PV self-consumption stored for the park only, 7,000 MWh in
2020; 8,194 NEVs at the end of 2020, plan R6)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.errors import DataValidationError
from cityclimate.services import indicators, parks, pathways
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import transaction
from cityclimate.storage.models import Territory

LJ = "LJ-2016"


def _by(rows: list[dict[str, object]]) -> dict[tuple[object, object], dict[str, object]]:
    return {(r["measure"], r["year"]): r for r in rows}


def test_sector_figures_feed_the_board_and_the_pathways(
    demo_sessions: sessionmaker[Session],
) -> None:
    with transaction(demo_sessions) as s:
        actual = _by(parks.sector_actuals(s, LJ))
        board = indicators.board(s, SYSTEM, LJ, 2021)
        ctx = pathways.context(s, LJ)
        view = pathways.result_view(
            ctx, pathways.get_scenario(s, ctx.baseline, ctx), with_uncertainty=False
        )
    assert actual[("pv_capacity_mw", 2020)]["value"] == 45.0  # not 45 + 8
    assert actual[("pv_capacity_mw", 2020)]["coverage"] == "district"
    assert actual[("pv_capacity_mw", 2021)]["value"] == 60.0
    # PV self-consumption is stored for the park only: the parks' sum, marked so.
    assert actual[("pv_self_consumption_mwh", 2020)]["value"] == 7000.0
    assert actual[("pv_self_consumption_mwh", 2020)]["coverage"] == "parks"
    assert actual[("nev_fleet", 2020)]["value"] == 8194.0
    assert "8194" in str(actual[("nev_fleet", 2020)]["source"])
    shown = _by(board["sector"])
    assert shown[("nev_fleet", 2020)]["value"] == 8194.0
    assert shown[("pv_capacity_mw", 2021)]["value"] == 60.0
    # Nothing after the board's year (the demo park has 2022 and 2023 figures too).
    assert max(r["year"] for r in board["sector"]) == 2021
    levers = _by(view["lever_actuals"])
    assert levers[("pv_capacity_mw", 2020)]["lever"] == "distributed_pv"
    assert levers[("pv_capacity_mw", 2020)]["lever_name_zh"] == "分布式光伏"
    assert levers[("nev_fleet", 2020)]["lever"] == "nev_cars"
    assert ("shore_power_berths", 2020) not in levers  # no lever acts on shore power


def test_a_second_territory_sees_only_its_own_figures(
    demo_sessions: sessionmaker[Session],
) -> None:
    with transaction(demo_sessions) as s:
        other = s.scalar(
            select(Territory.code).where(Territory.code != LJ).order_by(Territory.code)
        )
    assert other is not None
    with pytest.raises(DataValidationError) as refused, transaction(demo_sessions, write=True) as s:
        parks.put_sector(
            s,
            SYSTEM,
            other,
            [{"measure": "nev_fleet", "year": 2020, "park_id": "LJ-ZCP", "value": 1, "unit": "辆"}],
        )
    problem = refused.value.problems[0]
    assert (problem.row, problem.field, problem.value) == (1, "park_id", "LJ-ZCP")
    with transaction(demo_sessions, write=True) as s:
        stored = parks.put_sector(
            s,
            SYSTEM,
            other,
            [{"measure": "nev_fleet", "year": 2020, "value": 300, "unit": "辆", "source": "x"}],
        )
    assert stored == 1
    with transaction(demo_sessions) as s:
        theirs = parks.sector_actuals(s, other)
        ours = _by(parks.sector_actuals(s, LJ))
    assert [(r["measure"], r["year"], r["value"]) for r in theirs] == [("nev_fleet", 2020, 300.0)]
    assert ours[("nev_fleet", 2020)]["value"] == 8194.0


def test_a_corrected_figure_shows_in_the_pathways_at_once(
    demo_sessions: sessionmaker[Session],
) -> None:
    with transaction(demo_sessions) as s:
        before = _by(list(pathways.context(s, LJ).lever_actuals))
    assert before[("nev_fleet", 2020)]["value"] == 8194.0
    with transaction(demo_sessions, write=True) as s:
        parks.put_sector(
            s,
            SYSTEM,
            LJ,
            [{"measure": "nev_fleet", "year": 2020, "value": 8200, "unit": "辆", "source": "fix"}],
        )
    with transaction(demo_sessions) as s:
        after = _by(list(pathways.context(s, LJ).lever_actuals))
    assert after[("nev_fleet", 2020)]["value"] == 8200.0
    assert after[("nev_fleet", 2020)]["source"] == "fix"
