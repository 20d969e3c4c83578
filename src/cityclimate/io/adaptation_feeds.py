"""Observation-feed files: CSV (UTF-8, BOM or GBK) or JSON to rows for
:func:`cityclimate.adaptation.feeds.parse_feed`.

JSON is either a list of row objects or ``{"timezone": "Asia/Shanghai", "observations":
[...]}``; its ``timezone`` is returned as the feed's zone.
"""

from __future__ import annotations

import csv
import io
import json

from cityclimate.errors import DataValidationError, Problem
from cityclimate.io.activity_files import decode_text, read_table
from cityclimate.text import Text


def read_feed(name: str, data: bytes) -> tuple[list[dict[str, object]], str | None]:
    """(rows, time zone stated in the file or ``None``) of a feed file.

    Raises
    ------
    DataValidationError
        When the file is neither a CSV table nor JSON of the shape above.
    """
    text = decode_text(name, data)
    if name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataValidationError(
                [
                    Problem(
                        name,
                        exc.lineno,
                        "json",
                        exc.msg,
                        message=Text(f"不是合法的 JSON：{exc.msg}", f"not valid JSON: {exc.msg}"),
                    )
                ]
            ) from exc
        zone = None
        if isinstance(loaded, dict):
            zone = loaded.get("timezone")
            loaded = loaded.get("observations")
        if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
            raise DataValidationError(
                [
                    Problem(
                        name,
                        None,
                        "observations",
                        "",
                        message=Text(
                            "JSON 应为对象列表，或含 observations 列表的对象",
                            "JSON must be a list of objects, or an object with an "
                            "'observations' list",
                        ),
                    )
                ]
            )
        return loaded, str(zone) if zone else None
    return list(csv.DictReader(io.StringIO(text))), None


def table_rows(name: str, data: bytes) -> tuple[list[dict[str, object]], str | None]:
    """(rows, time zone stated in the file or ``None``) of any adaptation table: JSON as
    :func:`read_feed` reads it, CSV or XLSX/XLS through the platform's checked table reader
    (upload limits, encodings, cells beyond the headers)."""
    if name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        return read_feed(name, data)
    frame = read_table(name, data)
    return frame.drop("_row").to_dicts(), None
