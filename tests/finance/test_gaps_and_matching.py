"""Lever gaps and what a financier finds, checked by hand sums."""

from __future__ import annotations

from cityclimate.finance.gaps import NO_LEVER, lever_gaps
from cityclimate.finance.matching import find_projects, reduction_per_wan_yuan
from cityclimate.finance.model import Estimate, ProjectFilter, Stage
from cityclimate.text import Text
from tests.finance.conftest import project


def _estimate(t: float | None) -> Estimate:
    return Estimate("x", Text("", ""), "", 2022, {}, {}, None, None, t)


def test_gap_is_need_minus_delivered_and_financing_sums() -> None:
    a = project(project_id="A", financing_need_wan_yuan=600.0, financing_secured_wan_yuan=200.0)
    b = project(project_id="B", financing_need_wan_yuan=400.0, financing_secured_wan_yuan=400.0)
    gone = project(project_id="C", stage=Stage.WITHDRAWN)
    shore = project("shore_power", project_id="D")
    estimates = {
        "A": _estimate(300.0),
        "B": _estimate(200.0),
        "C": _estimate(1e6),
        "D": _estimate(5.0),
    }
    names = {"distributed_pv": Text("分布式光伏", "PV"), "nev_cars": Text("新能源车", "NEV")}
    gaps = lever_gaps(
        [a, b, gone, shore],
        estimates,
        {"distributed_pv": 1200.0},
        names,
        {"distributed_pv": "distributed_pv", "shore_power": None},
    )
    pv, nev, none = gaps
    assert (pv.lever, pv.needed_co2e_t, pv.delivered_co2e_t, pv.gap_co2e_t) == (
        "distributed_pv",
        1200.0,
        500.0,
        700.0,
    )
    assert (
        pv.financing_need_wan_yuan,
        pv.financing_secured_wan_yuan,
        pv.financing_gap_wan_yuan,
    ) == (1000.0, 600.0, 400.0)
    assert pv.project_ids == ("A", "B")
    assert (nev.needed_co2e_t, nev.delivered_co2e_t, nev.gap_co2e_t) == (None, 0.0, None)
    assert (none.lever, none.delivered_co2e_t, none.project_ids) == (NO_LEVER, 5.0, ("D",))


def test_financier_sees_published_projects_by_reduction_per_wan_yuan() -> None:
    cheap = project(project_id="A", investment_wan_yuan=100.0)
    dear = project(project_id="B", investment_wan_yuan=1000.0, instruments=("green_bond",))
    draft = project(project_id="C", stage=Stage.DECLARED)
    adapt = project("sponge_city", project_id="D")
    estimates = {
        "A": _estimate(50.0),
        "B": _estimate(100.0),
        "C": _estimate(1e6),
        "D": _estimate(None),
    }
    assert reduction_per_wan_yuan(cheap, estimates["A"]) == 0.5
    everything = find_projects([dear, cheap, draft, adapt], estimates, ProjectFilter())
    assert [p.project_id for p in everything] == ["A", "B", "D"]
    rich = ProjectFilter(min_reduction_t_per_wan_yuan=0.2)
    assert [p.project_id for p in find_projects([dear, cheap, adapt], estimates, rich)] == ["A"]
    assert [
        p.project_id
        for p in find_projects([dear, cheap], estimates, ProjectFilter(instrument="green_bond"))
    ] == ["B"]
    sized = ProjectFilter(min_investment_wan_yuan=500.0, catalogue_code="green_bond:3")
    assert [p.project_id for p in find_projects([dear, cheap], estimates, sized)] == ["B"]
    typed = ProjectFilter(project_types=("sponge_city",), stages=(Stage.PROMOTED,))
    assert [p.project_id for p in find_projects([dear, adapt], estimates, typed)] == ["D"]
