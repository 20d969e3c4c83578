"""The import use cases (services/imports.py) on a real database: all rows or none, the file's
own row numbers, one life cycle (staged → confirmed or discarded), each step audited once."""

from __future__ import annotations

import polars as pl
import pytest
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.services import audit, imports
from cityclimate.services.actors import SYSTEM
from cityclimate.services.errors import ConflictError, NotFoundError

ROWS = pl.DataFrame(
    {
        "territory": ["LJ-2016", "LJ-2016", "LJ-2016"],
        "year": [2024, 2024, 2023],
        "category": [
            "energy.electricity.industry",
            "energy.transport.road",
            "energy.transport.road",
        ],
        "fuel": ["electricity", "diesel", "gasoline"],
        "quantity": [1000.0, 20.0, 30.0],
        "unit": ["MWh", "t", "t"],
    }
)


def test_a_staged_import_keeps_every_row_with_the_file_row_number(session: Session) -> None:
    item = imports.stage_frame(
        session, SYSTEM, ROWS, territory_code="LJ-2016", filename="a.csv", first_row=2
    )
    assert (item.status, item.row_count, item.years) == ("staged", 3, [2023, 2024])
    records, total = imports.list_records(session, SYSTEM, item.id)
    assert total == 3
    assert [r.row for r in records] == [2, 3, 4]  # header on row 1, data from row 2
    stored = imports.load_activities(session, item.id)
    assert stored["quantity"].sum() == pytest.approx(1050.0)
    assert stored["_row"].to_list() == [2, 3, 4]


def test_one_bad_row_stages_nothing_and_names_its_row(session: Session) -> None:
    bad = ROWS.with_columns(pl.Series("unit", ["MWh", "furlongs", "t"]))
    before = len(imports.list_imports(session, SYSTEM)[0])
    with pytest.raises(DataValidationError) as caught:
        imports.stage_frame(
            session, SYSTEM, bad, territory_code="LJ-2016", filename="b.csv", first_row=2
        )
    assert any(p.row == 3 and p.field == "unit" for p in caught.value.problems)
    assert len(imports.list_imports(session, SYSTEM)[0]) == before


def test_an_unknown_territory_is_refused_before_any_row(session: Session) -> None:
    with pytest.raises(NotFoundError):
        imports.stage_frame(session, SYSTEM, ROWS, territory_code="NO-SUCH", filename="c.csv")


def test_confirm_once_discard_never_after_and_each_step_audited_once(session: Session) -> None:
    item = imports.stage_frame(session, SYSTEM, ROWS, territory_code="LJ-2016", filename="d.csv")
    imports.confirm_import(session, SYSTEM, item.id)
    assert item.status == "confirmed" and item.confirmed_at is not None
    with pytest.raises(ConflictError):
        imports.confirm_import(session, SYSTEM, item.id)
    with pytest.raises(ConflictError):
        imports.discard_import(session, SYSTEM, item.id)
    entries, _ = audit.list_entries(session, entity="import")
    mine = [(e.action, e.after["status"]) for e in entries if e.entity_id == str(item.id)]
    assert sorted(mine) == [("confirm", "confirmed"), ("stage", "staged")]


def test_a_discarded_import_cannot_be_confirmed(session: Session) -> None:
    item = imports.stage_frame(session, SYSTEM, ROWS, territory_code="LJ-2016", filename="e.csv")
    imports.discard_import(session, SYSTEM, item.id)
    with pytest.raises(ConflictError):
        imports.confirm_import(session, SYSTEM, item.id)
