"""Pathway services: saved scenarios validated by the core (errors name the key, nothing saved),
inheritance among saved and shipped scenarios, the lever editor's text, results, audit."""

from __future__ import annotations

import dataclasses
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.demo.load import load_demo
from cityclimate.errors import DataValidationError
from cityclimate.services import pathways
from cityclimate.services.actors import SYSTEM
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.models import AuditEntry, InventoryVersion
from cityclimate.storage.pathways_models import PathwayScenario


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the demo loaded (the stored plan and the published 2019 and 2020)."""
    path = tmp_path_factory.mktemp("pathways") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(make_sessionmaker(engine), write=True) as s:
        load_demo(s, SYSTEM)
    engine.dispose()
    return path


def copy_of(template: Path, tmp_path: Path) -> str:
    target = tmp_path / "s.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def session(template: Path, tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(copy_of(template, tmp_path))
    with transaction(make_sessionmaker(engine), write=True) as s:
        yield s
    engine.dispose()


def test_shipped_scenarios_are_listed_with_their_peaks(session: Session) -> None:
    items = {i["name"]: i for i in pathways.list_scenarios(session)}
    assert list(items) == ["baseline", "plan", "enhanced"]
    assert all(i["kind"] == "shipped" and i["illustrative"] for i in items.values())
    assert items["plan"]["peak_year"] < items["baseline"]["peak_year"]
    # The stored plan holds its scenarios complete (the pack writer flattens inheritance).
    assert items["plan"]["inherits"] == ""


def test_a_bad_scenario_is_refused_whole_with_the_key_named(session: Session) -> None:
    text = (
        'inherits = "plan"\n[levers]\nnev_cars = { strength = 99 }\nnev_buzes = { strength = 1 }\n'
    )
    with pytest.raises(DataValidationError) as caught:
        pathways.save_scenario(session, SYSTEM, "mine", text)
    keys = {p.field for p in caught.value.problems}
    assert {"levers.nev_cars.strength", "levers.nev_buzes"} <= keys
    assert "between 0 and" in " ".join(p.message_en for p in caught.value.problems)
    assert session.scalar(select(PathwayScenario)) is None
    with pytest.raises(DataValidationError):
        pathways.save_scenario(session, SYSTEM, "Bad Name", 'inherits = "plan"\n')
    with pytest.raises(ConflictError):
        pathways.save_scenario(session, SYSTEM, "plan", 'inherits = "plan"\n')
    with pytest.raises(DataValidationError) as caught:
        pathways.save_scenario(session, SYSTEM, "mine", 'inherits = "plan"\nname = "other"\n')
    assert caught.value.problems[0].field == "name"
    # An inherited scenario that does not exist is named, with the plan's scenarios listed.
    with pytest.raises(DataValidationError) as caught:
        pathways.save_scenario(session, SYSTEM, "mine", 'inherits = "no-such"\n')
    (problem,) = caught.value.problems
    assert (problem.field, problem.value) == ("inherits", "no-such")
    assert "plan" in problem.message_en and "plan" in problem.message_zh


def test_saved_scenarios_inherit_and_are_audited(session: Session) -> None:
    first = 'inherits = "plan"\ntitle_en = "Mine"\n[levers]\nnev_cars = { strength = 3.0 }\n'
    mine = pathways.save_scenario(session, SYSTEM, "mine", first)
    assert mine.name == "mine" and mine.levers["nev_cars"].strength == 3.0
    child = pathways.save_scenario(session, SYSTEM, "mine-more", 'inherits = "mine"\n')
    assert child.levers["nev_cars"].strength == 3.0
    assert child.files == ("mine-more.toml", "mine.toml", "plan.toml")
    pathways.save_scenario(session, SYSTEM, "mine", first.replace("3.0", "2.5"))
    assert pathways.get_scenario(session, "mine-more").levers["nev_cars"].strength == 2.5
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "pathway_scenario")
    ).all()
    assert list(actions) == ["create", "create", "update"]
    names = [i["name"] for i in pathways.list_scenarios(session)]
    assert names[-2:] == ["mine", "mine-more"]
    with pytest.raises(NotFoundError):
        pathways.get_scenario(session, "nobody")
    with pytest.raises(DataValidationError):  # a scenario inheriting itself loops
        pathways.save_scenario(session, SYSTEM, "mine", 'inherits = "mine-more"\n')


def test_a_change_that_breaks_a_child_scenario_is_refused(template: Path, tmp_path: Path) -> None:
    engine = make_engine(copy_of(template, tmp_path))
    sessions = make_sessionmaker(engine)
    parent = 'inherits = "baseline"\n[levers]\nfgas_abatement = { strength = 1.0 }\n'
    with transaction(sessions, write=True) as s:
        pathways.save_scenario(session=s, actor=SYSTEM, name="parent", text=parent)
        child = 'inherits = "parent"\n[levers]\nfgas_abatement = { start_year = 2024 }\n'
        pathways.save_scenario(s, SYSTEM, "child", child)
    # Without a strength in the parent, the child's lever table lacks one.
    with pytest.raises(DataValidationError) as caught, transaction(sessions, write=True) as s:
        pathways.save_scenario(s, SYSTEM, "parent", 'inherits = "baseline"\n')
    problem = caught.value.problems[0]
    assert problem.where == "child.toml" and problem.field == "levers.fgas_abatement.strength"
    assert "would break" in problem.message_en
    with transaction(sessions) as s:
        assert pathways.scenario_text(s, "parent") == parent  # rolled back
    engine.dispose()


def test_lever_editor_text_changes_only_what_changed(session: Session) -> None:
    ctx = pathways.context(session)
    plan = pathways.get_scenario(session, "plan")
    unchanged = {k: (s.strength, s.start_year, s.ramp_years) for k, s in plan.levers.items()}
    text = pathways.levers_text(ctx, plan, unchanged, "shipped")
    assert "levers" not in tomllib.loads(text)
    again = pathways.parse_text(session, text)
    assert pathways.run(ctx, again).peak == pathways.run(ctx, plan).peak
    changed = dict(unchanged, nev_cars=(3.0, 2022, 5))
    data = tomllib.loads(pathways.levers_text(ctx, plan, changed, "shipped"))
    assert data["inherits"] == "plan"
    assert data["levers"] == {"nev_cars": {"strength": 3.0, "start_year": 2022, "ramp_years": 5}}
    # A saved base keeps its own keys; its levers are changed in place.
    own = 'inherits = "plan"\nname = "mine"\n[intensity.change_pct]\n"industry.manufacturing" = -4.0\n'
    mine = pathways.save_scenario(session, SYSTEM, "mine", own)
    data = tomllib.loads(pathways.levers_text(ctx, mine, {"nev_cars": (3.0, 2022, 5)}, "user", own))
    assert "name" not in data and data["intensity"]["change_pct"]["industry.manufacturing"] == -4.0


def test_result_view_has_peak_targets_wedges_and_probabilities(session: Session) -> None:
    ctx = pathways.context(session)
    view = pathways.result_view(ctx, pathways.get_scenario(session, "plan"))
    assert view["illustrative"] and "ILLUSTRATIVE" in view["notice_en"]
    totals = {t["year"]: t["gross_co2e_t"] for t in view["totals"]}
    assert max(totals, key=lambda y: totals[y]) == view["peak"]["year"]
    sectors = sum(v[0] for v in view["by_sector"].values())
    assert sectors == pytest.approx(view["totals"][0]["gross_co2e_t"], rel=1e-9)
    wedges = view["wedges"]
    last = -1
    total = sum(v[last] for v in wedges["by_lever"].values())
    assert total == pytest.approx(wedges["baseline_net_t"][last] - wedges["scenario_net_t"][last])
    assert set(view["monte_carlo"]["probability_peak_by"]) == {"2025", "2030"}
    assert pathways.result_view(ctx, pathways.get_scenario(session, "baseline"))["wedges"] is None


def test_export_has_every_table(session: Session, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from cityclimate.io.pathways_export import pathways_xlsx

    export = pathways.export_study(session, pathways.context(session), ["plan", "enhanced"])
    assert set(export.study.results) == {"baseline", "plan", "enhanced"}
    path = tmp_path / "p.xlsx"
    path.write_bytes(pathways_xlsx(export.study, export.notice, export.actual))
    book = load_workbook(path, read_only=True)
    assert {
        "总量 Totals",
        "减排楔形 Wedges",
        "不确定性 Fan chart",
        "LMDI分解 Decomposition",
        "实际 Actual (published)",
    } <= set(book.sheetnames)
    actual = list(book["实际 Actual (published)"].iter_rows(values_only=True))
    assert [r[0] for r in actual[1:]] == [2019, 2020, 2021, 2022, 2023]  # the demo's published
    first = book[book.sheetnames[0]]
    assert "ILLUSTRATIVE" in str(next(first.iter_rows(max_row=1, values_only=True))[0])


def test_targets_come_from_the_stored_plan_and_follow_a_new_plan(session: Session) -> None:
    from cityclimate.services import plans

    ctx = pathways.context(session)
    view = pathways.result_view(ctx, ctx.scenarios["plan"], with_uncertainty=False)
    # targets.csv of the stored pack (by hand): 15 % energy, 19.5 % CO2 intensity reduction.
    got = {t["indicator_id"]: t["target_pct"] for t in view["targets"]}
    assert got == {"energy_intensity_reduction": 15.0, "co2_intensity_reduction": 19.5}
    pack = plans.get_plan(session, "LJ-2016").pack
    city = tuple(
        dataclasses.replace(t, value=12.0) if t.indicator_id == "co2_intensity_reduction" else t
        for t in pack.city_targets
    )
    plans.save_pack(session, SYSTEM, dataclasses.replace(pack, city_targets=city), action="edit")
    ctx = pathways.context(session)
    view = pathways.result_view(ctx, ctx.scenarios["plan"], with_uncertainty=False)
    assert {t["indicator_id"]: t["target_pct"] for t in view["targets"]}[
        "co2_intensity_reduction"
    ] == 12.0


def test_a_territory_without_a_plan_or_a_published_inventory_is_a_clear_error(
    session: Session,
) -> None:
    with pytest.raises(NotFoundError) as caught:
        pathways.context(session, "500112")
    assert "plan" in caught.value.message_en
    for version in session.scalars(select(InventoryVersion)):
        version.status = "draft"
    session.flush()
    with pytest.raises(NotFoundError) as caught:
        pathways.context(session, "LJ-2016")
    assert "no published inventory" in caught.value.message_en
