"""Upload limits: what a file may cost before anything parses it, checked in one place.

An uploaded file is refused, with a bilingual message, when

- it is larger than :attr:`UploadLimits.max_bytes` (the bytes as sent);
- it is a zip package (.xlsx, .xlsm) any part of which inflates beyond
  :attr:`~UploadLimits.max_part_bytes`, all parts together beyond
  :attr:`~UploadLimits.max_total_bytes`, or a large part by more than
  :attr:`~UploadLimits.max_ratio` times (a "zip bomb": a 1 MB file holding a 1 GiB cell);
- it has more data rows than :attr:`~UploadLimits.max_rows`;
- a cell holds more than :attr:`~UploadLimits.max_cell_chars` characters (Excel's own limit).

The sizes come from the package's directory (:meth:`zipfile.ZipFile.infolist`) and are then
verified while the parts are streamed through in 4 MiB pieces (a package may lie about its
sizes; the CRC of each part catches that), counting worksheet rows on the way. Nothing is ever
held in memory beyond one piece, so a bomb is refused in the time it takes to read its
compressed bytes. :class:`FileTooLargeError` (HTTP 413) is raised for sizes and rows, the plain
:class:`~cityclimate.errors.DataValidationError` (422) for a damaged package or a long cell.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import polars as pl

from cityclimate.errors import DataValidationError, Problem

MiB = 2**20
#: Parts smaller than this are not held to the ratio (tiny XML parts compress oddly).
_RATIO_FLOOR = 1 * MiB
_CHUNK = 4 * MiB
#: How a worksheet row element starts, with or without a namespace prefix.
_ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")
#: The first cell that holds a value: a cell reference, then a value or inline string.
_FIRST_VALUE = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?(?:v|is)\b',
    re.DOTALL,
)
_NAME_CHARS = 120


@dataclass(frozen=True)
class UploadLimits:
    """What one uploaded file may cost. The defaults suit a district's annual data."""

    #: Bytes as uploaded.
    max_bytes: int = 50 * MiB
    #: Uncompressed bytes of any one part of a zip package.
    max_part_bytes: int = 256 * MiB
    #: Uncompressed bytes of all parts together.
    max_total_bytes: int = 512 * MiB
    #: Uncompressed / compressed size of a part larger than 1 MiB. Real sheets reach ~20.
    max_ratio: float = 100.0
    #: Data rows of a file (CSV records, worksheet rows of all sheets).
    max_rows: int = 1_000_000
    #: Characters in one cell (Excel's limit is 32,767).
    max_cell_chars: int = 32_767


class FileTooLargeError(DataValidationError):
    """The upload exceeds a size, inflation or row limit (HTTP 413 Content Too Large)."""


@dataclass
class PackageFacts:
    """What streaming a zip package found: rows per part, the first cell with a value."""

    rows: dict[str, int] = field(default_factory=dict)
    #: Part name → (row, column letters) of its first cell holding a value.
    first_cell: dict[str, tuple[int, str]] = field(default_factory=dict)


def file_problem(where: str, zh: str, en: str) -> Problem:
    """A problem of the whole file (no row or column)."""
    return Problem(where, None, None, "", zh, en)


def stored_name(filename: str | None) -> str:
    """The name a file is shown and stored under: its last path part, printable, ≤ 120 chars.

    Directories, control characters and characters that are special in file systems or
    headers are dropped; ``..`` or an empty name becomes ``upload``; a long name keeps its
    suffix. Chinese names stay as they are.
    """
    text = (filename or "").replace("\\", "/").split("/")[-1]
    text = re.sub(r'[\x00-\x1f\x7f<>:"|?*]+', "", text).strip().lstrip(".").strip()
    if not text:
        return "upload"
    suffix = PurePosixPath(text).suffix
    if len(suffix) > 10:
        suffix = ""
    if len(text) > _NAME_CHARS:
        text = text[: _NAME_CHARS - len(suffix)] + suffix
    return text


def check_size(name: str, data: bytes, limits: UploadLimits) -> None:
    """Refuse a file larger than the upload limit."""
    if len(data) > limits.max_bytes:
        raise FileTooLargeError(
            [
                file_problem(
                    name,
                    f"文件过大：{_mib(len(data))}，上限为 {_mib(limits.max_bytes)}；"
                    "请按年份或地区拆分后分别导入",
                    f"the file is too large: {_mib(len(data))}, the limit is "
                    f"{_mib(limits.max_bytes)}; split it by year or territory and import the parts",
                )
            ]
        )


def check_rows(name: str, rows: int, limits: UploadLimits) -> None:
    """Refuse a file with more data rows than the limit."""
    if rows > limits.max_rows:
        raise FileTooLargeError(
            [
                file_problem(
                    name,
                    f"行数过多：超过 {limits.max_rows:,} 行；请拆分后分别导入",
                    f"too many rows: more than {limits.max_rows:,}; split the file and import "
                    "the parts",
                )
            ]
        )


def inspect_package(name: str, data: bytes, limits: UploadLimits) -> PackageFacts:
    """Check a zip package's parts against the limits before any parser sees it.

    Returns
    -------
    PackageFacts
        Rows counted per worksheet part and the first cell holding a value.

    Raises
    ------
    FileTooLargeError
        A part, or all parts, inflate beyond the limits, or there are too many rows.
    DataValidationError
        The package is damaged (bad zip, sizes that do not match its content, encryption).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            _check_declared(name, members, limits)
            return _stream(name, package, members, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise DataValidationError([_damaged(name, exc)]) from exc


def check_cells(where: str, frame: pl.DataFrame, limits: UploadLimits) -> None:
    """Refuse text cells longer than the limit, naming the first such row of each column."""
    problems: list[Problem] = []
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return
    longest = frame.select(pl.col(text).str.len_chars().max()).row(0)
    for column, length in zip(text, longest, strict=True):
        if length is None or length <= limits.max_cell_chars:
            continue
        index = frame.select(
            (pl.col(column).str.len_chars() > limits.max_cell_chars).arg_true().first()
        ).item()
        row = frame["row"][index] if "row" in frame.columns else index + 2
        problems.append(
            Problem(
                where,
                int(row),
                column,
                "",
                f"单元格文字过长（{length:,} 个字符，上限 {limits.max_cell_chars:,}）：请缩短",
                f"a cell holds {length:,} characters, more than {limits.max_cell_chars:,}: "
                "shorten it",
            )
        )
    if problems:
        raise DataValidationError(problems)


def _check_declared(name: str, members: list[zipfile.ZipInfo], limits: UploadLimits) -> None:
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.max_part_bytes or (
            info.file_size > _RATIO_FLOOR and ratio > limits.max_ratio
        ):
            raise FileTooLargeError([_inflates(name, info.filename, info.file_size, ratio)])
    if total > limits.max_total_bytes:
        raise FileTooLargeError(
            [
                file_problem(
                    name,
                    f"文件解压后过大（{_mib(total)}，上限 {_mib(limits.max_total_bytes)}）："
                    "请拆分后分别导入",
                    f"the file inflates to {_mib(total)}, more than "
                    f"{_mib(limits.max_total_bytes)}: split it and import the parts",
                )
            ]
        )


def _stream(
    name: str, package: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: UploadLimits
) -> PackageFacts:
    """Read every part in pieces: sizes must be as declared (zipfile stops there; CRC checks)."""
    facts = PackageFacts()
    rows_total = 0
    for info in members:
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        rows = 0
        tail = b""
        head = b""
        with package.open(info) as part:
            while piece := part.read(_CHUNK):
                if not sheet:
                    continue
                # The 4 bytes carried over hold no whole tag: a tag across pieces counts once.
                window = tail + piece
                rows += sum(window.count(tag) for tag in _ROW_TAGS)
                tail = window[-4:]
                if info.filename not in facts.first_cell and len(head) < _CHUNK:
                    head += piece
                    found = _FIRST_VALUE.search(head)
                    if found:
                        facts.first_cell[info.filename] = (int(found[2]), found[1].decode())
                if rows_total + rows > limits.max_rows + 2:  # + two header rows
                    check_rows(name, rows_total + rows - 2, limits)
        if sheet:
            facts.rows[info.filename] = rows
            rows_total += rows
    return facts


def _inflates(name: str, part: str, size: int, ratio: float) -> Problem:
    return file_problem(
        name,
        f"文件中的“{part}”解压后为 {_mib(size)}（压缩比 {ratio:,.0f}），超出上限："
        "可能是异常或恶意文件；请用 Excel 另存为后重试，或拆分后导入",
        f"the part '{part}' inflates to {_mib(size)} (ratio {ratio:,.0f}), beyond the limits: "
        "the file may be damaged or malicious; save it again from Excel, or split it",
    )


def _damaged(name: str, exc: Exception) -> Problem:
    return file_problem(
        name,
        f"文件已损坏或被加密，无法读取（{type(exc).__name__}）：请用 Excel 打开并另存为 .xlsx 后重试",
        f"the file is damaged or encrypted and cannot be read ({type(exc).__name__}): open it "
        "in Excel, save it as .xlsx and retry",
    )


def _mib(size: int) -> str:
    return f"{size / MiB:,.1f} MB"
