"""The reporting calendar of a territory (issue 19): the office's deadlines (its own stored
dates over the shipped defaults) and the enterprises' obligations (report by 31 March,
disclosure by 15 March: the enterprises' deadlines table), each with its state on a day.

Who sees what: the office every item, each enterprise by name; a department the office's
items; an enterprise user its own enterprise's obligations and the office's public dates;
anyone else the deadlines themselves without names (the feed a person subscribes to).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.enterprises.rules import deadlines as enterprise_deadlines
from cityclimate.errors import DataValidationError, Problem
from cityclimate.reporting.calendar import Item, Rule, default_rules, item, rule_of, sort_items
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, STAFF_ROLES, Actor
from cityclimate.services.enterprises.registry import list_enterprises
from cityclimate.services.enterprises.reports import deadlines as obligations_of
from cityclimate.services.territories import get_territory
from cityclimate.storage.indicators_models import EvaluationPublication
from cityclimate.storage.models import InventoryVersion
from cityclimate.storage.reporting_models import ReportingDeadline
from cityclimate.text import Text

NOBODY = Text("", "")


def rules(session: Session, territory: str) -> list[Rule]:
    """The office's deadlines of ``territory``: its stored ones over the shipped defaults."""
    stored = {
        r.kind: r
        for r in session.scalars(
            select(ReportingDeadline).where(ReportingDeadline.territory_code == territory)
        )
    }
    out = {r.kind: r for r in default_rules()}
    for kind, row in stored.items():
        out[kind] = rule_of(_row(row))
    return list(out.values())


def _row(row: ReportingDeadline) -> dict[str, object]:
    keys = ("kind", "name_zh", "name_en", "audience", "month", "day", "year_offset", "source")
    return {k: getattr(row, k) for k in keys}


def set_deadline(session: Session, actor: Actor, territory: str, values: dict[str, Any]) -> Rule:
    """Store (or replace) one of the office's deadlines of ``territory``; audited.

    Raises
    ------
    DataValidationError
        An impossible date (e.g. 30 February) or an unknown audience, named with the fix.
    """
    get_territory(session, territory)
    try:
        rule = rule_of(values)
    except ValueError as exc:
        raise DataValidationError(
            [
                Problem(
                    "calendar",
                    None,
                    "month/day",
                    f"{values.get('month')}-{values.get('day')}",
                    f"截止日期无效：{exc}；请给出存在的月、日（如 3 月 31 日），受众为 office/department/enterprise/public",
                    f"the deadline is not valid: {exc}; give a month and day that exist (e.g. "
                    "3/31) and an audience of office, department, enterprise or public",
                )
            ]
        ) from exc
    row = session.scalar(
        select(ReportingDeadline).where(
            ReportingDeadline.territory_code == territory, ReportingDeadline.kind == rule.kind
        )
    )
    before = None if row is None else _row(row)
    if row is None:
        row = ReportingDeadline(territory_code=territory, kind=rule.kind)
        session.add(row)
    row.name_zh, row.name_en, row.audience = rule.name.zh, rule.name.en, rule.audience
    row.month, row.day, row.year_offset, row.source = (
        rule.month,
        rule.day,
        rule.year_offset,
        rule.source or f"set by {actor.username or 'the office'}",
    )
    row.updated_by = actor.user_id
    session.flush()
    audit.record(
        session,
        actor,
        "set_deadline",
        "reporting_deadline",
        f"{territory}:{rule.kind}",
        before=before,
        after=_row(row),
    )
    return rule


def _office_done(session: Session, territory: str, kind: str, year: int) -> date | None:
    if kind == "inventory_publication":
        when = session.scalar(
            select(InventoryVersion.published_at)
            .where(
                InventoryVersion.territory_code == territory,
                InventoryVersion.year == year,
                InventoryVersion.status.in_(("published", "superseded")),
            )
            .order_by(InventoryVersion.published_at)
            .limit(1)
        )
        return None if when is None else when.date()
    if kind == "evaluation_publication":
        published = session.scalar(
            select(EvaluationPublication.published_at).where(
                EvaluationPublication.territory_code == territory,
                EvaluationPublication.year == year,
            )
        )
        return None if published is None else published.date()
    return None


def _enterprise_rules() -> list[Rule]:
    return [
        Rule(
            kind=str(r["obligation"]),
            name=Text(str(r["name_zh"]), str(r["name_en"])),
            audience="enterprise",
            month=int(r["month"]),
            day=int(r["day"]),
            source=str(r["source"]),
        )
        for r in enterprise_deadlines().iter_rows(named=True)
    ]


def items(session: Session, actor: Actor, territory: str, year: int, today: date) -> list[Item]:
    """Every item of reporting year ``year`` the actor may see, judged on ``today``, overdue
    first (404 for an unknown territory)."""
    get_territory(session, territory)
    office = actor.role in OFFICE
    out = []
    for rule in rules(session, territory):
        if actor.role == "enterprise" and rule.audience not in ("enterprise", "public"):
            continue
        done = _office_done(session, territory, rule.kind, year)
        out.append(item(rule, year, NOBODY, done, today))
    if office or actor.role == "enterprise":
        names = {r.kind: r for r in _enterprise_rules()}
        for record in list_enterprises(session, actor):
            if record.territory != territory:
                continue
            for o in obligations_of(session, actor, record.enterprise_id, year, today=today):
                known = names.get(str(o["obligation"]))
                if known is None:
                    continue
                done_on = None if o["done_on"] is None else date.fromisoformat(o["done_on"])
                subject = Text(record.name_zh, record.name_en)
                out.append(item(known, year, subject, done_on, today))
    elif actor.role not in STAFF_ROLES:
        out += [item(rule, year, NOBODY, None, today) for rule in _enterprise_rules()]
    return sort_items(out)


def reminders(session: Session, actor: Actor, territory: str, today: date) -> list[Item]:
    """What the actor should act on now: items of the last two reporting years that are
    overdue or due within the reminder window (the home page's reminders)."""
    found: list[Item] = []
    for year in (today.year - 2, today.year - 1):
        found += [
            i
            for i in items(session, actor, territory, year, today)
            if i.state in ("overdue", "due_soon")
        ]
    return sort_items(found)


def item_view(i: Item) -> dict[str, Any]:
    """An item as JSON-ready data."""
    return {
        "kind": i.kind,
        "name_zh": i.name.zh,
        "name_en": i.name.en,
        "audience": i.audience,
        "year": i.year,
        "due": i.due.isoformat(),
        "subject_zh": i.subject.zh,
        "subject_en": i.subject.en,
        "done_on": None if i.done_on is None else i.done_on.isoformat(),
        "state": i.state,
        "days_late": i.days_late,
    }
