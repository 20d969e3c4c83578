"""Types of the adaptation and early-warning module (issue 17).

Times are timezone-aware :class:`datetime.datetime` values everywhere in the core: a feed states
its time zone once (or per row) and is converted at the edge, so a 12-hour window is 12 real
hours whatever the feed's zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from cityclimate.text import Text


class Level(Enum):
    """Colour of a CMA warning signal, in rising order of severity (蓝/黄/橙/红 =
    一般/较重/严重/特别严重)."""

    BLUE = "blue"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def text(self) -> Text:
        return _LEVEL_TEXT[self]


_RANK = {Level.BLUE: 1, Level.YELLOW: 2, Level.ORANGE: 3, Level.RED: 4}
_LEVEL_TEXT = {
    Level.BLUE: Text("蓝色", "blue"),
    Level.YELLOW: Text("黄色", "yellow"),
    Level.ORANGE: Text("橙色", "orange"),
    Level.RED: Text("红色", "red"),
}


class Aggregation(Enum):
    """How a rule reduces the observations of its window to one number."""

    #: Sum over the trailing ``window_hours`` (rainfall accumulated in 3, 6, 12 h).
    SUM = "sum"
    #: Maximum over the trailing ``window_hours`` (highest temperature within 24 h).
    MAX = "max"
    #: The daily maximum (local calendar days) reaches the threshold on ``days`` consecutive
    #: days ending today, or ending yesterday (the warning stands through the day after).
    CONSECUTIVE_DAYS_MAX = "consecutive_days_max"


class Action(Enum):
    """What happens to a warning at an evaluation time (the CAP msgType follows from it)."""

    ISSUE = "issue"
    UPGRADE = "upgrade"
    DOWNGRADE = "downgrade"
    CANCEL = "cancel"

    @property
    def text(self) -> Text:
        return _ACTION_TEXT[self]


_ACTION_TEXT = {
    Action.ISSUE: Text("发布", "issued"),
    Action.UPGRADE: Text("升级", "upgraded"),
    Action.DOWNGRADE: Text("降级", "downgraded"),
    Action.CANCEL: Text("解除", "cancelled"),
}


@dataclass(frozen=True)
class Observation:
    """One value of a feed at one site.

    Attributes
    ----------
    site:
        Station or grid-cell id, as the feed names it.
    time:
        End of the observation period (aware datetime). Precipitation is the amount that fell
        in the period ending then (hourly in the demo).
    variable:
        ``"precipitation"`` (mm) or ``"air_temperature"`` (°C).
    value:
        In the variable's unit (mm or °C): the feed reader converts.
    """

    site: str
    time: dt.datetime
    variable: str
    value: float


@dataclass(frozen=True)
class SignalRule:
    """One row of the warning-signal catalogue: hazard × colour × threshold rule.

    The rule is met when the aggregate of ``variable`` (``aggregation`` over ``window_hours``
    or ``days``) is **at or above** ``threshold`` (the CMA texts say "…以上", which includes
    the value itself).
    """

    jurisdiction: str
    hazard: str
    level: Level
    variable: str
    aggregation: Aggregation
    threshold: float
    unit: str
    window_hours: int
    days: int
    valid_from: dt.date
    valid_to: dt.date | None
    confirmed: bool
    source: str
    criterion: Text
    hazard_name: Text

    @property
    def rule_id(self) -> str:
        return f"{self.jurisdiction}:{self.hazard}:{self.level.value}"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class WarningEvent:
    """A warning issued, upgraded, downgraded or cancelled at one site.

    ``level`` is the level after the event (for a cancel: the level cancelled);
    ``previous`` the level before (``None`` for an issue). ``value`` is the aggregate that
    met (or, for a downgrade or cancel, no longer met) the rule, in the rule's unit.
    """

    site: str
    hazard: str
    action: Action
    level: Level
    previous: Level | None
    time: dt.datetime
    rule_id: str
    value: float
    unit: str
    sequence: int = 0
    hazard_name: Text = field(default_factory=lambda: Text("", ""))
    criterion: Text = field(default_factory=lambda: Text("", ""))
    #: The warning stands on forecast values (its time is after the site's last observation).
    forecast: bool = False

    @property
    def active(self) -> bool:
        return self.action is not Action.CANCEL


@dataclass(frozen=True)
class Provenance:
    """Where an input layer's values come from."""

    source: str
    year: int | None = None
    illustrative: bool = False
