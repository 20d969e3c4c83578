"""Adaptation and early warning (issue 17): warning signals, risk, sponge city, green space.

Pure calculation, no I/O: the warning-signal catalogue as dated data with jurisdiction
overrides (:mod:`~cityclimate.adaptation.catalogue`), rules evaluated over rolling windows of
observation feeds (:mod:`~cityclimate.adaptation.warnings`), warnings as CAP 1.2 alerts
(:mod:`~cityclimate.adaptation.cap`, the XML is in :mod:`cityclimate.io.cap`), risk =
hazard × exposure × vulnerability with visible normalisation (:mod:`~cityclimate.adaptation.risk`),
sponge-city evaluation per drainage zone after GB/T 51345-2018
(:mod:`~cityclimate.adaptation.sponge`) and parks, greenways and green coverage
(:mod:`~cityclimate.adaptation.green`).
"""

from cityclimate.adaptation.catalogue import (
    parse_catalogue,
    rules_in_force,
    shipped_catalogue,
    shipped_jurisdictions,
)
from cityclimate.adaptation.model import (
    Action,
    Aggregation,
    Level,
    Observation,
    SignalRule,
    WarningEvent,
)
from cityclimate.adaptation.warnings import active_warnings, evaluate

__all__ = [
    "Action",
    "Aggregation",
    "Level",
    "Observation",
    "SignalRule",
    "WarningEvent",
    "active_warnings",
    "evaluate",
    "parse_catalogue",
    "rules_in_force",
    "shipped_catalogue",
    "shipped_jurisdictions",
]
