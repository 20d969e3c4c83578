"""Activity-data imports: upload (CSV or Excel), validate with the core, stage, confirm.

A file with any mistake is refused whole, with every mistake located (row, column, value, fix in
zh and en); nothing is written. A valid file is staged in one transaction (all rows or none, also
if the process is killed mid-way), then confirmed by a person before inventories use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.activities import RECORD_ID
from cityclimate.inventory.engine import validate_for_compute
from cityclimate.inventory.model import ACTIVITY_COLUMNS
from cityclimate.inventory.record_places import placed
from cityclimate.services import audit
from cityclimate.services.actors import Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.services.territories import get_territory, territory_table
from cityclimate.storage.bulk import insert_frame
from cityclimate.storage.models import ActivityImport, ActivityRecord

#: Rows written per COPY or executemany (and per ``progress`` call).
CHUNK_ROWS = 10_000
#: A stored record: where it came from (the row in its sheet or file, the template's sheet),
#: then the activity columns.
RECORD_COLUMNS = ["row", "sheet", *ACTIVITY_COLUMNS]

Progress = Callable[[int, int], None]


def import_view(item: ActivityImport) -> dict[str, Any]:
    return {
        "id": item.id,
        "territory_code": item.territory_code,
        "filename": item.filename,
        "sha256": item.sha256,
        "status": item.status,
        "row_count": item.row_count,
        "years": list(item.years or []),
        "illustrative": item.illustrative,
        "created_by": item.created_by,
        "created_at": item.created_at,
        "confirmed_at": item.confirmed_at,
    }


def validate_for_territory(
    frame: pl.DataFrame,
    territory_code: str,
    *,
    where: str,
    first_row: int,
    territories: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The core's validation against ``territories`` (the stored table, see
    :func:`~cityclimate.services.territories.territory_table`), then: every row belongs to the
    import's territory.

    ``frame`` may carry ``row`` (each record's row in the file, as readers number them) and
    ``sheet`` (the template's sheet); otherwise rows are numbered from ``first_row``. The
    result keeps ``sheet`` (null where none was given).
    """
    sheets = frame["sheet"] if "sheet" in frame.columns else None
    given = frame.drop("sheet", strict=False).rename({"row": "_row"}, strict=False)
    # Every rule the compute applies (row rules, units and their dimensions), so that nothing
    # staged can fail at compute, whichever face (or none) read the file (issue 20).
    typed = validate_for_compute(
        given,
        categories=refdata.categories(),
        territories=refdata.territories() if territories is None else territories,
        where=where,
        first_row=first_row,
    ).with_columns(RECORD_ID)
    if sheets is not None:
        typed = typed.with_columns(sheets.alias("sheet"))
    else:
        typed = typed.with_columns(sheet=pl.lit(None, pl.String))
    other = typed.filter(pl.col("territory") != territory_code)
    if not other.is_empty():
        raise DataValidationError(
            [
                Problem(
                    where if sheet is None else f"{where} [{sheet}]",
                    row,
                    "territory",
                    value,
                    f"此导入属于地区 {territory_code}：该行地区不符，请改正或分开导入",
                    f"this import is for territory {territory_code}: fix the row or import it separately",
                )
                for row, value, sheet in other.select("_row", "territory", "sheet")
                .head(200)
                .iter_rows()
            ]
        )
    return typed


@dataclass(frozen=True)
class CheckedFrame:
    """Activity rows that passed every rule of the import (:func:`check_frame`), ready to stage."""

    territory_code: str
    filename: str
    #: ``row``, ``sheet`` and the activity columns, typed, in :data:`RECORD_COLUMNS` order.
    rows: pl.DataFrame
    #: Each column's header as the file shows it, by field (stored with the import).
    headers: dict[str, str] | None = None


def check_frame(
    session: Session,
    frame: pl.DataFrame,
    *,
    territory_code: str,
    filename: str,
    first_row: int = 2,
    headers: dict[str, str] | None = None,
) -> CheckedFrame:
    """Validate ``frame`` for an import into ``territory_code`` (reads only).

    The faces call it in a reading unit of work, so that the write lock of :func:`stage_checked`
    is held only while the rows are written, not while they are checked (issue 20: sign-in and
    other writers wait less during a long import on SQLite). ``headers`` (field → the column's
    header as the file shows it) name the columns in problems, now and when a version is
    computed from the import.
    """
    get_territory(session, territory_code)
    try:
        typed = validate_for_territory(
            frame,
            territory_code,
            where=filename,
            first_row=first_row,
            territories=territory_table(session),
        )
    except DataValidationError as exc:
        raise placed(exc, filename, columns=headers) from exc
    rows = typed.rename({"_row": "row"}).select(RECORD_COLUMNS)
    return CheckedFrame(territory_code, filename, rows, headers)


def stage_checked(
    session: Session,
    actor: Actor,
    checked: CheckedFrame,
    *,
    sha256: str = "",
    illustrative: bool = False,
    progress: Progress | None = None,
) -> ActivityImport:
    """Stage checked rows as an import (status ``staged``), all rows or none, in the session's
    transaction: COPY on PostgreSQL, executemany on SQLite, in chunks (:mod:`~cityclimate.storage.bulk`)."""
    get_territory(session, checked.territory_code)
    rows = checked.rows
    item = ActivityImport(
        territory_code=checked.territory_code,
        filename=checked.filename,
        sha256=sha256,
        row_count=rows.height,
        years=sorted({int(y) for y in rows["year"].unique().to_list()}),
        illustrative=illustrative,
        created_by=actor.user_id,
        headers=checked.headers,
    )
    session.add(item)
    session.flush()
    done = 0
    table = ActivityRecord.__table__
    for chunk in rows.with_columns(import_id=pl.lit(item.id)).iter_slices(CHUNK_ROWS):
        done += insert_frame(session, table, chunk)  # type: ignore[arg-type]
        if progress is not None:
            progress(done, rows.height)
    audit.record(session, actor, "stage", "import", item.id, after=import_view(item))
    return item


def stage_frame(
    session: Session,
    actor: Actor,
    frame: pl.DataFrame,
    *,
    territory_code: str,
    filename: str,
    first_row: int = 2,
    sha256: str = "",
    illustrative: bool = False,
    progress: Progress | None = None,
) -> ActivityImport:
    """Validate ``frame`` and stage it as an import (status ``staged``), all rows or none:
    :func:`check_frame` then :func:`stage_checked` in one unit of work."""
    checked = check_frame(
        session, frame, territory_code=territory_code, filename=filename, first_row=first_row
    )
    return stage_checked(
        session, actor, checked, sha256=sha256, illustrative=illustrative, progress=progress
    )


def get_import(session: Session, import_id: int) -> ActivityImport:
    item = session.get(ActivityImport, import_id)
    if item is None:
        raise NotFoundError(f"导入 {import_id} 不存在", f"import {import_id} does not exist")
    return item


def visible_import(session: Session, actor: Actor, import_id: int) -> ActivityImport:
    """The import, if the actor may see it: staff see all, others only their own uploads."""
    item = get_import(session, import_id)
    if not actor.sees_drafts and item.created_by != actor.user_id:
        raise NotFoundError(f"导入 {import_id} 不存在", f"import {import_id} does not exist")
    return item


def confirm_import(session: Session, actor: Actor, import_id: int) -> ActivityImport:
    """Confirm a staged import (audited once).

    The import's row is locked and read again (PostgreSQL), so of two concurrent confirmations
    the second sees the first's and is refused (409), as if they came one after the other.
    """
    item = get_import(session, import_id)
    # Write this transaction's own changes first: the refresh would otherwise discard them.
    session.flush()
    session.refresh(item, with_for_update={"key_share": True})
    if item.status != "staged":
        raise ConflictError(
            f"导入 {import_id} 状态为 {item.status}，只能确认待确认的导入",
            f"import {import_id} is {item.status}: only staged imports can be confirmed",
        )
    before = import_view(item)
    item.status = "confirmed"
    item.confirmed_at = datetime.now(UTC)
    audit.record(
        session, actor, "confirm", "import", item.id, before=before, after=import_view(item)
    )
    return item


def discard_import(session: Session, actor: Actor, import_id: int) -> ActivityImport:
    item = get_import(session, import_id)
    if item.status != "staged":
        raise ConflictError(
            f"导入 {import_id} 状态为 {item.status}，只能放弃待确认的导入",
            f"import {import_id} is {item.status}: only staged imports can be discarded",
        )
    before = import_view(item)
    item.status = "discarded"
    audit.record(
        session, actor, "discard", "import", item.id, before=before, after=import_view(item)
    )
    return item


def list_imports(
    session: Session,
    actor: Actor,
    *,
    territory: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[ActivityImport], int]:
    query = select(ActivityImport)
    if not actor.sees_drafts:
        query = query.where(ActivityImport.created_by == actor.user_id)
    if territory:
        query = query.where(ActivityImport.territory_code == territory)
    if status:
        query = query.where(ActivityImport.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(ActivityImport.id.desc()).limit(limit).offset(offset))
    return list(rows.all()), total


def list_records(
    session: Session,
    actor: Actor,
    import_id: int,
    *,
    year: int | None = None,
    category: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[ActivityRecord], int]:
    visible_import(session, actor, import_id)
    query = select(ActivityRecord).where(ActivityRecord.import_id == import_id)
    if year is not None:
        query = query.where(ActivityRecord.year == year)
    if category:
        query = query.where(ActivityRecord.category.startswith(category, autoescape=True))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(ActivityRecord.row).limit(limit).offset(offset))
    return list(rows.all()), total


def record_view(r: ActivityRecord) -> dict[str, Any]:
    return {"id": r.id, "import_id": r.import_id} | {c: getattr(r, c) for c in RECORD_COLUMNS}


def load_records(session: Session, import_id: int) -> pl.DataFrame:
    """The import's records in the order they were staged: ``row`` and ``sheet`` (where each
    came from) and the activity columns (see
    :mod:`cityclimate.inventory.record_places` for computing with them)."""
    columns = [getattr(ActivityRecord, c) for c in RECORD_COLUMNS]
    result = session.execute(
        select(*columns).where(ActivityRecord.import_id == import_id).order_by(ActivityRecord.id)
    ).all()
    schema: dict[str, type[pl.DataType]] = {"row": pl.Int64, "sheet": pl.String, **ACTIVITY_COLUMNS}
    return pl.DataFrame([tuple(r) for r in result], schema=schema, orient="row")


def load_activities(session: Session, import_id: int) -> pl.DataFrame:
    """The import's records as the core's activity table, ``_row`` the file's row (the row the
    user sees; on a template it repeats from sheet to sheet)."""
    return load_records(session, import_id).drop("sheet").rename({"row": "_row"})
