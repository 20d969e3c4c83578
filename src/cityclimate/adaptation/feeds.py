"""Observation feeds: rows (station or grid cell, time, variable, value, unit) to observations.

A feed names its time zone once (``timezone``, an IANA name such as ``Asia/Shanghai``) or per
row (column ``timezone``); a time written with an offset (``2024-07-01T03:00:00+08:00``) keeps
it. Values are converted to the catalogue's units (precipitation in mm, temperature in °C).
Every bad row is reported at once, with its row number, column and the fix.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cityclimate.adaptation.model import Observation
from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

#: Columns a feed must have (``site_kind`` and ``timezone`` are optional).
FEED_COLUMNS = ("site", "time", "variable", "value", "unit")
#: Accepted units per variable → (scale, offset) into mm or °C.
UNITS: dict[str, dict[str, tuple[float, float]]] = {
    "precipitation": {"mm": (1.0, 0.0), "cm": (10.0, 0.0)},
    "air_temperature": {"degC": (1.0, 0.0), "°C": (1.0, 0.0), "K": (1.0, -273.15)},
}
SITE_KINDS = ("station", "grid_cell")


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _time(text: str, zone: ZoneInfo | None) -> dt.datetime | None:
    try:
        time = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if time.tzinfo is None:
        if zone is None:
            return None
        time = time.replace(tzinfo=zone)
    return time


def parse_feed(
    rows: Sequence[Mapping[str, object]], where: str, *, timezone: str | None = None
) -> list[Observation]:
    """Observations of a feed's rows.

    Parameters
    ----------
    rows:
        Dicts with :data:`FEED_COLUMNS` (and optionally ``timezone``, ``site_kind``).
    where:
        File name for messages.
    timezone:
        The feed's IANA time zone, used for times written without an offset and rows without
        a ``timezone`` of their own.

    Raises
    ------
    DataValidationError
        Every problem (1-based data rows): a missing column, an unknown time zone, a time
        that cannot be read or has no zone, an unknown variable or unit, a value that is not
        a number (or negative rain), or the same site, variable and time twice.
    """
    problems: list[Problem] = []

    def bad(row: int | None, field: str, value: object, zh: str, en: str) -> None:
        problems.append(Problem(where, row, field, str(value), message=Text(zh, en)))

    if rows:
        missing = [c for c in FEED_COLUMNS if c not in rows[0]]
        if missing:
            listed = ", ".join(missing)
            bad(
                None,
                missing[0],
                "",
                f"缺少列：{listed}（应有 {', '.join(FEED_COLUMNS)}）",
                f"missing column(s): {listed} (a feed has {', '.join(FEED_COLUMNS)})",
            )
            raise DataValidationError(problems)
    default_zone = _zone(timezone) if timezone else None
    if timezone and default_zone is None:
        bad(
            None,
            "timezone",
            timezone,
            "未知的时区（例：Asia/Shanghai）",
            "unknown time zone (e.g. Asia/Shanghai)",
        )
    observations: list[Observation] = []
    seen: dict[tuple[str, str, dt.datetime, str], int] = {}
    for number, row in enumerate(rows, start=1):
        cell = {c: "" for c in FEED_COLUMNS}
        cell.update({str(k): "" if v is None else str(v).strip() for k, v in row.items()})
        zone = default_zone
        if cell.get("timezone"):
            zone = _zone(cell["timezone"])
            if zone is None:
                bad(
                    number,
                    "timezone",
                    cell["timezone"],
                    "未知的时区（例：Asia/Shanghai）",
                    "unknown time zone (e.g. Asia/Shanghai)",
                )
                continue
        if cell.get("site_kind") and cell["site_kind"] not in SITE_KINDS:
            bad(
                number,
                "site_kind",
                cell["site_kind"],
                "应为 station 或 grid_cell",
                "must be station or grid_cell",
            )
        if not cell["site"]:
            bad(
                number, "site", "", "站点或网格编号不能为空", "the station or grid-cell id is empty"
            )
        time = _time(cell["time"], zone)
        if time is None:
            bad(
                number,
                "time",
                cell["time"],
                "时间应为 ISO 8601（如 2024-07-01T03:00），无时差时须给出时区",
                "time must be ISO 8601 (e.g. 2024-07-01T03:00); without an offset the feed "
                "must state its time zone",
            )
        variable = cell["variable"]
        if variable not in UNITS:
            listed = ", ".join(UNITS)
            bad(
                number,
                "variable",
                variable,
                f"变量应为：{listed}",
                f"variable must be one of: {listed}",
            )
            continue
        conversion = UNITS[variable].get(cell["unit"])
        if conversion is None:
            listed = ", ".join(UNITS[variable])
            bad(
                number,
                "unit",
                cell["unit"],
                f"{variable} 的单位应为：{listed}",
                f"the unit of {variable} must be one of: {listed}",
            )
            continue
        try:
            raw = float(cell["value"])
        except ValueError:
            raw = math.nan
        value = raw * conversion[0] + conversion[1]
        if not math.isfinite(value) or (variable == "precipitation" and value < 0):
            bad(
                number,
                "value",
                cell["value"],
                "数值应为数字（降水不能为负）",
                "value must be a number (rain cannot be negative)",
            )
            continue
        if time is None or not cell["site"]:
            continue
        # A forecast file may hold several issues of the same hour: ``issued`` is part of the key.
        key = (cell["site"], variable, time.astimezone(dt.UTC), cell.get("issued", ""))
        if key in seen:
            bad(
                number,
                "time",
                cell["time"],
                f"与第 {seen[key]} 行重复（同一站点、变量与时间）",
                f"repeats row {seen[key]} (same site, variable and time)",
            )
            continue
        seen[key] = number
        observations.append(Observation(cell["site"], time, variable, value))
    if problems:
        raise DataValidationError(problems)
    return observations


@dataclass(frozen=True)
class Forecast:
    """A forecast value: ``observation`` is the value expected at its time, issued at
    ``issued`` (aware)."""

    observation: Observation
    issued: dt.datetime


def parse_forecast(
    rows: Sequence[Mapping[str, object]], where: str, *, timezone: str | None = None
) -> list[Forecast]:
    """Forecasts of a feed's rows: the observation columns plus ``issued`` (when the forecast
    was issued, ISO 8601, in the row's or the feed's zone). Every bad row is reported at once."""
    problems: list[Problem] = []
    issued: list[dt.datetime | None] = []
    default_zone = _zone(timezone) if timezone else None
    for number, row in enumerate(rows, start=1):
        text = str(row.get("issued") or "").strip()
        zone = _zone(str(row["timezone"])) if row.get("timezone") else default_zone
        time = _time(text, zone)
        issued.append(time)
        if time is None:
            problems.append(Problem(where, number, "issued", text, message=Text(
                "预报发布时间应为 ISO 8601（如 2024-07-01T08:00），无时差时须给出时区",
                "the issue time must be ISO 8601 (e.g. 2024-07-01T08:00); without an offset "
                "the feed must state its time zone")))  # fmt: skip
    try:
        observations = parse_feed(rows, where, timezone=timezone)
    except DataValidationError as exc:
        raise DataValidationError(sorted([*problems, *exc.problems],
                                         key=lambda p: p.row or 0)) from exc  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    return [Forecast(o, t) for o, t in zip(observations, issued, strict=True) if t is not None]


def merged_series(
    observations: Sequence[Observation], forecasts: Sequence[Forecast]
) -> tuple[list[Observation], dict[str, dt.datetime]]:
    """Observations followed by forecasts: (the series the rules run over, the last observed
    time of each site).

    For each site and variable, a forecast value counts only after the last observed time (an
    observation always wins), and of several issues for the same hour the latest counts. A
    warning at a time after its site's last observation stands on forecast values.
    """
    last_observed: dict[str, dt.datetime] = {}
    last_by_variable: dict[tuple[str, str], dt.datetime] = {}
    for o in observations:
        key = (o.site, o.variable)
        if key not in last_by_variable or o.time > last_by_variable[key]:
            last_by_variable[key] = o.time
        if o.site not in last_observed or o.time > last_observed[o.site]:
            last_observed[o.site] = o.time
    latest: dict[tuple[str, str, dt.datetime], Forecast] = {}
    for f in forecasts:
        o = f.observation
        after = last_by_variable.get((o.site, o.variable))
        if after is not None and o.time <= after:
            continue
        hour = (o.site, o.variable, o.time.astimezone(dt.UTC))
        if hour not in latest or f.issued > latest[hour].issued:
            latest[hour] = f
    return [*observations, *(f.observation for f in latest.values())], last_observed
