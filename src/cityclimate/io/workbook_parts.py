"""Read what calamine does not expose from a workbook's bytes: sheet parts, merged cells.

Called only after :func:`cityclimate.io.limits.inspect_package` has checked the package, so
reading one part whole is bounded by the limits.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import xlrd
from openpyxl.utils import get_column_letter

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → its part in the package (``xl/worksheets/sheet1.xml``), in workbook order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            book = ElementTree.fromstring(package.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    out: dict[str, str] = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        out[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return out


def first_sheet_part(data: bytes) -> str | None:
    """The part of the workbook's first sheet, if the package says."""
    return next(iter(sheet_parts(data).values()), None)


def merged_cells(data: bytes, kind: str) -> dict[str, list[str]]:
    """Merged ranges (A1 notation) per sheet name, for .xlsx (``kind="xlsx"``) and .xls.

    fastexcel does not expose merged cells, so they are read separately: from the .xlsx
    package's XML, or with xlrd's formatting records for .xls (as WPS users send them).
    """
    return _merged_xls(data) if kind == "xls" else _merged_xlsx(data)


def _merged_xls(data: bytes) -> dict[str, list[str]]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except (xlrd.XLRDError, ValueError, AssertionError):
        return {}
    out: dict[str, list[str]] = {}
    for name in book.sheet_names():
        # (first row, last row + 1, first column, last column + 1), 0-based.
        ranges = [
            f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1)}{r1}"
            for r0, r1, c0, c1 in book.sheet_by_name(name).merged_cells
        ]
        if ranges:
            out[name] = ranges
    return out


def _merged_xlsx(data: bytes) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for name, member in sheet_parts(data).items():
                text = package.read(member)
                if b"mergeCell" not in text:
                    continue
                root = ElementTree.fromstring(text)
                ranges = [m.get("ref", "") for m in root.findall("m:mergeCells/m:mergeCell", _NS)]
                if ranges:
                    out[name] = ranges
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return out
    return out
