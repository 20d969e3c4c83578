"""Documents from stored results: each reads what the platform already holds and calls the
core's assembly in :mod:`cityclimate.reporting` (the faces render the PDF)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.reporting.inventory_document import Recalculation
from cityclimate.reporting.inventory_document import inventory_document as assemble
from cityclimate.reporting.model import Cover, Document
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError
from cityclimate.services.inventories import diff, results_frame
from cityclimate.services.inventory_quality import DEFAULT_ITERATIONS, version_quality
from cityclimate.services.published_cache import PublishedCache, database_of
from cityclimate.services.territories import get_territory
from cityclimate.storage.models import InventoryVersion, Territory
from cityclimate.text import Text

#: The demo banner on every page of a document made from illustrative data.
ILLUSTRATIVE = Text(
    "示例数据：本文件由示意性演示数据生成，并非统计数据，不得引用。",
    "Illustrative data: this document is made from demonstration data, not statistics; "
    "do not cite it.",
)


#: Inventory documents of published versions (immutable), kept per process: the quality result
#: behind one is a Monte Carlo run, and the report is public.
DOCUMENTS: PublishedCache[Document] = PublishedCache(maxsize=16)


def default_issuer(territory: Territory) -> Text:
    """The issuing body named on a cover unless the office names another: the territory's
    climate-change authority (应对气候变化主管部门)."""
    en = territory.name_en or territory.name_zh
    return Text(f"{territory.name_zh}应对气候变化主管部门", f"Climate-change authority of {en}")


def inventory_document(
    session: Session,
    actor: Actor,
    territory: str,
    year: int,
    *,
    issuer: Text | None = None,
    issued_on: date | None = None,
) -> Document:
    """The inventory report of the published version of ``territory`` and ``year``.

    The numbers are the version's stored report and result rows and its quality result
    (Monte Carlo with the platform's default iterations and seed 0, as the quality page shows
    them); an earlier version replaced by recalculation is listed with its per-category diff.
    Kept per process under what it is made from (:data:`DOCUMENTS`): the published version, the
    previous year's published version (the trend of the key categories), whether the reader
    sees record-level QA findings, the issuer and the date.

    Raises
    ------
    NotFoundError
        No such territory, or no published inventory of that year.
    """
    place = get_territory(session, territory)
    version = session.scalar(
        select(InventoryVersion).where(
            InventoryVersion.territory_code == territory,
            InventoryVersion.year == year,
            InventoryVersion.status == "published",
        )
    )
    if version is None:
        raise NotFoundError(
            f"{place.name_zh} {year} 年没有已发布的清单",
            f"no published inventory of {year} for {place.name_en or place.name_zh}",
        )
    previous = tuple(
        session.scalars(
            select(InventoryVersion.id).where(
                InventoryVersion.territory_code == territory,
                InventoryVersion.year == year - 1,
                InventoryVersion.status == "published",
            )
        )
    )
    names = (place.name_zh, place.name_en)
    key = (database_of(session), version.id, previous, actor.sees_drafts, names, issuer, issued_on)
    return DOCUMENTS.get(
        key, lambda: _inventory_document(session, actor, place, version, issuer, issued_on)
    )


def _inventory_document(
    session: Session,
    actor: Actor,
    place: Territory,
    version: InventoryVersion,
    issuer: Text | None,
    issued_on: date | None,
) -> Document:
    quality = version_quality(session, actor, version.id, iterations=DEFAULT_ITERATIONS)
    results = results_frame(session, version.id)
    recalculations = []
    if version.parent_id is not None:
        changed = diff(session, actor, version.id)
        recalculations.append(
            Recalculation(
                version.number,
                version.reason,
                tuple(
                    (c["category"], c["before_co2e_t"], c["after_co2e_t"])
                    for c in changed["categories"]
                    if c["change_co2e_t"]
                ),
            )
        )
    published = version.published_at or datetime.now(UTC)
    cover = Cover(
        subject=Text(place.name_zh, place.name_en),
        issuer=issuer or default_issuer(place),
        issued_on=issued_on or published.date(),
        version=Text(f"第 {version.number} 版", f"version {version.number}"),
        illustrative=bool(version.illustrative),
        notice=ILLUSTRATIVE,
    )
    return assemble(cover, version.report, quality, results, recalculations)
