"""Heat-health plan: the measures a heat warning triggers, and who must act (issue 17).

The shipped plan (``data/heat_health_measures.csv``) holds the national rules: the work-time
limits of 防暑降温措施管理办法 (安监总安健〔2012〕89号) Art. 8, which are triggered by the
forecast daily maximum (35, 37 and 40 °C, the same thresholds as the yellow, orange and red heat
signals), and the defence guidelines of the CMA heat signals. Each row states who must act
(employers, the departments responsible, the public), its source and a confidence mark (``M``:
an official text quoted by secondary sources; ``L``: a reposted guideline, not checked). A
territory may hand in its own plan in the same columns.

A warning of a colour triggers the measures of that colour and of every lower colour (an orange
heat warning also keeps the yellow rules: rotations and no overtime still apply).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from cityclimate.adaptation.catalogue import shipped_text
from cityclimate.adaptation.model import Level
from cityclimate.errors import DataValidationError, Problem, require_table
from cityclimate.text import Text

#: Columns of a heat-health plan file.
COLUMNS = ("measure", "hazard", "level", "who", "who_zh", "who_en", "measure_zh", "measure_en",
           "confidence", "source")  # fmt: skip
CONFIDENCE = ("H", "M", "L")


@dataclass(frozen=True)
class Measure:
    """One measure of a heat-health plan: triggered at ``level`` and above for ``hazard``."""

    measure: str
    hazard: str
    level: Level
    who: str
    who_name: Text
    text: Text
    confidence: str
    source: str


def parse_plan(text: str, where: str = "heat_health_measures.csv") -> tuple[Measure, ...]:
    """The measures of a plan file; every bad row is reported at once (row, column, fix)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    require_table(rows, COLUMNS, where)
    problems: list[Problem] = []
    levels = {level.value: level for level in Level}
    measures: list[Measure] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):

        def bad(column: str, zh: str, en: str, row: dict[str, str] = row, n: int = number) -> None:
            problems.append(Problem(where, n, column, row.get(column) or "", message=Text(zh, en)))

        if not row["measure"] or row["measure"] in seen:
            bad("measure", "措施编号为空或重复", "the measure id is empty or repeated")
        if row["level"] not in levels:
            bad("level", "颜色应为 blue、yellow、orange 或 red",
                "the colour is blue, yellow, orange or red")  # fmt: skip
        if row["confidence"] not in CONFIDENCE:
            bad("confidence", "可信度应为 H、M 或 L", "confidence is H, M or L")
        if not row["measure_zh"] or not row["source"]:
            bad(
                "source",
                "每项措施须有中文内容和来源",
                "each measure needs its Chinese text and a source",
            )
        seen.add(row["measure"])
        if row["level"] in levels:
            measures.append(Measure(
                row["measure"], row["hazard"], levels[row["level"]], row["who"],
                Text(row["who_zh"], row["who_en"]), Text(row["measure_zh"], row["measure_en"]),
                row["confidence"], row["source"]))  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    return tuple(measures)


def shipped_plan() -> tuple[Measure, ...]:
    """The national heat-health measures shipped with cityclimate (see the module docstring)."""
    return parse_plan(shipped_text("heat_health_measures.csv"))


def triggered(hazard: str, level: Level, plan: Sequence[Measure]) -> list[Measure]:
    """The measures a warning of ``hazard`` at ``level`` triggers: those of its hazard at its
    colour or below (a cancelled warning triggers nothing: ask only of warnings in force)."""
    return [m for m in plan if m.hazard == hazard and m.level.rank <= level.rank]
