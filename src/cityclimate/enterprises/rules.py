"""The rules of enterprise reporting as data: the shipped tables and their typed loaders.

Each table is a CSV file under ``enterprises/data/`` whose rows name their ``source`` (and, for
figures, a ``confidence``: H checked against the publisher's text, M consistent across
secondary sources, L a default or seen once, to be set or confirmed by the office). Changing a
limit, benchmark, deadline or score is a data change. Every loader accepts the file's text in
place of the shipped one, so a district can run on its own rules.

>>> pue_limits().filter(edition="plan_text", data_centre_class="new")["limit"].item()
1.3
"""

from __future__ import annotations

import polars as pl

from cityclimate.refdata.tables import Column, TableSchema, read_package_table

_SOURCE = Column("source")
_CONFIDENCE = Column("confidence", allowed=frozenset({"H", "M", "L"}))

INDUSTRIES = TableSchema(
    "industries_gbt4754_2017",
    (
        Column("code"),
        Column("level", allowed=frozenset({"section", "division", "group", "class"})),
        Column("name_zh"),
        Column("name_en"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("code",),
)
PUE_LIMITS = TableSchema(
    "pue_limits",
    (
        Column("edition"),
        Column("data_centre_class", allowed=frozenset({"new", "existing", "national_hub"})),
        Column("limit", "float"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("edition", "data_centre_class"),
)
DEADLINES = TableSchema(
    "deadlines",
    (
        Column("obligation"),
        Column("name_zh"),
        Column("name_en"),
        Column("applies_to", allowed=frozenset({"all", "mandatory_disclosure", "ets"})),
        Column("month", "int"),
        Column("day", "int"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("obligation",),
)
ETS_SECTORS = TableSchema(
    "ets_sectors",
    (
        Column("sector"),
        Column("name_zh"),
        Column("name_en"),
        Column("method", allowed=frozenset({"benchmark", "intensity"})),
        Column("product"),
        Column("product_unit", "unit"),
        Column("benchmark", "float", required=False),
        Column("benchmark_unit", "unit", required=False),
        Column("reduction_factor", "float", required=False),
        Column("preliminary_share", "float"),
        Column("covered_gases", allowed=frozenset({"CO2", "all"})),
        Column("offset_cap_share", "float"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("sector", "product"),
)
CREDIT_RULES = TableSchema(
    "credit_rules",
    (
        Column("criterion"),
        Column(
            "measure",
            allowed=frozenset(
                {
                    "ets_shortfall_share",
                    "report_days_late",
                    "disclosure_days_late",
                    "disclosure_missing_share",
                    "major_findings",
                    "minor_findings",
                }
            ),
        ),
        Column("lower", "float"),
        Column("upper", "float", required=False),
        Column("points", "float"),
        Column("per_unit", "bool"),
        Column("cap", "float", required=False),
        Column("name_zh"),
        Column("name_en"),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("measure", "lower"),
)
CREDIT_GRADES = TableSchema(
    "credit_grades",
    (
        Column("grade"),
        Column("min_score", "float"),
        Column("name_zh"),
        Column("name_en"),
        Column("joint_list", required=False, allowed=frozenset({"reward", "watch", "penalty"})),
        _SOURCE,
        _CONFIDENCE,
    ),
    key=("grade",),
)
DISCLOSURE_FIELDS = TableSchema(
    "disclosure_fields",
    (
        Column("field"),
        Column("name_zh"),
        Column("name_en"),
        Column("required_for", allowed=frozenset({"all", "ets", "data_centre"})),
        _SOURCE,
    ),
    key=("field",),
)
COVERAGE_EXPECTATIONS = TableSchema(
    "coverage_expectations",
    (
        Column("category"),
        Column("min_coverage", "float"),
        Column("reason_zh"),
        Column("reason_en"),
        _SOURCE,
    ),
    key=("category",),
)


def _table(file_name: str, schema: TableSchema, text: str | None) -> pl.DataFrame:
    return read_package_table("cityclimate.enterprises", file_name, schema, text)


def industries(text: str | None = None) -> pl.DataFrame:
    """GB/T 4754-2017 industry codes (a transcribed subset): code, level, names, source."""
    return _table("industries_gbt4754_2017.csv", INDUSTRIES, text)


def pue_limits(text: str | None = None) -> pl.DataFrame:
    """PUE limits by edition (``plan_table1``: new ≤1.25; ``plan_text``: new ≤1.3) and class."""
    return _table("pue_limits.csv", PUE_LIMITS, text)


def deadlines(text: str | None = None) -> pl.DataFrame:
    """Filing deadlines (month and day of the year after the reporting year) by obligation."""
    return _table("deadlines.csv", DEADLINES, text)


def ets_sectors(text: str | None = None) -> pl.DataFrame:
    """Allocation method per ETS sector and product: benchmark or intensity, shares, caps."""
    return _table("ets_sectors.csv", ETS_SECTORS, text)


def credit_rules(text: str | None = None) -> pl.DataFrame:
    """Deductions of the carbon-compliance score: measure, band [lower, upper), points."""
    return _table("credit_rules.csv", CREDIT_RULES, text)


def credit_grades(text: str | None = None) -> pl.DataFrame:
    """Grades by minimum score, with the joint rewards/penalties list each grade goes on."""
    return _table("credit_grades.csv", CREDIT_GRADES, text)


def disclosure_fields(text: str | None = None) -> pl.DataFrame:
    """Fields of the mandatory disclosure form and for whom each is required."""
    return _table("disclosure_fields.csv", DISCLOSURE_FIELDS, text)


def coverage_expectations(text: str | None = None) -> pl.DataFrame:
    """Categories the key enterprises should (nearly) cover in the district inventory."""
    return _table("coverage_expectations.csv", COVERAGE_EXPECTATIONS, text)
