"""Warnings as Common Alerting Protocol 1.2 alerts (OASIS Standard, 2010-07-01; ITU-T X.1303).

One alert per warning event: an issue is ``msgType`` ``Alert``; an upgrade or downgrade an
``Update`` and a cancel a ``Cancel``, each with ``references`` naming the previous alert of the
same site and hazard (``sender,identifier,sent``), so a receiver can follow the chain. Each
alert has two ``info`` blocks (zh-CN and en-US) and one ``area`` with the site's name and its
GB/T 2260 region code as ``geocode``.

Identifiers follow the form given for GB/T 35965.1-2018 (warning-information exchange):
``ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N`` with the 6-digit GB/T 2260 region code; what the
``DDDUUUXX`` part encodes could not be confirmed [U] (shared/reference/round2-sources.md §3),
so it is written as zeros. Colours map to CAP severity as blue → Minor, yellow → Moderate,
orange → Severe, red → Extreme (the CMA's 一般/较重/严重/特别严重).

The XML is written and read in :mod:`cityclimate.io.cap`; this module is pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityclimate.adaptation.model import Action, Level, WarningEvent
from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

SEVERITY = {
    Level.BLUE: "Minor",
    Level.YELLOW: "Moderate",
    Level.ORANGE: "Severe",
    Level.RED: "Extreme",
}
#: CAP certainty and urgency of a warning on observed values (False) or on forecasts (True).
CERTAINTY = {False: "Observed", True: "Likely"}
URGENCY = {False: "Immediate", True: "Expected"}
MSG_TYPE = {
    Action.ISSUE: "Alert",
    Action.UPGRADE: "Update",
    Action.DOWNGRADE: "Update",
    Action.CANCEL: "Cancel",
}
#: The ``valueName`` of the parameters that carry a warning event through CAP.
EVENT_PARAMETERS = ("site", "hazard", "action", "level", "previous", "rule", "value", "unit")
#: ``valueName`` of the region code in ``geocode``.
REGION_CODE = "GB/T 2260"


@dataclass(frozen=True)
class CapArea:
    area_desc: str
    geocodes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CapInfo:
    language: str
    category: str
    event: str
    urgency: str
    severity: str
    certainty: str
    event_codes: tuple[tuple[str, str], ...]
    effective: dt.datetime
    sender_name: str
    headline: str
    description: str
    parameters: tuple[tuple[str, str], ...]
    areas: tuple[CapArea, ...]


@dataclass(frozen=True)
class CapAlert:
    """One CAP 1.2 ``alert`` with the elements this platform writes and reads."""

    identifier: str
    sender: str
    sent: dt.datetime
    status: str
    msg_type: str
    scope: str
    note: str
    references: tuple[str, ...]
    infos: tuple[CapInfo, ...]

    @property
    def reference_key(self) -> str:
        """``sender,identifier,sent`` as a later alert's ``references`` names this one."""
        return f"{self.sender},{self.identifier},{cap_time(self.sent)}"


def cap_time(time: dt.datetime) -> str:
    """A CAP date-time: ``2024-07-01T03:00:00+08:00`` (seconds, numeric offset, no ``Z``)."""
    if time.tzinfo is None:
        raise ValueError("CAP times must carry a time zone")
    text = time.replace(microsecond=0).isoformat()
    return text


def identifier(region_code: str, sent: dt.datetime, sequence: int) -> str:
    """``ZZZZZZ00000000_YYYYMMDDhhmmss_N`` (GB/T 35965.1 form; the middle part [U])."""
    return f"{region_code:0>6}{'0' * 8}_{sent:%Y%m%d%H%M%S}_{sequence}"


def _info(
    event: WarningEvent, language: str, lang: str, area: CapArea, sender_name: Text
) -> CapInfo:
    hazard = event.hazard_name.pick(lang) or event.hazard
    level = event.level.text.pick(lang)
    if lang == "en":
        headline = f"{hazard.capitalize()} {level} warning {event.action.text.en}"
        description = (
            f"{event.criterion.en}: {event.value:g} {event.unit} at {area.area_desc} "
            f"({event.rule_id})"
        )
    else:
        headline = f"{hazard}{level}预警{event.action.text.zh}"
        description = (
            f"{event.criterion.zh}：{area.area_desc} 实测 {event.value:g} {event.unit}"
            f"（{event.rule_id}）"
        )
    parameters = {
        "site": event.site,
        "hazard": event.hazard,
        "action": event.action.value,
        "level": event.level.value,
        "previous": event.previous.value if event.previous else "",
        "rule": event.rule_id,
        "value": repr(float(event.value)),
        "unit": event.unit,
    }
    return CapInfo(
        language=language,
        category="Met",
        event=hazard,
        urgency="Past" if event.action is Action.CANCEL else URGENCY[event.forecast],
        severity=SEVERITY[event.level],
        certainty=CERTAINTY[event.forecast],
        event_codes=(("CMA-signal", f"{event.hazard}.{event.level.value}"),),
        effective=event.time,
        sender_name=sender_name.pick(lang),
        headline=headline,
        description=description,
        parameters=tuple((k, parameters[k]) for k in EVENT_PARAMETERS),
        areas=(area,),
    )


def alerts_from_events(
    events: Sequence[WarningEvent],
    *,
    sender: str,
    sender_name: Text,
    region_code: str,
    area_names: Mapping[str, str],
    status: str = "Actual",
    note: str = "",
) -> list[CapAlert]:
    """CAP alerts for warning events, with Update and Cancel chains per site and hazard.

    Parameters
    ----------
    events:
        From :func:`cityclimate.adaptation.warnings.evaluate` (time order).
    sender:
        CAP ``sender`` (e.g. the office's address or domain).
    sender_name:
        Human-readable sender in zh and en.
    region_code:
        6-digit GB/T 2260 code of the territory (identifiers and ``geocode``).
    area_names:
        Site id → name for ``areaDesc`` (the id itself if absent).
    status:
        ``Actual``, ``Exercise``, ``System``, ``Test`` or ``Draft`` (``Exercise`` for a demo).
    note:
        CAP ``note`` (e.g. that the data are illustrative).
    """
    last: dict[tuple[str, str], CapAlert] = {}
    alerts: list[CapAlert] = []
    for event in events:
        area = CapArea(
            area_names.get(event.site, event.site), ((REGION_CODE, f"{region_code:0>6}"),)
        )
        key = (event.site, event.hazard)
        previous = last.get(key)
        references = (
            (previous.reference_key,) if previous and event.action is not Action.ISSUE else ()
        )
        alert = CapAlert(
            identifier=identifier(region_code, event.time, event.sequence),
            sender=sender,
            sent=event.time,
            status=status,
            msg_type=MSG_TYPE[event.action],
            scope="Public",
            note=note,
            references=references,
            infos=(
                _info(event, "zh-CN", "zh", area, sender_name),
                _info(event, "en-US", "en", area, sender_name),
            ),
        )
        alerts.append(alert)
        last[key] = alert
    return alerts


def events_from_alerts(alerts: Sequence[CapAlert], where: str = "CAP") -> list[WarningEvent]:
    """The warning events carried by alerts this platform wrote (their parameters).

    Names, criteria and sequence numbers come back from the ``info`` blocks and identifiers.

    Raises
    ------
    DataValidationError
        When an alert lacks the event parameters (not written by this platform), naming the
        alert and the missing parameter.
    """
    events: list[WarningEvent] = []
    problems: list[Problem] = []
    for number, alert in enumerate(alerts, start=1):
        infos = {info.language[:2]: info for info in alert.infos}
        first = alert.infos[0] if alert.infos else None
        values = dict(first.parameters) if first else {}
        missing = [name for name in EVENT_PARAMETERS if name not in values]
        if missing:
            problems.append(
                Problem(
                    where,
                    number,
                    "parameter",
                    missing[0],
                    message=Text(
                        f"警报 {alert.identifier} 缺少参数 {', '.join(missing)}",
                        f"alert {alert.identifier} lacks parameter(s) {', '.join(missing)}",
                    ),
                )
            )
            continue
        zh, en = infos.get("zh"), infos.get("en")
        events.append(
            WarningEvent(
                site=values["site"],
                hazard=values["hazard"],
                action=Action(values["action"]),
                level=Level(values["level"]),
                previous=Level(values["previous"]) if values["previous"] else None,
                time=first.effective if first else alert.sent,
                rule_id=values["rule"],
                value=float(values["value"]),
                unit=values["unit"],
                sequence=int(alert.identifier.rsplit("_", 1)[-1]),
                forecast=first is not None and first.certainty == CERTAINTY[True],
                hazard_name=Text(zh.event if zh else "", en.event if en else ""),
                criterion=Text(
                    zh.description.split("：", 1)[0] if zh else "",
                    en.description.split(": ", 1)[0] if en else "",
                ),
            )
        )
    if problems:
        raise DataValidationError(problems)
    return events
