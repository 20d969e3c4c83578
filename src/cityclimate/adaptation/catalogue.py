"""The warning-signal catalogue: hazard × colour × threshold rule × jurisdiction, dated.

The shipped catalogue (``data/warning_signals.csv``) holds the national CMA rules (``CN``) and
the Chongqing override rows (``CN-CQ``); each row states its source, its validity dates and
whether its threshold was confirmed against the official text (``confirmed``). A jurisdiction
takes, for each hazard and colour, its own row valid on the day if it has one, else its
parent's (``data/jurisdictions.csv``): an override is a data change, not a code change.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from cityclimate.adaptation.model import Aggregation, Level, SignalRule
from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

#: Columns of a warning-signal catalogue.
CATALOGUE_COLUMNS = (
    "jurisdiction",
    "hazard",
    "hazard_zh",
    "hazard_en",
    "level",
    "variable",
    "aggregation",
    "window_hours",
    "days",
    "threshold",
    "unit",
    "criterion_zh",
    "criterion_en",
    "valid_from",
    "valid_to",
    "confirmed",
    "source",
)
#: The variables a rule can test, with their unit.
VARIABLES = {"precipitation": "mm", "air_temperature": "degC"}


@dataclass(frozen=True)
class Jurisdiction:
    """A level of government whose warning rules apply (``CN``, ``CN-CQ``)."""

    code: str
    parent: str | None
    region_code: str
    name: Text
    source: str


def shipped_text(file_name: str) -> str:
    """Text of a file shipped in ``cityclimate/adaptation/data``."""
    return (
        resources.files("cityclimate.adaptation")
        .joinpath("data", file_name)
        .read_text(encoding="utf-8")
    )


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _date(text: str, where: str, row: int, column: str, problems: list[Problem]) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(
            Problem(
                where,
                row,
                column,
                text,
                message=Text("日期应为 YYYY-MM-DD 格式", "a date must be written YYYY-MM-DD"),
            )
        )
        return dt.date.min


def _number(text: str, where: str, row: int, column: str, problems: list[Problem]) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        problems.append(
            Problem(
                where,
                row,
                column,
                text,
                message=Text("应为不小于0的数", "must be a number, 0 or more"),
            )
        )
        return 0.0
    return value


def _choice(
    text: str, allowed: Iterable[str], where: str, row: int, column: str, problems: list[Problem]
) -> str:
    choices = sorted(allowed)
    if text not in choices:
        listed = ", ".join(choices)
        problems.append(
            Problem(
                where,
                row,
                column,
                text,
                message=Text(f"应为以下之一：{listed}", f"must be one of: {listed}"),
            )
        )
    return text


def _rule(row: Mapping[str, str], where: str, number: int, problems: list[Problem]) -> SignalRule:
    before = len(problems)
    level = _choice(row["level"], (lv.value for lv in Level), where, number, "level", problems)
    variable = _choice(row["variable"], VARIABLES, where, number, "variable", problems)
    aggregation = _choice(
        row["aggregation"], (a.value for a in Aggregation), where, number, "aggregation", problems
    )
    window = int(_number(row["window_hours"], where, number, "window_hours", problems))
    days = int(_number(row["days"], where, number, "days", problems))
    threshold = _number(row["threshold"], where, number, "threshold", problems)
    if variable in VARIABLES and row["unit"] != VARIABLES[variable]:
        problems.append(
            Problem(
                where,
                number,
                "unit",
                row["unit"],
                message=Text(
                    f"{variable} 的单位应为 {VARIABLES[variable]}",
                    f"the unit of {variable} must be {VARIABLES[variable]}",
                ),
            )
        )
    if aggregation == Aggregation.CONSECUTIVE_DAYS_MAX.value and days < 1:
        problems.append(
            Problem(
                where,
                number,
                "days",
                row["days"],
                message=Text(
                    "连续日数规则须给出 days ≥ 1", "a consecutive-days rule needs days ≥ 1"
                ),
            )
        )
    elif aggregation in (Aggregation.SUM.value, Aggregation.MAX.value) and window < 1:
        problems.append(
            Problem(
                where,
                number,
                "window_hours",
                row["window_hours"],
                message=Text(
                    "滑动窗口规则须给出 window_hours ≥ 1",
                    "a rolling-window rule needs window_hours ≥ 1",
                ),
            )
        )
    confirmed = _choice(row["confirmed"], ("yes", "no"), where, number, "confirmed", problems)
    if not row["source"].strip():
        problems.append(
            Problem(
                where,
                number,
                "source",
                "",
                message=Text("每条规则须注明来源", "every rule must state its source"),
            )
        )
    valid_from = _date(row["valid_from"], where, number, "valid_from", problems)
    valid_to = (
        _date(row["valid_to"], where, number, "valid_to", problems)
        if row["valid_to"].strip()
        else None
    )
    if len(problems) > before:
        return _PLACEHOLDER
    return SignalRule(
        jurisdiction=row["jurisdiction"],
        hazard=row["hazard"],
        level=Level(level),
        variable=variable,
        aggregation=Aggregation(aggregation),
        threshold=threshold,
        unit=row["unit"],
        window_hours=window,
        days=days,
        valid_from=valid_from,
        valid_to=valid_to,
        confirmed=confirmed == "yes",
        source=row["source"],
        criterion=Text.of(row, "criterion"),
        hazard_name=Text.of(row, "hazard"),
    )


_PLACEHOLDER = SignalRule(
    "",
    "",
    Level.BLUE,
    "precipitation",
    Aggregation.SUM,
    0.0,
    "mm",
    1,
    0,
    dt.date.min,
    None,
    False,
    "",
    Text("", ""),
    Text("", ""),
)


def parse_catalogue(text: str, where: str = "warning_signals.csv") -> tuple[SignalRule, ...]:
    """Parse a warning-signal catalogue (CSV text with :data:`CATALOGUE_COLUMNS`).

    Raises
    ------
    DataValidationError
        Listing every bad row and field (1-based data rows); nothing is returned half-read.
    """
    rows = _rows(text)
    header = list(rows[0]) if rows else []
    missing = [c for c in CATALOGUE_COLUMNS if c not in header]
    if missing:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    missing[0],
                    "",
                    message=Text(
                        f"缺少列：{', '.join(missing)}", f"missing column(s): {', '.join(missing)}"
                    ),
                )
            ]
        )
    problems: list[Problem] = []
    rules = [_rule(row, where, number, problems) for number, row in enumerate(rows, start=1)]
    seen: dict[tuple[str, str, str, dt.date], int] = {}
    for number, rule in enumerate(rules, start=1):
        key = (rule.jurisdiction, rule.hazard, rule.level.value, rule.valid_from)
        if rule is not _PLACEHOLDER and key in seen:
            problems.append(
                Problem(
                    where,
                    number,
                    "valid_from",
                    str(rule.valid_from),
                    message=Text(
                        f"与第 {seen[key]} 行重复（同一辖区、灾种、颜色与起始日期）",
                        f"repeats row {seen[key]} (same jurisdiction, hazard, colour and start)",
                    ),
                )
            )
        seen.setdefault(key, number)
    if problems:
        raise DataValidationError(problems)
    return tuple(rules)


def parse_jurisdictions(text: str) -> dict[str, Jurisdiction]:
    """Parse ``jurisdictions.csv`` (code, parent, GB/T 2260 region code, names, source)."""
    return {
        row["jurisdiction"]: Jurisdiction(
            code=row["jurisdiction"],
            parent=row["parent"] or None,
            region_code=row["region_code"],
            name=Text.of(row, "name"),
            source=row["source"],
        )
        for row in _rows(text)
    }


def shipped_catalogue() -> tuple[SignalRule, ...]:
    """The shipped catalogue (national CMA rules and the Chongqing override rows)."""
    return parse_catalogue(shipped_text("warning_signals.csv"))


def shipped_jurisdictions() -> dict[str, Jurisdiction]:
    return parse_jurisdictions(shipped_text("jurisdictions.csv"))


def chain(jurisdiction: str, jurisdictions: Mapping[str, Jurisdiction]) -> tuple[str, ...]:
    """``jurisdiction`` and its parents, most specific first (``("CN-CQ", "CN")``)."""
    codes: list[str] = []
    code: str | None = jurisdiction
    while code is not None and code not in codes:
        codes.append(code)
        known = jurisdictions.get(code)
        code = known.parent if known is not None else None
    return tuple(codes)


def rules_in_force(
    catalogue: Sequence[SignalRule], jurisdictions: Sequence[str], day: dt.date
) -> tuple[SignalRule, ...]:
    """The rules that apply on ``day`` in the first of ``jurisdictions`` (most specific
    first): per hazard and colour, the most specific jurisdiction's row valid that day.

    >>> rules = rules_in_force(shipped_catalogue(), ("CN-CQ", "CN"), dt.date(2024, 7, 1))
    >>> sorted({r.jurisdiction for r in rules})
    ['CN', 'CN-CQ']
    """
    chosen: dict[tuple[str, Level], SignalRule] = {}
    for code in reversed(jurisdictions):
        for rule in catalogue:
            if rule.jurisdiction == code and rule.valid_on(day):
                chosen[(rule.hazard, rule.level)] = rule
    return tuple(sorted(chosen.values(), key=lambda r: (r.hazard, r.level.rank)))
