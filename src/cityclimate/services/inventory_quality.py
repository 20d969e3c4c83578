"""The quality result of a stored inventory version: uncertainty, key categories, QA findings,
the China / IPCC / GPC tables and their reconciliation (the core's
:func:`cityclimate.inventory.quality_result`, for the API and the quality page).

The version's stored result rows are the emissions; the previous year's published version of
the same territory, when there is one, gives the trend assessment; the activity records of the
version's import feed the record-level QA checks. Public and enterprise readers get no
record-level findings (they would name the uploaded file and its rows).
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.inventory.quality import quality_report, quality_result
from cityclimate.services.actors import Actor
from cityclimate.services.imports import load_activities
from cityclimate.services.inventories import load_version, results_frame
from cityclimate.storage.models import InventoryVersion

#: Monte Carlo iterations of a stored version's quality result unless asked otherwise: enough
#: for the 95 % interval to be stable to about 1 % of its width (IPCC 2006 Vol.1 Ch.3 s.3.2.3.3
#: asks for enough iterations that the result no longer changes appreciably).
DEFAULT_ITERATIONS = 5_000
MAX_ITERATIONS = 100_000


def version_quality(
    session: Session,
    actor: Actor,
    version_id: int,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = 0,
) -> dict[str, Any]:
    """The quality result of one stored inventory version (JSON-ready).

    Returns
    -------
    dict
        ``version_id``, ``status``, ``illustrative``, ``method`` (as stored with the version)
        and the keys of :func:`cityclimate.inventory.quality.quality_result`.

    Raises
    ------
    NotFoundError
        The version does not exist or the actor may not see it.
    """
    version = load_version(session, actor, version_id)
    current = results_frame(session, version.id)
    frames = [current]
    base = _previous_published(session, version)
    if base is not None:
        frames.append(results_frame(session, base.id).cast(current.schema))
    activities = None
    if actor.sees_drafts and version.import_id is not None:
        activities = load_activities(session, version.import_id)
    report = quality_report(
        pl.concat(frames),
        year=version.year,
        territory=version.territory_code,
        activities=activities,
        iterations=iterations,
        seed=seed,
    )
    stored = version.report or {}
    return {
        "version_id": version.id,
        "status": version.status,
        "illustrative": bool(version.illustrative),
        "method": stored.get("method", {}),
        **quality_result(report),
    }


def _previous_published(session: Session, version: InventoryVersion) -> InventoryVersion | None:
    return session.scalar(
        select(InventoryVersion)
        .where(
            InventoryVersion.territory_code == version.territory_code,
            InventoryVersion.year == version.year - 1,
            InventoryVersion.status == "published",
        )
        .order_by(InventoryVersion.id.desc())
        .limit(1)
    )
