"""The plan's evaluation report, a department's assessment notice, an enterprise's emission
report with its disclosure, and a park's self-assessment, from what is stored (each reads
through the service that owns the data, with the actor's rights)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cityclimate import parks as park_core
from cityclimate.plan.annual_evaluation import annual_evaluation_dict
from cityclimate.reporting.entity_documents import enterprise_document as assemble_enterprise
from cityclimate.reporting.entity_documents import park_document as assemble_park
from cityclimate.reporting.entity_documents import park_issuer
from cityclimate.reporting.model import Cover, Document
from cityclimate.reporting.plan_documents import assessment_notice as assemble_notice
from cityclimate.reporting.plan_documents import evaluation_document as assemble_evaluation
from cityclimate.services import parks
from cityclimate.services.actors import Actor
from cityclimate.services.enterprises.disclosure import disclosures
from cityclimate.services.enterprises.registry import enterprise_view, get_enterprise
from cityclimate.services.enterprises.reports import counted_filing, filing_view
from cityclimate.services.errors import NotFoundError
from cityclimate.services.indicators import evaluation
from cityclimate.services.reporting.documents import ILLUSTRATIVE, default_issuer
from cityclimate.services.territories import get_territory
from cityclimate.text import Text


def _plan_cover(session: Session, territory: str, illustrative: bool, on: date | None) -> Cover:
    place = get_territory(session, territory)
    return Cover(
        subject=Text(place.name_zh, place.name_en),
        issuer=default_issuer(place),
        issued_on=on or date.today(),
        illustrative=illustrative,
        notice=ILLUSTRATIVE,
    )


def evaluation_document(
    session: Session, actor: Actor, territory: str, year: int, *, issued_on: date | None = None
) -> Document:
    """The plan's annual evaluation report (the public: published years only, else 404)."""
    made = annual_evaluation_dict(evaluation(session, actor, territory, year))
    cover = _plan_cover(session, territory, bool(made["illustrative"]), issued_on)
    return assemble_evaluation(cover, made)


def assessment_notice(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    department: str,
    *,
    issued_on: date | None = None,
) -> Document:
    """The assessment notice to ``department`` with its rectification items and deadlines."""
    made = annual_evaluation_dict(evaluation(session, actor, territory, year))
    cover = _plan_cover(session, territory, bool(made["illustrative"]), issued_on)
    try:
        return assemble_notice(cover, made, department)
    except ValueError as exc:
        raise NotFoundError(
            f"{department} 未参加 {year} 年度考核", f"{department} is not assessed in {year}"
        ) from exc


def enterprise_document(
    session: Session, actor: Actor, enterprise_id: str, year: int, *, issued_on: date | None = None
) -> Document:
    """An enterprise's counted report of ``year`` and, once accepted, its disclosure form (the
    actor must see the enterprise: the office, or its own members and verifier)."""
    record = get_enterprise(session, actor, enterprise_id)
    filing = counted_filing(session, enterprise_id, year)
    if filing is None:
        raise NotFoundError(
            f"{record.name_zh} 没有 {year} 年度排放报告",
            f"{record.name_en or record.name_zh} has no emission report for {year}",
        )
    view = filing_view(filing, with_rows=True)
    form = next(
        (f for f in disclosures(session, year) if f["enterprise_id"] == enterprise_id), None
    )
    accepted = filing.accepted_at.date() if filing.accepted_at is not None else None
    cover = Cover(
        subject=Text(record.name_zh, record.name_en),
        issuer=Text(record.name_zh, record.name_en),
        issued_on=issued_on or accepted or date.today(),
        version=Text(f"第 {filing.version} 版", f"version {filing.version}"),
        illustrative=bool(record.illustrative or filing.illustrative),
        notice=ILLUSTRATIVE,
    )
    return assemble_enterprise(cover, enterprise_view(record), view, form)


def park_document(session: Session, park_id: str, *, issued_on: date | None = None) -> Document:
    """A park's self-assessment, every year with data evaluated (404 for an unknown park)."""
    park, table, inventories = parks.evaluate(session, park_id)
    summary = park_core.evaluation_summary(park, table, inventories)
    about = summary["park"]
    subject = Text(about["name_zh"], about["name_en"])
    cover = Cover(
        subject=subject,
        issuer=park_issuer(subject),
        issued_on=issued_on or date.today(),
        illustrative=bool(about.get("illustrative")),
        notice=ILLUSTRATIVE,
    )
    return assemble_park(cover, summary)
