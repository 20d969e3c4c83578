"""Catalogue tags, entry criteria, and the library tables: round trip and located errors."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.finance.catalogues import catalogues, check_entry, recheck, tag_problems
from cityclimate.finance.estimates import estimate
from cityclimate.finance.library import FIELDS, projects_from_tables, tables_from_projects
from tests.finance.conftest import project


def test_tags_are_checked_and_a_new_edition_lists_what_moved() -> None:
    good = project(catalogue_codes={"green_bond": ("3",), "transition": ("4",)})
    assert tag_problems(good, catalogues()) == []
    bad = project(catalogue_codes={"green_bond": ("9",), "moon": ("1",)})
    assert {p.value for p in tag_problems(bad, catalogues())} == {"green_bond:9", "moon"}
    shrunk = catalogues().filter(~((pl.col("catalogue") == "green_bond") & (pl.col("code") == "3")))
    moved = recheck(
        [good, project(project_id="other", catalogue_codes={"green_bond": ("5",)})], shrunk
    )
    assert [(m.project_id, m.catalogue, m.code) for m in moved] == [
        (good.project_id, "green_bond", "3")
    ]


def test_entry_criteria() -> None:
    ok = project(inputs={"generation_mwh": 100.0})
    results = {r.criterion: r.passed for r in check_entry(ok, estimate(ok))}
    assert results == {
        "owner_uscc": True,
        "catalogue_tag": True,
        "climate_benefit": True,
        "minimum_size": True,
    }
    # The check character of 91500000MA5U7A1B2J is J: K is wrong. 400 万元 is under 500.
    bad = project(owner_uscc="91500000MA5U7A1B2K", investment_wan_yuan=400.0, catalogue_codes={})
    failed = {r.criterion for r in check_entry(bad, None) if not r.passed}
    assert failed == {"owner_uscc", "catalogue_tag", "climate_benefit", "minimum_size"}


def test_tables_round_trip() -> None:
    projects = [
        project(
            inputs={"generation_mwh": 1234.5},
            phasing_wan_yuan={2021: 400.0, 2022: 600.0},
            instruments=("green_loan", "green_bond"),
            catalogue_codes={"green_bond": ("3",), "transition": ("4",)},
            sub_area="LJ-2016-ST",
            owner_contact="023-0000",
            illustrative=True,
            lever="distributed_pv",
        ),
        project("sponge_city", inputs={"sponge_area_km2": 2.0}),
    ]
    back = projects_from_tables(
        tables_from_projects(projects), territories=frozenset({"LJ-2016", "LJ-2016-ST"})
    )
    assert back == projects


def _table(kind: str, rows: list[dict[str, str | None]]) -> pl.DataFrame:
    keys = [f.key for f in FIELDS[kind]]
    return pl.DataFrame(
        [{k: r.get(k) for k in keys} for r in rows], schema=dict.fromkeys(keys, pl.String)
    )


def test_every_bad_cell_is_located_and_nothing_is_returned() -> None:
    tables = tables_from_projects([project(inputs={"generation_mwh": 10.0})])
    row = tables["projects"].row(0, named=True)
    bad = dict(row, investment_wan_yuan="lots", stage="dreaming", project_type="moonbase")
    tables = {
        "projects": _table(
            "projects",
            [row, dict(row, project_id="T2", investment_wan_yuan="lots", stage="dreaming")],
        ),
        "inputs": _table(
            "inputs",
            [
                {"project_id": "T-distributed_pv", "input": "generation_mwh", "value": "10"},
                {"project_id": "NOPE", "input": "generation_mwh", "value": "1"},
            ],
        ),
        "phasing": _table(
            "phasing",
            [{"project_id": "T-distributed_pv", "year": "2021", "amount_wan_yuan": "5000"}],
        ),
    }
    assert bad["project_type"] == "moonbase"
    where = {
        "projects": "lib.xlsx [项目 Projects]",
        "inputs": "lib.xlsx [计算输入 Inputs]",
        "phasing": "lib.xlsx [投资分期 Phasing]",
    }
    with pytest.raises(DataValidationError) as caught:
        projects_from_tables(tables, where=where, first_row=3)
    found = {(p.where, p.row, p.field) for p in caught.value.problems}
    assert ("lib.xlsx [项目 Projects]", 4, "总投资（万元） (investment_wan_yuan)") in found
    assert ("lib.xlsx [项目 Projects]", 4, "阶段 (stage)") in found
    assert ("lib.xlsx [计算输入 Inputs]", 4, "项目编号 (project_id)") in found
    assert any(
        p.where == "lib.xlsx [投资分期 Phasing]" and "T-distributed_pv" in p.message.en
        for p in caught.value.problems
    )
    assert all(p.message.zh and p.message.en for p in caught.value.problems)
