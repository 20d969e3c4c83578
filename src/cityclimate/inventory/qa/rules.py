"""The QA/QC rule and factor-range tables, and how a rule's row becomes a finding.

Rules, severities, thresholds and texts are data (``refdata/data/qa_rules.csv``); the plausible
factor ranges are ``refdata/data/factor_ranges.csv``. Every check module picks its rule's row for
a category here and builds its :class:`~cityclimate.findings.Finding` the same way.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from cityclimate.findings import SEVERITIES, Finding, Severity
from cityclimate.refdata import CONFIDENCE, read_shipped
from cityclimate.refdata.tables import Column, TableSchema
from cityclimate.text import Text

QA_RULES = TableSchema(
    "qa_rules",
    (
        Column("rule"),
        Column("scope"),
        Column("severity", allowed=frozenset(SEVERITIES)),
        Column("threshold", "float", required=False),
        Column("unit", required=False),
        Column("title_zh"),
        Column("title_en"),
        Column("fix_zh"),
        Column("fix_en"),
        Column("source"),
    ),
    key=("rule", "scope"),
)
FACTOR_RANGES = TableSchema(
    "factor_ranges",
    (
        Column("fuel"),
        Column("gas"),
        Column("low", "float"),
        Column("high", "float"),
        Column("unit", "unit"),
        Column("source"),
        Column("confidence", allowed=CONFIDENCE),
    ),
    key=("fuel", "gas"),
)


@cache
def qa_rules() -> pl.DataFrame:
    """The QA/QC rule table (``refdata/data/qa_rules.csv``): rule, scope, severity, threshold …"""
    return read_shipped("qa_rules.csv", QA_RULES)


@cache
def factor_ranges() -> pl.DataFrame:
    """Plausible factor ranges by fuel and gas (``refdata/data/factor_ranges.csv``)."""
    return read_shipped("factor_ranges.csv", FACTOR_RANGES)


def findings_table(findings: list[Finding]) -> pl.DataFrame:
    """The findings as a DataFrame: severity, rule, where, value, message_zh/en, fix_zh/en, row."""
    text = ("severity", "rule", "where", "value", "message_zh", "message_en", "fix_zh", "fix_en")
    schema: dict[str, type[pl.DataType]] = dict.fromkeys(text, pl.String) | {"row": pl.Int64}
    rows = [{k: str(getattr(f, k)) for k in text} | {"row": f.row} for f in findings]
    return pl.DataFrame(rows, schema=schema)


def _rule(rules: pl.DataFrame, rule: str, category: str | None = None) -> dict[str, object]:
    """The rule's row whose scope is the longest prefix of ``category`` (``*`` matches all)."""
    rows = rules.filter(pl.col("rule") == rule).to_dicts()
    if not rows:
        raise KeyError(f"rule {rule!r} is not in the QA rule table")
    best = next(r for r in rows if r["scope"] == "*")
    for row in rows:
        scope = str(row["scope"])
        if (
            category is not None
            and scope != "*"
            and (category == scope or category.startswith(scope + "."))
            and len(scope) > len(str(best["scope"]))
        ):
            best = row
    return best


def _finding(
    rule: dict[str, object], where: str, value: str, zh: str, en: str, row: int | None = None
) -> Finding:
    return Finding(
        severity=Severity(str(rule["severity"])),
        rule=str(rule["rule"]),
        where=where,
        value=value,
        message=Text(f"{rule['title_zh']}：{zh}", f"{rule['title_en']}: {en}"),
        fix=Text.of(rule, "fix"),
        row=row,
    )


def _threshold(rule: dict[str, object]) -> float:
    value = rule["threshold"]
    assert isinstance(value, float | int)
    return float(value)
