"""Evidence files (issue 12): what an uploaded evidence file is, told by its content.

A rectification item is closed with evidence: a PDF, an image (PNG, JPEG, GIF, WebP), an XLSX
workbook or a DOCX document. The type comes from the file's first bytes (and, for the two
Office formats, from the parts of the zip package), never from its name or the browser's
``Content-Type``; anything else is refused with a bilingual message naming the file. The size
limit and the zip-bomb checks are :mod:`cityclimate.io.limits`'.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import quote

from cityclimate.errors import DataValidationError
from cityclimate.io.limits import (
    FileTooLargeError,
    MiB,
    UploadLimits,
    file_problem,
    inspect_package,
    stored_name,
)

#: What one evidence file may cost.
EVIDENCE_LIMITS = UploadLimits(
    max_bytes=20 * MiB, max_part_bytes=64 * MiB, max_total_bytes=128 * MiB
)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Leading bytes → media type.
_MAGIC = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)

#: Media types evidence may have, with the short names people know them by.
KIND_NAMES = {
    PDF: "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    XLSX: "XLSX",
    DOCX: "DOCX",
}
ALLOWED = tuple(KIND_NAMES)


@dataclass(frozen=True)
class EvidenceUpload:
    """An evidence file that passed: its stored name, media type (from content) and bytes."""

    name: str
    media_type: str
    content: bytes


def _refused(name: str) -> DataValidationError:
    return DataValidationError(
        [
            file_problem(
                name,
                "不支持此类文件作为佐证材料（按文件内容判断）；请上传 PDF、图片（PNG/JPEG/GIF/WebP）、"
                "XLSX 或 DOCX 文件",
                "this kind of file is not accepted as evidence (judged by its content); upload "
                "a PDF, an image (PNG/JPEG/GIF/WebP), an XLSX or a DOCX file",
            )
        ]
    )


def sniff(name: str, data: bytes, limits: UploadLimits = EVIDENCE_LIMITS) -> str:
    """The media type of ``data`` told by its content (one of :data:`ALLOWED`).

    Raises
    ------
    FileTooLargeError
        Larger than the limit, or a zip package that inflates too far.
    DataValidationError
        Any other kind of file (or an empty one).
    """
    if not data:
        raise DataValidationError(
            [
                file_problem(
                    name, "文件为空；请重新选择文件", "the file is empty; choose the file again"
                )
            ]
        )
    if len(data) > limits.max_bytes:
        limit = f"{limits.max_bytes / MiB:.0f} MiB"
        raise FileTooLargeError(
            [
                file_problem(
                    name,
                    f"佐证材料过大（上限 {limit}）；请压缩图片、降低扫描分辨率或拆分为几份文件",
                    f"the evidence file is too large (limit {limit}); compress the images, scan "
                    "at a lower resolution or split it into several files",
                )
            ]
        )
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"PK\x03\x04"):
        inspect_package(name, data, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = set(package.namelist())
        if "[Content_Types].xml" in parts and "xl/workbook.xml" in parts:
            return XLSX
        if "[Content_Types].xml" in parts and "word/document.xml" in parts:
            return DOCX
    raise _refused(name)


def read_evidence(filename: str | None, data: bytes) -> EvidenceUpload:
    """An uploaded evidence file, named for storage and typed by its content (see :func:`sniff`)."""
    name = stored_name(filename)
    return EvidenceUpload(name, sniff(name, data), data)


def download_headers(name: str) -> dict[str, str]:
    """Headers to send an evidence file as a download, under its stored name (RFC 6266 with
    an ASCII fallback and the UTF-8 name; never shown inline, never sniffed by the browser)."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox",
    }


def read_evidence_files(
    parts: Iterable[tuple[str | None, BinaryIO]], max_files: int
) -> list[EvidenceUpload]:
    """The uploaded evidence files (name, open binary file) read and typed, each read no further
    than one byte past the size limit and no more than ``max_files + 1`` of them (one more, so
    that the use case can say there are too many)."""
    read = []
    for filename, handle in itertools.islice(parts, max_files + 1):
        read.append(read_evidence(filename, handle.read(EVIDENCE_LIMITS.max_bytes + 1)))
    return read
