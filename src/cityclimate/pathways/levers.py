"""Levers as data: reading ``levers.toml`` and the ramp of a lever's effect over the years.

A lever's effect in year *y* is

    x(y) = effect_at_full × strength × ramp(y),
    ramp(y) = clip((y − start_year + 1) / ramp_years, 0, 1)   (a step at start_year if ramp 0),

so a lever at strength 0 has no effect in any year. What *x* changes depends on the kind
(:class:`~cityclimate.pathways.model.LeverKind`; equations in :mod:`cityclimate.pathways.engine`).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import numpy as np

from cityclimate.errors import DataValidationError, Problem
from cityclimate.pathways.model import FloatArray, Lever, LeverKind, LeverSetting
from cityclimate.text import Text

LEVERS_FILE = "levers.toml"

#: Parameters each kind needs besides ``amount`` (name → allowed range, inclusive).
KIND_PARAMETERS: dict[LeverKind, dict[str, tuple[float, float]]] = {
    LeverKind.LOCAL_GENERATION: {"full_load_hours": (0.0, 8760.0)},
    LeverKind.GAS_GENERATION: {
        "full_load_hours": (0.0, 8760.0),
        "heat_rate_tce_per_mwh": (0.1229, 1.0),
    },
    LeverKind.FUEL_SWITCH: {"energy_ratio": (0.0, 10.0)},
    LeverKind.INTENSITY: {},
    LeverKind.PUE_LIMIT: {"pue_before": (1.0, 5.0)},
    LeverKind.MODE_SHIFT: {"activity_ratio": (0.0, 10.0)},
    LeverKind.PROCESS_ABATEMENT: {},
    LeverKind.SINK: {"removal_t_per_ha": (0.0, 100.0)},
}


def read_shipped_toml(name: str) -> dict[str, Any]:
    """Return a TOML file shipped in ``cityclimate/pathways/data`` (``name`` may have folders)."""
    text = resources.files("cityclimate.pathways").joinpath("data", name).read_text("utf-8")
    return tomllib.loads(text)


def _problem(where: str, key: str, value: object, message: Text) -> Problem:
    return Problem(where, field=key, value="" if value is None else str(value), message=message)


def parse_levers(data: Mapping[str, Any], where: str = LEVERS_FILE) -> dict[str, Lever]:
    """Parse the ``[levers.*]`` tables of a levers file; every problem names its key.

    Raises
    ------
    DataValidationError
        Listing every missing key, unknown kind and value out of its allowed range.
    """
    problems: list[Problem] = []
    levers: dict[str, Lever] = {}
    for lever_id, raw in dict(data.get("levers", {})).items():
        lever = _parse_lever(str(lever_id), raw, where, problems)
        if lever is not None:
            levers[lever.id] = lever
    if problems:
        raise DataValidationError(problems)
    return levers


def _parse_lever(
    lever_id: str, raw: Mapping[str, Any], where: str, problems: list[Problem]
) -> Lever | None:
    key = f"levers.{lever_id}"
    count = len(problems)

    def number(name: str, low: float, high: float) -> float:
        value = raw.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            problems.append(
                _problem(where, f"{key}.{name}", value, Text("须为数值", "must be a number"))
            )
            return math.nan
        if not low <= value <= high:
            problems.append(
                _problem(
                    where,
                    f"{key}.{name}",
                    value,
                    Text(f"须在 {low:g} 至 {high:g} 之间", f"must be between {low:g} and {high:g}"),
                )
            )
        return float(value)

    try:
        kind = LeverKind(str(raw.get("kind")))
    except ValueError:
        allowed = ", ".join(k.value for k in LeverKind)
        problems.append(
            _problem(
                where,
                f"{key}.kind",
                raw.get("kind"),
                Text(f"须为 {allowed} 之一", f"must be one of {allowed}"),
            )
        )
        return None
    amount_high = 5.0 if kind is LeverKind.PUE_LIMIT else (1.0 if kind.is_fraction else 1e7)
    amount = number("amount", 0.0, amount_high)
    parameters = {name: number(name, *bounds) for name, bounds in KIND_PARAMETERS[kind].items()}
    start_year = int(number("start_year", 1990, 2100))
    ramp_years = int(number("ramp_years", 0, 50))
    cost = raw.get("cost_yuan_per_t")
    outcome_sd = number("outcome_sd", 0.0, 1.0)
    if kind is LeverKind.PUE_LIMIT and not amount <= parameters["pue_before"]:
        problems.append(
            _problem(
                where,
                f"{key}.amount",
                amount,
                Text(
                    "PUE限值不应高于改造前PUE（pue_before）",
                    "the PUE limit must not exceed pue_before",
                ),
            )
        )
    lines = tuple(str(x) for x in raw.get("lines", ()))
    if kind is not LeverKind.LOCAL_GENERATION and not lines:
        problems.append(
            _problem(
                where,
                f"{key}.lines",
                "",
                Text("请列出杠杆作用的行（lines）", "list the lines it acts on"),
            )
        )
    if kind is LeverKind.FUEL_SWITCH and not (raw.get("from_fuels") and raw.get("to_fuel")):
        problems.append(
            _problem(
                where,
                f"{key}.to_fuel",
                raw.get("to_fuel"),
                Text(
                    "燃料替代须给出 from_fuels 与 to_fuel",
                    "a fuel switch needs from_fuels and to_fuel",
                ),
            )
        )
    if kind is LeverKind.MODE_SHIFT and not raw.get("to_line"):
        problems.append(
            _problem(
                where,
                f"{key}.to_line",
                "",
                Text("运输结构调整须给出 to_line", "a mode shift needs to_line"),
            )
        )
    if len(problems) > count:
        return None
    return Lever(
        id=lever_id,
        name_zh=str(raw.get("name_zh", lever_id)),
        name_en=str(raw.get("name_en", lever_id)),
        sector=str(raw.get("sector", "")),
        kind=kind,
        lines=lines,
        amount=amount,
        amount_unit=str(raw.get("amount_unit", "")),
        amount_unit_zh=str(raw.get("amount_unit_zh", raw.get("amount_unit", ""))),
        parameters=parameters,
        from_fuels=tuple(str(x) for x in raw.get("from_fuels", ())),
        to_fuel=None if raw.get("to_fuel") is None else str(raw["to_fuel"]),
        to_line=None if raw.get("to_line") is None else str(raw["to_line"]),
        start_year=start_year,
        ramp_years=ramp_years,
        cost_yuan_per_t=float(cost) if isinstance(cost, int | float) else None,
        outcome_sd=outcome_sd,
        source=str(raw.get("source", "")),
        illustrative=bool(raw.get("illustrative", False)),
    )


def load_levers() -> dict[str, Lever]:
    """Return the shipped levers (``data/levers.toml``), keyed by id."""
    return parse_levers(read_shipped_toml(LEVERS_FILE))


def load_hydrogen_factor() -> tuple[float, str]:
    """Return the shipped hydrogen emission factor (t CO2 per tce) and its source."""
    hydrogen = read_shipped_toml(LEVERS_FILE)["fuels"]["hydrogen"]
    return float(hydrogen["co2_t_per_tce"]), str(hydrogen["source"])


def ramp(years: Sequence[int], start_year: int, ramp_years: int) -> FloatArray:
    """Share of a lever's full effect reached in each year (0 … 1, linear ramp).

    Parameters
    ----------
    years:
        Calendar years.
    start_year:
        First year with an effect.
    ramp_years:
        Years from the start to full effect; 0 gives the full effect from ``start_year``.
    """
    y = np.asarray(years, dtype=np.float64)
    if ramp_years <= 0:
        return (y >= start_year).astype(np.float64)
    return np.clip((y - start_year + 1.0) / ramp_years, 0.0, 1.0)


def lever_effects(
    levers: Sequence[Lever], settings: Sequence[Mapping[str, LeverSetting]], years: Sequence[int]
) -> FloatArray:
    """Effect of each lever in each year for each setting: array ``[setting, year, lever]``.

    ``effect = effect_at_full × strength × ramp(year)`` (module docstring); a lever missing from
    a setting is off.
    """
    out = np.zeros((len(settings), len(years), len(levers)))
    for n, setting in enumerate(settings):
        for k, lever in enumerate(levers):
            chosen = setting.get(lever.id)
            if chosen is None or chosen.strength == 0.0:
                continue
            out[n, :, k] = (
                lever.effect_at_full
                * chosen.strength
                * ramp(years, chosen.start_year, chosen.ramp_years)
            )
    return out
