"""Scenarios in readable TOML files that inherit: baseline → plan → enhanced.

A scenario file may start with ``inherits = "baseline"`` (a shipped scenario, or another file
found by the caller's resolver) and list only what changes: tables are merged key by key, the
child's values win. After merging, every key is checked; each problem names the key, the value
and the allowed range, in Chinese and English, and nothing is computed (all-or-nothing).

The core reads only shipped files (``data/scenarios/*.toml``); reading a user's file is the
caller's job (the CLI passes its text and a resolver for ``inherits``).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any

import tomli_w

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators import CityTarget
from cityclimate.pathways.levers import read_shipped_toml
from cityclimate.pathways.model import (
    DriverPath,
    Lever,
    LeverSetting,
    PathwayStructure,
    Scenario,
)

#: The shipped scenarios, in inheritance order.
SHIPPED_SCENARIOS = ("baseline", "plan", "enhanced")

#: Allowed ranges of scalar settings (inclusive).
RANGES = {
    "growth_pct": (-50.0, 100.0),
    "uncertainty_pp": (0.0, 50.0),
    "change_pct": (-50.0, 50.0),
    "factor_change_pct": (-50.0, 50.0),
    "ramp_years": (0.0, 50.0),
}
_TOP_KEYS = {
    "inherits",
    "name",
    "title_zh",
    "title_en",
    "illustrative",
    "note",
    "structure",
    "horizon",
    "drivers",
    "intensity",
    "grid",
    "levers",
    "targets",
}

#: Returns the raw table and a label (file name) of a parent scenario named in ``inherits``.
Resolver = Callable[[str], tuple[dict[str, Any], str]]


def shipped_scenario_text(name: str) -> str:
    """Return the text of a shipped scenario file (``baseline``, ``plan``, ``enhanced``)."""
    return (
        resources.files("cityclimate.pathways")
        .joinpath("data", "scenarios", f"{name}.toml")
        .read_text("utf-8")
    )


def unknown_scenario(name: str, known: Iterable[str]) -> DataValidationError:
    """The error for an ``inherits`` that names no known scenario, listing the ones there are.

    >>> unknown_scenario("fast", ["baseline", "plan"]).problems[0].message.en
    "no scenario named 'fast' to inherit (there are: baseline, plan)"
    """
    listed = list(known)
    return DataValidationError(
        [
            Problem(
                "inherits",
                None,
                "inherits",
                name,
                f"没有名为“{name}”的情景可继承（现有情景：{'、'.join(listed)}）",
                f"no scenario named '{name}' to inherit (there are: {', '.join(listed)})",
            )
        ]
    )


def shipped_resolver(name: str) -> tuple[dict[str, Any], str]:
    """Resolve ``inherits`` against the shipped scenarios only."""
    if name not in SHIPPED_SCENARIOS:
        raise unknown_scenario(name, SHIPPED_SCENARIOS)
    return read_shipped_toml(f"scenarios/{name}.toml"), f"{name}.toml"


#: The deepest nesting of arrays and inline tables a scenario may use (the shipped ones use 3);
#: checked before parsing, as Python's TOML parser recurses once per level.
MAX_TOML_DEPTH = 32


def toml_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of ``[``/``{`` in TOML text outside strings and comments.

    Returns the depth and the (1-based) line where it is first reached. A linear scan: it does
    not validate the text (the parser does that) and stops counting up at ``MAX_TOML_DEPTH + 1``.
    """
    depth = deepest = 0
    line = deepest_line = 1
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if ch == '"' and text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] == "\n":
                    break  # an unterminated string: the parser will say so
                j += 1
            line += text.count("\n", i, j)
            i = j + len(quote) if text.startswith(quote, j) else j
            continue
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
                if deepest > MAX_TOML_DEPTH:
                    break
        elif ch in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return deepest, deepest_line


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes a :class:`DataValidationError` naming the line.

    Nesting deeper than :data:`MAX_TOML_DEPTH` is refused before parsing (it would exhaust the
    parser's recursion).
    """
    depth, line = toml_depth(text)
    too_deep = Problem(
        where,
        line,
        None,
        "",
        f"数组或内联表嵌套超过 {MAX_TOML_DEPTH} 层；情景文件不需要这么深的嵌套",
        f"arrays or inline tables are nested deeper than {MAX_TOML_DEPTH} levels;"
        " a scenario never needs that",
    )
    if depth > MAX_TOML_DEPTH:
        raise DataValidationError([too_deep])
    try:
        return tomllib.loads(text)
    except RecursionError as exc:  # a nesting the scan did not see: same answer
        raise DataValidationError([too_deep]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataValidationError(
            [
                Problem(
                    where,
                    getattr(exc, "lineno", None),
                    None,
                    "",
                    f"TOML 语法错误：{exc}",
                    f"TOML syntax error: {exc}",
                )
            ]
        ) from exc


def merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Merge two scenario tables: nested tables key by key, the child's values win."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def resolve_inheritance(
    data: Mapping[str, Any], where: str, resolver: Resolver = shipped_resolver
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Follow ``inherits`` to the root and merge; return the merged table and the files read."""
    chain = [(dict(data), where)]
    seen = {where}
    while "inherits" in chain[-1][0]:
        parent_name = str(chain[-1][0]["inherits"])
        parent, label = resolver(parent_name)
        if label in seen:
            raise DataValidationError(
                [
                    Problem(
                        chain[-1][1],
                        None,
                        "inherits",
                        parent_name,
                        "情景继承出现循环",
                        "the scenarios inherit from each other in a loop",
                    )
                ]
            )
        seen.add(label)
        chain.append((dict(parent), label))
    merged: dict[str, Any] = {}
    for table, _ in reversed(chain):
        merged = merge(merged, {k: v for k, v in table.items() if k != "inherits"})
    return merged, tuple(label for _, label in chain)


class _Checker:
    """Collects located problems while reading a merged scenario table."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def add(self, key: str, value: object, zh: str, en: str) -> None:
        shown = "" if value is None else str(value)
        self.problems.append(Problem(self.where, None, key, shown, zh, en))

    def number(self, key: str, value: object, low: float, high: float) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            self.add(
                key,
                value,
                f"须为 {low:g} 至 {high:g} 之间的数值",
                f"must be a number from {low:g} to {high:g}",
            )
            return math.nan
        if not low <= value <= high:
            self.add(
                key,
                value,
                f"须在 {low:g} 至 {high:g} 之间",
                f"must be between {low:g} and {high:g}",
            )
        return float(value)

    def table(self, key: str, value: object) -> Mapping[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.add(key, value, "须为表（TOML table）", "must be a table")
            return {}
        return value

    def unknown(self, key: str, given: Mapping[str, Any], allowed: set[str] | list[str]) -> None:
        for name in given:
            if name not in allowed:
                shown = ", ".join(sorted(allowed))
                self.add(
                    f"{key}{name}",
                    name,
                    f"未知的键；允许：{shown}",
                    f"unknown key; allowed: {shown}",
                )


def parse_scenario(
    data: Mapping[str, Any],
    where: str,
    structure: PathwayStructure,
    levers: Mapping[str, Lever],
    resolver: Resolver = shipped_resolver,
) -> Scenario:
    """Build a :class:`Scenario` from a scenario table (after following ``inherits``).

    Parameters
    ----------
    data:
        The file's table (``tomllib``).
    where:
        The file's name, used in every problem.
    structure:
        The model structure (drivers and lines the keys must name).
    levers:
        The lever definitions (strength ranges).
    resolver:
        Finds the table of a parent named in ``inherits``.

    Raises
    ------
    DataValidationError
        Every problem, each naming its key (``drivers.gdp.growth_pct.2021``), the value and the
        allowed range.
    """
    merged, files = resolve_inheritance(data, where, resolver)
    c = _Checker(where)
    c.unknown("", merged, _TOP_KEYS)
    name = str(merged.get("name", where))
    if merged.get("structure") != structure.name:
        c.add(
            "structure",
            merged.get("structure"),
            f"情景须使用模型结构“{structure.name}”",
            f"the scenario must use the model structure '{structure.name}'",
        )
    horizon = c.table("horizon", merged.get("horizon"))
    c.unknown("horizon.", horizon, {"base_year", "end_year"})
    base = c.number("horizon.base_year", horizon.get("base_year"), 1990, 2100)
    base_year = 0 if math.isnan(base) else int(base)
    end = c.number("horizon.end_year", horizon.get("end_year"), base_year + 1, base_year + 50)
    end_year = 0 if math.isnan(end) else int(end)
    if math.isnan(base) or math.isnan(end):
        raise DataValidationError(c.problems)
    drivers = _drivers(c, merged, structure, base_year, end_year)
    intensity = c.table("intensity", merged.get("intensity"))
    c.unknown("intensity.", intensity, {"change_pct", "uncertainty_pp"})
    changes = c.table("intensity.change_pct", intensity.get("change_pct"))
    c.unknown("intensity.change_pct.", changes, list(structure.lines))
    intensity_change = {
        str(line): c.number(f"intensity.change_pct.{line}", v, *RANGES["change_pct"])
        for line, v in changes.items()
    }
    grid = c.table("grid", merged.get("grid"))
    c.unknown("grid.", grid, {"factor_change_pct", "uncertainty_pp"})
    settings = _lever_settings(c, merged, levers, base_year, end_year)
    targets = _targets(c, merged)
    if c.problems:
        raise DataValidationError(c.problems)
    return Scenario(
        name=name,
        title_zh=str(merged.get("title_zh", name)),
        title_en=str(merged.get("title_en", name)),
        structure=structure.name,
        base_year=base_year,
        end_year=end_year,
        drivers=drivers,
        intensity_change_pct=intensity_change,
        intensity_uncertainty_pp=c.number(
            "intensity.uncertainty_pp", intensity.get("uncertainty_pp", 0.0), 0.0, 20.0
        ),
        grid_factor_change_pct=c.number(
            "grid.factor_change_pct", grid.get("factor_change_pct", 0.0), -50.0, 50.0
        ),
        grid_uncertainty_pp=c.number(
            "grid.uncertainty_pp", grid.get("uncertainty_pp", 0.0), 0.0, 20.0
        ),
        levers=settings,
        city_targets=targets,
        illustrative=bool(merged.get("illustrative", False)),
        note=str(merged.get("note", "")),
        files=files,
    )


def _drivers(
    c: _Checker,
    merged: Mapping[str, Any],
    structure: PathwayStructure,
    base_year: int,
    end_year: int,
) -> dict[str, DriverPath]:
    given = c.table("drivers", merged.get("drivers"))
    c.unknown("drivers.", given, list(structure.drivers))
    out: dict[str, DriverPath] = {}
    for driver in structure.drivers:
        key = f"drivers.{driver}"
        if driver not in given:
            c.add(key, None, "缺少该驱动因素的增长率", "growth of this driver is missing")
            continue
        table = c.table(key, given[driver])
        c.unknown(f"{key}.", table, {"growth_pct", "uncertainty_pp"})
        growth_raw = c.table(f"{key}.growth_pct", table.get("growth_pct"))
        growth: dict[int, float] = {}
        for year_text, value in growth_raw.items():
            year = int(year_text) if str(year_text).isdigit() else -1
            if not base_year < year <= end_year:
                c.add(
                    f"{key}.growth_pct.{year_text}",
                    year_text,
                    f"年份须在 {base_year + 1} 至 {end_year} 之间",
                    f"the year must be from {base_year + 1} to {end_year}",
                )
                continue
            growth[year] = c.number(f"{key}.growth_pct.{year_text}", value, *RANGES["growth_pct"])
        if growth and min(growth) != base_year + 1:
            c.add(
                f"{key}.growth_pct",
                min(growth),
                f"第一个年份须为 {base_year + 1}",
                f"the first year must be {base_year + 1}",
            )
        if not growth:
            c.add(f"{key}.growth_pct", None, "缺少增长率", "growth rates are missing")
        out[driver] = DriverPath(
            growth_pct=growth,
            uncertainty_pp=c.number(
                f"{key}.uncertainty_pp", table.get("uncertainty_pp", 0.0), *RANGES["uncertainty_pp"]
            ),
        )
    return out


def _lever_settings(
    c: _Checker,
    merged: Mapping[str, Any],
    levers: Mapping[str, Lever],
    base_year: int,
    end_year: int,
) -> dict[str, LeverSetting]:
    given = c.table("levers", merged.get("levers"))
    c.unknown("levers.", given, list(levers))
    out: dict[str, LeverSetting] = {}
    for lever_id, raw in given.items():
        lever = levers.get(lever_id)
        if lever is None:
            continue
        key = f"levers.{lever_id}"
        table = c.table(key, raw)
        c.unknown(f"{key}.", table, {"strength", "start_year", "ramp_years"})
        strength = c.number(f"{key}.strength", table.get("strength"), 0.0, lever.max_strength)
        start = c.number(
            f"{key}.start_year", table.get("start_year", lever.start_year), base_year + 1, end_year
        )
        ramp_years = c.number(
            f"{key}.ramp_years", table.get("ramp_years", lever.ramp_years), *RANGES["ramp_years"]
        )
        if not any(math.isnan(x) for x in (strength, start, ramp_years)):
            out[lever_id] = LeverSetting(strength, int(start), int(ramp_years))
    return out


def _targets(c: _Checker, merged: Mapping[str, Any]) -> tuple[CityTarget, ...]:
    given = c.table("targets", merged.get("targets"))
    out = []
    for indicator_id, raw in given.items():
        key = f"targets.{indicator_id}"
        table = c.table(key, raw)
        c.unknown(f"{key}.", table, {"value", "unit", "source"})
        value = c.number(f"{key}.value", table.get("value"), 0.0, 100.0)
        source = str(table.get("source", "")).strip()
        if not source:
            c.add(
                f"{key}.source",
                "",
                "请填写下达目标的文件（来源）",
                "give the document that sets the target",
            )
        out.append(CityTarget(str(indicator_id), value, str(table.get("unit", "%")), source))
    return tuple(out)


def scenario_to_toml(scenario: Scenario) -> str:
    """Write a scenario as a complete TOML file (no ``inherits``) with tomli-w.

    Reading the text back with :func:`parse_scenario` gives an equal scenario.
    """
    data: dict[str, Any] = {
        "name": scenario.name,
        "title_zh": scenario.title_zh,
        "title_en": scenario.title_en,
        "illustrative": scenario.illustrative,
        "note": scenario.note,
        "structure": scenario.structure,
        "horizon": {"base_year": scenario.base_year, "end_year": scenario.end_year},
        "drivers": {
            name: {
                "growth_pct": {str(y): g for y, g in sorted(path.growth_pct.items())},
                "uncertainty_pp": path.uncertainty_pp,
            }
            for name, path in scenario.drivers.items()
        },
        "intensity": {
            "uncertainty_pp": scenario.intensity_uncertainty_pp,
            "change_pct": dict(scenario.intensity_change_pct),
        },
        "grid": {
            "factor_change_pct": scenario.grid_factor_change_pct,
            "uncertainty_pp": scenario.grid_uncertainty_pp,
        },
        "levers": {
            lever_id: {
                "strength": s.strength,
                "start_year": s.start_year,
                "ramp_years": s.ramp_years,
            }
            for lever_id, s in scenario.levers.items()
        },
        "targets": {
            t.indicator_id: {"value": t.value, "unit": t.unit, "source": t.source}
            for t in scenario.city_targets
        },
    }
    return tomli_w.dumps(data)
