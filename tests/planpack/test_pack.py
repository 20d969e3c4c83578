"""The plan pack: the shipped Liangjiang pack reads whole, writes back equal, and a broken pack
is refused with every problem located (file, row, field), nothing returned."""

from __future__ import annotations

import dataclasses
import re

import pytest

from cityclimate.demo.liangjiang import plan_pack_files
from cityclimate.errors import DataValidationError
from cityclimate.planpack.model import PACK_FILES, PlanPack
from cityclimate.planpack.read import parse_plan_pack
from cityclimate.planpack.write import write_plan_pack


def typed(pack: PlanPack) -> dict[str, object]:
    """Every part of a pack that compares with == (the frames are compared as files)."""
    parts = {
        f.name: getattr(pack, f.name) for f in dataclasses.fields(pack) if f.name != "pathways"
    }
    parts["levers"] = dict(pack.pathways.levers)
    parts["scenarios"] = pack.pathways.scenarios
    parts["drivers"] = dict(pack.pathways.structure.drivers)
    parts["lines"] = dict(pack.pathways.structure.lines)
    return parts


@pytest.fixture(scope="module")
def shipped() -> PlanPack:
    return parse_plan_pack(plan_pack_files())


def test_the_liangjiang_pack_round_trips(shipped: PlanPack) -> None:
    written = write_plan_pack(shipped)
    again = parse_plan_pack(written)
    assert typed(again) == typed(shipped)
    assert again.pathways.structure.allocation.equals(shipped.pathways.structure.allocation)
    assert again.pathways.structure.sector_value_added.equals(
        shipped.pathways.structure.sector_value_added
    )
    assert write_plan_pack(again) == written  # bytes in, same bytes out the second time


def test_the_liangjiang_pack_holds_the_plan(shipped: PlanPack) -> None:
    header = shipped.header
    assert (header.territory, header.period_start, header.period_end, header.base_year) == (
        "LJ-2016",
        2021,
        2025,
        2020,
    )
    assert header.illustrative and "ILLUSTRATIVE" in header.notice_en
    # Plan Table 1: 13 indicators, the PUE indicator with three sub-limits -> 15 rows.
    assert len(shipped.indicators) == 15
    assert len({d.number for d in shipped.indicators}) == 13
    assert [s.name for s in shipped.pathways.scenarios] == ["baseline", "plan", "enhanced"]
    # One source for each city target: every scenario carries exactly the pack's targets.
    targets = {t.indicator_id: t.value for t in shipped.city_targets}
    assert targets["energy_intensity_reduction"] == 15.0
    assert targets["co2_intensity_reduction"] == 19.5
    for scenario in shipped.pathways.scenarios:
        assert scenario.city_targets == shipped.city_targets


def test_sources_cite_the_plan_by_chapter_section_and_table_not_a_file_line() -> None:
    texts = {n: b.decode("utf-8") for n, b in plan_pack_files().items()}
    for name, text in texts.items():
        assert "seed text" not in text, name
        assert not re.search(r"\blines? \d", text), name
    tasks = texts["tasks.csv"]
    # Task 9.2.4 (assessment of departments) sits in chapter 九, section (二), item 4.
    row = next(line for line in tasks.splitlines() if line.startswith("9.2.4,"))
    assert row.endswith('"Plan §九(二)4"') or row.endswith("Plan §九(二)4")
    assert "Plan Table 1 row 1" in texts["indicators.csv"]


def broken_files() -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = dict(plan_pack_files())
    indicators = files["indicators.csv"].decode("utf-8").splitlines()  # type: ignore[union-attr]
    # data row 3 (strategic emerging industries): direction 'sideways'
    indicators[3] = indicators[3].replace(",expected,increase,", ",expected,sideways,")
    files["indicators.csv"] = "\n".join(indicators) + "\n"
    assignments = files["assignments.csv"].decode("utf-8").splitlines()  # type: ignore[union-attr]
    assignments[2] = assignments[2].replace("两江新区应对气候变化主管部门", "不存在的部门", 1)
    files["assignments.csv"] = "\n".join(assignments) + "\n"
    files["pathways/scenarios/plan.toml"] = (
        files["pathways/scenarios/plan.toml"].decode("utf-8")  # type: ignore[union-attr]
        + '\n[targets.co2_intensity_reduction]\nvalue = 18.0\nunit = "%"\nsource = "x"\n'
    )
    files["grades.csv"] = "grade,label_zh\n".encode("gbk")
    del files["departments.csv"]
    files["weights.csv"] = "部门,权重\n".encode("gbk")  # not UTF-8
    return files


def test_a_broken_pack_is_refused_whole_with_every_problem_located() -> None:
    with pytest.raises(DataValidationError) as caught:
        parse_plan_pack(broken_files())
    located = {(p.where, p.row, p.field) for p in caught.value.problems}
    assert ("indicators.csv", 3, "direction") in located
    assert ("pathways/scenarios/plan.toml", None, "targets") in located
    assert ("departments.csv", None, None) in located  # missing file
    assert ("weights.csv", None, None) in located  # not UTF-8
    assert ("grades.csv", None, "label_en") in located  # missing columns
    # the stray department is not reported: assignments wait for a sound task tree
    assert not any(p.where == "assignments.csv" for p in caught.value.problems)
    for problem in caught.value.problems:
        assert problem.message_zh and problem.message_en


def test_an_unknown_department_is_named_with_its_row() -> None:
    files: dict[str, bytes | str] = dict(plan_pack_files())
    assignments = files["assignments.csv"].decode("utf-8").splitlines()  # type: ignore[union-attr]
    assignments[2] = assignments[2].replace("两江新区应对气候变化主管部门", "不存在的部门", 1)
    files["assignments.csv"] = "\n".join(assignments) + "\n"
    with pytest.raises(DataValidationError) as caught:
        parse_plan_pack(files)
    assert [(p.where, p.row, p.field, p.value) for p in caught.value.problems] == [
        ("assignments.csv", 2, "lead_department", "不存在的部门")
    ]


def test_a_stray_file_and_a_missing_scenario_are_named() -> None:
    files: dict[str, bytes | str] = dict(plan_pack_files())
    files["notes.xlsx"] = b"x"
    del files["pathways/scenarios/enhanced.toml"]
    with pytest.raises(DataValidationError) as caught:
        parse_plan_pack(files)
    located = {(p.where, p.field, p.value) for p in caught.value.problems}
    assert ("notes.xlsx", None, "") in located
    assert ("pack.toml", "pathways.scenarios", "enhanced") in located


def test_every_pack_file_is_shipped() -> None:
    assert set(PACK_FILES) <= set(plan_pack_files())
