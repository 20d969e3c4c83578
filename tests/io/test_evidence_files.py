"""Tests of cityclimate.io.evidence_files: evidence is typed by its content, never its name,
and held to the evidence size limit and the zip-bomb checks."""

from __future__ import annotations

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.io.evidence_files import EVIDENCE_LIMITS, read_evidence, sniff
from cityclimate.io.limits import FileTooLargeError, UploadLimits
from tests import evidence_samples as samples
from tests.io.packages import package


@pytest.mark.parametrize(
    ("made", "media_type"),
    [
        (samples.pdf, "application/pdf"),
        (samples.png, "image/png"),
        (lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (lambda: b"GIF89a\x01\x00\x01\x00", "image/gif"),
        (lambda: b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (samples.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            samples.docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_each_accepted_kind_is_told_by_its_content(made, media_type: str) -> None:  # type: ignore[no-untyped-def]
    # The name says nothing (no suffix, or a wrong one): the bytes decide.
    assert sniff("证明材料", made()) == media_type
    assert read_evidence("照片.txt", made()).media_type == media_type


def test_a_pdf_named_png_is_a_pdf_and_keeps_its_name() -> None:
    upload = read_evidence("C:\\扫描件\\整改报告.png", samples.pdf())
    assert (upload.name, upload.media_type) == ("整改报告.png", "application/pdf")
    assert upload.content == samples.pdf()


@pytest.mark.parametrize(
    "data",
    [samples.windows_program(), samples.plain_zip(), b"just some text\n", b"<html></html>"],
    ids=["program", "plain-zip", "text", "html"],
)
def test_other_kinds_are_refused_whatever_their_name(data: bytes) -> None:
    with pytest.raises(DataValidationError) as caught:
        read_evidence("report.pdf", data)
    problem = caught.value.problems[0]
    assert problem.where == "report.pdf"
    assert "PDF" in problem.message_zh and "PDF" in problem.message_en


def test_an_empty_file_is_refused_as_empty() -> None:
    with pytest.raises(DataValidationError) as caught:
        read_evidence("空.pdf", b"")
    assert "empty" in caught.value.problems[0].message_en


def test_the_size_limit_is_the_evidence_limit() -> None:
    assert EVIDENCE_LIMITS.max_bytes == 20 * 2**20
    small = UploadLimits(max_bytes=100)
    data = samples.pdf() + b"%" * 200
    with pytest.raises(FileTooLargeError) as caught:
        sniff("big.pdf", data, small)
    assert "evidence" in caught.value.problems[0].message_en
    assert sniff("big.pdf", data) == "application/pdf"  # within the real limit


def test_an_office_package_that_inflates_too_far_is_refused() -> None:
    # A DOCX whose document part inflates to 64 MiB + 1 KiB from ~70 KB on disk.
    head = b'<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>'
    bomb = package(
        samples.docx(),
        {
            "word/document.xml": (
                head,
                b"a" * 2**10,
                64 * 2**10 + 1,
                b"</w:t></w:r></w:p></w:body></w:document>",
            )
        },
    )
    with pytest.raises(FileTooLargeError):
        sniff("bomb.docx", bomb)
