"""Catalogues, project types and entry criteria as dated data files, and the checks on them.

Each table is a CSV file under ``finance/data/`` whose rows name their ``source`` (catalogues and
criteria also an edition, the date they apply from and a ``confidence``: H checked against the
publisher's text, M consistent across secondary sources, L a default or unconfirmed). Every
loader accepts the file's text in place of the shipped one, so an office can load its own
edition; :func:`recheck` then lists what moved.

>>> sorted(catalogues().filter(catalogue="green_bond")["code"])
['1', '2', '3', '4', '5', '6']
>>> project_types().filter(type="distributed_pv")["lever"].item()
'distributed_pv'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from cityclimate.enterprises.codes import check_uscc
from cityclimate.errors import Problem
from cityclimate.finance.model import ClimateType, Estimate, Project
from cityclimate.refdata.tables import Column, TableSchema, read_package_table
from cityclimate.text import Text

_SOURCE = Column("source")
_CONFIDENCE = Column("confidence", allowed=frozenset({"H", "M", "L"}))

PROJECT_TYPES = TableSchema(
    "project_types",
    (
        Column("type"),
        Column("name_zh"),
        Column("name_en"),
        Column("benefit", allowed=frozenset(c.value for c in ClimateType)),
        Column("lever", required=False),
        Column("method_zh"),
        Column("method_en"),
        _SOURCE,
    ),
    key=("type",),
)
PROJECT_INPUTS = TableSchema(
    "project_inputs",
    (
        Column("type"),
        Column("input"),
        Column("unit"),
        Column("name_zh"),
        Column("name_en"),
        Column("benefit_indicator", "bool"),
    ),
    key=("type", "input"),
)
CATALOGUES = TableSchema(
    "catalogues",
    (
        Column("catalogue"),
        Column("edition"),
        Column("valid_from"),
        Column("code"),
        Column("name_zh"),
        Column("name_en"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("catalogue", "code"),
)
ENTRY_CRITERIA = TableSchema(
    "entry_criteria",
    (
        Column("criterion"),
        Column("edition"),
        Column("valid_from"),
        Column(
            "check",
            allowed=frozenset(
                {
                    "owner_uscc_valid",
                    "has_catalogue_code",
                    "has_climate_benefit",
                    "min_investment_wan_yuan",
                }
            ),
        ),
        Column("threshold", "float", required=False),
        Column("name_zh"),
        Column("name_en"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("criterion",),
)

#: Names of the catalogues a project may be tagged with.
CATALOGUE_NAMES: dict[str, Text] = {
    "green_bond": Text("绿色债券支持项目目录", "Green Bond Endorsed Projects Catalogue"),
    "transition": Text("绿色低碳转型产业指导目录", "Green and Low-carbon Transition Catalogue"),
    "climate_class": Text("气候项目类别（T/CSTE 0061）", "climate class (T/CSTE 0061)"),
}


def _table(file_name: str, schema: TableSchema, text: str | None) -> pl.DataFrame:
    return read_package_table("cityclimate.finance", file_name, schema, text)


def project_types(text: str | None = None) -> pl.DataFrame:
    """Project types: name, benefit (mitigation/adaptation/both), lever, method, source."""
    return _table("project_types.csv", PROJECT_TYPES, text)


def project_inputs(text: str | None = None) -> pl.DataFrame:
    """The inputs of each type's method (name, unit, whether it is a benefit indicator)."""
    return _table("project_inputs.csv", PROJECT_INPUTS, text)


def catalogues(text: str | None = None) -> pl.DataFrame:
    """Catalogue codes by catalogue and edition, with the date they apply from and source."""
    return _table("catalogues.csv", CATALOGUES, text)


def entry_criteria(text: str | None = None) -> pl.DataFrame:
    """The library's entry criteria (the check each runs, its threshold and source)."""
    return _table("entry_criteria.csv", ENTRY_CRITERIA, text)


def tag_problems(
    project: Project, table: pl.DataFrame, *, where: str = "projects", row: int | None = None
) -> list[Problem]:
    """Catalogue tags of ``project`` that ``table`` (:func:`catalogues`) does not hold."""
    known = {(c, code) for c, code in table.select("catalogue", "code").iter_rows()}
    names = set(table["catalogue"].unique())
    problems: list[Problem] = []
    for catalogue, codes in project.catalogue_codes.items():
        if catalogue not in names:
            problems.append(
                Problem(
                    where,
                    row,
                    "catalogue_codes",
                    catalogue,
                    f"项目 {project.project_id}：未知目录“{catalogue}”；可选：{'、'.join(sorted(names))}",
                    f"project {project.project_id}: unknown catalogue '{catalogue}'; use one of "
                    f"{', '.join(sorted(names))}",
                )
            )
            continue
        for code in codes:
            if (catalogue, code) not in known:
                problems.append(
                    Problem(
                        where,
                        row,
                        "catalogue_codes",
                        f"{catalogue}:{code}",
                        f"项目 {project.project_id}：目录“{catalogue}”中没有类别 {code}",
                        f"project {project.project_id}: catalogue '{catalogue}' has no code {code}",
                    )
                )
    return problems


@dataclass(frozen=True)
class Moved:
    """A project tag that a new catalogue edition no longer holds."""

    project_id: str
    catalogue: str
    code: str


def recheck(projects: Iterable[Project], new_table: pl.DataFrame) -> list[Moved]:
    """Re-check every project's tags against a new catalogue table: the tags that moved."""
    known = {(c, code) for c, code in new_table.select("catalogue", "code").iter_rows()}
    return [
        Moved(p.project_id, catalogue, code)
        for p in projects
        for catalogue, codes in sorted(p.catalogue_codes.items())
        for code in codes
        if (catalogue, code) not in known
    ]


@dataclass(frozen=True)
class CriterionResult:
    """One entry criterion checked on a project."""

    criterion: str
    name: Text
    passed: bool
    source: str


def check_entry(
    project: Project, estimate: Estimate | None, criteria: pl.DataFrame | None = None
) -> list[CriterionResult]:
    """Check ``project`` against the entry criteria (:func:`entry_criteria`).

    ``owner_uscc_valid``: GB 32100-2015 check character right; ``has_catalogue_code``: at least
    one green-bond or transition-catalogue code; ``has_climate_benefit``: a reduction > 0 or
    benefit indicators; ``min_investment_wan_yuan``: investment ≥ threshold.
    """
    criteria = entry_criteria() if criteria is None else criteria
    results: list[CriterionResult] = []
    for row in criteria.iter_rows(named=True):
        check = row["check"]
        if check == "owner_uscc_valid":
            passed = check_uscc(project.owner_uscc).valid
        elif check == "has_catalogue_code":
            passed = any(project.catalogue_codes.get(c) for c in ("green_bond", "transition"))
        elif check == "has_climate_benefit":
            passed = estimate is not None and (
                (estimate.reduction_co2e_t or 0.0) > 0 or bool(estimate.benefit_indicators)
            )
        else:
            passed = project.investment_wan_yuan >= float(row["threshold"] or 0.0)
        results.append(
            CriterionResult(row["criterion"], Text.of(row, "name"), passed, row["source"])
        )
    return results
