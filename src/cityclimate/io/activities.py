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

from cityclimate.errors import DataValidationError
from cityclimate.inventory.engine import validate_for_compute
from cityclimate.inventory.model import ACTIVITY_COLUMNS, ACTIVITY_HEADERS_ZH, Method
from cityclimate.inventory.record_places import by_position, placed
from cityclimate.io.activity_files import kind_of, open_workbook, read_table, workbook_table
from cityclimate.io.activity_import import TEMPLATE_HEADERS, import_template, is_template
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
    #: Each column's header as the file shows it, by field (:func:`read_with_headers`).
    headers: dict[str, str]


def read_upload(
    filename: str | None,
    data: bytes,
    limits: UploadLimits | None = None,
    territories: pl.DataFrame | None = None,
) -> ActivityUpload:
    """An upload read for the imports service: the stored name, the digest and the records.

    The bytes are held to the limits and parsed (a template's sheets are checked by its
    reader); the rows of a flat table come as text, numbered, and are checked once, by
    :func:`cityclimate.services.imports.check_frame`, which the faces call next with every rule
    of :func:`read_activities` (issue 20: a 100,000-row file was validated twice).
    """
    name = stored_name(filename)
    records, headers = read_with_headers(name, data, limits, territories, check=False)
    return ActivityUpload(name, hashlib.sha256(data).hexdigest(), records, headers)


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
    return read_with_headers(name, data, limits, territories, method)[0]


def read_with_headers(
    name: str,
    data: bytes,
    limits: UploadLimits | None = None,
    territories: pl.DataFrame | None = None,
    method: Method | None = None,
    *,
    check: bool = True,
) -> tuple[pl.DataFrame, dict[str, str]]:
    """:func:`read_activities`, and each column's header as the file shows it, by field: the
    file's own header for a flat table (``{"unit": "单位"}``), letter and both headers for the
    template (``{"unit": "H 单位 / unit"}``). Problems found later (the compute's) are named
    with them (:func:`cityclimate.inventory.record_places.placed`). Without ``check`` a flat
    table's rows come as text (``row``, ``sheet`` and the file's headers), not yet checked."""
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
            return records, dict(TEMPLATE_HEADERS)
        table = workbook_table(name, data, kind, reader, facts, limits)
    headers = flat_headers(table.columns)
    if not check:
        return table.rename({"_row": "row"}).with_columns(sheet=pl.lit(None, pl.String)), headers
    try:
        typed = validate_for_compute(table, territories=territories, where=name, method=method)
    except DataValidationError as exc:
        raise placed(exc, name, columns=headers) from exc
    return typed.rename({"_row": "row"}).with_columns(sheet=pl.lit(None, pl.String)), headers


def flat_headers(headers: list[str]) -> dict[str, str]:
    """The activity fields of a flat table's header row, each with its header as written
    (English names or the template's Chinese ones)."""
    found = {ACTIVITY_HEADERS_ZH.get(h, h): h for h in headers}
    return {field: header for field, header in found.items() if field in ACTIVITY_COLUMNS}


#: The records of :func:`read_activities` for the compute (numbered by position).
numbered_for_compute = by_position


def locate(
    records: pl.DataFrame, name: str, error: DataValidationError, headers: dict[str, str]
) -> DataValidationError:
    """``error`` of a compute on :func:`numbered_for_compute` records, as the user sees it:
    file and sheet (``name [sheet]``), the file's own row and the column's header
    (:func:`~cityclimate.inventory.record_places.placed`)."""
    return placed(error, name, records=records, columns=headers)
