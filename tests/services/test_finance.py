"""The finance library in the platform, on a copy of the demo database (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.finance.model import ProjectFilter, Stage
from cityclimate.services import accounts, claims, pathways
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from cityclimate.services.finance import gaps, investors, library
from cityclimate.services.finance.views import project_view
from cityclimate.storage.finance_models import FinanceProject

# The demo's factor set allows the nearest year: Chongqing's latest provincial grid factor is
# 2022's, 0.5227 t CO2/MWh (MEE & NBS, published 2024-12-20).
CQ_2022 = 0.5227
PUBLIC = Actor(user_id=None, username="", role="public")


def _financier(session: Session) -> Actor:
    user = accounts.create_user(
        session, SYSTEM, username="bank", password="a-long-password-123", role="financier"
    )
    return Actor(user.id, user.username, "financier")


def test_the_demo_library_is_illustrative_and_estimated_by_the_engine(session: Session) -> None:
    projects = library.list_projects(session, SYSTEM, "LJ-2016")
    assert len(projects) == 32 and all(p.illustrative for p in projects)
    assert len({p.project_type for p in projects}) == 16
    found = library.estimates(session, projects)
    pv = found["LJ-CF-001"]  # 4,750 MWh a year from 2025
    assert pv.reduction_co2e_t == pytest.approx(4750 * CQ_2022, rel=1e-12)
    assert pv.year == 2025 and "nearest" in pv.factors[0].selection_reason
    assert found["LJ-CF-030"].reduction_co2e_t is None  # sponge city: indicators only
    assert found["LJ-CF-030"].benefit_indicators["sponge_area_km2"] == 3.4
    used = library.territory_factor_set(session, "LJ-2016")
    assert used.name == "liangjiang-demo" and "published inventory" in used.chosen_because


def test_outsiders_see_published_projects_without_contacts(session: Session) -> None:
    everything = {p.project_id for p in library.list_projects(session, SYSTEM)}
    public = library.list_projects(session, PUBLIC)
    assert {p.stage for p in public} <= {
        Stage.PROMOTED,
        Stage.FINANCING,
        Stage.CONSTRUCTION,
        Stage.OPERATION,
    }
    assert "LJ-CF-009" in everything and "LJ-CF-009" not in {p.project_id for p in public}
    with pytest.raises(NotFoundError):
        library.get_project(session, PUBLIC, "LJ-CF-009")  # declared: not published
    view = project_view(public[0], None, contact=False)
    assert "owner_contact" not in view and "示例联系人" not in str(view)
    assert "owner_contact" in project_view(public[0], None, contact=True)


def test_an_import_naming_an_unknown_sub_area_changes_nothing(session: Session) -> None:
    before = session.scalar(select(func.count()).select_from(FinanceProject))
    pv = library.get_project(session, SYSTEM, "LJ-CF-001")
    new = dataclasses.replace(pv, project_id="NEW-1")
    bad = dataclasses.replace(pv, project_id="NEW-2", sub_area="SC-TF")
    with pytest.raises(DataValidationError) as caught:
        library.import_library(session, SYSTEM, [new, bad])
    assert [(p.field, p.value) for p in caught.value.problems] == [("sub_area", "SC-TF")]
    assert session.scalar(select(func.count()).select_from(FinanceProject)) == before
    assert library.import_library(session, SYSTEM, [new]) == {"created": 1, "updated": 0}


def test_stages_with_entry_criteria_and_history(session: Session) -> None:
    p = library.step_project(session, SYSTEM, "LJ-CF-009", "admit", date(2026, 1, 5))
    assert p.stage is Stage.ADMITTED
    with pytest.raises(ConflictError):
        library.step_project(session, SYSTEM, "LJ-CF-009", "operate", date(2026, 1, 6))
    small = dataclasses.replace(
        p, project_id="SMALL", stage=Stage.DECLARED, investment_wan_yuan=100.0
    )
    library.import_library(session, SYSTEM, [small])
    with pytest.raises(ConflictError) as caught:
        library.step_project(session, SYSTEM, "SMALL", "admit", date(2026, 1, 6))
    assert "minimum_size" in caught.value.message.en
    history = library.stage_history(session, SYSTEM, "LJ-CF-009")
    assert [(h["from_stage"], h["to_stage"]) for h in history][-1] == ("declared", "admitted")


def test_monitored_values_replace_the_estimate(session: Session) -> None:
    library.set_monitored(session, SYSTEM, "LJ-CF-002", 2022, {"generation_mwh": 10000.0})
    project = library.get_project(session, SYSTEM, "LJ-CF-002")
    ex_post = library.estimates(session, [project])["LJ-CF-002"]
    ex_ante = library.estimates(session, [project], ex_ante_only=True)["LJ-CF-002"]
    assert ex_post.basis == "ex_post" and ex_post.reduction_co2e_t == pytest.approx(10000 * CQ_2022)
    assert ex_ante.reduction_co2e_t == pytest.approx(11400 * CQ_2022)
    with pytest.raises(DataValidationError):
        library.set_monitored(session, SYSTEM, "LJ-CF-002", 2022, {"wind_mwh": 1.0})


def test_one_reduction_one_claim(session: Session) -> None:
    [first] = claims.list_claims(session, "project:LJ-CF-002")
    with pytest.raises(ConflictError) as caught:
        claims.register(
            session,
            SYSTEM,
            source="project:LJ-CF-002",
            scheme="carbon_inclusion",
            claimant="someone",
            period_start=date(2024, 6, 1),
            period_end=date(2024, 6, 30),
            quantity_co2e_t=10.0,
        )
    assert first.claim_id in caught.value.message.zh and first.claim_id in caught.value.message.en
    later = claims.register(
        session,
        SYSTEM,
        source="project:LJ-CF-002",
        scheme="ets",
        claimant="someone",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        quantity_co2e_t=10.0,
    )
    assert later.claim_id != first.claim_id
    assert len(claims.list_claims(session, "project:LJ-CF-002")) == 2


def test_the_gap_of_each_lever(session: Session) -> None:
    report = gaps.gap_report(session, SYSTEM, "LJ-2016")
    assert report.scenario == "plan" and report.year == 2025 and report.illustrative
    by_lever = {g.lever: g for g in report.gaps}
    pv = by_lever["distributed_pv"]
    # Four PV projects, 4,750 + 11,400 + 2,300 + 7,100 MWh, all on the 2022 Chongqing factor.
    assert pv.delivered_co2e_t == pytest.approx(25550 * CQ_2022, rel=1e-9)
    assert pv.financing_need_wan_yuan == 1200 + 3000 + 600 + 1800
    assert pv.financing_secured_wan_yuan == 600 + 3000 + 0 + 500
    ctx = pathways.context(session, "LJ-2016")
    wedges = pathways.wedges(ctx, ctx.scenarios["plan"])
    assert wedges is not None
    need = float(
        wedges.reduction_t[wedges.players.index("distributed_pv"), list(wedges.years).index(2025)]
    )
    assert pv.needed_co2e_t == pytest.approx(need) and pv.gap_co2e_t == pytest.approx(
        need - pv.delivered_co2e_t
    )
    # The withdrawn drainage project counts nowhere; shore power implements no plan lever.
    assert all("LJ-CF-032" not in g.project_ids for g in report.gaps)
    assert "LJ-CF-020" in by_lever["(none)"].project_ids
    with pytest.raises(DataValidationError):
        gaps.gap_report(session, SYSTEM, "LJ-2016", scenario="baseline")


def test_a_financier_finds_projects_and_the_office_sees_the_interest(session: Session) -> None:
    bank = _financier(session)
    found = investors.find(session, bank, ProjectFilter(project_types=("distributed_pv",)))
    ids = [p.project_id for p, _ in found]
    # Published PV projects only (all four), best MWh per 万元 (same grid factor) first:
    # 7,100/2,600 = 2.731 (004) > 4,750/1,750 = 11,400/4,200 = 2.714 (001, 002: a tie, by id)
    # > 2,300/900 = 2.556 (003).
    assert ids == ["LJ-CF-004", "LJ-CF-001", "LJ-CF-002", "LJ-CF-003"]
    investors.express_interest(
        session, bank, "LJ-CF-001", instrument="green_loan", amount_wan_yuan=600.0
    )
    with pytest.raises(ConflictError):
        investors.express_interest(session, bank, "LJ-CF-001")
    with pytest.raises(NotFoundError):
        investors.express_interest(session, bank, "LJ-CF-009")  # declared: not published
    with pytest.raises(PermissionDeniedError):
        investors.express_interest(session, SYSTEM, "LJ-CF-001")
    [match] = investors.matches(session, SYSTEM)
    assert (match["project_id"], match["financier"], match["amount_wan_yuan"]) == (
        "LJ-CF-001",
        "bank",
        600.0,
    )
