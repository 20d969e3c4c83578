"""What each lever reaches in a territory's calibrated model, and why a lever reaches nothing.

A plan pack's levers are written for its own territory; another territory that imports the same
pack may have no gasoline, diesel or natural gas in its inventory, or no energy use on the lines
a lever acts on. Such a lever is not an error: it acts on nothing in this territory, and every
result says so (:attr:`~cityclimate.pathways.engine.PreparedModel.idle_levers`, a bilingual
note per lever). What stays an error is a lever that names a line the model structure does not
have, or a fuel the reference data does not know (``refdata/fuels.csv``, plus the fuels the
calibration itself carries, such as hydrogen).

A lever reaches nothing when

- fuel switch: none of its ``from_fuels`` (or not its ``to_fuel``) is in the calibration, or its
  lines use none of those fuels in the base year;
- gas generation: the calibration has no natural gas to burn;
- intensity, PUE limit, mode shift: its lines use no energy in the base year;
- process abatement: its lines have no process emissions in the base year;

local generation and sinks always reach the model (they act on purchased electricity and on
removals). A fuel switch keeps the fuels the calibration has and drops the absent ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.pathways.model import Calibration, Lever, LeverKind
from cityclimate.text import Text

NATURAL_GAS = "natural_gas"
#: Kinds that act on the energy use of their lines.
ENERGY_KINDS = (LeverKind.INTENSITY, LeverKind.PUE_LIMIT, LeverKind.MODE_SHIFT)


@dataclass(frozen=True)
class LeverReach:
    """Index arrays of the levers in a calibration (what :class:`PreparedModel` holds).

    ``lines`` and ``from_fuels`` are empty for a lever that reaches nothing; ``to`` is the
    fuel (fuel switch) or line (mode shift) index, −1 otherwise; ``idle`` maps the id of each
    lever that reaches nothing to a note saying why.
    """

    lines: tuple[tuple[int, ...], ...]
    from_fuels: tuple[tuple[int, ...], ...]
    to: tuple[int, ...]
    idle: Mapping[str, Text]


def _fuel_names() -> dict[str, Text]:
    fuels = refdata.fuels()
    return {
        row["fuel"]: Text(row["name_zh"], row["name_en"]) for row in fuels.iter_rows(named=True)
    }


def lever_reach(calibration: Calibration, levers: Mapping[str, Lever]) -> LeverReach:
    """Index the levers in ``calibration`` and note those that reach nothing (module docstring).

    Raises
    ------
    DataValidationError
        A lever names a line the structure does not have, or a fuel the reference data does
        not know; every problem names the lever's key.
    """
    cal = calibration
    names = _fuel_names()
    li = {line: i for i, line in enumerate(cal.lines)}
    fi = {fuel: i for i, fuel in enumerate(cal.fuels)}
    known = set(names) | set(fi)
    problems: list[Problem] = []

    def problem(lever: Lever, key: str, value: str | None, zh: str, en: str) -> None:
        problems.append(
            Problem("levers.toml", None, f"levers.{lever.id}.{key}", str(value), zh, en)
        )

    def line_index(lever: Lever, key: str, name: str | None) -> int:
        if name is None or name not in li:
            problem(lever, key, name, "模型结构中没有该行", "the model structure has no such line")
            return -1
        return li[name]

    def fuel_known(lever: Lever, key: str, name: str | None) -> bool:
        if name is None or name not in known:
            problem(
                lever,
                key,
                name,
                "参考数据（fuels.csv）中没有该燃料；请使用其中的燃料代码",
                "the reference data (fuels.csv) has no such fuel; use one of its fuel codes",
            )
            return False
        return True

    lines: list[tuple[int, ...]] = []
    froms: list[tuple[int, ...]] = []
    tos: list[int] = []
    idle: dict[str, Text] = {}
    for lever in levers.values():
        acted = tuple(line_index(lever, "lines", line) for line in lever.lines)
        named = [f for f in lever.from_fuels if fuel_known(lever, "from_fuels", f)]
        present = tuple(fi[f] for f in named if f in fi)
        to = -1
        absent = [f for f in named if f not in fi]
        if lever.kind is LeverKind.FUEL_SWITCH:
            if fuel_known(lever, "to_fuel", lever.to_fuel) and lever.to_fuel in fi:
                to = fi[lever.to_fuel]
            elif lever.to_fuel is not None:
                absent.append(lever.to_fuel)
        elif lever.kind is LeverKind.MODE_SHIFT:
            to = line_index(lever, "to_line", lever.to_line)
        elif lever.kind is LeverKind.GAS_GENERATION and NATURAL_GAS not in fi:
            absent.append(NATURAL_GAS)
        if problems:
            lines.append(())
            froms.append(())
            tos.append(to)
            continue
        note = _idle_note(cal, lever, acted, present, to, absent, names)
        if note is not None:
            idle[lever.id] = note
            acted, present = (), ()
        lines.append(acted)
        froms.append(present)
        tos.append(to)
    if problems:
        raise DataValidationError(problems)
    return LeverReach(tuple(lines), tuple(froms), tuple(tos), idle)


def _idle_note(
    cal: Calibration,
    lever: Lever,
    lines: tuple[int, ...],
    fuels: tuple[int, ...],
    to: int,
    absent: list[str],
    names: Mapping[str, Text],
) -> Text | None:
    """Why ``lever`` reaches nothing in ``cal``, or ``None`` when it reaches something."""
    kind = lever.kind
    rows = list(lines)
    whole = Text(lever.name_zh, lever.name_en)
    if (kind is LeverKind.FUEL_SWITCH and (not fuels or to < 0)) or (
        kind is LeverKind.GAS_GENERATION and absent
    ):
        missing = [names.get(f, Text(f, f)) for f in absent]
        return Text(
            f"{whole.zh}：本地区基准年清单中没有{'、'.join(m.zh for m in missing)}，"
            "该措施在本地区不起作用",
            f"{whole.en}: the territory's base-year inventory has no "
            f"{', '.join(m.en for m in missing)}, so this lever acts on nothing here",
        )
    if kind is LeverKind.FUEL_SWITCH:
        used = float(cal.energy_tce[np.ix_(rows, list(fuels))].sum())
    elif kind in ENERGY_KINDS:
        used = float(cal.energy_tce[rows].sum())
    elif kind is LeverKind.PROCESS_ABATEMENT:
        used = float(cal.process_co2e_t[rows].sum())
    else:
        return None
    if used > 0.0:
        return None
    what = (
        Text("工业过程排放", "process emissions")
        if kind is LeverKind.PROCESS_ABATEMENT
        else Text("能源消费", "energy use")
    )
    return Text(
        f"{whole.zh}：本地区基准年清单中该措施所作用的行没有{what.zh}，该措施在本地区不起作用",
        f"{whole.en}: the lines it acts on have no {what.en} in the territory's base-year "
        "inventory, so this lever acts on nothing here",
    )
