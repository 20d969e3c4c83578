"""Area finance statistics by year (issue 14): green loan and green bond balances, actual or
target, each row with its source and a confidence (H from the plan's own text, L unconfirmed).

The figures are data (``finance/data/area_statistics.csv``), not code; values are in 亿元.

>>> [(s.year, s.measure, s.value) for s in area_statistics("LJ-2016") if s.kind == "actual"]
[(2020, 'green_bonds', 130.0), (2020, 'green_loans', 993.0)]
>>> area_statistics("NO-SUCH-TERRITORY")
[]
"""

from __future__ import annotations

from dataclasses import dataclass

from cityclimate.refdata.tables import Column, TableSchema, read_package_table
from cityclimate.text import Text

AREA_STATISTICS = TableSchema(
    "area_statistics",
    (
        Column("territory"),
        Column("territory_name_zh"),
        Column("territory_name_en"),
        Column("year", "int"),
        Column("measure", allowed=frozenset({"green_loans", "green_bonds"})),
        Column("kind", allowed=frozenset({"actual", "target"})),
        Column("value", "float"),
        Column("unit", allowed=frozenset({"yi_yuan"})),
        Column("source_zh"),
        Column("source_en"),
        Column("confidence", allowed=frozenset({"H", "M", "L"})),
    ),
    key=("territory", "year", "measure", "kind"),
)

MEASURES: dict[str, Text] = {
    "green_loans": Text("绿色贷款余额", "Green loan balance"),
    "green_bonds": Text("绿色债券余额", "Green bond balance"),
}
KINDS: dict[str, Text] = {
    "actual": Text("实际", "actual"),
    "target": Text("目标", "target"),
}
UNIT = Text("亿元", "100 million yuan")


@dataclass(frozen=True)
class AreaStatistic:
    """One figure: territory, year, measure, actual or target, value in 亿元, source."""

    territory: str
    territory_name: Text
    year: int
    measure: str
    kind: str
    value: float
    source: Text
    confidence: str


def area_statistics(territory: str | None = None, text: str | None = None) -> list[AreaStatistic]:
    """The statistics of ``territory`` (all territories when None) by year and measure; an empty
    list for a territory without finance data. ``text`` replaces the shipped file."""
    table = read_package_table("cityclimate.finance", "area_statistics.csv", AREA_STATISTICS, text)
    if territory is not None:
        table = table.filter(territory=territory)
    rows = [
        AreaStatistic(
            territory=r["territory"],
            territory_name=Text(r["territory_name_zh"], r["territory_name_en"]),
            year=r["year"],
            measure=r["measure"],
            kind=r["kind"],
            value=r["value"],
            source=Text(r["source_zh"], r["source_en"]),
            confidence=r["confidence"],
        )
        for r in table.iter_rows(named=True)
    ]
    return sorted(rows, key=lambda s: (s.territory, s.kind, s.year, s.measure))
