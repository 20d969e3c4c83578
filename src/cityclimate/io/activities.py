"""One reader for activity data, whatever the file: ``read_activities(name, data)``.

The CLI, the API and the pages all call it with the file's name and bytes. It accepts

- a flat table: CSV (UTF-8, UTF-8 with BOM, GBK as Excel on Chinese Windows writes it),
  .xlsx or .xls, with the activity columns as headers (English or the template's Chinese);
- the official template written by ``cityclimate inventory template`` (.xlsx or .xls, recognised
  by its instructions sheet and version cell), one sheet per data group.

Before anything is parsed the bytes are held to the upload limits
(:mod:`cityclimate.io.limits`). Then every rule the compute applies is checked: the row rules
of :func:`~cityclimate.inventory.validate_activities` (types, required values, codes, years in
range, text that fits the platform's columns, no NUL characters) and the units against the
factors' (:func:`~cityclimate.inventory.engine.validate_for_compute`). Either every row passes and
the records come back typed, or one :class:`~cityclimate.errors.DataValidationError` lists every
problem with file, sheet, row (as the user sees it), column and the fix, in Chinese and English.

>>> from cityclimate.io.activities import read_activities
>>> data = "territory,year,category,fuel,quantity,unit\\n500000,2022,energy.manufacturing.combustion,natural_gas,1,10⁴Nm³\\n"
>>> read_activities("gas.csv", data.encode())["row"].to_list()
[2]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.engine import validate_for_compute
from cityclimate.inventory.model import Method
from cityclimate.io.activity_files import kind_of, open_workbook, read_table, workbook_table
from cityclimate.io.activity_import import import_template, is_template, with_column
from cityclimate.io.limits import (
    UploadLimits,
    check_cells,
    check_size,
    inspect_package,
    stored_name,
)


@dataclass(frozen=True)
class ActivityUpload:
    """An uploaded activity file, read and checked: what a face hands to the imports service."""

    #: The name it is shown and stored under (:func:`~cityclimate.io.limits.stored_name`).
    name: str
    #: SHA-256 of the bytes as uploaded, kept with the import.
    sha256: str
    #: The records, as :func:`read_activities` returns them.
    records: pl.DataFrame


def read_upload(
    filename: str | None,
    data: bytes,
    limits: UploadLimits | None = None,
    territories: pl.DataFrame | None = None,
) -> ActivityUpload:
    """:func:`read_activities` for an upload: the stored name, the digest and the records."""
    name = stored_name(filename)
    records = read_activities(name, data, limits, territories)
    return ActivityUpload(name, hashlib.sha256(data).hexdigest(), records)


def read_activities(
    name: str,
    data: bytes,
    limits: UploadLimits | None = None,
    territories: pl.DataFrame | None = None,
    method: Method | None = None,
) -> pl.DataFrame:
    """Read and check an activity file (flat table or template) from its bytes.

    Parameters
    ----------
    name:
        The file's name as the user gave it (used in messages; the content decides the type).
    data:
        The file's bytes.
    limits:
        Upload limits; default :class:`~cityclimate.io.limits.UploadLimits`.
    territories:
        The territories the codes must come from (a platform passes its stored table, see
        :func:`cityclimate.services.territories.territory_table`); default the shipped one.
    method:
        The method the records will be computed with, when the reader knows it (the CLI):
        records without a factor under it are then listed with every other problem. A
        platform chooses the method when it computes a version, so it passes none.

    Returns
    -------
    polars.DataFrame
        The activity columns typed as the engine expects, ``row`` (the row as the user sees
        it) and ``sheet`` (the template's sheet, null for a flat table).

    Raises
    ------
    FileTooLargeError
        Beyond the upload limits (HTTP 413).
    DataValidationError
        Every problem of the file, located (HTTP 422).
    """
    limits = limits or UploadLimits()
    check_size(name, data, limits)
    kind = kind_of(name, data)
    if kind == "csv":
        table = read_table(name, data, limits)
    else:
        facts = inspect_package(name, data, limits) if kind == "xlsx" else None
        reader = open_workbook(name, data)
        if is_template(reader):
            records = import_template(name, data, reader, kind, territories, method)
            check_cells(name, records, limits)
            return records
        table = workbook_table(name, data, kind, reader, facts, limits)
    return _checked(table, name, territories, method)


def _checked(
    table: pl.DataFrame, where: str, territories: pl.DataFrame | None, method: Method | None
) -> pl.DataFrame:
    typed = validate_for_compute(table, territories=territories, where=where, method=method)
    return typed.rename({"_row": "row"}).with_columns(sheet=pl.lit(None, pl.String))


def numbered_for_compute(records: pl.DataFrame) -> pl.DataFrame:
    """The records of :func:`read_activities` for the compute: ``_row`` is each record's
    position (1, 2, …), unique even when a template's sheets share row numbers, so that
    :func:`locate` can name the file's sheet and row of every problem the compute finds."""
    return records.drop("sheet", "row").with_row_index("_row", offset=1)


def locate(records: pl.DataFrame, name: str, error: DataValidationError) -> DataValidationError:
    """``error`` of a compute on :func:`numbered_for_compute` records, as the user sees it.

    Each problem of a record names the file and its sheet (``name [sheet]`` for the
    template), the file's own row and, on a template sheet, the column's letter and headers
    (``F 燃料/物料 / fuel``); problems not of a record are unchanged. The error keeps its class
    (a :class:`~cityclimate.errors.MissingFactorError` stays one).
    """
    rows = records["row"].to_list()
    sheets = records["sheet"].to_list()

    def one(problem: Problem) -> Problem:
        if problem.where != name or problem.row is None or not 1 <= problem.row <= len(rows):
            return problem
        sheet = sheets[problem.row - 1]
        moved = Problem(
            name if sheet is None else f"{name} [{sheet}]",
            rows[problem.row - 1],
            problem.field,
            problem.value,
            problem.message_zh,
            problem.message_en,
        )
        return moved if sheet is None else with_column(moved)

    return type(error)([one(p) for p in error.problems])
