"""Pathway services: saved scenarios validated by the core (errors name the key, nothing saved),
inheritance among saved and shipped scenarios, the lever editor's text, results, audit."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.services import pathways
from cityclimate.services.actors import SYSTEM
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.models import AuditEntry
from cityclimate.storage.pathways_models import PathwayScenario


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    upgrade(engine)
    with transaction(make_sessionmaker(engine), write=True) as s:
        yield s
    engine.dispose()


def test_shipped_scenarios_are_listed_with_their_peaks(session: Session) -> None:
    items = {i["name"]: i for i in pathways.list_scenarios(session)}
    assert list(items) == ["baseline", "plan", "enhanced"]
    assert all(i["kind"] == "shipped" and i["illustrative"] for i in items.values())
    assert items["plan"]["peak_year"] < items["baseline"]["peak_year"]
    assert items["plan"]["inherits"] == "baseline"


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


def test_saved_scenarios_inherit_and_are_audited(session: Session) -> None:
    first = 'inherits = "plan"\ntitle_en = "Mine"\n[levers]\nnev_cars = { strength = 3.0 }\n'
    mine = pathways.save_scenario(session, SYSTEM, "mine", first)
    assert mine.name == "mine" and mine.levers["nev_cars"].strength == 3.0
    child = pathways.save_scenario(session, SYSTEM, "mine-more", 'inherits = "mine"\n')
    assert child.levers["nev_cars"].strength == 3.0
    assert child.files == ("mine-more.toml", "mine.toml", "plan.toml", "baseline.toml")
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


def test_a_change_that_breaks_a_child_scenario_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    upgrade(engine)
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
    plan = pathways.get_scenario(session, "plan")
    unchanged = {k: (s.strength, s.start_year, s.ramp_years) for k, s in plan.levers.items()}
    text = pathways.levers_text(plan, unchanged, "shipped")
    assert "levers" not in tomllib.loads(text)
    assert pathways.run(pathways.parse_text(session, text)).peak == pathways.run(plan).peak
    changed = dict(unchanged, nev_cars=(3.0, 2022, 5))
    data = tomllib.loads(pathways.levers_text(plan, changed, "shipped"))
    assert data["inherits"] == "plan"
    assert data["levers"] == {"nev_cars": {"strength": 3.0, "start_year": 2022, "ramp_years": 5}}
    # A saved base keeps its own keys; its levers are changed in place.
    own = 'inherits = "plan"\nname = "mine"\n[intensity.change_pct]\n"industry.manufacturing" = -4.0\n'
    mine = pathways.save_scenario(session, SYSTEM, "mine", own)
    data = tomllib.loads(pathways.levers_text(mine, {"nev_cars": (3.0, 2022, 5)}, "user", own))
    assert "name" not in data and data["intensity"]["change_pct"]["industry.manufacturing"] == -4.0


def test_result_view_has_peak_targets_wedges_and_probabilities(session: Session) -> None:
    view = pathways.result_view(pathways.get_scenario(session, "plan"))
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
    assert pathways.result_view(pathways.get_scenario(session, "baseline"))["wedges"] is None


def test_export_has_every_table(session: Session, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from cityclimate.io.pathways_export import pathways_xlsx

    export = pathways.export_study(session, ["baseline", "plan", "enhanced"])
    assert set(export.study.results) == {"baseline", "plan", "enhanced"}
    path = tmp_path / "p.xlsx"
    path.write_bytes(pathways_xlsx(export.study, export.notice))
    book = load_workbook(path, read_only=True)
    assert {
        "总量 Totals",
        "减排楔形 Wedges",
        "不确定性 Fan chart",
        "LMDI分解 Decomposition",
    } <= set(book.sheetnames)
    first = book[book.sheetnames[0]]
    assert "ILLUSTRATIVE" in str(next(first.iter_rows(max_row=1, values_only=True))[0])
