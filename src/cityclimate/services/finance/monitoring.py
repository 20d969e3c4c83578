"""Ex post from meter data: a monitoring file replaces projects' ex-ante estimates, all or nothing.

The file is read by :func:`cityclimate.io.finance_files.read_monitoring_table` and checked whole
by the core (:func:`cityclimate.finance.monitoring.monitored_from_table`) against the projects the
importer may see; then each project's monitored inputs are stored (:func:`library.set_monitored`,
audited) and the ex-ante and ex-post reductions are returned side by side with their difference.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from cityclimate.finance.monitoring import monitored_from_table
from cityclimate.services.actors import Actor
from cityclimate.services.finance import library


def import_monitored(
    session: Session, actor: Actor, frame: pl.DataFrame, rows: list[int], *, where: str
) -> list[dict[str, Any]]:
    """Store every project's monitored values of ``frame``; one problem and nothing is stored.

    Returns, per project: year, ex-ante and ex-post reduction (t CO2e a year) and the difference
    (ex post − ex ante).

    Raises
    ------
    DataValidationError
        Every problem, located by file, row and column (unknown project, unit of another
        dimension, duplicate period, …).
    """
    projects = {p.project_id: p for p in library.list_projects(session, actor)}
    found = monitored_from_table(frame, projects, where=where, rows=rows)
    for m in found:
        library.set_monitored(session, actor, m.project_id, m.year, m.inputs)
    chosen = [projects[m.project_id] for m in found]
    before = library.estimates(session, chosen, ex_ante_only=True)
    after = library.estimates(session, chosen)
    out = []
    for m in found:
        ante = before[m.project_id].reduction_co2e_t
        post = after[m.project_id].reduction_co2e_t
        out.append(
            {
                "project_id": m.project_id,
                "year": m.year,
                "inputs": m.inputs,
                "ex_ante_co2e_t": ante,
                "ex_post_co2e_t": post,
                "difference_co2e_t": None if ante is None or post is None else post - ante,
            }
        )
    return out
