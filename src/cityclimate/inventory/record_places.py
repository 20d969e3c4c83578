"""Where each activity record came from, and the compute's problems named as the user sees them.

A file's records carry ``row`` (the row as the user sees it) and ``sheet`` (the template's sheet,
null for a flat table); a template's sheets share row numbers, so the compute numbers records by
position instead (:func:`by_position`) and :func:`placed` names every problem of a record by the
file, its sheet (``name [sheet]``), the sheet's own row and the column's header as the file shows
it (``columns``: field → header, e.g. ``{"unit": "单位"}`` for a CSV headed 单位). The CLI gives
the records it has just read; the platform the records, sheets and headers it stored with the
import (issue 13).

>>> import polars as pl
>>> from cityclimate.errors import DataValidationError, Problem
>>> records = pl.DataFrame({"row": [3, 3], "sheet": ["能源消费 Fuel use", "电力 Electricity"]})
>>> found = DataValidationError([Problem("t.xlsx", 2, "fuel", "coal", "无因子", "no factor")])
>>> p = placed(found, "t.xlsx", records=records, columns={"fuel": "F 燃料/物料 / fuel"}).problems[0]
>>> (p.where, p.row, p.field, p.column)
('t.xlsx [电力 Electricity]', 3, 'fuel', 'F 燃料/物料 / fuel')
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from cityclimate.errors import DataValidationError, Problem


def by_position(records: pl.DataFrame) -> pl.DataFrame:
    """The records for the compute: ``_row`` is each record's position (1, 2, …), unique even
    when sheets share row numbers; ``row`` and ``sheet`` are dropped."""
    return records.drop("sheet", "row", strict=False).with_row_index("_row", offset=1)


def placed(
    error: DataValidationError,
    where: str,
    *,
    records: pl.DataFrame | None = None,
    columns: Mapping[str, str] | None = None,
) -> DataValidationError:
    """``error`` as the user sees it: problems named ``where`` get the column's header from
    ``columns``; when ``records`` is given (the :func:`by_position` numbering), a problem's row
    becomes the record's sheet and row in the file. Other problems are unchanged; the error
    keeps its class (a :class:`~cityclimate.errors.MissingFactorError` stays one)."""
    headers = columns or {}
    rows: list[int] = [] if records is None else records["row"].to_list()
    sheets: list[str | None] = (
        records["sheet"].to_list()
        if records is not None and "sheet" in records.columns
        else [None] * len(rows)
    )

    def one(problem: Problem) -> Problem:
        if problem.where != where:
            return problem
        column = headers.get(problem.field) if problem.field is not None else None
        if problem.row is None or not 1 <= problem.row <= len(rows):
            return problem.placed(where, column=column)
        sheet = sheets[problem.row - 1]
        return problem.placed(
            where if sheet is None else f"{where} [{sheet}]", rows[problem.row - 1], column
        )

    return type(error)([one(p) for p in error.problems])
