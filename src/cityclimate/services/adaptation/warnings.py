"""A territory's warning settings, feeds and warnings (issue 17).

Feeds arrive as observations (the faces read CSV/JSON with :mod:`cityclimate.io.adaptation_feeds`
and the core parses them); they are stored in UTC. :func:`evaluate` runs the warning rules of
the territory's jurisdiction (:func:`cityclimate.adaptation.evaluate`) over every stored
observation and replaces the stored warnings with the result, audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cityclimate.adaptation import (
    Action,
    Level,
    Observation,
    WarningEvent,
    active_warnings,
    shipped_catalogue,
    shipped_jurisdictions,
)
from cityclimate.adaptation import (
    evaluate as evaluate_rules,
)
from cityclimate.adaptation.cap import CapAlert, alerts_from_events
from cityclimate.adaptation.catalogue import chain
from cityclimate.adaptation.feeds import Forecast, merged_series
from cityclimate.errors import DataValidationError, Problem
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.errors import NotFoundError, PermissionDeniedError
from cityclimate.storage.adaptation_models import (
    AdaptationForecast,
    AdaptationObservation,
    AdaptationSettings,
    AdaptationSite,
    AdaptationWarning,
)
from cityclimate.storage.models import Territory
from cityclimate.text import Text

BASIS = {False: Text("实况", "observed"), True: Text("预报", "forecast")}
ILLUSTRATIVE_NOTE = "示例数据 ILLUSTRATIVE: simulated observations, not real warnings"


@dataclass(frozen=True)
class Settings:
    territory: str
    jurisdiction: str
    region_code: str
    timezone: str
    sender: str
    sender_name: Text
    illustrative: bool


def require_office(actor: Actor) -> None:
    if actor.role not in OFFICE:
        raise PermissionDeniedError(
            "只有管理员和气候办可以修改适应与预警数据",
            "only the admin and the climate office may change adaptation and warning data",
        )


def _territory(session: Session, territory: str) -> Territory:
    found = session.get(Territory, territory)
    if found is None:
        raise NotFoundError(f"地区 {territory} 不存在", f"no territory {territory}")
    return found


def save_settings(session: Session, actor: Actor, settings: Settings) -> Settings:
    """Set how a territory's warnings are evaluated and sent (audited)."""
    require_office(actor)
    _territory(session, settings.territory)
    known = shipped_jurisdictions()
    if settings.jurisdiction not in known:
        listed = ", ".join(sorted(known))
        raise DataValidationError(
            [
                Problem(
                    "settings",
                    None,
                    "jurisdiction",
                    settings.jurisdiction,
                    message=Text(f"辖区应为：{listed}", f"jurisdiction must be one of: {listed}"),
                )
            ]
        )
    if not (len(settings.region_code) == 6 and settings.region_code.isdigit()):
        raise DataValidationError(
            [
                Problem(
                    "settings",
                    None,
                    "region_code",
                    settings.region_code,
                    message=Text(
                        "区划代码应为6位数字（GB/T 2260）",
                        "the region code is 6 digits (GB/T 2260)",
                    ),
                )
            ]
        )
    row = session.scalar(
        select(AdaptationSettings).where(AdaptationSettings.territory_code == settings.territory)
    )
    if row is None:
        row = AdaptationSettings(territory_code=settings.territory)
        session.add(row)
    row.jurisdiction = settings.jurisdiction
    row.region_code = settings.region_code
    row.timezone = settings.timezone
    row.sender = settings.sender
    row.sender_name_zh = settings.sender_name.zh
    row.sender_name_en = settings.sender_name.en
    row.illustrative = settings.illustrative
    audit.record(
        session,
        actor,
        "update",
        "adaptation_settings",
        settings.territory,
        after={**settings.__dict__, "sender_name": str(settings.sender_name)},
    )
    return settings


def find_settings(session: Session, territory: str) -> Settings | None:
    return get_settings(session, territory) if has_settings(session, territory) else None


def default_territory(session: Session) -> str | None:
    """The first territory with warning settings (the pages' default)."""
    query = select(AdaptationSettings.territory_code).order_by(AdaptationSettings.territory_code)
    return session.scalars(query).first()


def has_settings(session: Session, territory: str) -> bool:
    query = select(AdaptationSettings.id).where(AdaptationSettings.territory_code == territory)
    return session.scalar(query) is not None


def get_settings(session: Session, territory: str) -> Settings:
    """The territory's warning settings (404 when it has none)."""
    row = session.scalar(
        select(AdaptationSettings).where(AdaptationSettings.territory_code == territory)
    )
    if row is None:
        raise NotFoundError(
            f"地区 {territory} 尚未设置预警（辖区、区划代码、时区）",
            f"territory {territory} has no warning settings (jurisdiction, region code, time zone)",
        )
    return Settings(
        territory,
        row.jurisdiction,
        row.region_code,
        row.timezone,
        row.sender,
        Text(row.sender_name_zh, row.sender_name_en),
        row.illustrative,
    )


def save_sites(
    session: Session, actor: Actor, territory: str, sites: Sequence[dict[str, str]]
) -> int:
    """Add or update the territory's stations and grid cells (site, kind, names, sub-area)."""
    require_office(actor)
    _territory(session, territory)
    existing = {
        s.site: s
        for s in session.scalars(
            select(AdaptationSite).where(AdaptationSite.territory_code == territory)
        )
    }
    for site in sites:
        row = existing.get(site["site"]) or AdaptationSite(
            territory_code=territory, site=site["site"]
        )
        row.kind = site.get("kind", "station")
        row.name_zh = site.get("name_zh", "")
        row.name_en = site.get("name_en", "")
        row.sub_area = site.get("sub_area", "")
        session.add(row)
    audit.record(
        session, actor, "import", "adaptation_sites", territory, after={"rows": len(sites)}
    )
    return len(sites)


def site_names(session: Session, territory: str, lang: str) -> dict[str, str]:
    rows = session.scalars(select(AdaptationSite).where(AdaptationSite.territory_code == territory))
    return {r.site: Text(r.name_zh or r.site, r.name_en or r.site).pick(lang) for r in rows}


def sites(session: Session, territory: str) -> list[AdaptationSite]:
    query = select(AdaptationSite).where(AdaptationSite.territory_code == territory)
    return list(session.scalars(query.order_by(AdaptationSite.site)))


def import_feed(
    session: Session,
    actor: Actor,
    territory: str,
    observations: Sequence[Observation],
    *,
    where: str,
    illustrative: bool = False,
) -> int:
    """Store a feed's observations (a value already stored for the same site, variable and
    time is replaced); audited as one import."""
    require_office(actor)
    _territory(session, territory)
    if not observations:
        return 0
    times = [o.time.astimezone(dt.UTC) for o in observations]
    first, last = min(times), max(times)
    keys = {(o.site, o.variable, t) for o, t in zip(observations, times, strict=True)}
    stored = session.execute(
        select(
            AdaptationObservation.id,
            AdaptationObservation.site,
            AdaptationObservation.variable,
            AdaptationObservation.time,
        ).where(
            AdaptationObservation.territory_code == territory,
            AdaptationObservation.time >= first,
            AdaptationObservation.time <= last,
        )
    ).all()
    replaced = [row.id for row in stored if (row.site, row.variable, _utc(row.time)) in keys]
    if replaced:
        session.execute(delete(AdaptationObservation).where(AdaptationObservation.id.in_(replaced)))
    # Core insert: a summer of hourly values is thousands of rows (ORM objects cost 10x).
    session.execute(
        insert(AdaptationObservation),
        [
            {
                "territory_code": territory,
                "site": o.site,
                "variable": o.variable,
                "time": t,
                "value": o.value,
                "illustrative": illustrative,
            }
            for o, t in zip(observations, times, strict=True)
        ],
    )
    audit.record(
        session,
        actor,
        "import",
        "adaptation_feed",
        territory,
        after={
            "rows": len(observations),
            "replaced": len(replaced),
            "where": where,
            "illustrative": illustrative,
        },
    )
    return len(observations)


def import_forecast(
    session: Session,
    actor: Actor,
    territory: str,
    forecasts: Sequence[Forecast],
    *,
    where: str,
    illustrative: bool = False,
) -> int:
    """Store a forecast feed (a value already stored for the same site, variable, time and
    issue is replaced); audited as one import. Evaluation uses forecasts only after each
    site's last observation (:func:`cityclimate.adaptation.feeds.merged_series`)."""
    require_office(actor)
    _territory(session, territory)
    if not forecasts:
        return 0
    table = AdaptationForecast
    rows = [(f.observation, f.observation.time.astimezone(dt.UTC), f.issued.astimezone(dt.UTC))
            for f in forecasts]  # fmt: skip
    keys = {(o.site, o.variable, t, i) for o, t, i in rows}
    first, last = min(t for _, t, _ in rows), max(t for _, t, _ in rows)
    stored = session.execute(
        select(table.id, table.site, table.variable, table.time, table.issued_at).where(
            table.territory_code == territory, table.time >= first, table.time <= last
        )
    ).all()
    replaced = [
        r.id for r in stored if (r.site, r.variable, _utc(r.time), _utc(r.issued_at)) in keys
    ]
    if replaced:
        session.execute(delete(table).where(table.id.in_(replaced)))
    session.execute(
        insert(table),
        [
            {"territory_code": territory, "site": o.site, "variable": o.variable, "time": t,
             "issued_at": i, "value": o.value, "illustrative": illustrative}
            for o, t, i in rows
        ],
    )  # fmt: skip
    audit.record(session, actor, "import", "adaptation_forecast", territory,
                 after={"rows": len(rows), "replaced": len(replaced), "where": where})  # fmt: skip
    return len(rows)


def forecasts(session: Session, territory: str) -> list[Forecast]:
    table = AdaptationForecast
    query = select(table.site, table.time, table.variable, table.value, table.issued_at)
    return [
        Forecast(Observation(site, _utc(time), variable, value), _utc(issued))
        for site, time, variable, value, issued in session.execute(
            query.where(table.territory_code == territory).order_by(table.time)
        )
    ]


def _utc(time: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back: they were stored in UTC.
    return time.replace(tzinfo=dt.UTC) if time.tzinfo is None else time.astimezone(dt.UTC)


def observations(session: Session, territory: str) -> list[Observation]:
    table = AdaptationObservation
    query = select(table.site, table.time, table.variable, table.value).where(
        table.territory_code == territory
    )
    return [
        Observation(site, _utc(time), variable, value)
        for site, time, variable, value in session.execute(query.order_by(table.time))
    ]


def evaluate(session: Session, actor: Actor, territory: str) -> list[WarningEvent]:
    """Evaluate the territory's stored observations; the stored warnings are replaced."""
    require_office(actor)
    settings = get_settings(session, territory)
    series, last_observed = merged_series(
        observations(session, territory), forecasts(session, territory)
    )
    events = [
        replace(e, forecast=e.site not in last_observed or e.time > last_observed[e.site])
        for e in evaluate_rules(
            series,
            shipped_catalogue(),
            chain(settings.jurisdiction, shipped_jurisdictions()),
            timezone=settings.timezone,
        )
    ]
    session.execute(delete(AdaptationWarning).where(AdaptationWarning.territory_code == territory))
    session.execute(
        insert(AdaptationWarning),
        [
            dict(
                territory_code=territory,
                sequence=e.sequence,
                site=e.site,
                hazard=e.hazard,
                action=e.action.value,
                level=e.level.value,
                previous=e.previous.value if e.previous else "",
                time=e.time.astimezone(dt.UTC),
                rule_id=e.rule_id,
                value=e.value,
                unit=e.unit,
                hazard_zh=e.hazard_name.zh,
                hazard_en=e.hazard_name.en,
                criterion_zh=e.criterion.zh,
                criterion_en=e.criterion.en,
                basis="forecast" if e.forecast else "observed",
            )
            for e in events
        ],
    )
    # Imported here: the notices service reads this module's settings (a cycle at import time).
    from cityclimate.services.adaptation import notices

    notices.notify(session, actor, territory, events)
    audit.record(
        session,
        actor,
        "evaluate",
        "adaptation_warnings",
        territory,
        after={"events": len(events), "active": len(active_warnings(events))},
    )
    return events


def warning_events(session: Session, territory: str) -> list[WarningEvent]:
    """The stored warning events of the last evaluation, in local time of the territory."""
    settings = get_settings(session, territory)
    zone = ZoneInfo(settings.timezone)
    query = select(AdaptationWarning).where(AdaptationWarning.territory_code == territory)
    return [
        WarningEvent(
            site=r.site,
            hazard=r.hazard,
            action=Action(r.action),
            level=Level(r.level),
            previous=Level(r.previous) if r.previous else None,
            time=_utc(r.time).astimezone(zone),
            rule_id=r.rule_id,
            value=r.value,
            unit=r.unit,
            sequence=r.sequence,
            hazard_name=Text(r.hazard_zh, r.hazard_en),
            criterion=Text(r.criterion_zh, r.criterion_en),
            forecast=r.basis == "forecast",
        )
        for r in session.scalars(query.order_by(AdaptationWarning.sequence))
    ]


def cap_alerts(session: Session, territory: str) -> list[CapAlert]:
    """The stored warnings as CAP 1.2 alerts (Update and Cancel chains)."""
    settings = get_settings(session, territory)
    return alerts_from_events(
        warning_events(session, territory),
        sender=settings.sender,
        sender_name=settings.sender_name,
        region_code=settings.region_code,
        area_names=site_names(session, territory, "zh"),
        status="Exercise" if settings.illustrative else "Actual",
        note=ILLUSTRATIVE_NOTE if settings.illustrative else "",
    )


def event_view(event: WarningEvent, lang: str, names: dict[str, str]) -> dict[str, Any]:
    """A warning event as plain values for the faces (names in ``lang``)."""
    return {
        "sequence": event.sequence,
        "site": event.site,
        "site_name": names.get(event.site, event.site),
        "hazard": event.hazard,
        "hazard_name": event.hazard_name.pick(lang) or event.hazard,
        "action": event.action.value,
        "action_name": event.action.text.pick(lang),
        "level": event.level.value,
        "level_name": event.level.text.pick(lang),
        "previous": event.previous.value if event.previous else None,
        "time": event.time.isoformat(),
        "rule_id": event.rule_id,
        "criterion": event.criterion.pick(lang),
        "value": event.value,
        "unit": event.unit,
        "basis": "forecast" if event.forecast else "observed",
        "basis_name": BASIS[event.forecast].pick(lang),
    }
